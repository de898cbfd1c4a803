@testable import AdvisorDaemon
import AdvisorEngine
import AdvisorKnowledge
import AdvisorRuntime
import AdvisorStore
import Foundation
import InMemoryLogging
import Logging
import Testing
import Glibc

/// The repository's root, found from this file.
enum Repository {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let intents = root.appendingPathComponent("Intents")

    /// The bundled knowledge base, loaded once for all tests.
    static let knowledge: KnowledgeBase = {
        do {
            return try KnowledgeBaseLoader.load(directory: intents)
        } catch {
            fatalError("The bundled Intents/ does not load: \(error)")
        }
    }()
}

/// A temporary directory removed when the test is done with it.
final class TemporaryDirectory: @unchecked Sendable {
    let url: URL

    init() throws {
        // Short, because a Unix socket path may be at most 107 bytes.
        var template = Array("/tmp/advd-XXXXXX".utf8CString)
        guard let path = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw SessionStoreError("mkdtemp failed")
        }
        url = URL(fileURLWithPath: String(cString: path))
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }
}

/// A daemon started in this process on a socket in a temporary directory.
final class TestDaemon: @unchecked Sendable {
    let directory: TemporaryDirectory
    let server: DaemonServer
    let holder: KnowledgeHolder
    let store: any SessionStore
    let logs: InMemoryLogHandler
    let listening: DaemonServer.Listening
    var socketPath: String { listening.socketPath }
    var stateDirectory: URL { directory.url.appendingPathComponent("state") }

    /// The uid and name of the account running the tests.
    static var ownUID: UInt32 { UInt32(getuid()) }
    static var ownName: String { PeerLookup.userName(uid: ownUID) }

    private init(directory: TemporaryDirectory, server: DaemonServer, holder: KnowledgeHolder, store: any SessionStore, logs: InMemoryLogHandler, listening: DaemonServer.Listening) {
        self.directory = directory
        self.server = server
        self.holder = holder
        self.store = store
        self.logs = logs
        self.listening = listening
    }

    /// Starts a daemon with the file store in a fresh state directory.
    ///
    /// - Parameter configure: changes to the configuration (rate limits are off unless set).
    static func start(
        inMemory: Bool = false, logLevel: Logger.Level = .info, _ configure: (inout DaemonConfiguration) -> Void = { _ in }
    ) async throws -> TestDaemon {
        let directory = try TemporaryDirectory()
        var configuration = DaemonConfiguration(
            socketPath: directory.path("d.sock"), limits: ConnectionLimits(messagesPerSecond: 0), workerThreads: 4,
            eventLoopThreads: 2, shutdownTimeout: .seconds(10))
        configure(&configuration)
        let store: any SessionStore = inMemory
            ? InMemorySessionStore()
            : try FileSessionStore(
                directory: directory.url.appendingPathComponent("state"), durability: .processCrashSafe, cacheBytes: 8 << 20,
                sharing: .exclusive)
        let holder = KnowledgeHolder(Repository.knowledge)
        let service = ConversationService(knowledge: holder, store: store)
        var handler = InMemoryLogHandler()
        handler.logLevel = logLevel
        let logs = handler
        let logger = Logger(label: "test.daemon") { _ in logs }
        // As the launcher does: each TCP connection talks in a conversation of its own, in memory.
        let server = DaemonServer(
            configuration: configuration, endpoint: service, logger: logger,
            anonymousEndpoint: { ConversationService(knowledge: holder, store: InMemorySessionStore()) })
        let listening = try await server.start()
        return TestDaemon(directory: directory, server: server, holder: holder, store: store, logs: logs, listening: listening)
    }

    func stop() async {
        await server.shutdown()
    }

    /// The state saved for `user`, read from its file.
    func savedState(of user: String) throws -> SessionState? {
        // Read as another process would: the state file and the journal of later turns.
        try FileSessionStore(directory: stateDirectory).load(user: user).value
    }
}

