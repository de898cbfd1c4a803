import AdvisorDaemon
import Glibc

/// Many connections to the daemon driven by one thread: non-blocking Unix sockets
/// multiplexed with epoll, the way wrk or redis-benchmark drive a server.
///
/// Every connection is a closed loop: it writes one request line and writes the next only
/// once the whole response line has arrived. The load benchmark runs on the daemon's own
/// cores; a thread blocked in `recv` per connection costs a context switch and a wake-up
/// per turn, one thread waiting in `epoll_wait` for all of them costs a fraction of that.
/// Linux only, like the benchmark's /proc readings.
final class LoadClient {
    /// No byte moving on any connection for this long is an error, never a hang.
    static let stallTimeout: Duration = .seconds(60)

    let path: String
    private let poll: Epoll
    private var connections: [Connection] = []

    /// One connection's buffers and where it is in its exchanges.
    private final class Connection {
        let descriptor: Int32
        /// Received bytes: `inbox[consumed..<filled]` is the start of a line not yet complete.
        var inbox = [UInt8](repeating: 0, count: 16384)
        var filled = 0
        var consumed = 0
        /// The request being written, and how much of it is.
        var outgoing: [UInt8] = []
        var written = 0
        var sentAt = ContinuousClock.now
        /// Whether a request waits for its response.
        var awaiting = false
        /// Whether epoll also watches for room to write (after a partial write).
        var watchesOutput = false
        var turn = 0
        var turns = 0

        init(descriptor: Int32) {
            self.descriptor = descriptor
        }
    }

    /// Opens `count` connections to the socket at `path`.
    ///
    /// - Throws: `DaemonClientError` when one cannot connect (the others are closed).
    init(path: String, connections count: Int) throws(DaemonClientError) {
        self.path = path
        do {
            poll = try Epoll(capacity: min(count, 1024))
        } catch {
            throw DaemonClientError(.notRunning, path: path, detail: error.description)
        }
        connections.reserveCapacity(count)
        do throws(DaemonClientError) {
            for index in 0..<count {
                let descriptor = try Self.connect(path)
                connections.append(Connection(descriptor: descriptor))
                do {
                    try poll.add(descriptor, token: UInt32(index), flags: Epoll.input)
                } catch {
                    throw DaemonClientError(.notRunning, path: path, detail: error.description)
                }
            }
        } catch {
            close()
            throw error
        }
    }

    deinit {
        close()
    }

    /// Closes every connection; the client cannot be used after this.
    func close() {
        for connection in connections { Glibc.close(connection.descriptor) }
        connections = []
        poll.close()
    }

    /// Runs a round of exchanges on every connection at once, each in a closed loop,
    /// until each connection has had all its turns.
    ///
    /// - Parameters:
    ///   - turns: how many requests a connection sends in this round.
    ///   - request: the request line (ending with a newline) of a connection's turn.
    ///   - response: called with a connection's turn, its response line (without the
    ///     newline; valid only during the call), and the time from just before the request
    ///     was written to when the whole response had been read.
    /// - Throws: `DaemonClientError` when a connection breaks, the daemon sends a response
    ///   over `DaemonConnection.maximumResponseBytes` or to no request, or nothing moves for
    ///   `stallTimeout`.
    func exchange(
        turns: (_ connection: Int) -> Int,
        request: (_ connection: Int, _ turn: Int) -> [UInt8],
        response: (_ connection: Int, _ turn: Int, _ line: UnsafeBufferPointer<UInt8>, _ latency: Duration) -> Void
    ) throws(DaemonClientError) {
        var active = 0
        for (index, connection) in connections.enumerated() {
            connection.turn = 0
            connection.turns = turns(index)
            if connection.turns > 0 {
                active += 1
                try send(request(index, 0), on: connection, index)
            }
        }
        let timeout = Int32(Self.stallTimeout.components.seconds * 1000)
        while active > 0 {
            let ready: Int
            do {
                ready = try poll.wait(milliseconds: timeout)
            } catch {
                throw DaemonClientError(.wentAway, path: path, detail: error.description)
            }
            if ready == 0 {
                throw DaemonClientError(.timedOut, path: path, detail: "no response for \(Self.stallTimeout.components.seconds) s")
            }
            for slot in 0..<ready {
                let event = poll.event(slot)
                let index = Int(event.token)
                let connection = connections[index]
                if event.flags & Epoll.output != 0 && connection.written < connection.outgoing.count {
                    try flush(connection, index)
                }
                guard event.flags & (Epoll.input | Epoll.hangUp | Epoll.error) != 0 else { continue }
                try receive(on: connection) { (line: UnsafeBufferPointer<UInt8>, latency: Duration) throws(DaemonClientError) in
                    response(index, connection.turn, line, latency)
                    connection.turn += 1
                    if connection.turn < connection.turns {
                        try send(request(index, connection.turn), on: connection, index)
                    } else {
                        active -= 1
                    }
                }
            }
        }
    }

    // MARK: - Sockets

