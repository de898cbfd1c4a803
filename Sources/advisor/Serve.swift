import AdvisorDaemon
import ArgumentParser
import Foundation

extension Advisor {
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the advisor daemon: many conversations over a Unix socket, newline-delimited JSON.",
            discussion: """
                Each connection is the OS user at the other end of the socket (SO_PEERCRED). The account \
                named with --trust-user may open a conversation for any user; no one else may. SIGTERM or \
                SIGINT stops accepting, finishes the turns in flight and exits; SIGHUP reloads the knowledge \
                base if it loads and lints cleanly, and otherwise keeps the one in use. The daemon starts only \
                on a knowledge base that passes the same check: on a lint error it prints the findings and \
                exits 2.
                """)

        @OptionGroup var knowledge: KnowledgeOptions

        @Option(help: "The Unix socket to listen on.")
        var socket: String

        @Option(help: "Also listen on TCP at this loopback address (127.0.0.1:PORT or [::1]:PORT). Each TCP connection is an anonymous conversation of its own, in memory, never shared or saved.")
        var tcp: String?

        @Option(help: "The directory for the conversations' state files.")
        var stateDir: String

        @Option(help: "The account that may speak for other users (the SSH forced command's account).")
        var trustUser: String?

        @Option(help: "The socket file's permissions, in octal.")
        var socketMode = "660"

        @Option(help: "The most connections served at once.")
        var maxConnections = 1024

        @Option(help: "The most connections one account may hold on the Unix socket (the --trust-user account excepted).")
        var maxConnectionsPerUser = 32

        @Option(help: "Connections of --max-connections kept for the --trust-user account (the SSH students) alone (default: an eighth, at most 128).")
        var trustedReserve: Int?

        @Option(help: "The most TCP connections at once, all addresses together.")
        var maxTcpConnections = 64

        @Option(help: "The most TCP connections one address may hold.")
        var maxConnectionsPerAddress = 16

        @Option(help: "Requests a second allowed on one connection, on average; 0 for no limit.")
        var rate = 20.0

        @Option(help: "Requests one connection may send at once before --rate applies.")
        var burst = 40

        @Option(help: "Seconds a connection may stay silent before it is closed; 0 for never.")
        var idleTimeout = 600

        @Option(help: "Threads that run turns and save conversations (with --no-sync, turns run on the event loops instead).")
        var workers = 8

        @Option(help: "Event loop threads that serve the connections: one per core unless set.")
        var eventLoops = ProcessInfo.processInfo.activeProcessorCount

        @Flag(help: "Do not wait for each saved turn to reach the disk: a turn still survives the daemon being killed, but not a power failure. About twice as fast.")
        var noSync = false

        @Option(help: "Megabytes of recently used conversations kept in memory (estimated); with 0, every turn reads its files again.")
        var cacheMb = 32

        @Option(help: "The least important messages logged: trace, debug, info, notice, warning, error or critical. Only debug and trace log what students type.")
        var logLevel = "info"

        @Option(help: "How log lines are written: text, or json (one object a line, for log collectors).")
        var logFormat = "text"

        @Option(help: "Serve Prometheus metrics at http://ADDRESS/metrics, on loopback only (127.0.0.1:PORT or [::1]:PORT).")
        var metrics: String?

        func validate() throws {
            guard LogFormat(rawValue: logFormat) != nil else { throw ValidationError("--log-format must be text or json.") }
            guard DaemonLauncher.logLevels.contains(logLevel) else {
                throw ValidationError("--log-level must be one of \(DaemonLauncher.logLevels.joined(separator: ", ")).")
            }
            guard let mode = UInt16(socketMode, radix: 8), mode & ~0o777 == 0, mode & 0o600 == 0o600 else {
                throw ValidationError("--socket-mode must be octal permissions that let the daemon's own user read and write, such as 600 or 660.")
            }
            guard (1...100_000).contains(maxConnections) else { throw ValidationError("--max-connections must be from 1 to 100000.") }
            guard (1...100_000).contains(maxConnectionsPerUser), (1...100_000).contains(maxTcpConnections), (1...100_000).contains(maxConnectionsPerAddress) else {
                throw ValidationError("--max-connections-per-user, --max-tcp-connections and --max-connections-per-address must be from 1 to 100000.")
            }
            guard (0..<maxConnections).contains(reserve) || reserve == 0 else {
                throw ValidationError("--trusted-reserve must be 0 or more and below --max-connections.")
            }
            guard rate >= 0, burst >= 1 else { throw ValidationError("--rate must be 0 or more and --burst at least 1.") }
            guard idleTimeout >= 0 else { throw ValidationError("--idle-timeout must be 0 or more seconds.") }
            guard (1...256).contains(workers) else { throw ValidationError("--workers must be from 1 to 256.") }
            guard (1...64).contains(eventLoops) else { throw ValidationError("--event-loops must be from 1 to 64.") }
            guard (0...65536).contains(cacheMb) else { throw ValidationError("--cache-mb must be from 0 to 65536.") }
            if let tcp { _ = try Self.sentence { try LoopbackAddress(parsing: tcp) } }
            if let metrics { _ = try Self.sentence { try LoopbackAddress(parsing: metrics) } }
            _ = try Self.sentence { try DaemonLauncher.trustedPolicy(userName: trustUser) }
        }

        func run() async throws {
            let (base, report) = try knowledge.loadChecked(command: "serve")
            let lint = report.warnings.isEmpty ? "" : " (advisor lint --intents \(report.directory.path) lists the warnings)"
            FileHandle.printError("advisor serve: \(report.directory.path): \(report.files.count) file(s), \(report.summary)\(lint)")
            do {
                var launcher = DaemonLauncher(
                    configuration: try makeConfiguration(), stateDirectory: URL(fileURLWithPath: stateDir),
                    intentsDirectory: try knowledge.directory(), logLevel: logLevel,
                    durability: noSync ? .processCrashSafe : .synced, cacheBytes: cacheMb << 20)
                launcher.version = Advisor.version
                launcher.logFormat = LogFormat(rawValue: logFormat) ?? .text
                launcher.metricsAddress = try metrics.map { try LoopbackAddress(parsing: $0) }
                try await launcher.run(knowledge: base)
            } catch let error as DaemonStartError {
                FileHandle.printError("advisor serve: \(error.message)")
                throw ExitCode(1)
            }
        }

        /// The trusted account's reserve: as given, or an eighth of the connections, at most 128.
        var reserve: Int { trustedReserve ?? min(128, maxConnections / 8) }

        func makeConfiguration() throws -> DaemonConfiguration {
            DaemonConfiguration(
                socketPath: socket, socketMode: UInt16(socketMode, radix: 8) ?? 0o660,
                tcp: try tcp.map(LoopbackAddress.init(parsing:)),
                policy: try DaemonLauncher.trustedPolicy(userName: trustUser), maximumConnections: maxConnections,
                maximumConnectionsPerUser: maxConnectionsPerUser, trustedReserve: reserve,
                maximumTCPConnections: maxTcpConnections, maximumConnectionsPerAddress: maxConnectionsPerAddress,
                limits: ConnectionLimits(
                    messagesPerSecond: rate, burst: burst, idleTimeout: idleTimeout == 0 ? nil : .seconds(idleTimeout)),
                turnExecution: noSync ? .eventLoop : .workerThreads, workerThreads: workers, eventLoopThreads: eventLoops)
        }

        /// Runs `body`, turning a `DaemonStartError` into a `ValidationError` with its sentence.
        static func sentence<T>(_ body: () throws -> T) throws -> T {
            do {
                return try body()
            } catch let error as DaemonStartError {
                throw ValidationError(error.message)
            }
        }
    }
}
