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

        @Argument(help: "Transcript files, or directories of .txt transcripts.")
        var paths: [String]

        func run() throws {
            let replayer = TranscriptReplayer(knowledge: try knowledge.load())
            var failed = 0
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
                let actual = try replayer.replay(transcript).text
                if update {
                    if actual != expectedText { try actual.write(toFile: file, atomically: true, encoding: .utf8) }
                    print("updated \(file)")
                } else if let diff = UnifiedDiff.firstHunk(expected: expectedText, actual: actual, expectedName: file, actualName: "\(file) (replayed)") {
                    print(diff)
                    failed += 1
                } else {
                    print("ok \(file)")
                }
            }
            if !update { print("\(files.count - failed) passed, \(failed) failed") }
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
