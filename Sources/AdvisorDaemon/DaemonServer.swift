import AdvisorRuntime
import Foundation
import Synchronization
import Logging
import NIOCore
import NIOPosix
import Glibc

/// The daemon's server: listens on the Unix socket (and optionally TCP on loopback) and
/// runs a `ConversationHandler` for each connection.
///
/// `start()` binds and returns; `shutdown()` stops accepting, lets every connection finish
/// the turn it is in (its reply is written: turns are saved before they are answered), closes
/// the connections and stops the threads. `DaemonService` runs it under
/// swift-service-lifecycle.
public final class DaemonServer: Sendable {
    /// Where the server listens once started.
    public struct Listening: Sendable, Equatable {
        public var socketPath: String
        /// The TCP port, if TCP is enabled (the real one when port 0 was asked for).
        public var tcpPort: Int?
    }

    private enum State {
        case idle
        case running(Running)
        case stopping
        case stopped
    }

    private struct Running {
        var group: MultiThreadedEventLoopGroup
        var pool: NIOThreadPool
        var registry: ConnectionRegistry
        var channels: [any Channel]
        var socketIdentity: (dev: UInt64, ino: UInt64)?
    }

    private enum Transport {
        case unix
        case tcp
    }

    public let configuration: DaemonConfiguration
    private let endpoint: any ConversationEndpoint
    private let logger: Logger
    private let reload: (@Sendable () -> KnowledgeReload)?
    private let anonymousEndpoint: (@Sendable () -> any ConversationEndpoint)?
    /// What the daemon has done since it started, for the `status` op.
    public let statistics: DaemonStatistics
    private let names = UserNames()
    private let state = Mutex(State.idle)

    /// - Parameters:
    ///   - endpoint: the conversation service every connection talks to.
    ///   - logger: where connections, turns and refusals are logged.
    ///   - reload: what the `reload` op runs (a `KnowledgeReloader`'s); nil to refuse it.
    ///   - anonymousEndpoint: makes each TCP connection's own endpoint, whose conversation is
    ///     kept in memory for that connection only; nil to serve TCP through `endpoint`.
    public init(
        configuration: DaemonConfiguration, endpoint: any ConversationEndpoint, logger: Logger,
        reload: (@Sendable () -> KnowledgeReload)? = nil,
        anonymousEndpoint: (@Sendable () -> any ConversationEndpoint)? = nil,
        statistics: DaemonStatistics = DaemonStatistics()
    ) {
        self.statistics = statistics
        self.configuration = configuration
        self.endpoint = endpoint
        self.logger = logger
        self.reload = reload
        self.anonymousEndpoint = anonymousEndpoint
    }

    /// How many connections are open now.
    public var connectionCount: Int {
        state.withLock { state in
            if case .running(let running) = state { return running.registry.count }
            return 0
        }
    }

