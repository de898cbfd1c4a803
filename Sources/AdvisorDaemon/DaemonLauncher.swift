import AdvisorEngine
import AdvisorKnowledge
import AdvisorRuntime
import AdvisorStore
import Foundation
import Logging
import ServiceLifecycle
import UnixSignals

/// Starts the daemon as `advisor serve` does: logging to stderr, the file store, the
/// conversation service, the server and the SIGHUP reloader in one `ServiceGroup` that
/// SIGTERM and SIGINT shut down gracefully.
public struct DaemonLauncher: Sendable {
    /// The log levels `--log-level` accepts, quietest last.
    public static let logLevels = Logger.Level.allCases.map(\.rawValue)

    public var configuration: DaemonConfiguration
    public var stateDirectory: URL
    public var intentsDirectory: URL
    /// One of `logLevels`. Messages' text is logged only at `debug` and `trace`.
    public var logLevel: String
    /// Whether each turn is synced to disk before its reply (`.synced`), or only handed to
    /// the operating system, which survives the daemon being killed but not a power failure.
    public var durability: FileSessionStore.Durability
    /// Estimated bytes of recently used sessions kept in memory.
    public var cacheBytes: Int
    /// This build's version, logged at the start and reported by the `status` op.
    public var version = ""
    /// How log lines are written: `text` (swift-log's) or `json` (one object a line).
    public var logFormat = LogFormat.text
    /// Where to serve Prometheus metrics (`GET /metrics`), on loopback; nil for none.
    public var metricsAddress: LoopbackAddress?

    public init(
        configuration: DaemonConfiguration, stateDirectory: URL, intentsDirectory: URL, logLevel: String,
        durability: FileSessionStore.Durability = .synced, cacheBytes: Int = 32 << 20
    ) {
        self.configuration = configuration
        self.stateDirectory = stateDirectory
        self.intentsDirectory = intentsDirectory
        self.logLevel = logLevel
        self.durability = durability
        self.cacheBytes = cacheBytes
    }

    /// The uid of the account `--trust-user` names.
    ///
    /// - Throws: `DaemonStartError` if there is no such user.
    public static func trustedPolicy(userName: String?) throws -> IdentityPolicy {
        guard let userName else { return IdentityPolicy() }
        guard let uid = PeerLookup.uid(ofUser: userName) else {
            throw DaemonStartError("There is no user called \(userName) on this system to trust; check --trust-user.")
        }
        return IdentityPolicy(trustedUID: uid, trustedName: userName)
    }

    /// Descriptors the daemon needs besides its connections: open journals, the state
    /// directory's lock, the listening sockets, the event loops' own.
    static let descriptorsBesidesConnections = FileSessionStore.maximumOpenJournals + 64

    /// Raises the soft limit on open files towards the hard one, so that the connection
    /// limit, not the descriptor limit (often 1,024), decides how many students are served.
    static func raiseDescriptorLimit(for connections: Int, logger: Logger) {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return }
        let needed = rlim_t(connections + descriptorsBesidesConnections)
        guard limit.rlim_cur < needed else { return }
        limit.rlim_cur = min(needed, limit.rlim_max)
        _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        if limit.rlim_cur < needed {
            logger.warning("the open-file limit is below what --max-connections needs; connections beyond it will be refused by the system", metadata: [
                "limit": "\(limit.rlim_cur)", "needed": "\(needed)",
            ])
        }
    }

    /// Serves `knowledge` until SIGTERM or SIGINT, then drains and returns.
    ///
    /// - Throws: `DaemonStartError` when the socket or the state directory cannot be used.
    public func run(knowledge: KnowledgeBase) async throws {
        let format = logFormat
        var logger = Logger(label: "advisor.daemon") { label in
            format == .json ? JSONLogHandler(label: label) as any LogHandler : StreamLogHandler.standardError(label: label)
        }
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        let hash = (try? KnowledgeIdentity.contentHash(directory: intentsDirectory).hash) ?? "unknown"
        let metrics = metricsAddress.map { _ in DaemonMetrics(version: version, knowledgeHash: hash) }
        let statistics = DaemonStatistics(
            version: version, knowledge: DaemonStatistics.KnowledgeIdentitySummary(hash: hash, intents: knowledge.intents.count), metrics: metrics)
        logger.notice("starting", metadata: [
            "version": "\(version)", "knowledge_hash": "\(hash)", "intents": "\(knowledge.intents.count)", "directory": "\(intentsDirectory.path)",
        ])
        Self.raiseDescriptorLimit(for: configuration.maximumConnections, logger: logger)
        let store: FileSessionStore
        do {
            // Exclusive: the daemon keeps sessions in memory and journals their turns, so
            // no other process may write the directory while it runs (an embedded chat on
            // it is refused with a sentence, and so is a second daemon).
            store = try FileSessionStore(directory: stateDirectory, durability: durability, cacheBytes: cacheBytes, sharing: .exclusive)
        } catch {
            throw DaemonStartError("\(error)")
        }
        let holder = KnowledgeHolder(knowledge)
        let service = ConversationService(knowledge: holder, store: store)
        // `{"op":"reload"}` (advisor reload --connect) runs the same reload as SIGHUP.
        let operatorReloader = KnowledgeReloader(holder: holder, directory: intentsDirectory, logger: logger, statistics: statistics)
        let server = DaemonServer(
            configuration: configuration, endpoint: service, logger: logger, reload: { operatorReloader.reloadReporting() },
            // TCP cannot tell people apart: each connection talks in a conversation of its own,
            // in memory, gone when it closes.
            anonymousEndpoint: { ConversationService(knowledge: holder, store: InMemorySessionStore()) }, statistics: statistics)
        // A socket that is taken fails the command here, with its sentence, before anything runs.
        try SocketFile.prepare(configuration.socketPath)
        // Trap SIGHUP before the socket exists: once clients can see the daemon, a reload
        // must never find the signal's default action (which ends the process) in place.
        // The group traps SIGTERM and SIGINT before it starts the server, for the same reason.
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        let reloader = KnowledgeReloader(holder: holder, directory: intentsDirectory, logger: logger, signals: hangups, statistics: statistics)
        let group = ServiceGroup(
            services: [DaemonService(server: server), reloader],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger)
        var metricsServer: MetricsServer?
        if let metricsAddress, let metrics {
            metrics.readStore { store.figures }
            let served = try await MetricsServer(host: metricsAddress.host, port: metricsAddress.port, metrics: metrics)
            logger.notice("serving metrics", metadata: ["url": "http://\(LoopbackAddress.with(metricsAddress, port: served.port))/metrics"])
            metricsServer = served
        }
        try await group.run()
        await metricsServer?.stop()
        // Every turn is already in a journal; folding them into the state files now only
        // makes the next start read less.
        do {
            try store.compactJournals()
        } catch {
            logger.warning("could not fold the journals into the state files; they are read at the next start", metadata: ["error": "\(error)"])
        }
    }
}
