@testable import AdvisorDaemon
import AdvisorEngine
import AdvisorStore
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The built `advisor` binary, run as a daemon and killed.
enum DaemonBinary {
    /// `$ADVISOR_BINARY`; else the `advisor` built next to this test runner (the same build,
    /// whatever its scratch path); else `.build/debug/advisor` in the package.
    static let url: URL = {
        if let named = ProcessInfo.processInfo.environment["ADVISOR_BINARY"], !named.isEmpty {
            return URL(fileURLWithPath: named)
        }
        var directory = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<4 {
            let sibling = directory.appendingPathComponent("advisor")
            if access(sibling.path, X_OK) == 0 { return sibling }
            directory = directory.deletingLastPathComponent()
        }
        return Repository.root.appendingPathComponent(".build/debug/advisor")
    }()

    /// Starts `advisor serve` and waits (at most 30 s) until its socket answers.
    static func serve(socket: String, stateDirectory: URL, log: URL) throws -> Process {
        let process = Process()
        process.executableURL = url
        process.arguments = [
            "serve", "--socket", socket, "--state-dir", stateDirectory.path, "--intents", Repository.intents.path,
            "--trust-user", TestDaemon.ownName, "--rate", "0", "--log-level", "notice",
            // The weaker durability: it promises to survive kill -9, which is what is tested.
            "--no-sync",
        ]
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        handle.seekToEndOfFile()
        process.standardError = handle
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if SocketFile.probe(socket) == .live { return process }
            guard process.isRunning else { break }
            usleep(20_000)
        }
        process.terminate()
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        throw SessionStoreError("advisor serve did not start: \(text)")
    }

    /// Waits (at most 30 s) for `process` to exit and returns its status.
    static func waitForExit(_ process: Process) -> Int32? {
        let deadline = ContinuousClock.now + .seconds(30)
        while process.isRunning {
            if ContinuousClock.now > deadline { return nil }
            usleep(10_000)
        }
        return process.terminationStatus
    }
}

@Suite(.serialized, .timeLimit(.minutes(3)))
struct DaemonCrashTests {
    /// What one client saw: the messages the daemon answered.
    final class Conversation: @unchecked Sendable {
        let user: String
        private let lock = NSLock()
        private var answered: [String] = []

        init(user: String) {
            self.user = user
        }

        func record(_ message: String) { lock.withLock { answered.append(message) } }
        var replies: [String] { lock.withLock { answered } }
    }

    @Test(.enabled(if: access(DaemonBinary.url.path, X_OK) == 0, "the advisor binary is built"))
    func everyAnsweredTurnSurvivesKillNine() async throws {
        let directory = try TemporaryDirectory()
        let socket = directory.path("d.sock")
        let state = directory.url.appendingPathComponent("state")
        let log = directory.url.appendingPathComponent("daemon.log")
        let daemon = try DaemonBinary.serve(socket: socket, stateDirectory: state, log: log)

        let conversations = (0..<16).map { Conversation(user: "crash-\($0)") }
        async let talking = runConcurrently(conversations.count) { index in
            let conversation = conversations[index]
            guard let client = try? DaemonClient(socketPath: socket, timeout: .seconds(20)),
                  (try? client.open(user: conversation.user)) != nil else { return }
            for number in 0..<5_000 {
                let message = "\(conversation.user) asks question \(number) about lean manufacturing"
                guard (try? client.send(user: conversation.user, text: message)) != nil else { return }
                conversation.record(message)
            }
        }
        // Let every client get some answers, then kill the daemon without warning.
        let deadline = ContinuousClock.now + .seconds(20)
        while conversations.contains(where: { $0.replies.count < 3 }) && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        try await Task.sleep(for: .milliseconds(300))
        kill(daemon.processIdentifier, SIGKILL)
        #expect(DaemonBinary.waitForExit(daemon) != nil)
        #expect(await talking)

        // Every state file decodes, and holds every turn its client was answered for.
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let files = try FileManager.default.contentsOfDirectory(atPath: state.path).filter { $0.hasSuffix(".json") }
        #expect(files.count == conversations.count)
        for file in files {
            let data = try Data(contentsOf: state.appendingPathComponent(file))
            #expect(throws: Never.self, "\(file) does not decode") { _ = try decoder.decode(SessionState.self, from: data) }
        }
        var saved: [String: Int] = [:]
        for conversation in conversations {
            let replies = conversation.replies
            #expect(replies.count >= 3, "\(conversation.user) got too few answers to test anything")
            let stateFile = try UserFileName(user: conversation.user).url(in: state, extension: "json")
            let savedState = try decoder.decode(SessionState.self, from: Data(contentsOf: stateFile))
            // Every answered turn is saved; at most the one in flight is saved unanswered.
            #expect(savedState.turnCount >= replies.count && savedState.turnCount <= replies.count + 1, "\(conversation.user): \(replies.count) answered, \(savedState.turnCount) saved")
            if let last = replies.last { #expect(savedState.turns.map(\.user).contains(last)) }
            saved[conversation.user] = savedState.turnCount
        }

        // The restarted daemon replaces the stale socket and carries on every conversation.
        let restarted = try DaemonBinary.serve(socket: socket, stateDirectory: state, log: log)
        kill(restarted.processIdentifier, SIGHUP)
        for conversation in conversations.prefix(4) {
            let client = try DaemonClient(socketPath: socket)
            let welcome = try client.open(user: conversation.user)
            #expect(!welcome.text.isEmpty)
            _ = try client.send(user: conversation.user, text: "what does a plant manager do?")
            client.close()
            let stateFile = try UserFileName(user: conversation.user).url(in: state, extension: "json")
            let after = try decoder.decode(SessionState.self, from: Data(contentsOf: stateFile))
            #expect(after.turnCount == (saved[conversation.user] ?? 0) + 1)
        }
        kill(restarted.processIdentifier, SIGTERM)
        #expect(DaemonBinary.waitForExit(restarted) == 0)
        let logged = try String(contentsOf: log, encoding: .utf8)
        #expect(logged.contains("reloaded the knowledge base"))
        #expect(logged.contains("stopped"))
        #expect(!FileManager.default.fileExists(atPath: socket))
    }

    @Test(.enabled(if: access(DaemonBinary.url.path, X_OK) == 0, "the advisor binary is built"))
    func secondDaemonOnALiveSocketExitsWithASentence() async throws {
        let directory = try TemporaryDirectory()
        let socket = directory.path("d.sock")
        let log = directory.url.appendingPathComponent("daemon.log")
        let first = try DaemonBinary.serve(socket: socket, stateDirectory: directory.url.appendingPathComponent("state"), log: log)
        defer {
            kill(first.processIdentifier, SIGTERM)
            _ = DaemonBinary.waitForExit(first)
        }
        let second = Process()
        second.executableURL = DaemonBinary.url
        second.arguments = ["serve", "--socket", socket, "--state-dir", directory.path("state2"), "--intents", Repository.intents.path]
        let errors = Pipe()
        second.standardError = errors
        second.standardOutput = FileHandle.nullDevice
        try second.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(DaemonBinary.waitForExit(second) == 1)
        #expect(text.contains("An advisor daemon is already listening on \(socket); stop it first, or choose another --socket."))
        #expect(SocketFile.probe(socket) == .live)
    }
}
