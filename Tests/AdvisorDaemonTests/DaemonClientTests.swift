@testable import AdvisorDaemon
import Foundation
import Testing
import Glibc

@Suite(.serialized, .timeLimit(.minutes(2)))
struct DaemonClientTests {
    @Test func saysTheDaemonIsNotRunningWhenThereIsNoSocket() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("missing.sock")
        #expect { _ = try DaemonClient(socketPath: path) } throws: { error in
            "\(error)" == "The advisor daemon at \(path) is not running (no such file or directory)."
        }
    }

    @Test func saysTheDaemonIsNotRunningWhenNothingAnswersTheSocket() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("stale.sock")
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        _ = SocketFile.withUnixAddress(path) { bind(descriptor, $0, $1) }
        close(descriptor)
        #expect { _ = try DaemonClient(socketPath: path) } throws: { error in
            "\(error)" == "The advisor daemon at \(path) is not running (connection refused)."
        }
    }

    @Test func saysTheDaemonWentAwayWhenItStops() async throws {
        let daemon = try await TestDaemon.start(inMemory: true)
        let client = try DaemonClient(socketPath: daemon.socketPath)
        _ = try client.open()
        await daemon.stop()
        #expect { _ = try client.send("hello") } throws: { error in
            let error = try #require(error as? DaemonClientError)
            return error.reason == .wentAway && "\(error)".hasPrefix("The advisor daemon at \(daemon.socketPath) went away")
        }
    }

    @Test func waitsAndRetriesWhenRateLimited() async throws {
        let daemon = try await TestDaemon.start(inMemory: true) { $0.limits = ConnectionLimits(messagesPerSecond: 20, burst: 2) }
        let client = try DaemonClient(socketPath: daemon.socketPath)
        _ = try client.open()
        let started = ContinuousClock.now
        for number in 0..<6 {
            #expect(try client.send("question \(number)").kind == .reply)
        }
        #expect(ContinuousClock.now - started >= .milliseconds(150))
        #expect(try daemon.store.load(user: TestDaemon.ownName).value?.turnCount == 6)
        await daemon.stop()
    }

    /// The audit's bug 5: a full daemon writes its refusal and closes; when that happened
    /// before the client's request was written, the client said the daemon "went away".
    @Test func aRefusalWaitingAfterABrokenPipeIsReportedAsTheRefusal() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("full.sock")
        let listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        #expect(SocketFile.withUnixAddress(path) { bind(listener, $0, $1) } == 0)
        #expect(listen(listener, 4) == 0)
        defer { close(listener) }
        let refusal = #"{"error":{"code":"too_many_connections","message":"The advisor is serving as many people as it can; try again in a minute."},"ok":false}"# + "\n"
        let server = Thread {
            let connection = accept(listener, nil, nil)
            _ = refusal.withCString { send(connection, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
            close(connection)
        }
        server.start()
        let client = try DaemonClient(socketPath: path)
        // The daemon has refused and closed before the client speaks.
        usleep(200_000)
        #expect { _ = try client.open() } throws: { error in
            let error = try #require(error as? DaemonClientError)
            return error.reason == .refused && error.daemonError?.code == .tooManyConnections
        }
    }
}
