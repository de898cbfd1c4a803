import AdvisorEngine
import AdvisorRuntime
import Logging
import NIOCore

/// What every connection shares: the conversation service, where turns run, the rules.
struct ConnectionEnvironment: Sendable {
    var endpoint: any ConversationEndpoint
    var runner: any TurnRunner
    var policy: IdentityPolicy
    var limits: ConnectionLimits
    var logger: Logger
    /// Reloads the knowledge base for the `reload` op; nil where nothing can be reloaded.
    var reload: (@Sendable () -> KnowledgeReload)?
    /// Makes the endpoint of one TCP connection: a conversation of its own, kept in memory for
    /// that connection only (nobody over TCP can be told apart, so nothing is shared or
    /// persisted); nil to use `endpoint`.
    var anonymousEndpoint: (@Sendable () -> any ConversationEndpoint)?
    /// What the daemon has done, for the `status` op.
    var statistics = DaemonStatistics()
    /// The connections open now, for the `status` op.
    var connectionCount: @Sendable () -> Int = { 0 }
}

/// The limits that apply to each connection.
public struct ConnectionLimits: Sendable, Equatable {
    /// The longest request line, in bytes.
    ///
    /// A message may be `MessageLimits.maximumMessageBytes` long, and JSON may spell each
    /// of its bytes as a six-byte `\u00XX` escape; the default leaves room for that and the
    /// rest of the request.
    public var maximumLineBytes: Int
    /// Requests a second, on average, per connection; 0 for no limit.
    public var messagesPerSecond: Double
    /// Requests that may come at once before the rate applies.
    public var burst: Int
    /// A connection that sends nothing for this long is closed (when no turn is running).
    public var idleTimeout: Duration?
    /// Requests read ahead of the one being answered; past this, reading stops.
    public var maximumQueuedRequests: Int

    public static let defaultMaximumLineBytes = 6 * MessageLimits.maximumMessageBytes + 4096

    public init(
        maximumLineBytes: Int = defaultMaximumLineBytes, messagesPerSecond: Double = 20, burst: Int = 40,
        idleTimeout: Duration? = .seconds(600), maximumQueuedRequests: Int = 16
    ) {
        self.maximumLineBytes = maximumLineBytes
        self.messagesPerSecond = messagesPerSecond
        self.burst = burst
        self.idleTimeout = idleTimeout
        self.maximumQueuedRequests = maximumQueuedRequests
    }
}
