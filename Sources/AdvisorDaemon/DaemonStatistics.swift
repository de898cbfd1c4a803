import Foundation
import Synchronization

/// What the daemon has done since it started, counted as it goes (never a message text or a
/// user name): the `status` op reports it, to any connected client.
public final class DaemonStatistics: Sendable {
    private let started = ContinuousClock.now
    private let turns = Atomic<Int>(0)
    private let failedTurns = Atomic<Int>(0)
    private let state = Mutex(State())

    private struct State {
        var refusals: [String: Int] = [:]
        var reloads = 0
        var refusedReloads = 0
        var identity = KnowledgeIdentitySummary(hash: "", intents: 0)
    }

    /// The knowledge base's identity, as `advisor --version` prints it.
    public struct KnowledgeIdentitySummary: Sendable, Equatable, Codable {
        public var hash: String
        public var intents: Int

        public init(hash: String, intents: Int) {
            self.hash = hash
            self.intents = intents
        }
    }

    /// This build's version, as `advisor --version` prints it.
    public let version: String
    /// The same figures as Prometheus metrics (`--metrics`), if they are served.
    public let metrics: DaemonMetrics?

    public init(version: String = "", knowledge: KnowledgeIdentitySummary? = nil, metrics: DaemonMetrics? = nil) {
        self.version = version
        self.metrics = metrics
        if let knowledge { state.withLock { $0.identity = knowledge } }
    }

    /// A turn answered: its intent, its outcome (the reply's kind) and how long it took.
    func turnAnswered(intent: String?, outcome: String, latency: Duration) {
        turns.add(1, ordering: .relaxed)
        metrics?.turn(intent: intent, outcome: outcome, latency: latency)
    }

    func turnFailed() { failedTurns.add(1, ordering: .relaxed) }

    func refused(_ code: DaemonError.Code) {
        state.withLock { $0.refusals[code.rawValue, default: 0] += 1 }
        metrics?.refused(code.rawValue)
    }

    func connectionOpened() { metrics?.connectionOpened() }
    func connectionClosed() { metrics?.connectionClosed() }

    /// Counts a reload; a reload that replaced the knowledge base gives its new identity.
    public func reloaded(_ identity: KnowledgeIdentitySummary?) {
        state.withLock { state in
            if let identity {
                state.reloads += 1
                state.identity = identity
            } else {
                state.refusedReloads += 1
            }
        }
        metrics?.reloaded(identity != nil)
    }

    /// The figures now, with the connections open.
    func status(connections: Int) -> DaemonStatus {
        let elapsed = (ContinuousClock.now - started).components.seconds
        return state.withLock { state in
            DaemonStatus(
                version: version, knowledgeHash: state.identity.hash, intents: state.identity.intents, uptimeSeconds: Int(elapsed),
                connections: connections, turns: turns.load(ordering: .relaxed), failedTurns: failedTurns.load(ordering: .relaxed),
                refusals: state.refusals, reloads: state.reloads, refusedReloads: state.refusedReloads)
        }
    }
}

/// The `status` object of the daemon's answer to `{"op":"status"}`: counts only.
public struct DaemonStatus: Sendable, Equatable, Codable {
    public var version: String
    /// The knowledge base in use: its content hash and intent count.
    public var knowledgeHash: String
    public var intents: Int
    public var uptimeSeconds: Int
    public var connections: Int
    /// Turns answered (messages, commands and openings), and turns that failed (not saved).
    public var turns: Int
    public var failedTurns: Int
    /// Requests refused, by error code.
    public var refusals: [String: Int]
    /// Reloads that replaced the knowledge base, and reloads refused (the old one kept serving).
    public var reloads: Int
    public var refusedReloads: Int

    /// For a person: one figure a line.
    public var text: String {
        var lines = [
            "advisor \(version), knowledge base \(knowledgeHash) (\(intents) intents)",
            "up \(uptimeSeconds / 3600)h \(uptimeSeconds % 3600 / 60)m \(uptimeSeconds % 60)s; \(connections) connection(s) open",
            "turns: \(turns) answered, \(failedTurns) failed",
            "reloads: \(reloads) done, \(refusedReloads) refused",
        ]
        let refused = refusals.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        lines.append("refusals: " + (refused.isEmpty ? "none" : refused))
        return lines.joined(separator: "\n")
    }
}
