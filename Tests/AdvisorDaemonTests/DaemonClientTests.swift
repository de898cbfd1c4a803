@testable import AdvisorDaemon
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

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
        #expect { _ = try client.send(user: "", text: "hello") } throws: { error in
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
            #expect(try client.send(user: "", text: "question \(number)").kind == .reply)
        }
        #expect(ContinuousClock.now - started >= .milliseconds(150))
        #expect(try daemon.store.load(user: TestDaemon.ownName).value?.turnCount == 6)
        await daemon.stop()
    }
}
