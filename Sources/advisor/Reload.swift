import AdvisorDaemon
import ArgumentParser
import Foundation

extension Advisor {
    struct Reload: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Ask a running daemon to reload its knowledge base, and print what lint found.",
            discussion: """
                The daemon loads and lints its --intents directory again, as on SIGHUP, and swaps the new \
                knowledge base in only if it passes; otherwise the old one keeps serving. Only root and the \
                daemon's own account may ask (systemd's ExecReload runs as the latter). Exits 0 when the new \
                knowledge base is in use, 1 when the daemon refused it (the findings say why), 2 when the \
                daemon could not be asked.
                """)

        @Option(help: "The daemon's Unix socket.")
        var connect: String

        @Flag(help: "Print every finding, warnings included (by default: the errors, and the summary).")
        var verbose = false

        func run() throws {
            let result: KnowledgeReload
            do {
                let client = try DaemonClient(socketPath: connect)
                defer { client.close() }
                result = try client.reload()
            } catch {
                FileHandle.printError("advisor reload: \(error)")
                throw ExitCode(2)
            }
            let shown = verbose ? result.findings : result.findings.filter { finding in result.errors.contains { finding.hasPrefix($0) } }
            for finding in shown { print(finding) }
            print("\(result.directory): \(result.files) file(s), \(result.summary)")
            if result.reloaded {
                print("reloaded: the daemon now serves \(result.intents ?? 0) intents")
            } else {
                print("refused: the daemon still serves the previous knowledge base; fix the errors (advisor lint --intents \(result.directory)) and reload again")
                throw ExitCode(1)
            }
        }
    }
}
