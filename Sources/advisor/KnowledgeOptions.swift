import AdvisorEngine
import AdvisorKnowledge
import ArgumentParser
import Foundation

/// The option every command has: which knowledge base to use.
struct KnowledgeOptions: ParsableArguments {
    @Option(name: .customLong("intents"), help: "The knowledge base directory (default: the bundled Intents/).")
    var intentsDirectory: String?

    func directory() throws -> URL {
        do {
            return try IntentsLocation.resolve(explicit: intentsDirectory)
        } catch {
            throw ValidationError("\(error)")
        }
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
