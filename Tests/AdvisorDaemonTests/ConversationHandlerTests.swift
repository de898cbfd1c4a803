@testable import AdvisorDaemon
import AdvisorRuntime
import AdvisorStore
import Foundation
import InMemoryLogging
import Logging
import NIOCore
import NIOEmbedded
import Testing

/// Holds turns until the test releases them, to see what happens while a turn runs.
final class ManualTurnRunner: TurnRunner, @unchecked Sendable {
    private let lock = NSLock()
    private var pending: [@Sendable () -> Void] = []

    func run<T: Sendable>(user: String, on eventLoop: any EventLoop, _ body: @escaping @Sendable () -> T) -> EventLoopFuture<T> {
        let promise = eventLoop.makePromise(of: T.self)
        lock.withLock { pending.append { promise.succeed(body()) } }
        return promise.futureResult
    }

    var waiting: Int { lock.withLock { pending.count } }

    func releaseNext() {
        let job = lock.withLock { pending.isEmpty ? nil : pending.removeFirst() }
        job?()
    }
}

/// A connection's handler on an `EmbeddedChannel`, with the bundled knowledge base and an
/// in-memory store.
struct HandlerHarness {
    let channel: EmbeddedChannel
    let logs: InMemoryLogHandler
    let store = InMemorySessionStore()

    init(
        peer: Peer = .local(uid: 1000, user: "alice", pid: 42), policy: IdentityPolicy = IdentityPolicy(),
        limits: ConnectionLimits = ConnectionLimits(messagesPerSecond: 0), runner: any TurnRunner = InlineTurnRunner(),
        logLevel: Logger.Level = .info, reload: (@Sendable () -> KnowledgeReload)? = nil
    ) throws {
        var handler = InMemoryLogHandler()
        handler.logLevel = logLevel
        let logs = handler
        self.logs = logs
        let service = ConversationService(knowledge: KnowledgeHolder(Repository.knowledge), store: store)
        let environment = ConnectionEnvironment(
            endpoint: service, runner: runner, policy: policy, limits: limits, logger: Logger(label: "test") { _ in logs },
            reload: reload)
        channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(RequestFrameDecoder(maximumLineBytes: limits.maximumLineBytes)))
        try channel.pipeline.syncOperations.addHandler(ConversationHandler(environment: environment, peer: peer, connectionID: 1))
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 9)).wait()
    }

    func send(_ lines: String...) throws {
        for line in lines { try channel.writeInbound(ByteBuffer(string: line + "\n")) }
    }

    /// Every response line written so far, decoded.
    func responses() throws -> [DaemonResponse] {
        var text = ""
        while let buffer = try channel.readOutbound(as: ByteBuffer.self) {
            text += String(buffer: buffer)
        }
        return try text.split(separator: "\n").map { try JSONDecoder().decode(DaemonResponse.self, from: Data($0.utf8)) }
    }

    var logMessages: [String] { logs.entries.map { "\($0.message) \($0.metadata)" } }
}

