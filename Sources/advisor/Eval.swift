import AdvisorEngine
import AdvisorEvaluation
import AdvisorKnowledge
import AdvisorRuntime
import AdvisorStore
import ArgumentParser
import Foundation

extension Advisor {
    struct Eval: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Measure accuracy on labelled files of text<TAB>intent lines, or compare two knowledge bases on them.",
            discussion: """
                advisor eval FILE...: accuracy on each file (--min-accuracy makes it a check: exit 1 when a \
                file is below it).
                advisor eval --compare OLD_DIR NEW_DIR FILE...: every question whose destination changed \
                between two knowledge-base directories, on labelled files (.tsv) and transcripts (.txt, or \
                directories of them), read as a student meets them (the dialogue layer; a transcript turn after \
                the turns before it). Exits 1 when a question that was right is now wrong, or when the new \
                accuracy is below --min-accuracy.
                """)

        @OptionGroup var knowledge: KnowledgeOptions

        @Flag(help: "List every misclassified message.")
        var misses = false

        @Flag(help: "Read each message as the first message of a fresh conversation (the dialogue layer around the classifier), as a student meets it.")
        var conversation = false

        @Flag(help: "Compare two knowledge bases: the first two arguments are the old and the new Intents directories.")
        var compare = false

        @Option(help: "Fail (exit 1) when the accuracy, in percent (95 or 95%), is below this.")
        var minAccuracy: String?

        @Argument(help: "The labelled files (with --compare: OLD_DIR NEW_DIR, then labelled files, transcripts or directories).")
        var files: [String]

        func validate() throws {
            _ = try threshold()
            if compare {
                guard files.count >= 3 else { throw ValidationError("--compare needs OLD_DIR NEW_DIR and at least one file.") }
                guard knowledge.intentsDirectory == nil else { throw ValidationError("--compare takes its two directories as arguments, not --intents.") }
            } else if files.isEmpty {
                throw ValidationError("Name at least one labelled file.")
            }
        }

        /// The minimum accuracy as a percentage, if one was given.
        func threshold() throws -> Double? {
            guard let minAccuracy else { return nil }
            let digits = minAccuracy.hasSuffix("%") ? String(minAccuracy.dropLast()) : minAccuracy
            guard let value = Double(digits), (0...100).contains(value) else {
                throw ValidationError("--min-accuracy must be a percentage from 0 to 100, such as 95 or 95%.")
            }
            if value > 0 && value < 1 && !minAccuracy.hasSuffix("%") {
                throw ValidationError("--min-accuracy \(minAccuracy) looks like a fraction; give a percentage, such as \(Int(value * 100)).")
            }
            return value
        }

        func run() throws {
            if compare { return try runComparison() }
            let base = try knowledge.load()
            let threshold = try threshold()
            var below: [String] = []
            for (index, file) in files.enumerated() {
                let items: [(text: String, intent: String)]
                do {
                    items = try Evaluation.parse(try ComparisonSources.read(file), knownIntents: Set(base.intents.map(\.id)))
                } catch {
                    throw ValidationError("\(file): \(error)")
                }
                let evaluation = Evaluation(knowledge: base, items: items, reading: conversation ? .conversation : .classifier)
                if files.count > 1 { print((index == 0 ? "" : "\n") + "== \(file)") }
                print(evaluation.report(showMisses: misses))
                if let threshold, evaluation.accuracy * 100 < threshold {
                    below.append(String(format: "%@: %.1f%%", file, evaluation.accuracy * 100))
                }
            }
            if let threshold, !below.isEmpty {
                print(String(format: "\nbelow the minimum accuracy of %g%%: %@", threshold, below.joined(separator: ", ")))
                throw ExitCode(1)
            }
        }

        private func runComparison() throws {
            let (oldDirectory, newDirectory) = (files[0], files[1])
            let old = try ComparisonSources.load(oldDirectory)
            let new = try ComparisonSources.load(newDirectory)
            let sources = try ComparisonSources.sources(Array(files.dropFirst(2)), knownIntents: Set((old.intents + new.intents).map(\.id)))
            let comparison = try KnowledgeComparison(old: old, new: new, sources: sources)
            print(comparison.report(oldName: oldDirectory, newName: newDirectory))
            var failed = !comparison.broken.isEmpty
            if let threshold = try threshold(), comparison.labelled.count > 0 {
                let accuracy = Double(comparison.rightAfter) / Double(comparison.labelled.count) * 100
                if accuracy < threshold {
                    print(String(format: "the new knowledge base is below the minimum accuracy of %g%%: %.1f%%", threshold, accuracy))
                    failed = true
                }
            }
            if failed { throw ExitCode(1) }
        }
    }

    struct DiffKB: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "diff-kb",
            abstract: "Show which questions would go elsewhere with a new knowledge base.",
            discussion: """
                Replays the questions students actually asked (--state-dir: the last turns of every saved \
                conversation, read without locking, safe while the daemon runs) and any files named \
                (text<TAB>intent sets, transcripts, directories) with both knowledge bases, as students meet \
                them, and lists every question whose destination changed. Exits 0 (1 with --exit-code when \
                anything changed), 2 when a knowledge base or the state directory cannot be read.
                """)

        @Argument(help: "The old Intents directory.")
        var old: String

        @Argument(help: "The new Intents directory.")
        var new: String

        @Option(help: "A state directory whose saved conversations to replay (such as /var/lib/advisor).")
        var stateDir: String?

        @Flag(help: "Exit 1 when any question's destination changed, as diff does.")
        var exitCode = false

        @Argument(help: "Further questions: labelled files, transcripts or directories of them.")
        var files: [String] = []

        func validate() throws {
            guard stateDir != nil || !files.isEmpty else {
                throw ValidationError("Give --state-dir DIR, question files, or both.")
            }
        }

        func run() throws {
            let oldBase = try ComparisonSources.load(old)
            let newBase = try ComparisonSources.load(new)
            var sources: [KnowledgeComparison.Source] = []
            if let stateDir {
                let saved: SavedConversations
                do {
                    saved = try SavedConversations.read(directory: URL(fileURLWithPath: stateDir))
                } catch {
                    FileHandle.printError("advisor diff-kb: \(error)")
                    throw ExitCode(2)
                }
                for problem in saved.unreadable { FileHandle.printError("advisor diff-kb: skipped \(problem)") }
                let turns = saved.states.reduce(0) { $0 + $1.turns.count }
                print("\(stateDir): \(saved.states.count) saved conversation(s), \(turns) turn(s) kept (the last \(SessionState.maximumTurns) of each, replayed from a fresh session)")
                sources += saved.states.map { KnowledgeComparison.Source(name: "\($0.user) (saved)", messages: $0.turns.map(\.user)) }
            }
            sources += try ComparisonSources.sources(files, knownIntents: Set((oldBase.intents + newBase.intents).map(\.id)))
            let comparison = try KnowledgeComparison(old: oldBase, new: newBase, sources: sources)
            print(comparison.report(oldName: old, newName: new))
            if exitCode && !comparison.changes.isEmpty { throw ExitCode(1) }
        }
    }
}

