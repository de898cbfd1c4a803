import AdvisorRuntime
import ArgumentParser
import Foundation

extension Advisor {
    struct Replay: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replay scripted conversations and show the first difference as a unified diff.",
            discussion: "Each transcript is replayed from a fresh session. Exits 1 if any transcript differs.")

        @OptionGroup var knowledge: KnowledgeOptions

        @Flag(help: "Rewrite each transcript with the advisor's current replies.")
        var update = false

        @Flag(help: "Check only the expected intents ('= intent' lines) and report the share of turns resolved right.")
        var intentsOnly = false

        @Argument(help: "Transcript files, or directories of .txt transcripts.")
        var paths: [String]

        func run() throws {
            let replayer = TranscriptReplayer(knowledge: try knowledge.load())
            var failed = 0
            var checkedTurns = 0
            var rightTurns = 0
            let files = try TranscriptFiles.expand(paths)
            for file in files {
                let expectedText: String
                do {
                    expectedText = try String(contentsOfFile: file, encoding: .utf8)
                } catch {
                    throw ValidationError("Cannot read \(file).")
                }
                let transcript: Transcript
                do {
                    transcript = try Transcript(parsing: expectedText)
                } catch {
                    FileHandle.printError("\(file): \(error)")
                    failed += 1
                    continue
                }
                let replayed = try replayer.replay(transcript)
                if intentsOnly {
                    let score = IntentScore(expected: transcript, actual: replayed)
                    checkedTurns += score.turns
                    rightTurns += score.right
                    for miss in score.misses { print("\(file): \(miss)") }
                    if !score.misses.isEmpty { failed += 1 }
                    continue
                }
                let actual = replayed.text
                if update {
                    // Replies are rewritten; expected intents are not: a turn that now
                    // resolves elsewhere is a regression to look at, not to record.
                    let score = IntentScore(expected: transcript, actual: replayed)
                    let kept = transcript.keepingIntents(of: replayed)
                    if kept.text != expectedText { try kept.text.write(toFile: file, atomically: true, encoding: .utf8) }
                    for miss in score.misses { print("\(file): \(miss)") }
                    if !score.misses.isEmpty { failed += 1 }
                    print("updated \(file)")
                } else if let diff = UnifiedDiff.firstHunk(expected: expectedText, actual: actual, expectedName: file, actualName: "\(file) (replayed)") {
                    print(diff)
                    failed += 1
                } else {
                    print("ok \(file)")
                }
            }
            if intentsOnly {
                let share = checkedTurns == 0 ? 0 : Double(rightTurns) / Double(checkedTurns) * 100
                print(String(format: "turns resolved to the expected intent: %d of %d (%.1f%%)", rightTurns, checkedTurns, share))
            }
            if !update { print("\(files.count - failed) passed, \(failed) failed") }
            if update && failed > 0 { print("\(failed) transcript(s) have turns that no longer resolve to their expected intent") }
            if failed > 0 { throw ExitCode(1) }
        }
    }
}

/// Expands directories into their `.txt` transcripts, sorted.
enum TranscriptFiles {
    static func expand(_ paths: [String]) throws -> [String] {
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw ValidationError("\(path) does not exist.")
            }
            if isDirectory.boolValue {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
                files += names.filter { $0.hasSuffix(".txt") }.sorted().map { (path as NSString).appendingPathComponent($0) }
            } else {
                files.append(path)
            }
        }
        return files
    }
}

/// How many turns of a transcript resolved to their expected intents.
struct IntentScore {
    var turns = 0
    var right = 0
    var misses: [String] = []

    init(expected: Transcript, actual: Transcript) {
        for (number, (want, got)) in zip(expected.steps, actual.steps).enumerated() {
            guard case .say(let text, let intent?, _) = want, case .say(_, let actualIntent, _) = got else { continue }
            turns += 1
            // "a + b": a turn that asks two things must answer both, in any order.
            let parts = { (intent: String?) in Set((intent ?? "").components(separatedBy: " + ").map(\.trimmed)) }
            if intent == actualIntent || parts(intent) == parts(actualIntent) {
                right += 1
            } else {
                misses.append("step \(number + 1): expected \(intent), got \(actualIntent ?? "none"): \(text)")
            }
        }
    }
}
