@testable import AdvisorDaemon
@testable import AdvisorEngine
import AdvisorStore
import Foundation
import Synchronization
import Testing
import Glibc

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

    /// Whether an account other than the owner may reach `url`: every directory above it
    /// searchable by others.
    static func othersCanReach(_ url: URL) -> Bool {
        var directory = url.deletingLastPathComponent()
        while directory.path != "/" {
            var info = stat()
            guard stat(directory.path, &info) == 0, info.st_mode & 0o001 != 0 else { return false }
            directory = directory.deletingLastPathComponent()
        }
        return true
    }

    /// Runs the binary with `arguments` until it exits: its status and what it wrote to stderr.
    static func runToExit(_ arguments: [String], as wrapper: [String] = []) throws -> (status: Int32?, errors: String) {
        let process = Process()
        process.executableURL = wrapper.isEmpty ? url : URL(fileURLWithPath: wrapper[0])
        process.arguments = wrapper.isEmpty ? arguments : Array(wrapper.dropFirst()) + [url.path] + arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return (waitForExit(process), text)
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

@Suite(.serialized, .timeLimit(.minutes(3)), .tags(.soak))
struct DaemonCrashTests {
    /// What one client saw: the messages the daemon answered.
    final class Conversation: Sendable {
        let user: String
        private let answered = Mutex<[String]>([])

        init(user: String) {
            self.user = user
        }

        func record(_ message: String) { answered.withLock { $0.append(message) } }
        var replies: [String] { answered.withLock { $0 } }
    }

    /// Clients talk as fast as the daemon answers until every one has a few answers, then
    /// the daemon is killed with SIGKILL; returns when every client has noticed.
    private func talkUntilKilled(_ daemon: Process, socket: String, _ conversations: [Conversation], round: Int) async throws {
        let before = conversations.map(\.replies.count)
        async let talking = runConcurrently(conversations.count) { index in
            let conversation = conversations[index]
            guard let client = try? DaemonClient(socketPath: socket, timeout: .seconds(20)),
                  (try? client.open(user: conversation.user)) != nil else { return }
            for number in 0..<5_000 {
                let message = "\(conversation.user) asks question \(number) of round \(round) about lean manufacturing"
                guard (try? client.send(message)) != nil else { return }
                conversation.record(message)
            }
        }
        // Let every client get some answers, then kill the daemon without warning: enough
        // of them that every journal is folded into its state file (and emptied) on the way.
        let enough = FileSessionStore.journalEntries + 3
        let deadline = ContinuousClock.now + .seconds(40)
        while zip(conversations, before).contains(where: { $0.replies.count < $1 + enough }) && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        // Kill in the middle of the traffic: once every client has had one more answer.
        let reached = conversations.map(\.replies.count)
        while zip(conversations, reached).contains(where: { $0.replies.count <= $1 }) && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        kill(daemon.processIdentifier, SIGKILL)
        #expect(DaemonBinary.waitForExit(daemon) != nil)
        #expect(await talking)
        for (conversation, count) in zip(conversations, before) {
            #expect(conversation.replies.count >= count + enough, "\(conversation.user) got too few answers to test anything")
        }
    }

    /// Every state file and every journal line (but an unfinished last one) decodes, and the
    /// saved conversations hold every answered turn, and at most the one in flight besides.
    private func expectEveryAnsweredTurnSaved(_ state: URL, _ conversations: [Conversation]) throws -> [String: SessionState] {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let files = try FileManager.default.contentsOfDirectory(atPath: state.path)
        #expect(!files.contains { $0.contains(".corrupt-") }, "\(files)")
        #expect(files.filter { $0.hasSuffix(".json") || $0.hasSuffix(".journal") }.count >= conversations.count)
        for file in files where file.hasSuffix(".json") {
            let data = try Data(contentsOf: state.appendingPathComponent(file))
            #expect(throws: Never.self, "\(file) does not decode") { _ = try decoder.decode(SessionState.self, from: data) }
        }
        for file in files where file.hasSuffix(".journal") {
            let data = try Data(contentsOf: state.appendingPathComponent(file))
            let lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            for (index, line) in lines.enumerated() where index < lines.count - 1 {
                #expect((try? JSONSerialization.jsonObject(with: Data(line))) != nil, "\(file) line \(index + 1) does not decode")
            }
        }
        let reader = try FileSessionStore(directory: state)
        var saved: [String: SessionState] = [:]
        for conversation in conversations {
            let replies = conversation.replies
            let loaded = try reader.load(user: conversation.user)
            #expect(loaded.notices.isEmpty, "\(loaded.notices)")
            let savedState = try #require(loaded.value, "\(conversation.user) has no saved state")
            #expect(savedState.turnCount >= replies.count && savedState.turnCount <= replies.count + 1, "\(conversation.user): \(replies.count) answered, \(savedState.turnCount) saved")
            let kept = savedState.turns.map(\.user)
            // Of the last answered turns, every one the state keeps is there, in order.
            let expected = Array(replies.suffix(savedState.turnCount > replies.count ? SessionState.maximumTurns - 1 : SessionState.maximumTurns))
            #expect(Array(kept.prefix(expected.count)) == expected, "\(conversation.user) lost a turn")
            saved[conversation.user] = savedState
        }
        return saved
    }

    @Test(.enabled(if: access(DaemonBinary.url.path, X_OK) == 0, "the advisor binary is built"))
    func everyAnsweredTurnSurvivesKillNine() async throws {
        let directory = try TemporaryDirectory()
        let socket = directory.path("d.sock")
        let state = directory.url.appendingPathComponent("state")
        let log = directory.url.appendingPathComponent("daemon.log")
        let conversations = (0..<16).map { Conversation(user: "crash-\($0)") }

        // Killed once on fresh files, and once more after coming back from its journals.
        for round in 0..<2 {
            let daemon = try DaemonBinary.serve(socket: socket, stateDirectory: state, log: log)
            try await talkUntilKilled(daemon, socket: socket, conversations, round: round)
            // A turn in flight may have been saved without being answered: count it as answered.
            let saved = try expectEveryAnsweredTurnSaved(state, conversations)
            for conversation in conversations {
                if let savedState = saved[conversation.user], savedState.turnCount > conversation.replies.count,
                   let last = savedState.turns.last {
                    conversation.record(last.user)
                }
            }
        }
        let saved = try expectEveryAnsweredTurnSaved(state, conversations)

        // The restarted daemon replaces the stale socket and carries on every conversation.
        let restarted = try DaemonBinary.serve(socket: socket, stateDirectory: state, log: log)
        kill(restarted.processIdentifier, SIGHUP)
        for conversation in conversations.prefix(4) {
            let client = try DaemonClient(socketPath: socket)
            let welcome = try client.open(user: conversation.user)
            #expect(!welcome.text.isEmpty)
            _ = try client.send("what does a plant manager do?")
            client.close()
        }
        kill(restarted.processIdentifier, SIGTERM)
        #expect(DaemonBinary.waitForExit(restarted) == 0)
        for conversation in conversations.prefix(4) {
            let after = try FileSessionStore(directory: state).load(user: conversation.user).value
            #expect(after?.turnCount == (saved[conversation.user]?.turnCount ?? 0) + 1)
        }
        // A clean stop folds the journals of the sessions in memory into their state files.
        let files = try FileManager.default.contentsOfDirectory(atPath: state.path)
        for conversation in conversations.prefix(4) {
            #expect(!files.contains(try UserFileName(user: conversation.user).fileName(extension: "journal")))
        }
        let logged = try String(contentsOf: log, encoding: .utf8)
        #expect(logged.contains("reloaded the knowledge base"))
        #expect(logged.contains("stopped"))
        #expect(!FileManager.default.fileExists(atPath: socket))
    }

    @Test(.enabled(if: access(DaemonBinary.url.path, X_OK) == 0, "the advisor binary is built"))
    func aSecondWriterOnTheDaemonsStateDirectoryIsRefusedWithASentence() async throws {
        let directory = try TemporaryDirectory()
        let state = directory.url.appendingPathComponent("state")
        let log = directory.url.appendingPathComponent("daemon.log")
        let daemon = try DaemonBinary.serve(socket: directory.path("d.sock"), stateDirectory: state, log: log)
        defer {
            kill(daemon.processIdentifier, SIGTERM)
            _ = DaemonBinary.waitForExit(daemon)
        }
        let (status, text) = try DaemonBinary.runToExit(["serve", "--socket", directory.path("other.sock"), "--state-dir", state.path, "--intents", Repository.intents.path])
        #expect(status == 1)
        #expect(text.contains("Another advisor process is using the state directory"), "\(text)")
        let embedded = try FileSessionStore(directory: state)
        #expect(throws: SessionStoreError.self) { try embedded.update(user: "someone") { _ in } }
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
        let (status, text) = try DaemonBinary.runToExit(["serve", "--socket", socket, "--state-dir", directory.path("state2"), "--intents", Repository.intents.path])
        #expect(status == 1)
        #expect(text.contains("An advisor daemon is already listening on \(socket); stop it first, or choose another --socket."))
        #expect(SocketFile.probe(socket) == .live)
    }

    /// The audit's bug 1: a well-formed state file with an out-of-range value used to take the
    /// whole daemon down (and again at each turn of that user). Now it is a damaged file.
    @Test(.enabled(if: access(DaemonBinary.url.path, X_OK) == 0, "the advisor binary is built"))
    func aStateFileWithAnOutOfRangeValueIsQuarantinedAndTheDaemonServesOn() async throws {
        let directory = try TemporaryDirectory()
        let state = directory.url.appendingPathComponent("state")
        let store = try FileSessionStore(directory: state)
        _ = try store.update(user: "alice") { $0.record(Turn(user: "hello", intent: "chat.greeting", reply: "Hi.", at: nil)) }
        let file = state.appendingPathComponent("alice.json")
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        object["turnCount"] = -1
        try JSONSerialization.data(withJSONObject: object).write(to: file)

        let socket = directory.path("d.sock")
        let daemon = try DaemonBinary.serve(socket: socket, stateDirectory: state, log: directory.url.appendingPathComponent("daemon.log"))
        defer {
            kill(daemon.processIdentifier, SIGTERM)
            _ = DaemonBinary.waitForExit(daemon)
        }
        let bob = try DaemonClient(socketPath: socket)
        _ = try bob.open(user: "bob")
        let alice = try DaemonClient(socketPath: socket)
        let opened = try alice.open(user: "alice")
        let answer = try alice.send("what is lean?")
        let notices = opened.notices + answer.notices
        #expect(notices.contains { $0.contains("it holds a value out of range (turnCount is -1)") }, "\(notices)")
        #expect(answer.intent == "curriculum.lean")
        #expect(try bob.send("what does a plant manager do?").intent == "roles.plant_manager")
        #expect(daemon.isRunning)
        #expect(try FileManager.default.contentsOfDirectory(atPath: state.path).contains { $0.hasPrefix("alice.json.corrupt-") })
    }

    /// The audit: a daemon on a state directory it cannot write started without a word and
    /// then failed every turn. It now refuses to start, with the reason.
    @Test(.enabled(if: access(DaemonBinary.url.path, X_OK) == 0 && getuid() == 0 && access("/usr/bin/setpriv", X_OK) == 0
                   && DaemonBinary.othersCanReach(DaemonBinary.url) && DaemonBinary.othersCanReach(Repository.intents),
                   "root, setpriv, and an advisor binary and Intents/ other accounts can reach are needed to run the daemon as another account"))
    func aDaemonThatCannotWriteItsStateDirectoryRefusesToStart() throws {
        let directory = try TemporaryDirectory()
        chmod(directory.url.path, 0o777)
        let state = directory.url.appendingPathComponent("state")
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o755])
        let (status, text) = try DaemonBinary.runToExit([
            "serve", "--socket", directory.path("d.sock"), "--state-dir", state.path, "--intents", Repository.intents.path,
        ], as: ["/usr/bin/setpriv", "--reuid", "nobody", "--regid", "nogroup", "--clear-groups"])
        #expect(status == 1)
        #expect(text.contains("Cannot write in the state directory \(state.path): Permission denied."), "\(text)")
        #expect(!FileManager.default.fileExists(atPath: directory.path("d.sock")))
    }
}
