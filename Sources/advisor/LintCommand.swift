import AdvisorEngine
import AdvisorKnowledge
import ArgumentParser
import Foundation

extension Advisor {
    struct LintCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "lint",
            abstract: "Check a knowledge base: catalog intents, examples that route elsewhere, shared keywords.")

        @Argument(help: "The knowledge base directory (default: the bundled Intents/).")
        var directory: String?

        @Flag(help: "Do not print warnings.")
        var quiet = false

        func run() throws {
            let options = try KnowledgeOptions.parse(directory.map { ["--intents", $0] } ?? [])
            let url = try options.directory()
            let knowledge: KnowledgeBase
            let findings: [LintFinding]
            do {
                (knowledge, findings) = try Lint.load(directory: url)
            } catch {
                for failure in error.errors { print("\(failure.location.map { "\($0): " } ?? "")error: \(failure.message)") }
                print("\(error.errors.count) error(s)")
                throw ExitCode(1)
            }
            let errors = findings.filter { $0.severity == .error }
            for finding in findings where !(quiet && finding.severity == .warning) { print(finding) }
            let examples = knowledge.intents.reduce(0) { $0 + $1.examples.count }
            print("\(knowledge.intents.count) intents, \(examples) examples: \(errors.count) error(s), \(findings.count - errors.count) warning(s)")
            if !errors.isEmpty { throw ExitCode(1) }
        }
    }
}
