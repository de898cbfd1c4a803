import Foundation
import Glibc

/// One blocking connection to the daemon's Unix socket: write a line, read a line.
///
/// Plain POSIX sockets, no event loop: a front end talks to the daemon one request at a
/// time, and a thread blocked in `read` is the simplest correct way to wait for a reply.
package final class DaemonConnection {
    /// The longest response line accepted (a response carries one reply: far less).
    package static let maximumResponseBytes = 4 << 20

    let path: String
    private var descriptor: Int32
    private var buffer: [UInt8] = []
    private var start = 0

    /// Connects to the socket at `path`.
    ///
    /// - Parameter timeout: how long a read may wait for the daemon; nil waits for ever.
    /// - Throws: `DaemonClientError` when nothing listens there or it may not be reached.
    init(path: String, timeout: Duration?) throws(DaemonClientError) {
        self.path = path
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else {
            throw DaemonClientError(.notRunning, path: path, detail: String(cString: strerror(errno)))
        }
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        let result = SocketFile.withUnixAddress(path) { address, length in
            var result: Int32
            repeat { result = connect(descriptor, address, length) } while result != 0 && errno == EINTR
            return result
        }
        guard result == 0 else {
            let code = errno
            Glibc.close(descriptor)
            throw DaemonClientError.connecting(path: path, errno: code)
        }
        if let timeout {
            let parts = timeout.components
            var value = timeval(tv_sec: Int(parts.seconds), tv_usec: Int(parts.attoseconds / 1_000_000_000_000))
            setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &value, socklen_t(MemoryLayout<timeval>.size))
        }
        self.descriptor = descriptor
    }

    deinit {
        if descriptor >= 0 { Glibc.close(descriptor) }
    }

    /// Closes the connection; later exchanges fail.
    func close() {
        if descriptor >= 0 {
            shutdown(descriptor, Int32(SHUT_RDWR))
            Glibc.close(descriptor)
            descriptor = -1
        }
    }

    var isOpen: Bool { descriptor >= 0 }

    /// Sends `line` (which must end with a newline) and returns the next line received,
    /// without its newline.
    func exchange(_ line: [UInt8]) throws(DaemonClientError) -> ArraySlice<UInt8> {
        do {
            try write(line)
        } catch {
            // A full daemon answers a new connection with one refusal line and closes it, which
            // can happen before the request is written: the refusal says more than the broken pipe.
            if descriptor >= 0, let refusal = try? readLine() { return refusal }
            close()
            throw error
        }
        return try readLine()
    }

    func write(_ line: [UInt8]) throws(DaemonClientError) {
        guard descriptor >= 0 else { throw DaemonClientError(.wentAway, path: path, detail: "the connection is closed") }
        var offset = 0
        while offset < line.count {
            let count = line.withUnsafeBytes { bytes in
                send(descriptor, bytes.baseAddress.map { $0 + offset }, bytes.count - offset, Int32(MSG_NOSIGNAL))
            }
            if count < 0 {
                if errno == EINTR { continue }
                // The caller closes the connection, after reading anything the daemon sent first.
                throw DaemonClientError(.wentAway, path: path, detail: String(cString: strerror(errno)))
            }
            offset += count
        }
    }

    func readLine() throws(DaemonClientError) -> ArraySlice<UInt8> {
        var searched = start
        while true {
            if let newline = buffer[searched...].firstIndex(of: UInt8(ascii: "\n")) {
                let line = buffer[start..<newline]
                start = newline + 1
                return line
            }
            searched = buffer.count
            if buffer.count - start > Self.maximumResponseBytes {
                close()
                throw DaemonClientError(.protocolError, path: path, detail: "a response longer than \(Self.maximumResponseBytes) bytes")
            }
            if start > 0 && start == buffer.count {
                buffer.removeAll(keepingCapacity: true)
                searched = 0
                start = 0
            } else if start > 65536 {
                buffer.removeFirst(start)
                searched -= start
                start = 0
            }
            guard descriptor >= 0 else { throw DaemonClientError(.wentAway, path: path, detail: "the connection is closed") }
            let old = buffer.count
            buffer.append(contentsOf: repeatElement(0, count: 16384))
            let count = buffer.withUnsafeMutableBytes { bytes in
                recv(descriptor, bytes.baseAddress.map { $0 + old }, 16384, 0)
            }
            buffer.removeLast(16384 - max(0, count))
            if count > 0 { continue }
            if count < 0 && errno == EINTR { continue }
            let code = errno
            close()
            if count == 0 {
                throw DaemonClientError(.wentAway, path: path, detail: "the connection closed")
            }
            if code == EAGAIN || code == EWOULDBLOCK {
                throw DaemonClientError(.timedOut, path: path, detail: "no answer in time")
            }
            throw DaemonClientError(.wentAway, path: path, detail: String(cString: strerror(code)))
        }
    }
}
