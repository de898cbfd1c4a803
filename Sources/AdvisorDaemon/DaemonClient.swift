import AdvisorRuntime
import Foundation
import Synchronization
import Glibc

/// The conversation service of a running daemon, over its Unix socket.
///
/// A blocking client: each call writes one request line and waits for its response. It is
/// what `advisor chat --connect SOCKET` talks to instead of an embedded
/// `ConversationService`. The daemon decides who the user is (from the socket's peer
/// credentials); `open(user:)` may name the connecting account's own user, or any user
/// when the connecting account is the daemon's trusted account (`--as NAME` over SSH).
///
/// The connection survives the daemon's idle timeout: when a request would come after the
/// connection has been idle for longer than the daemon allows, the client reconnects and
/// opens the same conversation again first. When the daemon rate-limits a request, the
/// client waits as long as the daemon asks and sends it again (a refused request was not
/// taken, so sending it again cannot make a turn twice).
public final class DaemonClient: Sendable {
    /// The socket this client talks to.
    public let socketPath: String
    /// The connection and what the conversation on it needs, one exchange at a time.
    private let session: Mutex<Session>

    /// Connects to the daemon at `socketPath`.
    ///
    /// - Parameter timeout: how long to wait for any one response; nil waits for ever.
    /// - Throws: `DaemonClientError` (`.notRunning`) when no daemon answers there.
    public init(socketPath: String, timeout: Duration? = .seconds(120)) throws(DaemonClientError) {
        self.socketPath = socketPath
        session = Mutex(Session(socketPath: socketPath, timeout: timeout, connection: try DaemonConnection(path: socketPath, timeout: timeout)))
    }

    deinit {
        session.withLock { $0.connection?.close() }
    }

    /// The user the daemon opened the conversation for, once `open` has succeeded.
    public var user: String? {
        session.withLock { $0.opened?.user }
    }

    /// Opens (or resumes) `user`'s conversation and returns the welcome.
    ///
    /// - Throws: `DaemonClientError`: `.refused` with the daemon's sentence when the
    ///   connecting account may not speak for `user`.
    public func open(user: String) throws -> ConversationOutput {
        try openConversation(requested: user)
    }

    /// Opens (or resumes) the conversation of the connecting account's own user.
    public func open() throws -> ConversationOutput {
        try openConversation(requested: nil)
    }

    /// Sends a message or slash command to the conversation this connection opened.
    public func send(_ text: String) throws -> ConversationOutput {
        let response = try session.withLock { session throws(DaemonClientError) in try session.exchange(.send(text: text)) }
        guard case .sent(let output) = response.body else { throw unexpected(response) }
        return output
    }

    /// Asks the daemon to reload its knowledge base (root or the daemon's own account only).
    ///
    /// - Returns: what lint found; `reloaded` says whether the new knowledge base is in use.
    public func reload() throws -> KnowledgeReload {
        let response = try session.withLock { session throws(DaemonClientError) in try session.exchange(.reload) }
        guard case .reloaded(let result) = response.body else { throw unexpected(response) }
        return result
    }

    /// What the daemon has done since it started (counts only).
    public func status() throws -> DaemonStatus {
        let response = try session.withLock { session throws(DaemonClientError) in try session.exchange(.status) }
        guard case .status(let status) = response.body else { throw unexpected(response) }
        return status
    }

    /// Slash commands, topics and entity names worth completing with Tab.
    public func completions() throws -> [String] {
        let response = try session.withLock { session throws(DaemonClientError) in try session.exchange(.completions) }
        guard case .completions(let words) = response.body else { throw unexpected(response) }
        return words
    }

    /// Tells the daemon the conversation is over and closes the connection.
    public func close() {
        session.withLock { session in
            if let connection = session.connection, connection.isOpen {
                session.nextID += 1
                _ = try? connection.exchange(JSONLines.encode(DaemonRequest(id: .number(session.nextID), .close)))
            }
            session.connection?.close()
            session.connection = nil
        }
    }

    private func openConversation(requested: String?) throws -> ConversationOutput {
        try session.withLock { session throws(DaemonClientError) in
            let response = try session.exchange(.open(user: requested))
            guard case .opened(let user, let output, let idle) = response.body else { throw unexpected(response) }
            session.opened = (requested, user)
            session.idleTimeout = idle.map { .seconds($0) }
            return output
        }
    }

    private func unexpected(_ response: DaemonResponse) -> DaemonClientError {
        DaemonClientError(.protocolError, path: socketPath, detail: "a response that does not match the request")
    }

    // MARK: - Exchanges

