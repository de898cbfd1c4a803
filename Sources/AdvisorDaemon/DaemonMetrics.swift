import AdvisorStore
import CoreMetrics
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Prometheus
import Synchronization

/// The daemon's figures as Prometheus metrics, through swift-metrics with a Prometheus
/// factory of its own (no global bootstrap: every daemon in a process has its registry).
/// Labels are areas, outcomes, error codes and results: never a message text or a user name.
public final class DaemonMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory
    private let turns = Mutex<[String: CoreMetrics.Counter]>([:])
    private let refusals = Mutex<[String: CoreMetrics.Counter]>([:])
    private let latency: CoreMetrics.Timer
    private let connections: Meter
    private let reloads: CoreMetrics.Counter
    private let refusedReloads: CoreMetrics.Counter
    private let sessionsInMemory: CoreMetrics.Gauge
    private let journalBytes: CoreMetrics.Gauge
    private let compactions: CoreMetrics.Gauge
    /// Reads the store's figures when `/metrics` is asked for.
    private let storeFigures: Mutex<(@Sendable () -> StoreFigures?)?>

    public init(version: String, knowledgeHash: String) {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2.5), .milliseconds(5),
            .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .seconds(1),
        ]
        self.registry = registry
        self.factory = factory
        latency = CoreMetrics.Timer(label: "advisor_turn_duration_seconds", factory: factory)
        connections = Meter(label: "advisor_connections_open", factory: factory)
        reloads = CoreMetrics.Counter(label: "advisor_reloads_total", dimensions: [("result", "replaced")], factory: factory)
        refusedReloads = CoreMetrics.Counter(label: "advisor_reloads_total", dimensions: [("result", "refused")], factory: factory)
        Gauge(label: "advisor_build_info", dimensions: [("version", version), ("knowledge_hash", knowledgeHash)], factory: factory).record(1)
        sessionsInMemory = CoreMetrics.Gauge(label: "advisor_sessions_in_memory", factory: factory)
        journalBytes = CoreMetrics.Gauge(label: "advisor_journal_bytes_written", factory: factory)
        compactions = CoreMetrics.Gauge(label: "advisor_compactions", factory: factory)
        storeFigures = Mutex(nil)
    }

    /// Where the store's figures (sessions in memory, journal bytes, compactions) are read
    /// from at each scrape.
    public func readStore(_ figures: @escaping @Sendable () -> StoreFigures?) {
        storeFigures.withLock { $0 = figures }
    }

    /// The exposition, with the store's figures read now.
    public func exposition() -> [UInt8] {
        if let figures = storeFigures.withLock({ $0 })?() {
            sessionsInMemory.record(figures.sessionsInMemory)
            journalBytes.record(figures.journalBytes)
            compactions.record(figures.compactions)
        }
        return registry.emitToBuffer()
    }

    /// A turn answered: its area (the intent's, before the dot), its outcome (the reply's
    /// kind, or `command`), and how long it took.
    func turn(intent: String?, outcome: String, latency duration: Duration) {
        let area = intent.map { String($0.prefix { $0 != "." }) } ?? "none"
        let key = area + "|" + outcome
        let counter = turns.withLock { counters in
            if let counter = counters[key] { return counter }
            let counter = CoreMetrics.Counter(label: "advisor_turns_total", dimensions: [("area", area), ("outcome", outcome)], factory: factory)
            counters[key] = counter
            return counter
        }
        counter.increment()
        latency.recordNanoseconds(Int64(duration.components.seconds) * 1_000_000_000 + Int64(duration.components.attoseconds / 1_000_000_000))
    }

    func refused(_ code: String) {
        let counter = refusals.withLock { counters in
            if let counter = counters[code] { return counter }
            let counter = CoreMetrics.Counter(label: "advisor_refusals_total", dimensions: [("code", code)], factory: factory)
            counters[code] = counter
            return counter
        }
        counter.increment()
    }

    func connectionOpened() { connections.increment() }
    func connectionClosed() { connections.decrement() }
    func reloaded(_ replaced: Bool) { (replaced ? reloads : refusedReloads).increment() }
}

/// Serves `GET /metrics` (Prometheus text exposition) on a loopback address.
public final class MetricsServer: Sendable {
    private let group: MultiThreadedEventLoopGroup
    private let channel: any Channel
    /// The port it listens on (the real one when 0 was asked for).
    public let port: Int

    public init(host: String, port: Int, metrics: DaemonMetrics) async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        do {
            channel = try await ServerBootstrap(group: group)
                .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
                .childChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                        try channel.pipeline.syncOperations.addHandler(MetricsHandler(metrics: metrics))
                    }
                }
                .bind(host: host, port: port).get()
        } catch {
            try? await group.shutdownGracefully()
            throw DaemonStartError("Cannot serve metrics on \(host):\(port): \(error).")
        }
        self.group = group
        self.port = channel.localAddress?.port ?? port
    }

    public func stop() async {
        try? await channel.close()
        try? await group.shutdownGracefully()
    }
}

private final class MetricsHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let metrics: DaemonMetrics
    private var path = ""
    private var isGet = false
    private var keepAlive = true

    init(metrics: DaemonMetrics) {
        self.metrics = metrics
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            path = head.uri
            isGet = head.method == .GET
            keepAlive = head.isKeepAlive
        case .body:
            break
        case .end:
            let found = isGet && (path == "/metrics" || path.hasPrefix("/metrics?"))
            let body = found ? metrics.exposition() : Array("Not found: the metrics are at /metrics\n".utf8)
            var headers = HTTPHeaders()
            headers.add(name: "Content-Type", value: found ? "text/plain; version=0.0.4" : "text/plain")
            headers.add(name: "Content-Length", value: "\(body.count)")
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: found ? .ok : .notFound, headers: headers))), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))), promise: nil)
            // "Connection: close" (or HTTP/1.0): close once the response is out.
            if keepAlive {
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            } else {
                context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in context.close(promise: nil) }
            }
        }
    }
}
