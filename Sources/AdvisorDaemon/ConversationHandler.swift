import AdvisorEngine
import AdvisorRuntime
import AdvisorStore
import Foundation
import Logging
import NIOCore

/// The logic of one connection: requests in, responses out, one at a time and in order.
///
/// Lines come from `RequestFrameDecoder`; responses go out as encoded JSON lines. A turn
/// runs on the `TurnRunner`, off the event loop; the next request is taken only once its
/// response has been written, so responses keep the order of requests. While a turn runs,
/// up to `maximumQueuedRequests` further lines are kept and reading then stops, and a
/// client that does not read its responses stops being read from (the channel's
/// writability), so no client can make the daemon buffer without bound.
final class ConversationHandler: ChannelDuplexHandler {
    typealias InboundIn = RequestFrame
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let environment: ConnectionEnvironment
    private let peer: Peer
    private let connectionID: Int
    private var logger: Logger
    private var bucket: TokenBucket

    /// The open conversation, if any.
    private var conversation: (any Conversation)?
    /// The user of the open conversation, if any.
    var user: String? { conversation?.user }
    private var queued = CircularBuffer<RequestFrame>()
    /// Where the connection is in its life.
    private enum Phase {
        /// Taking requests.
        case open
        /// The client closed its side: the requests already read are answered, then it closes.
        case inputEnded
        /// The daemon is stopping: requests not yet started are refused, then it closes.
        case quiescing
        /// Closing once the responses written so far are out; nothing more is read or answered.
        case closing
    }

    private var phase = Phase.open
    private var closing: Bool { phase == .closing }
    /// A turn is running: the next request waits for its response (orthogonal to the phase:
    /// a turn may be running while the daemon quiesces).
    private var busy = false
    /// A read was asked for while reading was held back.
    private var readHeld = false
    /// `processQueued` is running: a turn that completes at once (on the event loop) lets
    /// the running loop go on rather than starting another one inside it.
    private var processing = false
    /// When the connection last completed a request line or got a response: what the idle
    /// timeout counts from. Bytes alone do not count, so a line trickled a byte at a time
    /// cannot hold a connection open.
    private var lastActivity = NIODeadline.now()
    private var idleCheck: Scheduled<Void>?

    init(environment: ConnectionEnvironment, peer: Peer, connectionID: Int) {
        self.environment = environment
        self.peer = peer
        self.connectionID = connectionID
        self.bucket = TokenBucket(rate: environment.limits.messagesPerSecond, burst: environment.limits.burst)
        var logger = environment.logger
        logger[metadataKey: "connection"] = "\(connectionID)"
        self.logger = logger
    }

    // MARK: - Events

    func channelActive(context: ChannelHandlerContext) {
        logger.info("connection opened", metadata: ["peer": "\(peer)"])
        environment.statistics.connectionOpened()
        lastActivity = context.eventLoop.now
        if let idle = environment.limits.idleTimeout { scheduleIdleCheck(in: TimeAmount(idle), context: context) }
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        idleCheck?.cancel()
        idleCheck = nil
        logger.info("connection closed", metadata: user.map { ["user": "\($0)"] } ?? [:])
        environment.statistics.connectionClosed()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if closing { return }
        lastActivity = context.eventLoop.now
        queued.append(unwrapInboundIn(data))
        processQueued(context: context)
    }

