@testable import AdvisorDaemon
@testable import AdvisorLoad
import Foundation
import Testing
import Glibc

@Suite(.serialized, .timeLimit(.minutes(2)))
struct LoadBenchmarkTests {
    @Test func everyClientSendsItsMessagesInItsOwnConversation() async throws {
        let daemon = try await TestDaemon.start(inMemory: true) { $0.policy = Self.trustingTheTests }
        let benchmark = LoadBenchmark(socketPath: daemon.socketPath, clients: 5, messages: 12, userPrefix: "load", daemonPID: getpid())
        let report = try await onThread { try benchmark.run() }
        #expect(report.turns == 60)
        #expect(report.failures == 0)
        #expect(report.latencies == report.latencies.sorted())
        #expect(report.clientCPUPerTurn != nil && report.daemonCPUPerTurn != nil)
        for client in 0..<5 {
            #expect(try daemon.store.load(user: "load-\(client)").value?.turnCount == 12)
        }
        await daemon.stop()
    }

    @Test func fillGivesEachUserOneTurn() async throws {
        let daemon = try await TestDaemon.start(inMemory: true) { $0.policy = Self.trustingTheTests }
        let benchmark = LoadBenchmark(socketPath: daemon.socketPath, clients: 3, messages: 1, userPrefix: "fill")
        let report = try await onThread { try benchmark.fill(sessions: 7) }
        #expect(report.turns == 7)
        #expect(report.failures == 0)
        #expect(report.daemonCPUPerTurn == nil)
        for user in 0..<7 {
            #expect(try daemon.store.load(user: "fill-session-\(user)").value?.turnCount == 1)
        }
        await daemon.stop()
    }

    @Test func refusedRequestsCountAsFailures() async throws {
        // Nobody is trusted: opening another user's conversation is forbidden, and every
        // message after it is refused as not opened.
        let daemon = try await TestDaemon.start(inMemory: true)
        let benchmark = LoadBenchmark(socketPath: daemon.socketPath, clients: 2, messages: 3)
        let report = try await onThread { try benchmark.run() }
        #expect(report.turns == 6)
        #expect(report.failures == 8)
        await daemon.stop()
    }

    /// The yardstick answers every line with its fixed reply, which the client accepts.
    @Test func theReferenceServerAnswersEveryLine() async throws {
        let directory = try TemporaryDirectory()
        let server = try await ReferenceServer(socketPath: directory.path("ref.sock"), threads: 2)
        let benchmark = LoadBenchmark(socketPath: server.socketPath, clients: 3, messages: 40)
        let report = try await onThread { try benchmark.run() }
        #expect(report.turns == 120)
        #expect(report.failures == 0)
        await server.stop()
        #expect(access(server.socketPath, F_OK) != 0, "the socket file is removed")
    }

    @Test func readsResponsesThatArriveInPieces() async throws {
        let directory = try TemporaryDirectory()
        let server = try ScriptedServer(path: directory.path("s.sock"), connections: 3, answers: .max)
        let benchmark = LoadBenchmark(socketPath: server.path, clients: 3, messages: 4)
        let report = try await onThread { try benchmark.run() }
        #expect(report.turns == 12)
        #expect(report.failures == 0)
    }

    @Test func saysTheDaemonWentAwayWhenItHangsUpMidRun() async throws {
        let directory = try TemporaryDirectory()
        let server = try ScriptedServer(path: directory.path("s.sock"), connections: 2, answers: 3)
        let benchmark = LoadBenchmark(socketPath: server.path, clients: 2, messages: 10)
        await #expect { _ = try await onThread { try benchmark.run() } } throws: { error in
            let error = try #require(error as? DaemonClientError)
            return error.reason == .wentAway && "\(error)".hasPrefix("The advisor daemon at \(server.path) went away")
        }
    }

    @Test func saysTheDaemonIsNotRunningWhenNothingListens() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("missing.sock")
        #expect { _ = try LoadBenchmark(socketPath: path, clients: 2, messages: 1).run() } throws: { error in
            "\(error)" == "The advisor daemon at \(path) is not running (no such file or directory)."
        }
    }

    private static var trustingTheTests: IdentityPolicy {
        IdentityPolicy(trustedUID: TestDaemon.ownUID, trustedName: TestDaemon.ownName)
    }
}

/// Runs blocking `body` on a thread of its own, leaving the test's cooperative threads free.
private func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}

/// A stand-in daemon: answers each request line with `{"ok":true}` written in three pieces
/// (so the client must put lines together), and hangs up after `answers` answers.
private final class ScriptedServer: Sendable {
    let path: String
    private let listener: Int32

    init(path: String, connections: Int, answers: Int) throws {
        self.path = path
        let listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard SocketFile.withUnixAddress(path, { bind(listener, $0, $1) }) == 0, listen(listener, 16) == 0 else {
            close(listener)
            throw DaemonStartError("cannot listen on \(path)")
        }
        self.listener = listener
        for _ in 0..<connections {
            Thread {
                let connection = accept(listener, nil, nil)
                guard connection >= 0 else { return }
                defer { close(connection) }
                var buffer = [UInt8](repeating: 0, count: 4096)
                var answered = 0
                while answered < answers {
                    let count = recv(connection, &buffer, buffer.count, 0)
                    guard count > 0 else { return }
                    for _ in buffer[..<count].filter({ $0 == UInt8(ascii: "\n") }) where answered < answers {
                        for piece in [#"{"ok""#, #":tr"#, "ue}\n"] {
                            _ = Array(piece.utf8).withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                            usleep(500)
                        }
                        answered += 1
                    }
                }
            }.start()
        }
    }

    deinit {
        shutdown(listener, Int32(SHUT_RDWR))  // wakes a thread still waiting in accept
        close(listener)
    }
}
