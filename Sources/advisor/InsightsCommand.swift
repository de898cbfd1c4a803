import AdvisorEngine
import AdvisorEvaluation
import AdvisorStore
import ArgumentParser
import Foundation

extension Advisor {
    struct InsightsCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "insights",
            abstract: "What students asked, and what the advisor could not answer, from the saved conversations.",
            discussion: """
                Reads every saved conversation in --state-dir without locking or writing anything (safe \
                while the daemon runs): conversations and turns per day, the share of turns per intent and \
                per area, the fallback, no-figures and clarification rates, fit assessments started and \
                completed and their verdicts, and the most frequent unanswered messages (fallbacks and \
                clarifications) grouped by their normalised words, with one example each. Users who ran \
                /forget are not in it. Counts the turns each conversation keeps (its last 40).
                """)

        @OptionGroup var knowledge: KnowledgeOptions

        @Option(name: .customLong("state-dir"), help: ArgumentHelp("The state directory (such as /var/lib/advisor).", valueName: "dir"))
        var stateDirectory: String

        @Option(help: ArgumentHelp("Only turns on or after this UTC day (YYYY-MM-DD).", valueName: "date"))
        var since: String?

        @Flag(help: "Print the figures as one JSON object.")
        var json = false

        @Flag(help: "Show each unanswered message as its normalised keywords only, for sharing outside the office.")
        var redact = false

        @Option(help: "How many groups of unanswered messages to list.")
        var top = 20

        /// The start of `since`'s day in UTC.
        var sinceDate: Date? {
            get throws {
                guard let since else { return nil }
                let parts = since.split(separator: "-").compactMap { Int($0) }
                guard parts.count == 3, since.count == 10, (1...12).contains(parts[1]), (1...31).contains(parts[2]) else {
                    throw ValidationError("--since takes a day as YYYY-MM-DD, such as 2026-12-01.")
                }
                var components = DateComponents()
                (components.year, components.month, components.day) = (parts[0], parts[1], parts[2])
                var calendar = Calendar(identifier: .gregorian)
                calendar.timeZone = TimeZone(identifier: "UTC")!
                guard let date = calendar.date(from: components) else { throw ValidationError("--since: \(since) is not a day.") }
                return date
            }
        }

        func validate() throws {
            _ = try sinceDate
            guard (1...1000).contains(top) else { throw ValidationError("--top must be from 1 to 1000.") }
        }

        func run() throws {
            let base = try knowledge.load()
            let saved: SavedConversations
            do {
                saved = try SavedConversations.read(directory: URL(fileURLWithPath: stateDirectory)) { done, total in
                    FileHandle.printError("advisor insights: read \(done) of \(total) conversations")
                }
            } catch {
                FileHandle.printError("advisor insights: \(error)")
                throw ExitCode(2)
            }
            for problem in saved.unreadable { FileHandle.printError("advisor insights: not read: \(problem)") }
            var insights = Insights(states: saved.states, knowledge: base, since: try sinceDate, redact: redact, top: top)
            insights.unreadable = saved.unreadable.count
            insights.setAside = saved.setAside
            if json {
                print(try JSONLine.line(insights, sortedKeys: true))
            } else {
                print(insights.text)
            }
        }
    }
}
