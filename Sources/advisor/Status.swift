import AdvisorDaemon
import ArgumentParser
import Foundation

extension Advisor {
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print what a running daemon has done since it started: counts only.",
            discussion: """
                The version and knowledge base the daemon serves, its uptime, the connections open, turns \
                answered and failed, reloads done and refused, and requests refused by error code. Any \
                account that may connect may ask; nothing about a student is in it. Exits 2 when the daemon \
                could not be asked.
                """)

        @Option(help: "The daemon's Unix socket.")
        var connect: String

        @Flag(help: "Print the figures as one JSON object.")
        var json = false

        func run() throws {
            let status: DaemonStatus
            do {
                let client = try DaemonClient(socketPath: connect)
                defer { client.close() }
                status = try client.status()
            } catch {
                FileHandle.printError("advisor status: \(error)")
                throw ExitCode(2)
            }
            if json {
                print(try JSONLine.line(status, sortedKeys: true))
            } else {
                print(status.text)
            }
        }
    }
}
