#if canImport(Glibc)
import Glibc
#endif

/// A Linux epoll instance: which of many descriptors are ready, in one call.
///
/// Glibc's Swift module map leaves out `<sys/epoll.h>`. SwiftNIO's shim module has it, but
/// importing that makes the socket declarations it shares with Glibc belong to two modules,
/// and other files of this module then fail to find them; so the three functions are
/// looked up in the C library by name and called with the C convention.
final class Epoll {
    /// Event flags, as in `<sys/epoll.h>` (the same on every Linux architecture).
    static let input: UInt32 = 0x001
    static let output: UInt32 = 0x004
    static let error: UInt32 = 0x008
    static let hangUp: UInt32 = 0x010

    /// A ready descriptor: what it is ready for, and the token it was added with.
    struct Event {
        var flags: UInt32
        var token: UInt32
    }

    private typealias Create = @convention(c) (Int32) -> Int32
    private typealias Control = @convention(c) (Int32, Int32, Int32, UnsafeMutableRawPointer?) -> Int32
    private typealias Wait = @convention(c) (Int32, UnsafeMutableRawPointer?, Int32, Int32) -> Int32

    #if arch(x86_64)
    /// `struct epoll_event` is packed on x86-64 (the data right after the flags) and
    /// naturally aligned elsewhere.
    private static let eventSize = 12, dataOffset = 4
    #else
    private static let eventSize = 16, dataOffset = 8
    #endif

    private let control: Control
    private let waitForEvents: Wait
    private var descriptor: Int32
    private let events: UnsafeMutableRawBufferPointer
    private let capacity: Int

    /// Creates an epoll instance that reports up to `capacity` events per wait.
    ///
    /// - Throws: the `errno` of a failure, or `ENOSYS` if the C library lacks epoll.
    init(capacity: Int) throws(Errno) {
        let library = dlopen(nil, RTLD_NOW)
        func load<Function>(_ name: String, as type: Function.Type) throws(Errno) -> Function {
            guard let symbol = dlsym(library, name) else { throw Errno(ENOSYS) }
            return unsafeBitCast(symbol, to: type)
        }
        let create = try load("epoll_create1", as: Create.self)
        control = try load("epoll_ctl", as: Control.self)
        waitForEvents = try load("epoll_wait", as: Wait.self)
        descriptor = create(O_CLOEXEC)  // EPOLL_CLOEXEC
        guard descriptor >= 0 else { throw Errno(errno) }
        self.capacity = max(1, capacity)
        events = .allocate(byteCount: self.capacity * Self.eventSize, alignment: 8)
    }

    deinit {
        close()
        events.deallocate()
    }

    func close() {
        if descriptor >= 0 { Glibc.close(descriptor) }
        descriptor = -1
    }

    /// Watches `file` for `flags`, reporting it with `token`.
    func add(_ file: Int32, token: UInt32, flags: UInt32) throws(Errno) {
        try change(1, file, token: token, flags: flags)  // EPOLL_CTL_ADD
    }

    /// Changes the flags `file` is watched for.
    func modify(_ file: Int32, token: UInt32, flags: UInt32) throws(Errno) {
        try change(3, file, token: token, flags: flags)  // EPOLL_CTL_MOD
    }

    private func change(_ operation: Int32, _ file: Int32, token: UInt32, flags: UInt32) throws(Errno) {
        let result = withUnsafeTemporaryAllocation(byteCount: Self.eventSize, alignment: 8) { bytes in
            bytes.storeBytes(of: flags, toByteOffset: 0, as: UInt32.self)
            bytes.storeBytes(of: UInt64(token), toByteOffset: Self.dataOffset, as: UInt64.self)
            return control(descriptor, operation, file, bytes.baseAddress)
        }
        guard result == 0 else { throw Errno(errno) }
    }

    /// Waits up to `milliseconds` for ready descriptors and returns how many there are
    /// (0 when the time ran out); `event(_:)` reads them.
    ///
    /// - Throws: the `errno` of a failure; `EINTR` is retried.
    func wait(milliseconds: Int32) throws(Errno) -> Int {
        while true {
            let count = waitForEvents(descriptor, events.baseAddress, Int32(capacity), milliseconds)
            if count >= 0 { return Int(count) }
            if errno != EINTR { throw Errno(errno) }
        }
    }

    /// The `index`th event of the last wait.
    func event(_ index: Int) -> Event {
        let offset = index * Self.eventSize
        return Event(
            flags: events.loadUnaligned(fromByteOffset: offset, as: UInt32.self),
            token: UInt32(truncatingIfNeeded: events.loadUnaligned(fromByteOffset: offset + Self.dataOffset, as: UInt64.self)))
    }

    /// An `errno` value from a failed call.
    struct Errno: Error, CustomStringConvertible {
        var code: Int32
        init(_ code: Int32) { self.code = code }
        var description: String { String(cString: strerror(code)) }
    }
}
