import AdvisorDaemon
import AdvisorLoad
import ArgumentParser
import Foundation

extension Advisor {
    struct LoadBench: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "load-bench",
            abstract: "Measure a running daemon: clients × messages over its Unix socket, with persistence on.",
            discussion: """
                Each client opens the conversation of its own user, so the daemon must trust this account \
                (advisor serve --trust-user $(id -un)) and should run with --rate 0. Scripts/load-bench.sh \
                builds a release binary, starts a daemon on a temporary state directory and runs this.
                """)

        @Option(help: "The daemon's Unix socket.")
        var socket: String

        @Option(help: "Connections talking at once.")
        var clients = 64

        @Option(help: "Messages each client sends.")
        var messages = 200

        @Option(help: "Instead of the benchmark, give this many users one turn each and report the daemon's memory.")
        var sessions: Int?

        @Option(help: "The daemon's process id, to report its CPU time per turn and its memory (from /proc).")
        var daemonPid: Int32?

        @Option(help: "The prefix of the benchmark's user names.")
        var userPrefix = "bench"

        func validate() throws {
            guard (1...4096).contains(clients) else { throw ValidationError("--clients must be from 1 to 4096.") }
            guard (1...1_000_000).contains(messages) else { throw ValidationError("--messages must be from 1 to 1000000.") }
            if let sessions, !(1...1_000_000).contains(sessions) { throw ValidationError("--sessions must be from 1 to 1000000.") }
        }

        func run() throws {
            let benchmark = LoadBenchmark(socketPath: socket, clients: clients, messages: messages, userPrefix: userPrefix, daemonPID: daemonPid)
            do {
                if let sessions {
                    print("sessions: \(sessions) users with one turn each, \(clients) clients")
                    print(try benchmark.fill(sessions: sessions))
                } else {
                    print("load: \(clients) clients × \(messages) messages over \(socket)")
                    print(try benchmark.run())
                }
            } catch {
                FileHandle.printError("advisor load-bench: \(error)")
                throw ExitCode(1)
            }
        }
    }
}
