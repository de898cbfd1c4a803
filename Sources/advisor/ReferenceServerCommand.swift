import AdvisorLoad
import ArgumentParser
import Foundation

extension Advisor {
    /// The load benchmark's yardstick (see `ReferenceServer`); Scripts/load-bench.sh runs it.
    struct ReferenceServerCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reference-server",
            abstract: "Serve the load benchmark's yardstick: a bare server that answers every line with a fixed reply.",
            discussion: """
                No engine, no store: what the machine and SwiftNIO cost for a turn on a Unix socket. \
                Scripts/load-bench.sh runs the same client against it and the daemon, and prints the \
                daemon's figures as a share of this one's. Runs until SIGTERM or SIGINT.
                """,
            shouldDisplay: false)

        @Option(help: "The Unix socket to listen on (a stale socket file is replaced).")
        var socket: String

        @Option(help: "Event loop threads: one per core unless set, as the daemon.")
        var eventLoops = ProcessInfo.processInfo.activeProcessorCount

        func run() async throws {
            let server = try await ReferenceServer(socketPath: socket, threads: eventLoops)
            // Wait for SIGTERM or SIGINT, then stop.
            signal(SIGTERM, SIG_IGN)
            signal(SIGINT, SIG_IGN)
            let (stop, continuation) = AsyncStream<Void>.makeStream()
            let sources = [SIGTERM, SIGINT].map { number in
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler { continuation.yield() }
                source.resume()
                return source
            }
            for await _ in stop { break }
            sources.forEach { $0.cancel() }
            await server.stop()
        }
    }
}