/// The inputs of a comparison: two knowledge bases and the questions to send to both.
enum ComparisonSources {
    /// Loads a knowledge-base directory, or fails with its mistakes (exit 2).
    static func load(_ path: String) throws -> KnowledgeBase {
        do {
            return try KnowledgeBaseLoader.load(directory: URL(fileURLWithPath: path))
        } catch {
            FileHandle.printError("The knowledge base in \(path) has mistakes:\n\(error)")
            throw ExitCode(2)
        }
    }

    /// A file's text, or a sentence saying why it cannot be read.
    static func read(_ file: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ValidationError("Cannot read \(file).")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Labelled sets (`.tsv`: each message alone, named `file:line`) and transcripts
    /// (`.txt`, and the `.txt` files of directories: each a conversation).
    static func sources(_ paths: [String], knownIntents: Set<String>) throws -> [KnowledgeComparison.Source] {
        var sources: [KnowledgeComparison.Source] = []
        for file in try TranscriptFiles.expand(paths) {
            let text = try read(file)
            if file.hasSuffix(".tsv") {
                do {
                    for item in try Evaluation.parseNumbered(text, knownIntents: knownIntents) {
                        let transcript = Transcript(steps: [.say(item.text, intent: item.intent, expected: [])])
                        sources.append(KnowledgeComparison.Source(name: "\(file):\(item.line)", transcript: transcript, namesSteps: false))
                    }
                } catch {
                    throw ValidationError("\(file): \(error)")
                }
            } else {
                do {
                    sources.append(KnowledgeComparison.Source(name: file, transcript: try Transcript(parsing: text)))
                } catch {
                    throw ValidationError("\(file): \(error)")
                }
            }
        }
        return sources
    }
}