    /// A connected, non-blocking socket; the connect itself blocks, at most `stallTimeout`.
    private static func connect(_ path: String) throws(DaemonClientError) -> Int32 {
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw DaemonClientError(.notRunning, path: path, detail: String(cString: strerror(errno))) }
        // A Unix socket's connect waits for room in the listener's backlog up to the send timeout.
        var limit = timeval(tv_sec: Int(stallTimeout.components.seconds), tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        let result = SocketFile.withUnixAddress(path) { address, length in
            var result: Int32
            repeat { result = Glibc.connect(descriptor, address, length) } while result != 0 && errno == EINTR
            return result
        }
        guard result == 0, fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK) == 0 else {
            let code = errno
            Glibc.close(descriptor)
            if code == EAGAIN { throw DaemonClientError(.timedOut, path: path, detail: "the daemon accepted no connection") }
            throw DaemonClientError.connecting(path: path, errno: code)
        }
        return descriptor
    }

    private func send(_ line: [UInt8], on connection: Connection, _ index: Int) throws(DaemonClientError) {
        connection.outgoing = line
        connection.written = 0
        connection.awaiting = true
        connection.sentAt = .now
        try flush(connection, index)
    }

    /// Writes what the socket takes of the request; the rest waits for `EPOLLOUT`.
    private func flush(_ connection: Connection, _ index: Int) throws(DaemonClientError) {
        while connection.written < connection.outgoing.count {
            let count = connection.outgoing.withUnsafeBytes { bytes in
                Glibc.send(connection.descriptor, bytes.baseAddress.map { $0 + connection.written }, bytes.count - connection.written, Int32(MSG_NOSIGNAL))
            }
            if count >= 0 {
                connection.written += count
                continue
            }
            switch errno {
            case EINTR:
                continue
            case EAGAIN, EWOULDBLOCK:
                try watchOutput(true, connection, index)
                return
            case let code:
                throw DaemonClientError(.wentAway, path: path, detail: String(cString: strerror(code)))
            }
        }
        try watchOutput(false, connection, index)
    }

    private func watchOutput(_ watch: Bool, _ connection: Connection, _ index: Int) throws(DaemonClientError) {
        guard connection.watchesOutput != watch else { return }
        do {
            try poll.modify(connection.descriptor, token: UInt32(index), flags: Epoll.input | (watch ? Epoll.output : 0))
        } catch {
            throw DaemonClientError(.wentAway, path: path, detail: error.description)
        }
        connection.watchesOutput = watch
    }

    /// Reads once from a readable connection and hands each complete line to `line`.
    ///
    /// One `recv` per readiness: epoll is level-triggered, so whatever is left comes back
    /// on the next wait, and a turn costs no extra `recv` that finds nothing.
    private func receive(
        on connection: Connection, _ line: (UnsafeBufferPointer<UInt8>, Duration) throws(DaemonClientError) -> Void
    ) throws(DaemonClientError) {
        let maximum = DaemonConnection.maximumResponseBytes
        if connection.filled == connection.inbox.count {
            if connection.consumed > 0 {
                let pending = connection.filled - connection.consumed
                connection.inbox.withUnsafeMutableBufferPointer { bytes in
                    guard let base = bytes.baseAddress else { return }
                    base.update(from: base + connection.consumed, count: pending)
                }
                connection.filled = pending
                connection.consumed = 0
            } else {
                connection.inbox.append(contentsOf: repeatElement(0, count: min(connection.inbox.count, maximum + 1 - connection.inbox.count)))
            }
        }
        var count: Int
        repeat {
            count = connection.inbox.withUnsafeMutableBytes { bytes in
                recv(connection.descriptor, bytes.baseAddress.map { $0 + connection.filled }, bytes.count - connection.filled, 0)
            }
        } while count < 0 && errno == EINTR
        if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { return }
        if count <= 0 {
            let detail = count == 0 ? "the connection closed" : String(cString: strerror(errno))
            throw DaemonClientError(.wentAway, path: path, detail: detail)
        }
        let now = ContinuousClock.now
        // Bytes before `filled` hold no newline after `consumed`: search only the new ones.
        var searched = connection.filled
        connection.filled += count
        while let newline = connection.inbox[searched..<connection.filled].firstIndex(of: UInt8(ascii: "\n")) {
            guard connection.awaiting, connection.written == connection.outgoing.count else {
                throw DaemonClientError(.protocolError, path: path, detail: "a response to no request")
            }
            connection.awaiting = false
            let start = connection.consumed
            connection.consumed = newline + 1
            searched = newline + 1
            try connection.inbox.withUnsafeBufferPointer { bytes throws(DaemonClientError) in
                try line(UnsafeBufferPointer(rebasing: bytes[start..<newline]), now - connection.sentAt)
            }
        }
        if connection.consumed == connection.filled {
            connection.consumed = 0
            connection.filled = 0
        } else if connection.filled - connection.consumed > maximum {
            throw DaemonClientError(.protocolError, path: path, detail: "a response longer than \(maximum) bytes")
        }
    }
}