    /// Binds the socket (and the TCP port) and starts accepting connections.
    ///
    /// - Throws: `DaemonStartError` with a sentence when the socket is taken by a live
    ///   daemon, is not a socket, or cannot be bound.
    public func start() async throws -> Listening {
        try state.withLock { state throws(DaemonStartError) in
            guard case .idle = state else { throw DaemonStartError("The daemon has already been started.") }
            state = .stopping
        }
        let path = configuration.socketPath
        do {
            try SocketFile.prepare(path)
        } catch {
            state.withLock { $0 = .idle }
            throw error
        }
        let group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, configuration.eventLoopThreads))
        let pool = NIOThreadPool(numberOfThreads: max(1, configuration.workerThreads))
        pool.start()
        let registry = ConnectionRegistry(rules: AdmissionRules(configuration))
        let environment = ConnectionEnvironment(
            endpoint: endpoint, runner: configuration.turnExecution == .eventLoop ? InlineTurnRunner() : UserTurnQueue(pool: pool),
            policy: configuration.policy,
            limits: configuration.limits, logger: logger, reload: reload, anonymousEndpoint: anonymousEndpoint,
            statistics: statistics, connectionCount: { registry.count })

        var channels: [any Channel] = []
        var listening = Listening(socketPath: path, tcpPort: nil)
        do {
            let unix = try await bindUnixSocket(path, bootstrap: bootstrap(group, registry, environment, .unix))
            channels.append(unix)
            if let tcp = configuration.tcp {
                let channel: any Channel
                do {
                    channel = try await bootstrap(group, registry, environment, .tcp)
                        .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
                        .bind(host: tcp.host, port: tcp.port).get()
                } catch {
                    throw DaemonStartError("Cannot listen on \(tcp): \(Self.describe(error)).")
                }
                channels.append(channel)
                listening.tcpPort = channel.localAddress?.port
            }
        } catch {
            for channel in channels { try? await channel.close() }
            if !channels.isEmpty { unlink(path) }
            try? await pool.shutdownGracefully()
            try? await group.shutdownGracefully()
            state.withLock { $0 = .idle }
            throw error
        }
        let running = Running(group: group, pool: pool, registry: registry, channels: channels, socketIdentity: SocketFile.identity(path))
        state.withLock { $0 = .running(running) }
        var metadata: Logger.Metadata = ["socket": "\(path)", "mode": "\(String(configuration.socketMode, radix: 8))"]
        if let port = listening.tcpPort, let tcp = configuration.tcp { metadata["tcp"] = "\(LoopbackAddress.with(tcp, port: port))" }
        if let trusted = configuration.policy.trustedName { metadata["trusted"] = "\(trusted)" }
        logger.notice("listening", metadata: metadata)
        return listening
    }

    /// Stops accepting, lets connections finish their turns, closes them and stops.
    ///
    /// Requests a connection had queued behind its running turn are answered with a
    /// `shutting_down` error. Connections still open after `shutdownTimeout` are closed.
    public func shutdown() async {
        let running: Running? = state.withLock { state in
            guard case .running(let running) = state else { return nil }
            state = .stopping
            return running
        }
        guard let running else { return }
        logger.notice("stopping: no new connections; finishing the turns in flight")
        for channel in running.channels { try? await channel.close() }
        SocketFile.remove(configuration.socketPath, ifStill: running.socketIdentity)
        running.registry.quiesce()
        if !(await running.registry.waitUntilClosed(timeout: configuration.shutdownTimeout)) {
            logger.warning("closed connections that were still busy after the shutdown timeout")
        }
        try? await running.pool.shutdownGracefully()
        try? await running.group.shutdownGracefully()
        state.withLock { $0 = .stopped }
        logger.notice("stopped")
    }

    // MARK: - Binding

    private func bindUnixSocket(_ path: String, bootstrap: ServerBootstrap) async throws -> any Channel {
        // The socket file takes its mode from the umask when bind() creates it: make it
        // private from the first moment, then open it up to the configured mode.
        let previous = umask(0o177)
        defer { umask(previous) }
        let channel: any Channel
        do {
            channel = try await bootstrap.bind(unixDomainSocketPath: path, cleanupExistingSocketFile: false).get()
        } catch {
            throw DaemonStartError("Cannot listen on the socket \(path): \(Self.describe(error)).")
        }
        guard chmod(path, mode_t(configuration.socketMode)) == 0 else {
            let reason = String(cString: strerror(errno))
            try? await channel.close()
            unlink(path)
            throw DaemonStartError("Cannot set the permissions of the socket \(path): \(reason).")
        }
        return channel
    }

    private func bootstrap(
        _ group: MultiThreadedEventLoopGroup, _ registry: ConnectionRegistry, _ environment: ConnectionEnvironment,
        _ transport: Transport
    ) -> ServerBootstrap {
        let names = self.names
        let logger = self.logger
        return ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: 256)
            .childChannelOption(ChannelOptions.allowRemoteHalfClosure, value: true)
            .childChannelOption(ChannelOptions.maxMessagesPerRead, value: 4)
            .childChannelInitializer { channel in
                Self.initialize(channel, transport, registry, environment, names, logger)
            }
    }

    private static func initialize(
        _ channel: any Channel, _ transport: Transport, _ registry: ConnectionRegistry, _ environment: ConnectionEnvironment,
        _ names: UserNames, _ logger: Logger
    ) -> EventLoopFuture<Void> {
        // Who is connecting comes first: the limits are per account and per address.
        let peer: EventLoopFuture<Peer>
        switch transport {
        case .unix:
            peer = PeerLookup.credentials(of: channel).map { credentials in
                .local(uid: credentials.uid, user: names.name(uid: credentials.uid), pid: credentials.pid)
            }
        case .tcp:
            peer = channel.eventLoop.makeSucceededFuture(.tcp(address: channel.remoteAddress.map { "\($0)" } ?? "unknown"))
        }
        return peer.flatMapThrowing { peer in
            let pipeline = channel.pipeline.syncOperations
            let connectionID: Int
            switch registry.admit(channel, owner: ConnectionOwner(peer)) {
            case .success(let id):
                connectionID = id
            case .failure(let refusal):
                let error = Self.refusal(refusal.reason, peer: peer, logger: logger)
                try pipeline.addHandler(RefusingHandler(line: JSONLines.encode(DaemonResponse(id: nil, .failure(error)))))
                return
            }
            var environment = environment
            if transport == .tcp, let make = environment.anonymousEndpoint { environment.endpoint = make() }
            try pipeline.addHandler(ByteToMessageHandler(RequestFrameDecoder(maximumLineBytes: environment.limits.maximumLineBytes)))
            try pipeline.addHandler(ConversationHandler(environment: environment, peer: peer, connectionID: connectionID))
        }
    }

    /// The error a refused connection gets, logged with who was refused and why.
    private static func refusal(_ reason: ConnectionRegistry.Refusal, peer: Peer, logger: Logger) -> DaemonError {
        switch reason {
        case .full(let limit):
            logger.warning("connection refused: at the connection limit", metadata: ["limit": "\(limit)", "peer": "\(peer)"])
            return DaemonError(.tooManyConnections, "The advisor is talking with as many people as it can (\(limit) connections); try again in a minute.")
        case .ownerFull(let limit):
            logger.warning("connection refused: at the limit for one account or address", metadata: ["limit": "\(limit)", "peer": "\(peer)"])
            return DaemonError(.tooManyConnections, "You already have \(limit) connections open to the advisor, as many as one account (or address) may; close one and try again.")
        case .tcpFull(let limit):
            logger.warning("connection refused: at the TCP connection limit", metadata: ["limit": "\(limit)", "peer": "\(peer)"])
            return DaemonError(.tooManyConnections, "The advisor is serving as many TCP connections as it allows (\(limit)); try again in a minute, or connect to the Unix socket.")
        case .shuttingDown:
            return DaemonError(.shuttingDown, "The advisor is shutting down; try again in a moment.")
        }
    }

    private static func describe(_ error: any Error) -> String {
        if let error = error as? IOError { return String(cString: strerror(error.errnoCode)) }
        return "\(error)"
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let parts = duration.components
        self = .nanoseconds(parts.seconds * 1_000_000_000 + parts.attoseconds / 1_000_000_000)
    }
}

extension LoopbackAddress {
    static func with(_ address: LoopbackAddress, port: Int) -> LoopbackAddress {
        var copy = address
        copy.port = port
        return copy
    }
}