/// A raw client for tests: sends bytes, reads response lines, with a deadline on every read.
final class RawClient {
    let descriptor: Int32
    private var buffer: [UInt8] = []

    init(path: String) throws {
        descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        let result = SocketFile.withUnixAddress(path) { connect(descriptor, $0, $1) }
        guard result == 0 else {
            let code = errno
            close(descriptor)
            throw DaemonClientError.connecting(path: path, errno: code)
        }
        var timeout = timeval(tv_sec: 20, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit {
        close(descriptor)
    }

    /// Writes all of `bytes`; returns false if the daemon closed the connection.
    @discardableResult
    func write(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes { send(descriptor, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL)) }
            if count < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += count
        }
        return true
    }

    func write(_ text: String) {
        write(Array(text.utf8))
    }

    func shutdownWriting() {
        shutdown(descriptor, Int32(SHUT_WR))
    }

    /// The next line, or nil at the end of the stream (or after 20 s without one).
    func readLine() -> String? {
        while true {
            if let newline = buffer.firstIndex(of: 10) {
                let line = String(decoding: buffer[..<newline], as: UTF8.self)
                buffer.removeFirst(newline + 1)
                return line
            }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return nil }
            buffer += chunk[..<count]
        }
    }

    /// Sends one JSON line and decodes the response line.
    func request(_ json: String) throws -> DaemonResponse {
        write(json + "\n")
        guard let line = readLine() else { throw SessionStoreError("the daemon closed the connection") }
        return try JSONDecoder().decode(DaemonResponse.self, from: Data(line.utf8))
    }
}

extension DaemonResponse {
    /// The error code of a failure response.
    var errorCode: DaemonError.Code? {
        if case .failure(let error) = body { return error.code }
        return nil
    }

    var isSuccess: Bool { errorCode == nil }
}

/// Runs `count` blocking jobs on their own threads and waits for all of them, at most `timeout`.
func runConcurrently(_ count: Int, timeout: Duration = .seconds(120), _ body: @escaping @Sendable (Int) -> Void) async -> Bool {
    await withCheckedContinuation { continuation in
        let group = DispatchGroup()
        for index in 0..<count {
            group.enter()
            let thread = Thread {
                body(index)
                group.leave()
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        DispatchQueue.global().async {
            let seconds = Double(timeout.components.seconds)
            continuation.resume(returning: group.wait(timeout: .now() + seconds) == .success)
        }
    }
}

/// Counts and records failures from many threads.
final class Tally: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var problems: [String] = []
    private var counts: [String: Int] = [:]

    func fail(_ problem: String) {
        lock.withLock { problems.append(problem) }
    }

    func add(_ key: String, _ amount: Int = 1) {
        lock.withLock { counts[key, default: 0] += amount }
    }

    func count(_ key: String) -> Int {
        lock.withLock { counts[key, default: 0] }
    }

    var allProblems: [String] { lock.withLock { problems } }
}

extension Tag {
    /// The long tests that load the daemon (kill -9, hundreds of clients, reload under load,
    /// a drain of thousands of turns): `swift test` runs them; the fast loop does not.
    @Tag static var soak: Self
}

/// A random number generator with a seed (SplitMix64): a differential test that fails says
/// its seed, and `ADVISOR_TEST_SEED=N swift test --filter ...` runs exactly that case again.
struct SeededGenerator: RandomNumberGenerator, CustomStringConvertible {
    let seed: UInt64
    private var state: UInt64

    init(seed: UInt64? = nil) {
        let chosen = seed ?? ProcessInfo.processInfo.environment["ADVISOR_TEST_SEED"].flatMap { UInt64($0) } ?? UInt64.random(in: 0...UInt64.max)
        self.seed = chosen
        state = chosen
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }

    var description: String { "seed \(seed) (ADVISOR_TEST_SEED=\(seed) runs it again)" }
}
