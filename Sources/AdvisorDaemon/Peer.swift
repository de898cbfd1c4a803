import AdvisorEngine
import Foundation
import NIOCore
import Synchronization
import Glibc

/// Who is at the other end of a connection, as the operating system tells it.
public enum Peer: Sendable, Equatable, CustomStringConvertible {
    /// A process on the Unix socket: its uid from `SO_PEERCRED`, and that uid's user name.
    case local(uid: UInt32, user: String, pid: Int32)
    /// A client over TCP on loopback: nothing is known about who it is.
    case tcp(address: String)

    public var description: String {
        switch self {
        case .local(let uid, let user, let pid): "\(user) (uid \(uid), pid \(pid))"
        case .tcp(let address): "tcp \(address)"
        }
    }
}

/// Decides which user a connection speaks for.
///
/// - On the Unix socket a connection is its peer's OS user. `open` may name that same user,
///   or any user if the peer's uid is the trusted account's (the SSH forced command runs as
///   that account and names the student with `--as`).
/// - Over TCP nobody can be told apart, so every TCP connection is the anonymous user
///   `tcpUser` and may not name another; the daemon gives each TCP connection a conversation
///   of its own, in memory, never shared or saved. TCP is for trying the protocol on one
///   machine, not for students. It never gets the trusted role.
public struct IdentityPolicy: Sendable, Equatable {
    /// The user every TCP connection speaks as.
    public static let tcpUser = "tcp-anonymous"

    /// The uid allowed to speak for other users, if any.
    public var trustedUID: UInt32?
    /// The trusted account's name, for messages.
    public var trustedName: String?
    /// The uids that may operate the daemon (`reload`): root and the daemon's own account,
    /// the one systemd's `ExecReload` runs as. The trusted account is not among them: it
    /// speaks for students, it does not run the service.
    public var operatorUIDs: Set<UInt32>

    public init(trustedUID: UInt32? = nil, trustedName: String? = nil, operatorUIDs: Set<UInt32> = [0, geteuid()]) {
        self.trustedUID = trustedUID
        self.trustedName = trustedName
        self.operatorUIDs = operatorUIDs
    }

    /// Whether `peer` may operate the daemon; TCP never may.
    func mayOperate(_ peer: Peer) -> Bool {
        if case .local(let uid, _, _) = peer { return operatorUIDs.contains(uid) }
        return false
    }

    /// The user a connection from `peer` speaks for when it opens with `requested`.
    func user(for peer: Peer, requested: String?) -> Result<String, DaemonError> {
        switch peer {
        case .local(let uid, let own, _):
            guard let requested, requested != own else { return .success(own) }
            if let trustedUID, uid == trustedUID { return .success(requested) }
            let rule = trustedUID == nil
                ? "this daemon lets no account speak for another user"
                : "only the trusted account\(trustedName.map { " \($0)" } ?? "") may speak for another user"
            return .failure(DaemonError(.forbidden, "You are \(own), and \(rule), so you cannot open \(Self.quoted(requested))'s conversation."))
        case .tcp:
            guard let requested, requested != Self.tcpUser else { return .success(Self.tcpUser) }
            return .failure(DaemonError(.forbidden, "A TCP connection cannot name a user: it is an anonymous conversation of its own (\(Self.tcpUser)), kept only while the connection lasts. Connect to the Unix socket to be yourself."))
        }
    }

    /// Whether `peer` is the trusted account.
    func isTrusted(_ peer: Peer) -> Bool {
        if case .local(let uid, _, _) = peer, let trustedUID { return uid == trustedUID }
        return false
    }

    static func quoted(_ name: String) -> String {
        // Control characters as "?", and no bidirectional controls, which reorder what a log line seems to say.
        "\"" + ControlCharacters.shown(name, limit: 64) + "\""
    }
}

/// The peer credentials Linux returns for `SO_PEERCRED`, laid out as `struct ucred`.
///
/// Glibc does not export `ucred` to Swift, so the layout is repeated here.
struct PeerCredentials: Sendable {
    var pid: Int32 = 0
    var uid: UInt32 = 0
    var gid: UInt32 = 0
}

enum PeerLookup {
    /// The credentials of the process at the other end of a Unix-socket channel.
    static func credentials(of channel: any Channel) -> EventLoopFuture<PeerCredentials> {
        guard let provider = channel as? any SocketOptionProvider else {
            return channel.eventLoop.makeFailedFuture(PeerLookupError())
        }
        return provider.unsafeGetSocketOption(
            level: NIOBSDSocket.OptionLevel(rawValue: SOL_SOCKET), name: NIOBSDSocket.Option(rawValue: SO_PEERCRED))
    }

    /// The name of the user with `uid`, or `uid-N` when the system has no entry for it.
    static func userName(uid: UInt32) -> String {
        var entry = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 4096)
        let status = getpwuid_r(uid_t(uid), &entry, &buffer, buffer.count, &result)
        guard status == 0, result != nil, let name = entry.pw_name else { return "uid-\(uid)" }
        return String(cString: name)
    }

    /// The uid of the user called `name`, or nil if there is none.
    static func uid(ofUser name: String) -> UInt32? {
        var entry = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 4096)
        let status = getpwnam_r(name, &entry, &buffer, buffer.count, &result)
        guard status == 0, result != nil else { return nil }
        return UInt32(entry.pw_uid)
    }
}

struct PeerLookupError: Error, CustomStringConvertible {
    var description: String { "The peer's credentials could not be read." }
}

/// User names by uid, looked up once each (the lookup may read /etc/passwd or ask NSS).
final class UserNames: Sendable {
    private let names = Mutex<[UInt32: String]>([:])

    func name(uid: UInt32) -> String {
        if let name = names.withLock({ $0[uid] }) { return name }
        let name = PeerLookup.userName(uid: uid)
        names.withLock { $0[uid] = name }
        return name
    }
}
