import Foundation
import Glibc

/// The Unix socket's file: checking what is there before binding, and removing it after.
package enum SocketFile {
    /// The longest path a Unix socket address holds (`sun_path` less its NUL).
    static let maximumPathBytes = MemoryLayout.size(ofValue: sockaddr_un().sun_path) - 1

    /// Makes `path` free for a new socket.
    ///
    /// A socket file that nothing answers on is left over from a daemon that died, and is
    /// removed. A socket that answers belongs to a running daemon, and anything that is not
    /// a socket is not ours: both are left alone and starting fails.
    static func prepare(_ path: String) throws {
        guard path.utf8.count <= maximumPathBytes else {
            throw DaemonStartError("The socket path \(path) is \(path.utf8.count) bytes long; Unix sockets allow at most \(maximumPathBytes). Choose a shorter --socket.")
        }
        var info = stat()
        guard lstat(path, &info) == 0 else {
            if errno == ENOENT { return }
            throw DaemonStartError("Cannot check the socket path \(path): \(String(cString: strerror(errno))).")
        }
        guard info.st_mode & S_IFMT == S_IFSOCK else {
            throw DaemonStartError("\(path) exists and is not a socket; the daemon does not replace it. Remove it or choose another --socket.")
        }
        switch probe(path) {
        case .live:
            throw DaemonStartError("An advisor daemon is already listening on \(path); stop it first, or choose another --socket.")
        case .stale:
            guard unlink(path) == 0 || errno == ENOENT else {
                throw DaemonStartError("Cannot remove the stale socket file \(path): \(String(cString: strerror(errno))).")
            }
        case .unknown(let code):
            throw DaemonStartError("Cannot tell whether a daemon is listening on \(path) (\(String(cString: strerror(code)))); the daemon does not replace it.")
        }
    }

    enum Probe: Equatable {
        case live
        case stale
        case unknown(Int32)
    }

    /// Whether something accepts connections on the socket at `path`.
    static func probe(_ path: String) -> Probe {
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return .unknown(errno) }
        defer { close(descriptor) }
        let result = withUnixAddress(path) { address, length in connect(descriptor, address, length) }
        if result == 0 { return .live }
        switch errno {
        case ECONNREFUSED, ENOENT: return .stale
        case EAGAIN: return .live  // the listener's backlog is full: it is alive
        case let code: return .unknown(code)
        }
    }

    /// Calls `body` with a `sockaddr_un` for `path`, or returns -1 with `errno` ENAMETOOLONG.
    package static func withUnixAddress(_ path: String, _ body: (UnsafePointer<sockaddr>, socklen_t) -> Int32) -> Int32 {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count <= maximumPathBytes else {
            errno = ENAMETOOLONG
            return -1
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
    }

    /// The device and inode of the file at `path`, to recognise our own socket later.
    static func identity(_ path: String) -> (dev: UInt64, ino: UInt64)? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        return (UInt64(info.st_dev), UInt64(info.st_ino))
    }

    /// Removes the socket file if it is still the one this daemon created.
    static func remove(_ path: String, ifStill identity: (dev: UInt64, ino: UInt64)?) {
        guard let identity, let current = Self.identity(path), current == identity else { return }
        unlink(path)
    }
}
