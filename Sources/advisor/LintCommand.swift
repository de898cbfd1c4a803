import AdvisorEngine
import AdvisorKnowledge
import ArgumentParser
import Foundation

extension Advisor {
    struct LintCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "lint",
            abstract: "Check a knowledge base: its YAML, catalog intents, examples that route elsewhere, dead or shared rules.",
            discussion: """
                Prints the directory and the files it checked, every mistake with file:line, and a summary. \
                Exits 1 when there is an error; warnings alone do not fail the check. Only the YAML files \
                directly in the directory are loaded; files in subfolders are reported as warnings.
                """)

        @OptionGroup var knowledge: KnowledgeOptions

        @Argument(help: "The knowledge base directory (the same as --intents DIR).")
        var directory: String?

        @Flag(help: "Do not print warnings.")
        var quiet = false

        func validate() throws {
            if directory != nil && knowledge.intentsDirectory != nil {
                throw ValidationError("Name the knowledge base once: either --intents DIR or the directory argument.")
            }
        }

        func run() throws {
            var options = knowledge
            if let directory { options.intentsDirectory = directory }
            let (url, origin) = try options.locate()
            let report = Lint.run(directory: url)
            print("Checking \(url.path) (\(origin.phrase)): \(report.files.count) file(s)")
            for finding in report.findings where !(quiet && finding.severity == .warning) { print(finding) }
            for note in report.notes { print("note: \(note)") }
            print(report.summary)
            if !report.errors.isEmpty || report.knowledge == nil { throw ExitCode(1) }
        }
    }
}