    /// One connection to the daemon and the conversation open on it.
    private struct Session {
        let socketPath: String
        let timeout: Duration?
        var connection: DaemonConnection?
        /// The conversation opened, to open again after a reconnection.
        var opened: (requested: String?, user: String)?
        var idleTimeout: Duration?
        var lastExchange = ContinuousClock.now
        var nextID = 0

        init(socketPath: String, timeout: Duration?, connection: DaemonConnection) {
            self.socketPath = socketPath
            self.timeout = timeout
            self.connection = connection
        }

        /// Sends one request and returns the response; throws the daemon's refusals.
        mutating func exchange(_ operation: DaemonRequest.Operation) throws(DaemonClientError) -> DaemonResponse {
            try reconnectIfIdle()
            for _ in 0..<50 {
                let response = try roundTrip(operation)
                if case .failure(let error) = response.body {
                    if error.code == .rateLimited, let wait = error.retryAfterMilliseconds {
                        Thread.sleep(forTimeInterval: Double(min(max(wait, 1), 5_000)) / 1000)
                        continue
                    }
                    throw DaemonClientError(refusal: error, path: socketPath)
                }
                return response
            }
            throw DaemonClientError(.refused, path: socketPath, detail: "the daemon kept refusing the request as too frequent")
        }

        private mutating func roundTrip(_ operation: DaemonRequest.Operation) throws(DaemonClientError) -> DaemonResponse {
            guard let connection, connection.isOpen else {
                throw DaemonClientError(.wentAway, path: socketPath, detail: "the connection is closed")
            }
            nextID += 1
            let line = try connection.exchange(JSONLines.encode(DaemonRequest(id: .number(nextID), operation)))
            lastExchange = .now
            do {
                return try JSONDecoder().decode(DaemonResponse.self, from: Data(line))
            } catch {
                throw DaemonClientError(.protocolError, path: socketPath, detail: "a response that is not valid JSON")
            }
        }

        /// The daemon closes connections idle for longer than its idle timeout: a request after
        /// that goes over a new connection that opens the same conversation first.
        private mutating func reconnectIfIdle() throws(DaemonClientError) {
            guard let idleTimeout, let opened else { return }
            let margin = min(Duration.seconds(5), idleTimeout / 2)
            guard ContinuousClock.now - lastExchange >= idleTimeout - margin else { return }
            connection?.close()
            connection = try DaemonConnection(path: socketPath, timeout: timeout)
            let response = try roundTrip(.open(user: opened.requested))
            if case .failure(let error) = response.body { throw DaemonClientError(refusal: error, path: socketPath) }
        }
    }
}

/// Why a `DaemonClient` call failed, as a sentence the user can act on.
public struct DaemonClientError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Reason: Sendable, Equatable {
        /// Nothing listens on the socket (no file, or connection refused).
        case notRunning
        /// The socket exists but this account may not connect to it.
        case permissionDenied
        /// The connection broke while talking.
        case wentAway
        /// No response within the timeout.
        case timedOut
        /// The daemon refused the request; `daemonError` says why.
        case refused
        /// The daemon sent something this client does not understand.
        case protocolError
    }

    public var reason: Reason
    /// The socket path.
    public var path: String
    /// The daemon's own error, for `.refused`.
    public var daemonError: DaemonError?
    var detail: String

    package init(_ reason: Reason, path: String, detail: String) {
        self.reason = reason
        self.path = path
        self.detail = detail
    }

    init(refusal: DaemonError, path: String) {
        self.reason = .refused
        self.path = path
        self.daemonError = refusal
        self.detail = refusal.message
    }

    package static func connecting(path: String, errno code: Int32) -> DaemonClientError {
        let detail = String(cString: strerror(code)).lowercased()
        switch code {
        case ENOENT, ECONNREFUSED, ENOTSOCK:
            return DaemonClientError(.notRunning, path: path, detail: detail)
        case EACCES, EPERM:
            return DaemonClientError(.permissionDenied, path: path, detail: detail)
        default:
            return DaemonClientError(.notRunning, path: path, detail: detail)
        }
    }

    public var description: String {
        switch reason {
        case .notRunning:
            "The advisor daemon at \(path) is not running (\(detail))."
        case .permissionDenied:
            "You may not connect to the advisor daemon at \(path) (\(detail)); ask its administrator to add you to the socket's group."
        case .wentAway:
            "The advisor daemon at \(path) went away (\(detail)); your last message may not have been answered. Start the daemon again, then reconnect."
        case .timedOut:
            "The advisor daemon at \(path) did not answer in time; it may be overloaded. Try again in a moment."
        case .refused:
            detail
        case .protocolError:
            "The advisor daemon at \(path) sent \(detail); is it the same version of advisor as this one?"
        }
    }
}
