import NIOCore
import Glibc

/// How the daemon listens and what it allows.
public struct DaemonConfiguration: Sendable {
    /// The Unix socket to listen on.
    public var socketPath: String
    /// The permission bits of the socket file.
    ///
    /// 0660 by default: the daemon's user and its group may connect, nobody else. Who the
    /// user is comes from `SO_PEERCRED`, not from the permissions; they decide who may
    /// talk to the advisor at all. Put students in the group (or the socket in a setgid
    /// directory of theirs) to let them connect with their own accounts.
    public var socketMode: UInt16
    /// A TCP address on loopback to listen on as well, if any.
    public var tcp: LoopbackAddress?
    /// Who may speak for whom.
    public var policy: IdentityPolicy
    /// Connections beyond this number get one `too_many_connections` error and are closed.
    public var maximumConnections: Int
    /// How many connections one account (a uid on the Unix socket) may hold at once; the
    /// trusted account, which speaks for every SSH student, is bounded only by the total.
    public var maximumConnectionsPerUser: Int
    /// Connections of the total that only the trusted account may take, so that a flood from
    /// local accounts never locks the SSH students out.
    public var trustedReserve: Int
    /// How many TCP connections may be open at once, all addresses together.
    public var maximumTCPConnections: Int
    /// How many TCP connections one address may hold at once.
    public var maximumConnectionsPerAddress: Int
    public var limits: ConnectionLimits
    /// Where turns run.
    public var turnExecution: TurnExecution
    /// Threads that run turns when they run on worker threads.
    public var workerThreads: Int
    /// Threads that run the event loops (sockets, framing, JSON).
    public var eventLoopThreads: Int
    /// How long a graceful shutdown waits for connections to finish their turns before
    /// closing them.
    public var shutdownTimeout: Duration

    public init(
        socketPath: String, socketMode: UInt16 = 0o660, tcp: LoopbackAddress? = nil, policy: IdentityPolicy = IdentityPolicy(),
        maximumConnections: Int = 1024, maximumConnectionsPerUser: Int = 32, trustedReserve: Int = 128,
        maximumTCPConnections: Int = 64, maximumConnectionsPerAddress: Int = 16, limits: ConnectionLimits = ConnectionLimits(),
        turnExecution: TurnExecution = .workerThreads, workerThreads: Int = 8, eventLoopThreads: Int = System.coreCount, shutdownTimeout: Duration = .seconds(15)
    ) {
        self.socketPath = socketPath
        self.socketMode = socketMode
        self.tcp = tcp
        self.policy = policy
        self.maximumConnections = maximumConnections
        self.maximumConnectionsPerUser = maximumConnectionsPerUser
        self.trustedReserve = trustedReserve
        self.maximumTCPConnections = maximumTCPConnections
        self.maximumConnectionsPerAddress = maximumConnectionsPerAddress
        self.limits = limits
        self.turnExecution = turnExecution
        self.workerThreads = workerThreads
        self.eventLoopThreads = eventLoopThreads
        self.shutdownTimeout = shutdownTimeout
    }
}

/// Where the daemon runs turns.
public enum TurnExecution: Sendable, Equatable, CaseIterable {
    /// On a pool of worker threads, each user's turns in order: for a store that waits for
    /// the disk on every turn (fdatasync), which must not hold up an event loop.
    case workerThreads
    /// On the event loop of the connection, as soon as the request is read: for a store
    /// whose turns never wait for the disk (written to the page cache, not synced). No
    /// hand-over between threads; two connections of one user are serialised by the
    /// store's per-user lock, which a turn holds for microseconds.
    case eventLoop
}

/// A TCP address that is on loopback: 127.0.0.0/8 or ::1.
public struct LoopbackAddress: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int

    /// Parses `HOST:PORT` or `[V6HOST]:PORT`, refusing any host that is not a loopback address.
    ///
    /// `localhost` is accepted and means 127.0.0.1; other names are refused, because a name
    /// could resolve to an address on a network.
    ///
    /// - Throws: `DaemonStartError` with a sentence saying what is wrong.
    public init(parsing text: String) throws {
        var host: Substring
        let portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else {
                throw DaemonStartError("\(text) is not an address: write [::1]:PORT or 127.0.0.1:PORT.")
            }
            host = text[text.index(after: text.startIndex)..<close]
            portText = text[text.index(close, offsetBy: 2)...]
        } else {
            guard let colon = text.lastIndex(of: ":"), !text[..<colon].contains(":") else {
                throw DaemonStartError("\(text) is not an address: write 127.0.0.1:PORT or [::1]:PORT.")
            }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
        }
        guard let port = Int(portText), (0...65535).contains(port) else {
            throw DaemonStartError("\(portText) is not a port number; give one from 0 to 65535.")
        }
        if host == "localhost" { host = "127.0.0.1" }
        guard Self.isLoopback(String(host)) else {
            throw DaemonStartError("The daemon listens on loopback only (127.0.0.0/8 or ::1), not on \(host): TCP connections cannot be identified, so they must not come from another machine.")
        }
        self.host = String(host)
        self.port = port
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    static func isLoopback(_ host: String) -> Bool {
        var v4 = in_addr()
        if inet_pton(AF_INET, host, &v4) == 1 {
            return UInt32(bigEndian: v4.s_addr) >> 24 == 127
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, host, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { bytes in bytes.prefix(15).allSatisfy { $0 == 0 } && bytes[15] == 1 }
        }
        return false
    }
}

/// The daemon could not start; the message says why in a sentence.
public struct DaemonStartError: Error, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