    /// Closes the connection once it has been idle (no complete request, no response, no
    /// turn running) for the idle timeout; otherwise looks again when it could be.
    private func scheduleIdleCheck(in delay: TimeAmount, context: ChannelHandlerContext) {
        idleCheck = context.eventLoop.assumeIsolated().scheduleTask(in: delay) { [self] in
            guard !closing, let idle = environment.limits.idleTimeout.map(TimeAmount.init) else { return }
            let quiet = context.eventLoop.now - lastActivity
            if quiet >= idle && !busy && queued.isEmpty {
                logger.info("closing an idle connection")
                close(context: context)
            } else {
                scheduleIdleCheck(in: busy || quiet >= idle ? idle : idle - quiet, context: context)
            }
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        switch event {
        case ChannelEvent.inputClosed:
            if phase == .open { phase = .inputEnded }
            processQueued(context: context)
        case is ChannelShouldQuiesceEvent:
            if phase != .closing { phase = .quiescing }
            processQueued(context: context)
        default:
            context.fireUserInboundEventTriggered(event)
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        processQueued(context: context)
        context.fireChannelWritabilityChanged()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        logger.debug("connection error", metadata: ["error": "\(error)"])
        close(context: context)
    }

    func read(context: ChannelHandlerContext) {
        if closing || queued.count >= environment.limits.maximumQueuedRequests || !context.channel.isWritable {
            readHeld = true
        } else {
            context.read()
        }
    }

    // MARK: - Requests

    /// Answers queued requests until one needs a turn, the queue is empty or writes back up.
    private func processQueued(context: ChannelHandlerContext) {
        guard !processing else { return }
        processing = true
        defer { processing = false }
        while !busy && !closing && context.channel.isWritable, let frame = queued.popFirst() {
            if phase == .quiescing {
                respond(DaemonResponse(id: nil, .failure(DaemonError(.shuttingDown, "The advisor is shutting down; your message was not taken. Try again in a moment."))), context: context)
                continue
            }
            handle(frame, context: context)
        }
        guard !busy && !closing else { return }
        if queued.isEmpty && (phase == .inputEnded || phase == .quiescing) {
            close(context: context)
            return
        }
        if readHeld && queued.count < environment.limits.maximumQueuedRequests && context.channel.isWritable {
            readHeld = false
            context.read()
        }
    }

    private func handle(_ frame: RequestFrame, context: ChannelHandlerContext) {
        let line: ByteBuffer
        switch frame {
        case .tooLong(let count):
            logger.notice("line too long", metadata: ["bytes": "\(count)"])
            let limit = environment.limits.maximumLineBytes
            fail(nil, DaemonError(.lineTooLong, "That line is \(count) bytes long; the daemon reads lines of at most \(limit) bytes, so it was discarded."), context: context)
            return
        case .incomplete(let count):
            logger.debug("input ended inside a line", metadata: ["bytes": "\(count)"])
            fail(nil, DaemonError(.incompleteLine, "The connection ended in the middle of a line (\(count) bytes without a newline); it was discarded."), context: context)
            return
        case .line(let bytes):
            line = bytes
        }
        let view = line.readableBytesView
        if view.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) { return }

        let request: DaemonRequest
        switch DaemonRequest.decode(view) {
        case .success(let decoded):
            request = decoded
        case .failure(let failure):
            logger.notice("bad request", metadata: ["code": "\(failure.error.code.rawValue)"])
            fail(failure.id, failure.error, context: context)
            return
        }
        if let wait = bucket.take(now: context.eventLoop.now) {
            let milliseconds = max(1, Int((wait.nanoseconds + 999_999) / 1_000_000))
            logger.notice("rate limited", metadata: ["retry_after_ms": "\(milliseconds)"])
            let rate = environment.limits.messagesPerSecond
            fail(request.id, DaemonError(.rateLimited, "Too many requests: this connection may send \(Self.format(rate)) a second. Wait \(milliseconds) ms and send it again.", retryAfterMilliseconds: milliseconds), context: context)
            return
        }

        switch request.operation {
        case .open(let requested):
            open(requested, id: request.id, context: context)
        case .send(let text):
            guard let conversation else {
                fail(request.id, DaemonError(.notOpened, "Open a conversation first: send {\"op\":\"open\"}."), context: context)
                return
            }
            let user = conversation.user
            if logger.logLevel <= .debug {
                // Escaped: an operator tailing the log must not get the student's terminal escapes.
                logger.debug("message", metadata: ["user": "\(user)", "text": "\(text.debugDescription)"])
            }
            runTurn(id: request.id, user: user, operation: "send", context: context) { _ in
                (.sent(try conversation.send(text)), nil)
            }
        case .completions:
            do {
                respond(DaemonResponse(id: request.id, .completions(try environment.endpoint.completions())), context: context)
            } catch {
                fail(request.id, Self.daemonError(error), context: context)
            }
        case .close:
            respond(DaemonResponse(id: request.id, .closed), context: context)
            close(context: context)
        case .reload:
            reload(id: request.id, context: context)
        case .status:
            respond(DaemonResponse(id: request.id, .status(environment.statistics.status(connections: environment.connectionCount()))), context: context)
        }
    }

    /// Reloads the knowledge base for an operator, off the event loop (lint reads every file).
    private func reload(id: RequestID?, context: ChannelHandlerContext) {
        guard environment.policy.mayOperate(peer) else {
            logger.warning("refused a reload", metadata: ["peer": "\(peer)"])
            fail(id, DaemonError(.forbidden, "Only root or the daemon's own account may reload the knowledge base; you are \(peer)."), context: context)
            return
        }
        guard let reload = environment.reload else {
            fail(id, DaemonError(.unknownOperation, "This daemon has no knowledge-base directory to reload."), context: context)
            return
        }
        logger.notice("reload asked for", metadata: ["peer": "\(peer)"])
        busy = true
        // Its own queue key: a reload never waits behind a student's turn, nor holds one up.
        let future = environment.runner.run(user: "\u{0}reload", on: context.eventLoop) { reload() }
        future.assumeIsolated().whenComplete { result in
            self.busy = false
            switch result {
            case .success(let outcome): self.respond(DaemonResponse(id: id, .reloaded(outcome)), context: context)
            case .failure(let error): self.fail(id, Self.daemonError(error), context: context)
            }
            self.processQueued(context: context)
        }
    }

    private func open(_ requested: String?, id: RequestID?, context: ChannelHandlerContext) {
        let resolved: String
        switch environment.policy.user(for: peer, requested: requested) {
        case .success(let name):
            resolved = name
        case .failure(let error):
            logger.warning("refused to speak for another user", metadata: [
                "peer": "\(peer)", "requested": "\(IdentityPolicy.quoted(requested ?? ""))",
            ])
            fail(id, error, context: context)
            return
        }
        do {
            _ = try UserFileName(user: resolved)
        } catch {
            fail(id, DaemonError(.invalidUser, "\(error)"), context: context)
            return
        }
        if requested != nil, environment.policy.isTrusted(peer) {
            logger.info("trusted account speaks for a user", metadata: ["peer": "\(peer)", "user": "\(resolved)"])
        }
        let idleSeconds = environment.limits.idleTimeout.map { Int($0.components.seconds) }
        runTurn(id: id, user: resolved, operation: "open", context: context) { endpoint in
            let opened = try endpoint.open(user: resolved)
            return (.opened(user: resolved, output: opened.welcome, idleTimeoutSeconds: idleSeconds), opened.conversation)
        }
    }

    /// What a turn hands back to the event loop: the encoded response and what to log.
    private struct TurnOutcome: Sendable {
        var line: [UInt8]
        /// The conversation an `open` opened.
        var opened: (any Conversation)?
        var intent: String?
        var kind: String?
        var failure: DaemonError.Code?
        var latency: Duration
    }

    /// Runs one turn on the runner and writes its response when it is done.
    private func runTurn(
        id: RequestID?, user: String, operation: String, context: ChannelHandlerContext,
        _ turn: @escaping @Sendable (any ConversationEndpoint) throws -> (DaemonResponse.Body, (any Conversation)?)
    ) {
        busy = true
        let endpoint = environment.endpoint
        let started = ContinuousClock.now
        let future = environment.runner.run(user: user, on: context.eventLoop) { () -> TurnOutcome in
            let body: DaemonResponse.Body
            var opened: (any Conversation)?
            do {
                (body, opened) = try turn(endpoint)
            } catch {
                body = .failure(Self.daemonError(error))
            }
            let response = DaemonResponse(id: id, body)
            var outcome = TurnOutcome(line: JSONLines.encode(response), opened: opened, latency: ContinuousClock.now - started)
            if let output = response.output {
                outcome.intent = output.intent
                outcome.kind = output.reply?.kind.rawValue ?? output.kind.rawValue
            }
            if case .failure(let error) = body { outcome.failure = error.code }
            return outcome
        }
        future.assumeIsolated().whenComplete { result in
            self.busy = false
            switch result {
            case .success(let outcome):
                if outcome.failure == nil {
                    self.environment.statistics.turnAnswered(intent: outcome.intent, outcome: outcome.kind ?? operation, latency: outcome.latency)
                    if let opened = outcome.opened { self.conversation = opened }
                    // Building the metadata costs more than the rest of the event-loop work
                    // of a turn: only when it is logged.
                    guard self.logger.logLevel <= .info else {
                        self.write(outcome.line, context: context)
                        break
                    }
                }
                var metadata: Logger.Metadata = [
                    "user": "\(user)", "op": "\(operation)",
                    "latency_ms": "\(String(format: "%.2f", Self.milliseconds(outcome.latency)))",
                ]
                if let intent = outcome.intent { metadata["intent"] = "\(intent)" }
                if let kind = outcome.kind { metadata["kind"] = "\(kind)" }
                if let failure = outcome.failure {
                    self.environment.statistics.turnFailed()
                    metadata["error"] = "\(failure.rawValue)"
                    self.logger.error("turn failed", metadata: metadata)
                } else {
                    self.logger.info("turn", metadata: metadata)
                }
                self.write(outcome.line, context: context)
            case .failure(let error):
                self.fail(id, Self.daemonError(error), context: context)
            }
            self.processQueued(context: context)
        }
    }

    // MARK: - Writing

    private func fail(_ id: RequestID?, _ error: DaemonError, context: ChannelHandlerContext) {
        environment.statistics.refused(error.code)
        respond(DaemonResponse(id: id, .failure(error)), context: context)
    }

    private func respond(_ response: DaemonResponse, context: ChannelHandlerContext) {
        write(JSONLines.encode(response), context: context)
    }

    private func write(_ line: [UInt8], context: ChannelHandlerContext) {
        guard context.channel.isActive else { return }
        lastActivity = context.eventLoop.now
        let buffer = context.channel.allocator.buffer(bytes: line)
        context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
    }

    /// Closes the connection once every response written so far has gone out.
    private func close(context: ChannelHandlerContext) {
        guard !closing else { return }
        phase = .closing
        queued.removeAll()
        guard context.channel.isActive else {
            context.close(promise: nil)
            return
        }
        // Writes complete in order, so an empty one completes after every response.
        let written = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(capacity: 0)), promise: written)
        written.futureResult.assumeIsolated().whenComplete { _ in
            context.close(promise: nil)
        }
    }
}
