@testable import AdvisorDaemon
import AdvisorRuntime
import AdvisorStore
import Foundation
import Logging
import Testing
import Glibc

/// The server on real Unix sockets, in this process.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct DaemonServerTests {
    /// A daemon that trusts the account running the tests, so clients can be many students.
    private func trustingDaemon(_ configure: (inout DaemonConfiguration) -> Void = { _ in }) async throws -> TestDaemon {
        try await TestDaemon.start { configuration in
            configuration.policy = IdentityPolicy(trustedUID: TestDaemon.ownUID, trustedName: TestDaemon.ownName)
            configure(&configuration)
        }
    }

    @Test(.tags(.soak), arguments: TurnExecution.allCases) func hundredsOfConcurrentClientsHoldConversations(_ execution: TurnExecution) async throws {
        let daemon = try await trustingDaemon { $0.turnExecution = execution }
        let clients = 200
        let messages = ["what does a plant manager do?", "tell me more", "what about operations manager?", "1"]
        let tally = Tally()
        let finished = await runConcurrently(clients) { index in
            do {
                let client = try RawClient(path: daemon.socketPath)
                let open = try client.request(#"{"id":0,"op":"open","user":"student-\#(index)"}"#)
                guard case .opened(let user, _, _) = open.body, user == "student-\(index)" else {
                    return tally.fail("client \(index): open failed: \(open)")
                }
                for (number, message) in messages.enumerated() {
                    let response = try client.request(#"{"id":\#(number + 1),"op":"send","text":"\#(message)"}"#)
                    guard response.id == .number(number + 1), response.isSuccess else {
                        return tally.fail("client \(index): message \(number + 1) got \(response)")
                    }
                    tally.add("replies")
                }
            } catch {
                tally.fail("client \(index): \(error)")
            }
        }
        #expect(finished)
        #expect(tally.allProblems.isEmpty, "\(tally.allProblems.prefix(5))")
        #expect(tally.count("replies") == clients * messages.count)
        for index in [0, 57, 199] {
            let state = try #require(try daemon.savedState(of: "student-\(index)"))
            #expect(state.turnCount == messages.count)
            #expect(state.turns.map(\.user) == messages)
        }
        await daemon.stop()
    }

    @Test(.tags(.soak), arguments: TurnExecution.allCases) func misbehavingClientsDoNotHoldUpOthers(_ execution: TurnExecution) async throws {
        let daemon = try await trustingDaemon { $0.turnExecution = execution }
        let tally = Tally()
        // A client that pipelines requests and never reads its responses.
        let stalled = try RawClient(path: daemon.socketPath)
        stalled.write(#"{"op":"open","user":"stalled"}"# + "\n")
        for _ in 0..<200 { stalled.write(#"{"op":"send","text":"what is lean manufacturing?"}"# + "\n") }

        let finished = await runConcurrently(24) { index in
            do {
                let client = try RawClient(path: daemon.socketPath)
                switch index % 4 {
                case 0:
                    client.write("\u{1}\u{2}garbage{{{\n")
                    let garbage = try client.request(#"{"id":1,"op":"open","user":"g-\#(index)"}"#)
                    guard let line = client.readLine(), line.contains("\"ok\":true"), garbage.errorCode == .malformedRequest else {
                        return tally.fail("garbage client \(index) was not answered in order")
                    }
                    tally.add("garbage")
                case 1:
                    var huge = [UInt8](repeating: UInt8(ascii: "a"), count: 8 << 20)
                    huge.append(10)
                    client.write(huge)
                    let tooLong = try #require(client.readLine())
                    let after = try client.request(#"{"id":2,"op":"open","user":"h-\#(index)"}"#)
                    guard tooLong.contains("line_too_long"), after.isSuccess else {
                        return tally.fail("huge-line client \(index): \(tooLong.prefix(200)) then \(after)")
                    }
                    tally.add("huge")
                case 2:
                    client.write(#"{"id":1,"op":"open","us"#)
                    client.shutdownWriting()
                    let line = client.readLine() ?? ""
                    guard line.contains("incomplete_line"), client.readLine() == nil else {
                        return tally.fail("half-line client \(index) got \(line)")
                    }
                    tally.add("half")
                default:
                    _ = try client.request(#"{"op":"open","user":"polite-\#(index)"}"#)
                    for _ in 0..<10 {
                        let response = try client.request(#"{"op":"send","text":"what is six sigma?"}"#)
                        guard response.isSuccess else { return tally.fail("polite client \(index) got \(response)") }
                    }
                    tally.add("polite")
                }
            } catch {
                tally.fail("client \(index): \(error)")
            }
        }
        #expect(finished)
        #expect(tally.allProblems.isEmpty, "\(tally.allProblems)")
        #expect(tally.count("garbage") == 6 && tally.count("huge") == 6 && tally.count("half") == 6 && tally.count("polite") == 6)
        // The stalled client still gets its responses, in order, once it reads.
        var answered = 0
        while answered < 201, let line = stalled.readLine(), line.contains("\"ok\":true") { answered += 1 }
        #expect(answered == 201)
        await daemon.stop()
    }

    @Test func untrustedAccountCannotSpeakForAnotherUser() async throws {
        let daemon = try await TestDaemon.start { configuration in
            configuration.policy = IdentityPolicy(trustedUID: TestDaemon.ownUID &+ 12_345, trustedName: "advisor-ssh")
        }
        let client = try RawClient(path: daemon.socketPath)
        let refused = try client.request(#"{"id":1,"op":"open","user":"bob"}"#)
        #expect(refused.errorCode == .forbidden)
        let send = try client.request(#"{"id":2,"op":"send","text":"hello"}"#)
        #expect(send.errorCode == .notOpened)
        let own = try client.request(#"{"id":3,"op":"open"}"#)
        guard case .opened(let user, _, _) = own.body else {
            Issue.record("opening one's own conversation failed: \(own)")
            return
        }
        #expect(user == TestDaemon.ownName)
        #expect(try daemon.savedState(of: "bob") == nil)
        #expect(daemon.logs.entries.contains { $0.level == .warning && $0.metadata["requested"] == "\"bob\"" })

        let endpoint = try DaemonClient(socketPath: daemon.socketPath)
        #expect { _ = try endpoint.open(user: "bob") } throws: { error in
            let error = try #require(error as? DaemonClientError)
            return error.reason == .refused && error.daemonError?.code == .forbidden
                && "\(error)".hasPrefix("You are \(TestDaemon.ownName), and only the trusted account advisor-ssh may speak for another user")
        }
        await daemon.stop()
    }

    @Test func trustedAccountSpeaksForAStudentThroughTheClient() async throws {
        let daemon = try await trustingDaemon()
        let client = try DaemonClient(socketPath: daemon.socketPath)
        let welcome = try client.open(user: "alice")
        #expect(welcome.text.contains("Hello"))
        #expect(client.user == "alice")
        let answer = try client.send("what does a plant manager do?")
        #expect(answer.intent == "roles.plant_manager")
        #expect(try client.completions().contains("/help"))
        client.close()
        #expect(try daemon.savedState(of: "alice")?.turnCount == 1)
        #expect(try daemon.savedState(of: "ignored") == nil)
        await daemon.stop()
    }

    @Test(arguments: TurnExecution.allCases) func twoConnectionsOfOneStudentNeverLoseATurn(_ execution: TurnExecution) async throws {
        let daemon = try await trustingDaemon { $0.turnExecution = execution }
        let tally = Tally()
        let finished = await runConcurrently(8) { index in
            do {
                let client = try DaemonClient(socketPath: daemon.socketPath)
                _ = try client.open(user: "same-student")
                for number in 0..<15 {
                    _ = try client.send("connection \(index) message \(number)")
                    tally.add("sent")
                }
                client.close()
            } catch {
                tally.fail("\(error)")
            }
        }
        #expect(finished)
        #expect(tally.allProblems.isEmpty, "\(tally.allProblems)")
        #expect(try daemon.savedState(of: "same-student")?.turnCount == 120)
        await daemon.stop()
    }

    @Test(.tags(.soak), arguments: TurnExecution.allCases) func reloadUnderLoadKeepsServingAndRefusesABrokenKnowledgeBase(_ execution: TurnExecution) async throws {
        let daemon = try await trustingDaemon { $0.turnExecution = execution }
        let intents = try TemporaryDirectory()
        for file in try FileManager.default.contentsOfDirectory(atPath: Repository.intents.path) {
            try FileManager.default.copyItem(at: Repository.intents.appendingPathComponent(file), to: intents.url.appendingPathComponent(file))
        }
        let reloader = KnowledgeReloader(holder: daemon.holder, directory: intents.url, logger: Logger(label: "test") { _ in daemon.logs })
        let tally = Tally()
        let stop = Tally()
        async let clients = runConcurrently(16) { index in
            do {
                let client = try DaemonClient(socketPath: daemon.socketPath)
                _ = try client.open(user: "reload-\(index)")
                for _ in 0..<2000 where stop.count("stop") == 0 {
                    let output = try client.send("what does a plant manager do?")
                    if output.intent != "roles.plant_manager" { tally.fail("misrouted during reload: \(output.intent)") }
                    tally.add("turns")
                }
            } catch {
                tally.fail("\(error)")
            }
        }
        // Reload only once the clients are talking, so that the reloads really happen under load.
        func waitForTurns(beyond count: Int) async throws {
            let deadline = ContinuousClock.now + .seconds(20)
            while tally.count("turns") <= count && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(10))
            }
        }
        try await waitForTurns(beyond: 16)
        var outcomes: [KnowledgeReloader.Outcome] = []
        for _ in 0..<3 { outcomes.append(reloader.reload()) }
        let roles = intents.url.appendingPathComponent("roles.yaml")
        try Data("intents:\n  - id: broken\n    answer: [unclosed\n".utf8).write(to: roles)
        let before = daemon.holder.current.intents.count
        let broken = reloader.reload()
        outcomes.append(reloader.reload())
        // Turns go on being answered after the reloads.
        try await waitForTurns(beyond: tally.count("turns"))
        stop.add("stop")
        #expect(await clients)
        #expect(outcomes.prefix(3).allSatisfy { if case .replaced = $0 { true } else { false } })
        guard case .kept(let problems) = broken else {
            Issue.record("a broken knowledge base was loaded")
            return
        }
        #expect(problems.contains { $0.contains("roles.yaml") })
        #expect(daemon.holder.current.intents.count == before)
        #expect(tally.allProblems.isEmpty, "\(tally.allProblems.prefix(3))")
        #expect(tally.count("turns") > 0)
        #expect(daemon.logs.entries.contains { $0.level == .error && "\($0.message)".contains("still serving the previous knowledge base") })
        await daemon.stop()
    }

    @Test func liveSocketIsNotReplacedButAStaleOneIs() async throws {
        let daemon = try await TestDaemon.start(inMemory: true)
        let second = DaemonServer(
            configuration: DaemonConfiguration(socketPath: daemon.socketPath), endpoint: InertEndpoint(), logger: Logger(label: "test"))
        await #expect { _ = try await second.start() } throws: { error in
            "\(error)" == "An advisor daemon is already listening on \(daemon.socketPath); stop it first, or choose another --socket."
        }
        #expect(try RawClient(path: daemon.socketPath).request(#"{"op":"completions"}"#).isSuccess)
        await daemon.stop()
        #expect(!FileManager.default.fileExists(atPath: daemon.socketPath))

        // A socket file left by a daemon that died: nothing listens on it.
        let stalePath = daemon.directory.path("stale.sock")
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        #expect(SocketFile.withUnixAddress(stalePath) { bind(descriptor, $0, $1) } == 0)
        close(descriptor)
        #expect(SocketFile.probe(stalePath) == .stale)
        let restarted = DaemonServer(
            configuration: DaemonConfiguration(socketPath: stalePath, socketMode: 0o600), endpoint: InertEndpoint(), logger: Logger(label: "test"))
        _ = try await restarted.start()
        var info = stat()
        #expect(stat(stalePath, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600)
        #expect(try RawClient(path: stalePath).request(#"{"op":"completions"}"#).isSuccess)
        await restarted.shutdown()

        // Something that is not a socket is never replaced.
        let filePath = daemon.directory.path("file.sock")
        _ = FileManager.default.createFile(atPath: filePath, contents: Data("keep me".utf8))
        let refused = DaemonServer(configuration: DaemonConfiguration(socketPath: filePath), endpoint: InertEndpoint(), logger: Logger(label: "test"))
        await #expect(throws: DaemonStartError.self) { _ = try await refused.start() }
        #expect(FileManager.default.contents(atPath: filePath) == Data("keep me".utf8))
    }

    @Test func socketIsCreatedGroupReadableOnlyByDefault() async throws {
        let daemon = try await TestDaemon.start(inMemory: true)
        var info = stat()
        #expect(stat(daemon.socketPath, &info) == 0)
        #expect(info.st_mode & S_IFMT == S_IFSOCK)
        #expect(info.st_mode & 0o777 == 0o660)
        await daemon.stop()
    }

    @Test func connectionsBeyondTheLimitGetOneErrorAndAreClosed() async throws {
        let daemon = try await TestDaemon.start(inMemory: true) { $0.maximumConnections = 3 }
        let held = try (0..<3).map { _ in try RawClient(path: daemon.socketPath) }
        for client in held { #expect(try client.request(#"{"op":"open"}"#).isSuccess) }
        let extra = try RawClient(path: daemon.socketPath)
        let line = try #require(extra.readLine())
        #expect(line.contains("too_many_connections"))
        #expect(extra.readLine() == nil)
        #expect(daemon.logs.entries.contains { "\($0.message)".contains("connection limit") })

        _ = try? held[0].request(#"{"op":"close"}"#)
        var admitted = false
        for _ in 0..<100 where !admitted {
            let client = try RawClient(path: daemon.socketPath)
            admitted = (try? client.request(#"{"op":"open"}"#))?.isSuccess ?? false
            if !admitted { try await Task.sleep(for: .milliseconds(20)) }
        }
        #expect(admitted)
        await daemon.stop()
    }

    /// One account cannot take every slot: past its share it is refused, while the trusted
    /// account (the SSH students) still gets in from the reserve.
    @Test func oneAccountIsHeldToItsShareAndTheTrustedAccountKeepsItsReserve() async throws {
        let daemon = try await TestDaemon.start(inMemory: true) { $0.maximumConnectionsPerUser = 2 }
        let held = try (0..<2).map { _ in try RawClient(path: daemon.socketPath) }
        for client in held { #expect(try client.request(#"{"op":"open"}"#).isSuccess) }
        let extra = try RawClient(path: daemon.socketPath)
        let line = try #require(extra.readLine())
        #expect(line.contains("too_many_connections") && line.contains("You already have 2 connections open"), "\(line)")
        #expect(daemon.logs.entries.contains { "\($0.message)".contains("at the limit for one account or address") })
        await daemon.stop()

        // The same account as the trusted one: no share of its own, and the reserve is its.
        let trusting = try await TestDaemon.start(inMemory: true) {
            $0.maximumConnectionsPerUser = 2
            $0.maximumConnections = 6
            $0.trustedReserve = 3
            $0.policy = IdentityPolicy(trustedUID: TestDaemon.ownUID)
        }
        let many = try (0..<6).map { _ in try RawClient(path: trusting.socketPath) }
        for client in many { #expect(try client.request(#"{"op":"open"}"#).isSuccess) }
        await trusting.stop()
    }

    /// Sends `requests` over one TCP connection to loopback `port` and returns `count` response lines.
    private func tcpExchange(port: Int, _ requests: [String], count: Int) throws -> [String] {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        #expect(connected == 0)
        let request = Array(requests.map { $0 + "\n" }.joined().utf8)
        #expect(request.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, 0) } == request.count)
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while received.filter({ $0 == 10 }).count < count {
            let read = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            guard read > 0 else { break }
            received += buffer[..<read]
        }
        return String(decoding: received, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    @Test func tcpOnLoopbackIsTheAnonymousUser() async throws {
        let daemon = try await TestDaemon.start(inMemory: true) { configuration in
            configuration.tcp = try? LoopbackAddress(parsing: "127.0.0.1:0")
            configuration.policy = IdentityPolicy(trustedUID: TestDaemon.ownUID)
        }
        let port = try #require(daemon.listening.tcpPort)
        let lines = try tcpExchange(port: port, [#"{"op":"open","user":"root"}"#, #"{"op":"open"}"#], count: 2)
        #expect(lines.count == 2)
        #expect(lines.first?.contains("forbidden") == true)
        #expect(lines.last?.contains(#""user":"tcp-anonymous""#) == true)
        await daemon.stop()
    }

    /// The audit's bug 4: every TCP client shared one persisted conversation, so one local
    /// account read another's history and profile. Each connection now has its own, in memory.
    @Test func tcpClientsNeverShareOrPersistAConversation() async throws {
        let daemon = try await TestDaemon.start { configuration in
            configuration.tcp = try? LoopbackAddress(parsing: "127.0.0.1:0")
        }
        let port = try #require(daemon.listening.tcpPort)
        let alice = try tcpExchange(port: port, [
            #"{"op":"open"}"#, #"{"op":"send","text":"hi, I'm Alice, a mechanical engineer"}"#, #"{"op":"send","text":"/profile"}"#,
        ], count: 3)
        #expect(alice.last?.contains("Alice") == true, "\(alice)")
        let next = try tcpExchange(port: port, [#"{"op":"open"}"#, #"{"op":"send","text":"/profile"}"#, #"{"op":"send","text":"/history"}"#], count: 3)
        #expect(next.first?.contains("Hello!") == true && next.first?.contains("Welcome back") == false, "\(next)")
        #expect(!next.joined().contains("Alice"), "\(next)")
        #expect(try daemon.savedState(of: IdentityPolicy.tcpUser) == nil)
        await daemon.stop()
    }

    @Test(.tags(.soak), arguments: TurnExecution.allCases) func gracefulShutdownAnswersTurnsInFlightAndSavesThem(_ execution: TurnExecution) async throws {
        let daemon = try await trustingDaemon { $0.turnExecution = execution }
        let replies = Tally()
        async let clients = runConcurrently(12) { index in
            guard let client = try? DaemonClient(socketPath: daemon.socketPath), (try? client.open(user: "drain-\(index)")) != nil else {
                return replies.fail("client \(index) could not open")
            }
            for number in 0..<10_000 {
                guard (try? client.send("question \(number) about lean")) != nil else { return }
                replies.add("drain-\(index)")
            }
        }
        // Stop once every client is in the middle of its turns.
        let deadline = ContinuousClock.now + .seconds(20)
        while (0..<12).contains(where: { replies.count("drain-\($0)") == 0 }) && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        await daemon.stop()
        #expect(await clients)
        #expect(replies.allProblems.isEmpty)
        for index in 0..<12 {
            let answered = replies.count("drain-\(index)")
            let saved = try daemon.savedState(of: "drain-\(index)")?.turnCount ?? 0
            #expect(answered > 0)
            #expect(saved == answered, "client \(index): \(answered) replies, \(saved) turns saved")
        }
        #expect(!FileManager.default.fileExists(atPath: daemon.socketPath))
    }

    @Test func idleConnectionsAreClosedAndTheClientReconnects() async throws {
        let daemon = try await TestDaemon.start(inMemory: true) { $0.limits.idleTimeout = .seconds(1) }
        let client = try DaemonClient(socketPath: daemon.socketPath)
        _ = try client.open()
        let raw = try RawClient(path: daemon.socketPath)
        #expect(try raw.request(#"{"op":"open"}"#).isSuccess)
        // The daemon closes the idle connection: the read ends (it waits at most 20 s). The
        // client's connection, opened first, was closed no later.
        #expect(raw.readLine() == nil)
        let answer = try client.send("what is six sigma?")
        #expect(answer.kind == .reply)
        await daemon.stop()
    }
}

/// An endpoint that answers nothing useful, for tests about sockets rather than turns.
struct InertEndpoint: ConversationEndpoint, Conversation {
    var user = ""

    func open(user: String) throws -> OpenedConversation {
        OpenedConversation(conversation: InertEndpoint(user: user), welcome: ConversationOutput(kind: .command, reply: nil, text: "", notices: []))
    }

    func send(_ text: String) throws -> ConversationOutput {
        ConversationOutput(kind: .command, reply: nil, text: "", notices: [])
    }

    func completions() throws -> [String] { ["/help"] }
}
