import AdvisorEngine
import AdvisorEvaluation
import AdvisorRuntime
import AdvisorTerminal
import ArgumentParser
import Foundation
import Glibc

extension Advisor {
    struct Replay: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replay scripted conversations and show every difference as a unified diff.",
            discussion: """
                Each transcript is replayed from a fresh session; directories are searched for .txt files, \
                subfolders included. A difference seen before (in this file or another) is named, not shown \
                again. In a long changed line the changed words are marked: [-removed-]{+added+} on a '~' line, \
                or in colour on a terminal (NO_COLOR turns it off). Exits 1 if any transcript differs.
                """)

        @OptionGroup var knowledge: KnowledgeOptions

        @Flag(help: "Rewrite each transcript with the advisor's current replies (turns whose intent changed are left as they were).")
        var update = false

        @Flag(help: "With --update: also record turns whose intent changed, with their new intent.")
        var acceptIntents = false

        @Flag(help: "Check only the expected intents ('= intent' lines) and report the share of turns resolved right.")
        var intentsOnly = false

        @Flag(help: "Also list the intents no transcript turn reached, and the intents whose 'more' text none showed.")
        var coverage = false

        @Argument(help: "Transcript files, or directories of .txt transcripts.")
        var paths: [String]

        func validate() throws {
            if acceptIntents && !update { throw ValidationError("--accept-intents goes with --update.") }
            if update && intentsOnly { throw ValidationError("--update and --intents-only do not go together.") }
        }

        func run() throws {
            let base = try knowledge.load()
            let replayer = TranscriptReplayer(knowledge: base)
            let files = try TranscriptFiles.expand(paths)
            var report = ReplayReport(style: Self.wordStyle())
            var reached = TranscriptCoverage(knowledge: base)
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
                    report.failed += 1
                    continue
                }
                let (replayed, turns) = try replayer.replayRecordingTurns(transcript)
                reached.add(turns)
                let score = IntentScore(expected: transcript, actual: replayed)
                if intentsOnly {
                    report.score(score, file: file)
                } else if update {
                    let (kept, leftAlone) = transcript.updated(from: replayed, acceptingIntents: acceptIntents)
                    if kept.text != expectedText {
                        try kept.text.write(toFile: file, atomically: true, encoding: .utf8)
                        report.updated += 1
                        print("updated \(file)")
                    }
                    if !acceptIntents {
                        for miss in score.misses { print("\(file): \(miss) (left as it was)") }
                    }
                    report.leftAlone += leftAlone
                    if leftAlone > 0 { report.failed += 1 }
                } else {
                    report.compare(expected: expectedText, actual: replayed.text, file: file)
                }
            }
            report.finish(files: files.count, mode: intentsOnly ? .intentsOnly : update ? .update(acceptingIntents: acceptIntents) : .diff)
            if coverage { print(reached.report) }
            if report.failed > 0 { throw ExitCode(1) }
        }

        /// Colour on a terminal unless NO_COLOR is set; plain marks otherwise.
        static func wordStyle() -> WordDiff.Style {
            let noColor = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
            return isatty(STDOUT_FILENO) == 1 && !noColor ? .ansi : .plain
        }
    }
}

/// What `advisor replay` prints as it goes and at the end.
struct ReplayReport {
    enum Mode {
        case diff, intentsOnly, update(acceptingIntents: Bool)
    }

    let style: WordDiff.Style
    var failed = 0
    var updated = 0
    var leftAlone = 0
    var checkedTurns = 0
    var rightTurns = 0
    /// Each difference shown so far (its lines) and where it was first seen.
    private var shown: [[String]: String] = [:]

    init(style: WordDiff.Style) {
        self.style = style
    }

    mutating func score(_ score: IntentScore, file: String) {
        checkedTurns += score.turns
        rightTurns += score.right
        for miss in score.misses { print("\(file): \(miss)") }
        if !score.misses.isEmpty { failed += 1 }
    }

    /// Prints every hunk where `actual` differs, naming rather than repeating one seen before.
    mutating func compare(expected: String, actual: String, file: String) {
        // A transcript's own escapes are shown as "?", never sent to the terminal.
        let hunks = UnifiedDiff.hunks(expected: TerminalText.printable(expected), actual: TerminalText.printable(actual))
        guard !hunks.isEmpty else {
            print("ok \(file)")
            return
        }
        failed += 1
        print("--- \(file)")
        print("+++ \(file) (replayed)")
        for hunk in hunks {
            let changed = hunk.lines.filter { !$0.hasPrefix(" ") }
            if let first = shown[changed] {
                print("\(hunk.header) the same difference as at \(first)")
                continue
            }
            shown[changed] = "\(file):\(hunk.oldStart)"
            print(hunk.header)
            for line in WordDiff.mark(hunk.lines, style: style) { print(line) }
        }
    }

    func finish(files: Int, mode: Mode) {
        switch mode {
        case .intentsOnly:
            let share = checkedTurns == 0 ? 0 : Double(rightTurns) / Double(checkedTurns) * 100
            print(String(format: "turns resolved to the expected intent: %d of %d (%.1f%%)", rightTurns, checkedTurns, share))
            print("\(files - failed) passed, \(failed) failed")
        case .diff:
            print("\(files - failed) passed, \(failed) failed")
        case .update(let accepting):
            print("updated \(updated) of \(files) file(s)")
            if !accepting && leftAlone > 0 {
                print("\(leftAlone) turn(s) in \(failed) file(s) left as they were: their intent changed, a regression to look at (--accept-intents records them)")
            }
        }
    }
}

/// Expands directories into their `.txt` transcripts, subfolders included, sorted by path.
enum TranscriptFiles {
    static func expand(_ paths: [String]) throws -> [String] {
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw ValidationError("\(path) does not exist.")
            }
            guard isDirectory.boolValue else {
                files.append(path)
                continue
            }
            let found = FileManager.default.enumerator(atPath: path)?.compactMap { $0 as? String } ?? []
            files += found.filter { $0.hasSuffix(".txt") }.sorted().map { (path as NSString).appendingPathComponent($0) }
        }
        return files
    }
}
