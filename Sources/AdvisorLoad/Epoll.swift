import AdvisorDaemon
import CEpoll
import Glibc

/// A Linux epoll instance: which of many descriptors are ready, in one call.
///
/// Through the small C wrappers of `CEpoll`, which keep `struct epoll_event` (packed on
/// x86-64) on the C side.
final class Epoll {
    /// Event flags, as in `<sys/epoll.h>`.
    static let input = UInt32(EPOLLIN.rawValue)
    static let output = UInt32(EPOLLOUT.rawValue)
    static let error = UInt32(EPOLLERR.rawValue)
    static let hangUp = UInt32(EPOLLHUP.rawValue)

    /// A ready descriptor: what it is ready for, and the token it was added with.
    struct Event {
        var flags: UInt32
        var token: UInt32
    }

    private var descriptor: Int32
    private var flags: [UInt32]
    private var tokens: [UInt32]
    private var ready = 0

    /// Creates an epoll instance that reports up to `capacity` events per wait.
    ///
    /// - Throws: the `errno` of a failure.
    init(capacity: Int) throws(Errno) {
        descriptor = advisor_epoll_create()
        guard descriptor >= 0 else { throw Errno(errno) }
        flags = Array(repeating: 0, count: max(1, capacity))
        tokens = Array(repeating: 0, count: max(1, capacity))
    }

    deinit {
        close()
    }

    func close() {
        if descriptor >= 0 { Glibc.close(descriptor) }
        descriptor = -1
    }

    /// Watches `file` for `flags`, reporting it with `token`.
    func add(_ file: Int32, token: UInt32, flags: UInt32) throws(Errno) {
        guard advisor_epoll_watch(descriptor, file, token, flags, 0) == 0 else { throw Errno(errno) }
    }

    /// Changes the flags `file` is watched for.
    func modify(_ file: Int32, token: UInt32, flags: UInt32) throws(Errno) {
        guard advisor_epoll_watch(descriptor, file, token, flags, 1) == 0 else { throw Errno(errno) }
    }

    /// Waits up to `milliseconds` for ready descriptors and returns how many there are
    /// (0 when the time ran out); `event(_:)` reads them.
    ///
    /// - Throws: the `errno` of a failure; `EINTR` is retried.
    func wait(milliseconds: Int32) throws(Errno) -> Int {
        while true {
            let count = flags.withUnsafeMutableBufferPointer { flags in
                tokens.withUnsafeMutableBufferPointer { tokens in
                    advisor_epoll_wait(descriptor, flags.baseAddress, tokens.baseAddress, Int32(flags.count), milliseconds)
                }
            }
            if count >= 0 {
                ready = Int(count)
                return ready
            }
            if errno != EINTR { throw Errno(errno) }
        }
    }

    /// The `index`th event of the last wait.
    func event(_ index: Int) -> Event {
        precondition(index < ready, "no such event")
        return Event(flags: flags[index], token: tokens[index])
    }

    /// An `errno` value from a failed call.
    struct Errno: Error, CustomStringConvertible {
        var code: Int32
        init(_ code: Int32) { self.code = code }
        var description: String { String(cString: strerror(code)) }
    }
}
