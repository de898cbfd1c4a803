import AdvisorEngine
import AdvisorKnowledge
import ArgumentParser
import Foundation

/// The option every command has: which knowledge base to use.
struct KnowledgeOptions: ParsableArguments {
    @Option(name: .customLong("intents"), help: "The knowledge base directory (default: the bundled Intents/).")
    var intentsDirectory: String?

    func directory() throws -> URL {
        try locate().directory
    }

    /// The directory and how it was chosen (named, from the environment, ./Intents, bundled).
    func locate() throws -> (directory: URL, origin: IntentsLocation.Origin) {
        do {
            return try IntentsLocation.locate(explicit: intentsDirectory)
        } catch {
            throw ValidationError("\(error)")
        }
    }

    /// Loads and lints the knowledge base, as a reload does; prints the findings and fails
    /// when it may not be served (an error, or it cannot be built).
    func loadChecked(command: String) throws -> (knowledge: KnowledgeBase, report: LintReport) {
        let directory = try directory()
        let report = Lint.run(directory: directory)
        guard report.isAcceptable, let knowledge = report.knowledge else {
            var lines = ["advisor \(command): the knowledge base in \(directory.path) does not pass lint; not starting."]
            lines += report.findings.map(\.description) + report.notes
            lines.append("\(report.summary). Fix the errors (advisor lint --intents \(directory.path)) and start again.")
            FileHandle.printError(lines.joined(separator: "\n"))
            throw ExitCode(2)
        }
        return (knowledge, report)
    }

    /// Loads the knowledge base, or fails with every mistake listed (file:line).
    func load() throws -> KnowledgeBase {
        let directory = try directory()
        do {
            return try KnowledgeBaseLoader.load(directory: directory)
        } catch {
            FileHandle.standardError.write(Data("The knowledge base in \(directory.path) has mistakes:\n\(error)\n".utf8))
            throw ExitCode(2)
        }
    }
}

extension FileHandle {
    /// Writes a line to standard error.
    static func printError(_ message: String) {
        standardError.write(Data((message + "\n").utf8))
    }
}