@Suite struct ConversationHandlerTests {
    @Test func opensSendsAndClosesInOrder() throws {
        let harness = try HandlerHarness()
        try harness.send(
            #"{"id":1,"op":"open"}"#, #"{"id":2,"op":"send","text":"what does a plant manager do?"}"#,
            #"{"id":"c","op":"completions"}"#, #"{"id":4,"op":"close"}"#)
        let responses = try harness.responses()
        #expect(responses.map(\.id) == [.number(1), .number(2), .text("c"), .number(4)])
        guard case .opened(let user, let welcome, let idle) = responses[0].body else {
            Issue.record("expected an open response, got \(responses[0])")
            return
        }
        #expect(user == "alice")
        #expect(idle == 600)
        #expect(welcome.text.contains("Hello"))
        #expect(responses[1].output?.intent == "roles.plant_manager")
        guard case .completions(let words) = responses[2].body else {
            Issue.record("expected completions")
            return
        }
        #expect(words.contains("/help"))
        #expect(responses[3].body == .closed)
        #expect(!harness.channel.isActive)
        #expect(try harness.store.load(user: "alice").value?.turnCount == 1)
    }

    @Test func reloadIsForOperatorsOnlyAndAnswersWithTheLintResult() throws {
        let result = KnowledgeReload(
            reloaded: false, directory: "/srv/Intents", files: 3, intents: nil, summary: "1 error(s)",
            errors: ["roles.yaml:4: error: invalid YAML"], findings: ["roles.yaml:4: error: invalid YAML"])
        let policy = IdentityPolicy(trustedUID: 1001, trustedName: "advisor", operatorUIDs: [0, 990])
        // A student, the trusted SSH account and a TCP client are refused; nothing is reloaded.
        for peer in [Peer.local(uid: 1000, user: "alice", pid: 1), .local(uid: 1001, user: "advisor", pid: 2), .tcp(address: "127.0.0.1:5")] {
            let calls = Tally()
            let harness = try HandlerHarness(peer: peer, policy: policy, reload: { calls.add("reload"); return result })
            try harness.send(#"{"id":1,"op":"reload"}"#, #"{"id":2,"op":"completions"}"#)
            let responses = try harness.responses()
            #expect(responses.map(\.errorCode) == [.forbidden, nil], "\(peer)")
            #expect(calls.count("reload") == 0)
        }
        // The daemon's own account gets the reload's result, refused or not.
        let calls = Tally()
        let harness = try HandlerHarness(peer: .local(uid: 990, user: "advisord", pid: 3), policy: policy, reload: { calls.add("reload"); return result })
        try harness.send(#"{"id":1,"op":"reload"}"#)
        #expect(try harness.responses().map(\.body) == [.reloaded(result)])
        #expect(calls.count("reload") == 1)
    }

    @Test func aDebugLogShowsAStudentsEscapesEscaped() throws {
        let harness = try HandlerHarness(logLevel: .debug)
        try harness.send(#"{"op":"open"}"#, #"{"op":"send","text":"\u001b]52;c;ZXZpbA==\u0007 hi"}"#)
        _ = try harness.responses()
        let logged = harness.logMessages.joined(separator: "\n")
        #expect(logged.contains(#"\u{1B}]52;c;ZXZpbA==\u{07} hi"#), "\(logged)")
        #expect(!logged.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 })
    }

    @Test func sendBeforeOpenIsRefusedAsNotOpened() throws {
        let harness = try HandlerHarness()
        try harness.send(#"{"id":7,"op":"send","text":"hello"}"#)
        #expect(try harness.responses().map(\.errorCode) == [.notOpened])
        #expect(harness.channel.isActive)
    }

    @Test func garbageAndUnknownOperationsGetErrorsAndTheConnectionCarriesOn() throws {
        let harness = try HandlerHarness()
        try harness.send(
            "this is not json", "[1,2,3]", #"{"id":3,"op":"fly"}"#, #"{"id":4}"#, #"{"id":5,"op":"send"}"#,
            #"{"id":6,"op":"send","text":42}"#, "", "   ", #"{"id":8,"op":"open"}"#)
        let responses = try harness.responses()
        #expect(responses.map(\.errorCode) == [.malformedRequest, .malformedRequest, .unknownOperation, .malformedRequest, .malformedRequest, .malformedRequest, nil])
        #expect(responses.map(\.id) == [nil, nil, .number(3), .number(4), .number(5), .number(6), .number(8)])
        if case .failure(let error) = responses[2].body {
            #expect(error.message.contains("fly"))
        }
    }

    @Test func oversizedLineGetsOneErrorAndTheNextRequestIsServed() throws {
        let harness = try HandlerHarness(limits: ConnectionLimits(maximumLineBytes: 1024, messagesPerSecond: 0))
        try harness.channel.writeInbound(ByteBuffer(string: String(repeating: "x", count: 5000)))
        try harness.channel.writeInbound(ByteBuffer(string: String(repeating: "x", count: 5000) + "\n"))
        try harness.send(#"{"id":2,"op":"open"}"#)
        let responses = try harness.responses()
        #expect(responses.map(\.errorCode) == [.lineTooLong, nil])
        if case .failure(let error) = responses[0].body {
            #expect(error.message.contains("10000 bytes"))
        }
    }

    @Test func untrustedPeerCannotSpeakForAnotherUserAndIsLogged() throws {
        let harness = try HandlerHarness(policy: IdentityPolicy(trustedUID: 999, trustedName: "advisor"))
        try harness.send(#"{"id":1,"op":"open","user":"bob"}"#, #"{"id":2,"op":"send","text":"hi"}"#)
        let responses = try harness.responses()
        #expect(responses.map(\.errorCode) == [.forbidden, .notOpened])
        if case .failure(let error) = responses[0].body {
            #expect(error.message == "You are alice, and only the trusted account advisor may speak for another user, so you cannot open \"bob\"'s conversation.")
        }
        #expect(harness.logs.entries.contains { $0.level == .warning && "\($0.message)".contains("refused to speak for another user") })
        #expect(try harness.store.load(user: "bob").value == nil)
    }

    @Test func peerMayNameItself() throws {
        let harness = try HandlerHarness()
        try harness.send(#"{"id":1,"op":"open","user":"alice"}"#)
        #expect(try harness.responses().map(\.isSuccess) == [true])
    }

    @Test func trustedAccountMaySpeakForAnyUser() throws {
        let harness = try HandlerHarness(peer: .local(uid: 999, user: "advisor", pid: 1), policy: IdentityPolicy(trustedUID: 999, trustedName: "advisor"))
        try harness.send(#"{"id":1,"op":"open","user":"bob"}"#, #"{"id":2,"op":"send","text":"what is lean manufacturing?"}"#)
        let responses = try harness.responses()
        guard case .opened(let user, _, _) = responses[0].body else {
            Issue.record("expected the open to succeed: \(responses[0])")
            return
        }
        #expect(user == "bob")
        #expect(responses[1].isSuccess)
        #expect(try harness.store.load(user: "bob").value?.turnCount == 1)
        #expect(try harness.store.load(user: "advisor").value == nil)
    }

    @Test func trustedAccountCannotNameAnUnusableUser() throws {
        let harness = try HandlerHarness(peer: .local(uid: 999, user: "advisor", pid: 1), policy: IdentityPolicy(trustedUID: 999))
        try harness.send(#"{"op":"open","user":"a\nb"}"#, #"{"op":"open","user":""}"#)
        #expect(try harness.responses().map(\.errorCode) == [.invalidUser, .invalidUser])
    }

    @Test func tcpPeerIsTheAnonymousUserAndCannotNameAnother() throws {
        let harness = try HandlerHarness(peer: .tcp(address: "127.0.0.1:5555"), policy: IdentityPolicy(trustedUID: 0))
        try harness.send(#"{"op":"open","user":"root"}"#, #"{"op":"open"}"#)
        let responses = try harness.responses()
        #expect(responses[0].errorCode == .forbidden)
        guard case .opened(let user, _, _) = responses[1].body else {
            Issue.record("expected an anonymous open")
            return
        }
        #expect(user == IdentityPolicy.tcpUser)
    }

    @Test func rateLimitRefusesABurstAndRecoversWithTime() throws {
        let harness = try HandlerHarness(limits: ConnectionLimits(messagesPerSecond: 2, burst: 2))
        try harness.send(#"{"id":1,"op":"open"}"#, #"{"id":2,"op":"completions"}"#, #"{"id":3,"op":"completions"}"#)
        let responses = try harness.responses()
        #expect(responses.map(\.errorCode) == [nil, nil, .rateLimited])
        guard case .failure(let error) = responses[2].body else { return }
        #expect(error.retryAfterMilliseconds == 500)
        harness.channel.embeddedEventLoop.advanceTime(by: .milliseconds(500))
        try harness.send(#"{"id":4,"op":"completions"}"#)
        #expect(try harness.responses().map(\.errorCode) == [nil])
    }

    @Test func halfClosedClientGetsEveryReplyBeforeTheConnectionCloses() throws {
        let runner = ManualTurnRunner()
        let harness = try HandlerHarness(runner: runner)
        try harness.send(#"{"id":1,"op":"open"}"#, #"{"id":2,"op":"send","text":"what is six sigma?"}"#)
        harness.channel.pipeline.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
        #expect(harness.channel.isActive)
        runner.releaseNext()
        #expect(try harness.responses().map(\.id) == [.number(1)])
        runner.releaseNext()
        #expect(try harness.responses().map(\.id) == [.number(2)])
        #expect(!harness.channel.isActive)
    }

    @Test func halfALineBeforeClosingGetsAnIncompleteLineError() throws {
        let harness = try HandlerHarness()
        try harness.channel.writeInbound(ByteBuffer(string: #"{"id":1,"op":"op"#))
        harness.channel.pipeline.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
        #expect(try harness.responses().map(\.errorCode) == [.incompleteLine])
        #expect(!harness.channel.isActive)
    }

    @Test func requestsWaitingBehindATurnKeepTheirOrder() throws {
        let runner = ManualTurnRunner()
        let harness = try HandlerHarness(runner: runner)
        try harness.send(
            #"{"id":1,"op":"open"}"#, #"{"id":2,"op":"completions"}"#, #"{"id":3,"op":"send","text":"hello"}"#,
            #"{"id":4,"op":"completions"}"#)
        #expect(try harness.responses().isEmpty)
        runner.releaseNext()
        #expect(try harness.responses().map(\.id) == [.number(1), .number(2)])
        runner.releaseNext()
        #expect(try harness.responses().map(\.id) == [.number(3), .number(4)])
    }

    @Test func shutdownFinishesTheTurnInFlightAndRefusesQueuedRequests() throws {
        let runner = ManualTurnRunner()
        let harness = try HandlerHarness(runner: runner)
        try harness.send(#"{"id":1,"op":"open"}"#, #"{"id":2,"op":"send","text":"what is lean?"}"#)
        runner.releaseNext()
        try harness.send(#"{"id":3,"op":"send","text":"tell me more"}"#)
        _ = try harness.responses()
        harness.channel.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
        #expect(harness.channel.isActive)
        runner.releaseNext()
        let responses = try harness.responses()
        #expect(responses.map(\.id) == [.number(2), nil])
        #expect(responses.map(\.errorCode) == [nil, .shuttingDown])
        #expect(!harness.channel.isActive)
        #expect(try harness.store.load(user: "alice").value?.turnCount == 1)
    }

    @Test func idleConnectionIsClosed() throws {
        let harness = try HandlerHarness(limits: ConnectionLimits(messagesPerSecond: 0, idleTimeout: .seconds(10)))
        harness.channel.embeddedEventLoop.advanceTime(by: .seconds(6))
        try harness.send(#"{"op":"completions"}"#)
        harness.channel.embeddedEventLoop.advanceTime(by: .seconds(6))
        #expect(harness.channel.isActive, "a complete request 6 s ago")
        harness.channel.embeddedEventLoop.advanceTime(by: .seconds(5))
        #expect(!harness.channel.isActive)
    }

    /// The audit's bug 2: a byte a second reset the idle timeout, so a line trickled in held
    /// a connection for hours. Only complete requests count now.
    @Test func aLineTrickledInDoesNotKeepTheConnectionOpen() throws {
        let harness = try HandlerHarness(limits: ConnectionLimits(messagesPerSecond: 0, idleTimeout: .seconds(10)))
        for _ in 0..<9 {
            try harness.channel.writeInbound(ByteBuffer(string: "x"))
            harness.channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        }
        #expect(harness.channel.isActive)
        for _ in 0..<3 {
            if harness.channel.isActive { try harness.channel.writeInbound(ByteBuffer(string: "x")) }
            harness.channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        }
        #expect(!harness.channel.isActive)
    }

    @Test func messageTextIsLoggedOnlyAtDebugLevel() throws {
        let secret = "my manager is unfair and I want to quit"
        let info = try HandlerHarness()
        try info.send(#"{"op":"open"}"#, #"{"op":"send","text":"\#(secret)"}"#)
        #expect(info.logMessages.contains { $0.contains("latency_ms") && $0.contains("intent") })
        #expect(!info.logMessages.contains { $0.contains(secret) })

        let debug = try HandlerHarness(logLevel: .debug)
        try debug.send(#"{"op":"open"}"#, #"{"op":"send","text":"\#(secret)"}"#)
        #expect(debug.logMessages.contains { $0.contains(secret) })
    }
}
