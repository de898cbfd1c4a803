import Foundation
import Testing
import Glibc

/// Students over SSH, end to end: a real `sshd` on 127.0.0.1 with the shared-account
/// configuration of `Scripts/deploy/sshd_config.d/advisor.conf`, `authorized_keys` lines made
/// by `advisor ssh-key-line`, the daemon on a Unix socket, and `ssh` as the student's client.
///
/// The login account is root here, standing in for the shared account `advisor`: the daemon
/// trusts it (`--trust-user root`) to speak for the student its forced command names.
@Suite(
    .serialized,
    .enabled(if: SSHTools.isRoot, "the SSH tests start sshd and log in as root: run them as root (CI does)"),
    .enabled(if: SSHTools.missing.isEmpty,
             "missing \(SSHTools.missing.joined(separator: ", ")): the SSH tests need openssh-server, openssh-client and tmux (Scripts/setup.sh installs them)"),
    .enabled(if: AdvisorBinary.exists, "advisor is not built at \(AdvisorBinary.url.path): run swift build, or set ADVISOR_BINARY")
)
struct SSHTests {
    let rig: SSHRig
    let prompt = "you> "

    init() throws {
        rig = try SSHRig()
    }

    // MARK: A conversation in a terminal

    @Test func aConversationOverSSHCompletesWithTabAndSurvivesADroppedConnection() throws {
        try rig.startSSHD()
        let terminal = try TmuxTerminal(directory: rig.directory.url)
        let question = "what does a plant manager do?"

        // The first connection: a welcome, a question, Tab completion through the pty.
        let (first, sshPID) = try startTerminalSession(in: terminal, key: "alice")
        let answered = try terminal.ask(question, prompt: prompt, in: first).joined(separator: "\n")
        #expect(answered.contains("Plant Manager"), "\(answered)")
        #expect(answered.contains("manufacturing site"), "\(answered)")

        // Tab completion of "plant ma", through the pty and the daemon.
        try terminal.completePlantManager("plant ma", prompt: prompt, in: first)

        // Drop the connection abruptly: the client is killed, nothing says goodbye.
        #expect(kill(sshPID, SIGKILL) == 0, "could not kill the ssh client \(sshPID)")
        _ = try terminal.waitForExit(of: first)
        // sshd hangs up the pty; the forced command must end rather than linger.
        let lingering = try rig.waitUntilNoChat(for: "alice")
        #expect(lingering.isEmpty, "advisor chat for alice still runs after the connection dropped: pids \(lingering)")

        // The turn was saved by the daemon, in alice's state files only.
        let saved = try rig.recordedQuestions(for: "alice")
        #expect(saved == [question], "alice's state files: \(saved)")
        #expect(try rig.recordedQuestions(for: "bob").isEmpty)
        #expect(!saved.contains { $0.hasPrefix("plant manager") }, "a line never sent is not saved")

        // Reconnecting resumes the conversation where it was.
        let (second, _) = try startTerminalSession(in: terminal, key: "alice")
        let greeting = try terminal.screen(of: second).joined(separator: "\n")
        #expect(greeting.contains("Welcome back"), "\(greeting)")
        #expect(greeting.contains("Last time we were talking about Plant Manager"), "\(greeting)")
        try terminal.press("C-d", in: second)
        #expect(try terminal.waitForExit(of: second) == 0)
        #expect(try terminal.screen(of: second).joined(separator: "\n").contains("Goodbye!"))
    }

    // MARK: Without a terminal

    @Test func aCommandSentOverSSHIsAnsweredOnceForTheKeysStudent() throws {
        try rig.startSSHD()
        let run = try rig.ssh(key: "bob", command: "what roles can I get?")
        #expect(run.status == 0, "stderr: \(run.error)")
        #expect(run.output.hasPrefix("[Career outcomes]"), "one plain reply, no welcome or prompt: \(run.output)")
        #expect(run.output.contains("Plant Manager"), "\(run.output)")
        #expect(!run.output.contains(prompt.trimmingCharacters(in: .whitespaces)))
        #expect(try rig.recordedQuestions(for: "bob") == ["what roles can I get?"])
        #expect(try rig.recordedQuestions(for: "alice").isEmpty, "the key is bob's: nothing is recorded for alice")
    }

    @Test func withoutATerminalEachLineGetsAPlainReply() throws {
        try rig.startSSHD()
        let run = try rig.ssh(key: "bob", extraOptions: ["-T"], command: nil,
                              input: "what does a plant manager do?\nwhat roles can I get?\n/export /tmp/advisor-ssh-export.md\n")
        #expect(run.status == 0, "stderr: \(run.error)")
        // A file would land on the server, as the shared account: /export FILE is refused.
        #expect(run.output.contains("Over SSH I cannot write a file on your computer."), "\(run.output)")
        #expect(!FileManager.default.fileExists(atPath: "/tmp/advisor-ssh-export.md"))
        #expect(run.output.hasPrefix("[Plant Manager]\n"), "no welcome, no prompt, no styling: \(run.output)")
        #expect(run.output.contains("[Career outcomes]"), "\(run.output)")
        #expect(!run.output.contains("you>"), "\(run.output)")
        #expect(!run.output.contains("\u{1b}["), "no escape sequences without a terminal")
        #expect(try rig.recordedQuestions(for: "bob") == ["what does a plant manager do?", "what roles can I get?"])
    }

    @Test func aCraftedCommandIsOnlyAQuestionAndCannotBecomeAnotherStudent() throws {
        try rig.startSSHD()
        let seeded = try rig.ssh(key: "alice", command: "what does a plant manager do?")
        #expect(seeded.status == 0, "stderr: \(seeded.error)")
        let alice = try rig.stateFiles(for: "alice")
        #expect(!alice.isEmpty, "alice's turn is saved")

        let marker = rig.directory.url.appendingPathComponent("executed")
        let crafted = [
            "--as alice; cat /etc/passwd",
            "--as=alice $(cat /etc/passwd) `id` | tee \(marker.path) && touch \(marker.path)",
        ]
        for command in crafted {
            let run = try rig.ssh(key: "bob", command: command)
            #expect(run.status == 0, "\(command): stderr: \(run.error)")
            let shown = run.output + run.error
            #expect(!shown.contains("root:x:0:0") && !shown.contains("/usr/sbin/nologin"), "\(command) ran: \(shown)")
            #expect(!shown.contains("uid=0(root)"), "\(command) ran: \(shown)")
            #expect(!run.output.isEmpty, "\(command) is answered as a question")
        }
        #expect(!FileManager.default.fileExists(atPath: marker.path), "a crafted command was executed")
        #expect(try rig.recordedQuestions(for: "bob") == crafted, "both were bob's questions")
        #expect(try rig.stateFiles(for: "alice") == alice, "alice's conversation is untouched")
    }

    @Test func aCommandWithALineBreakOrControlCharacterIsRefused() throws {
        try rig.startSSHD()
        for command in ["what roles\ncan I get?", "what roles can I get?\r", "clear \u{1b}[2J the screen", "tab\there"] {
            let run = try rig.ssh(key: "bob", command: command)
            #expect(run.status == 2, "\(command.debugDescription): stdout \(run.output) stderr \(run.error)")
            #expect(run.error.contains("line break or control character"), "\(command.debugDescription): \(run.error)")
            #expect(run.output.isEmpty, "\(command.debugDescription) is neither run nor asked: \(run.output)")
        }
        #expect(try rig.stateFiles(for: "bob").isEmpty, "nothing is recorded")
        #expect(try rig.stateFiles(for: "alice").isEmpty)
    }

    // MARK: The documented configuration

    @Test func theDocumentedSnippetPassesSSHDsOwnCheck() throws {
        // As the README installs it: copied into an sshd_config.d that the main file includes
        // (Debian's sshd_config includes /etc/ssh/sshd_config.d/*.conf), then `sshd -t`.
        let included = rig.directory.appending("sshd_config.d")
        try FileManager.default.createDirectory(at: included, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: AdvisorBinary.packageRoot.appendingPathComponent("Scripts/deploy/sshd_config.d/advisor.conf"),
            to: included.appendingPathComponent("advisor.conf"))
        let main = rig.file("sshd_config_check")
        try """
            Include \(included.path)/*.conf
            HostKey \(rig.file("host_key").path)
            PidFile \(rig.file("sshd-check.pid").path)
            UsePAM no

            """.write(to: main, atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)
        let status = try ChildProcess.run(
            SSHTools.sshd, ["-t", "-f", main.path], environment: ["PATH": "/usr/sbin:/usr/bin:/bin"],
            output: rig.file("sshd-check.out").path, error: rig.file("sshd-check.err").path, timeout: 20)
        let message = (try? String(contentsOf: rig.file("sshd-check.err"), encoding: .utf8)) ?? ""
        #expect(status == 0, "sshd -t rejects Scripts/deploy/sshd_config.d/advisor.conf: \(message)")
    }

    // MARK: The socket itself

    @Test func anUntrustedUserOnTheSocketCannotSpeakForAStudent() throws {
        // Alice has a conversation (root is the trusted account).
        let seeded = try AdvisorBinary.run(
            ["chat", "--connect", rig.socket.path, "--as", "alice"], input: "what does a plant manager do?\n",
            home: rig.directory.url)
        #expect(seeded.status == 0, "stderr: \(seeded.error)")
        let alice = try rig.stateFiles(for: "alice")
        #expect(!alice.isEmpty)

        // With the socket's own permissions (660, root's), nobody cannot even connect.
        let closed = try rig.chatAsNobody(speakingFor: "alice", input: "what does a plant manager do?\n")
        #expect(closed.status != 0, "stdout: \(closed.output)")
        #expect(!closed.output.contains("Plant Manager"), "\(closed.output)")

        // Opened to everyone, the connection reaches the daemon, which refuses the name.
        #expect(chmod(rig.socket.path, 0o666) == 0)
        let refused = try rig.chatAsNobody(speakingFor: "alice", input: "what does a plant manager do?\n")
        #expect(refused.status != 0, "stdout: \(refused.output)")
        #expect(refused.error.contains(
            "You are nobody, and only the trusted account root may speak for another user, so you cannot open \"alice\"'s conversation."),
                "\(refused.error)")
        #expect(!refused.output.contains("Plant Manager"), "\(refused.output)")
        #expect(try rig.stateFiles(for: "alice") == alice, "alice's conversation is untouched")
        #expect(try rig.stateFiles(for: "nobody").isEmpty, "the refused connection recorded nothing")
    }

    // MARK: Helpers

    /// Starts `ssh -tt` with `key` in a new tmux session (100×30, xterm-256color), waits for
    /// the first prompt, and returns the session and the ssh client's pid.
    private func startTerminalSession(in terminal: TmuxTerminal, key: String) throws -> (String, pid_t) {
        let pidFile = rig.directory.url.appendingPathComponent("ssh-\(UUID().uuidString).pid")
        // The shell writes its pid and becomes ssh, so that the client can be killed by pid.
        let session = try terminal.start(
            ["/bin/sh", "-c", #"echo $$ > "$0"; exec "$@""#, pidFile.path] + rig.sshCommand(key: key, extraOptions: ["-tt"]),
            environment: ["HOME": rig.clientHome.path, "TERM": "xterm-256color", "LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"],
            columns: 100, rows: 30)
        try terminal.waitForLastLine(prompt, in: session)
        let text = try String(contentsOf: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let pid = try #require(pid_t(text), "no pid in \(pidFile.path): \(text)")
        return (session, pid)
    }
}

// MARK: - The machinery

/// The programs the SSH tests need, and whether they may run.
enum SSHTools {
    static let isRoot = geteuid() == 0

    static let sshd = "/usr/sbin/sshd"
    static let ssh = find("ssh")
    static let sshKeygen = find("ssh-keygen")
    static let setpriv = find("setpriv")
    static let runuser: String? = {
        let candidates: [String] = ["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser"]
        return candidates.first { access($0, X_OK) == 0 }
    }()

    /// The ones that are not installed, by name.
    static let missing: [String] = {
        var missing: [String] = []
        if access(sshd, X_OK) != 0 { missing.append(sshd) }
        if ssh == nil { missing.append("ssh") }
        if sshKeygen == nil { missing.append("ssh-keygen") }
        if !TmuxTerminal.isInstalled { missing.append("tmux") }
        return missing
    }()

    private static func find(_ name: String) -> String? {
        let directories: [String] = ["/usr/bin", "/usr/local/bin", "/bin", "/usr/sbin", "/sbin"]
        return directories.map { "\($0)/\(name)" }.first { access($0, X_OK) == 0 }
    }

    /// Polls `condition` every 20 ms for at most `timeout` seconds; whether it came true.
    static func wait(timeout: Double, until condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        repeat {
            if try condition() { return true }
            usleep(20_000)
        } while Date() < deadline
        return try condition()
    }

    /// Whether something accepts connections on the Unix socket at `path`.
    static func unixSocketAnswers(_ path: String) -> Bool {
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            buffer.copyBytes(from: bytes)
            buffer[bytes.count] = 0
        }
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) == 0
            }
        }
    }

    /// Whether something accepts TCP connections on 127.0.0.1 at `port`.
    static func loopbackAccepts(port: UInt16) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = loopback(port: port)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    /// A TCP port on 127.0.0.1 that is free now (the kernel's choice, from its high range).
    static func freeLoopbackPort() throws -> UInt16 {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw TestFailure("socket: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var address = loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else { throw TestFailure("bind 127.0.0.1:0: \(String(cString: strerror(errno)))") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard named == 0 else { throw TestFailure("getsockname: \(String(cString: strerror(errno)))") }
        return UInt16(bigEndian: address.sin_port)
    }

    private static func loopback(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return address
    }

    /// The pids of running processes whose command line contains every one of `parts`.
    static func processes(withArguments parts: [String]) -> [pid_t] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry -> pid_t? in
            guard let pid = pid_t(entry), pid != getpid(),
                  let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline"), !data.isEmpty
            else { return nil }
            let arguments = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            // A zombie has an empty command line and is skipped above.
            return parts.allSatisfy { part in arguments.contains(part) } ? pid : nil
        }
    }
}

/// A program started in the background with posix_spawn, its output in a log file, stopped
/// (SIGTERM, then SIGKILL) and reaped when released.
///
/// Not Foundation's `Process`, for the reason `ChildProcess` gives: the child gets no
/// descriptor but its three streams.
final class BackgroundProcess {
    let pid: pid_t
    let log: URL
    private let name: String
    private var status: Int32?

    init(_ executable: String, _ arguments: [String], environment: [String: String], log: URL) throws {
        self.log = log
        name = ([executable] + arguments).joined(separator: " ")
        pid = try ChildProcess.spawn(executable, arguments, environment: environment, output: log.path, error: nil)
    }

    deinit {
        stop()
    }

    /// Whether it has ended (and reaps it if so).
    var hasExited: Bool {
        if status != nil { return true }
        var raw: Int32 = 0
        if waitpid(pid, &raw, WNOHANG) == pid { status = raw }
        return status != nil
    }

    /// What it has written so far.
    var output: String {
        String(decoding: (try? Data(contentsOf: log)) ?? Data(), as: UTF8.self)
    }

    /// Sends SIGTERM, waits up to `timeout` seconds, then SIGKILL; reaps it either way.
    func stop(timeout: Double = 10) {
        guard !hasExited else { return }
        kill(pid, SIGTERM)
        if SSHTools.wait(timeout: timeout, until: { hasExited }) { return }
        kill(pid, SIGKILL)
        var raw: Int32 = 0
        _ = waitpid(pid, &raw, 0)
        status = raw
    }
}

/// One test's world: keys, the daemon, `authorized_keys`, and (when started) `sshd`.
/// Everything is stopped and removed when it is released, whatever the test did.
final class SSHRig {
    let directory: TemporaryDirectory
    let socket: URL
    let stateDirectory: URL
    let clientHome: URL
    private(set) var port: UInt16 = 0
    private var daemon: BackgroundProcess?
    private var sshd: BackgroundProcess?

    /// How long starting something may take.
    static let startTimeout: Double = 15

    /// Directives sshd accepts only outside Match blocks.
    static let globalOnlyDirectives: Set<String> = ["PermitUserEnvironment"]

    init() throws {
        directory = try TemporaryDirectory()
        // Traversable by everyone: the untrusted-uid test reaches the socket inside.
        chmod(directory.url.path, 0o755)
        socket = directory.url.appendingPathComponent("advisor.sock")
        stateDirectory = directory.appending("state")
        clientHome = directory.appending("client-home")
        try FileManager.default.createDirectory(at: clientHome, withIntermediateDirectories: true)

        for name in ["host_key", "alice_key", "bob_key"] {
            let status = try ChildProcess.run(
                SSHTools.sshKeygen ?? "ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", name, "-f", file(name).path],
                environment: ["PATH": "/usr/bin:/bin", "HOME": clientHome.path],
                output: file("keygen.out").path, error: file("keygen.err").path, timeout: 20)
            guard status == 0 else { throw TestFailure("ssh-keygen for \(name) failed: \(read("keygen.err"))") }
        }

        let daemon = try BackgroundProcess(
            AdvisorBinary.url.path,
            ["serve", "--socket", socket.path, "--state-dir", stateDirectory.path, "--trust-user", "root",
             "--intents", AdvisorBinary.intents.path],
            environment: ["HOME": clientHome.path, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"],
            log: file("daemon.log"))
        self.daemon = daemon
        let socketPath = socket.path
        guard SSHTools.wait(timeout: Self.startTimeout, until: { SSHTools.unixSocketAnswers(socketPath) || daemon.hasExited }),
              !daemon.hasExited
        else {
            throw TestFailure("The daemon did not answer on \(socketPath) within \(Self.startTimeout) s:\n\(daemon.output)")
        }

        // The lines an administrator would append, made by the command the README documents.
        var lines: [String] = []
        for student in ["alice", "bob"] {
            let run = try AdvisorBinary.run(
                ["ssh-key-line", student, file("\(student)_key.pub").path, "--socket", socket.path,
                 "--advisor", AdvisorBinary.url.path],
                input: "", home: clientHome)
            guard run.status == 0, run.lines.first?.hasPrefix("command=\"") == true else {
                throw TestFailure("advisor ssh-key-line \(student) failed (\(run.status)): \(run.output)\(run.error)")
            }
            lines.append(run.lines[0])
        }
        try (lines.joined(separator: "\n") + "\n").write(to: file("authorized_keys"), atomically: true, encoding: .utf8)
        chmod(file("authorized_keys").path, 0o600)
    }

    deinit {
        sshd?.stop()
        sshd = nil
        // Sessions the test left behind (their connections are closed by now) end with the daemon.
        daemon?.stop()
        daemon = nil
        for pid in SSHTools.processes(withArguments: [socket.path]) { kill(pid, SIGKILL) }
    }

    func file(_ name: String) -> URL {
        directory.url.appendingPathComponent(name)
    }

    private func read(_ name: String) -> String {
        (try? String(contentsOf: file(name), encoding: .utf8)) ?? ""
    }

    /// The configuration: the test's own listener and keys, and the documented shared-account
    /// block from `advisor.conf` with the shared account `advisor` played by root and its
    /// key file moved into the test's directory.
    func sshdConfiguration(port: UInt16) throws -> String {
        let documented = try String(
            contentsOf: AdvisorBinary.packageRoot.appendingPathComponent("Scripts/deploy/sshd_config.d/advisor.conf"),
            encoding: .utf8)
        var block: [String] = []
        for line in documented.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("Match ") {
                if !block.isEmpty { break }
                if trimmed == "Match User advisor" { block.append("Match User root") }
            } else if !block.isEmpty {
                let keyword = trimmed.split(separator: " ").first.map(String.init) ?? ""
                if keyword == "AuthorizedKeysFile" {
                    block.append("    AuthorizedKeysFile \(file("authorized_keys").path)")
                } else if Self.globalOnlyDirectives.contains(keyword) {
                    // sshd refuses it inside Match (it is set globally above); the snippet's
                    // own check is theDocumentedSnippetPassesSSHDsOwnCheck.
                    block.append("    # (global only) \(trimmed)")
                } else {
                    block.append(line)
                }
            }
        }
        guard block.contains(where: { $0.contains("AuthorizedKeysFile") }) else {
            throw TestFailure("advisor.conf has no \"Match User advisor\" block with an AuthorizedKeysFile: \(documented)")
        }
        return """
            # The test's sshd: loopback only, its own host key and pid file, root as the shared account.
            ListenAddress 127.0.0.1
            Port \(port)
            HostKey \(file("host_key").path)
            PidFile \(file("sshd.pid").path)
            AuthorizedKeysFile \(file("authorized_keys").path)
            StrictModes no
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            UsePAM no
            PermitRootLogin prohibit-password
            AllowTcpForwarding no
            X11Forwarding no
            PermitTTY yes
            PermitUserEnvironment no
            # The forced command keeps its readline history under XDG_STATE_HOME (else root's
            # home): keep it in the test's directory, with no ~/.inputrc involved.
            SetEnv XDG_STATE_HOME=\(directory.appending("session-state").path) INPUTRC=/dev/null

            # From Scripts/deploy/sshd_config.d/advisor.conf:
            \(block.joined(separator: "\n"))

            """
    }

    /// Starts sshd on a free port of 127.0.0.1 and waits until it accepts connections.
    func startSSHD() throws {
        try FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)
        var failures: [String] = []
        for attempt in 1...3 {
            let port = try SSHTools.freeLoopbackPort()
            let configuration = file("sshd_config")
            try sshdConfiguration(port: port).write(to: configuration, atomically: true, encoding: .utf8)
            let process = try BackgroundProcess(
                SSHTools.sshd, ["-D", "-e", "-f", configuration.path], environment: ["PATH": "/usr/sbin:/usr/bin:/bin"],
                log: file("sshd-\(attempt).log"))
            if SSHTools.wait(timeout: Self.startTimeout, until: { SSHTools.loopbackAccepts(port: port) || process.hasExited }),
               !process.hasExited {
                sshd = process
                self.port = port
                return
            }
            process.stop()
            failures.append("port \(port): \(process.output)")
        }
        throw TestFailure("sshd did not start:\n" + failures.joined(separator: "\n"))
    }

    /// The ssh client's command line for `key` (alice or bob), logging in as root on 127.0.0.1.
    func sshCommand(key: String, extraOptions: [String] = [], command: String? = nil) -> [String] {
        [SSHTools.ssh ?? "ssh", "-F", "/dev/null", "-i", file("\(key)_key").path,
         "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no",
         "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-o", "ConnectTimeout=10",
         "-p", "\(port)"] + extraOptions + ["--", "root@127.0.0.1"] + (command.map { [$0] } ?? [])
    }

    /// Runs ssh to its end without a terminal, `input` on its standard input.
    func ssh(key: String, extraOptions: [String] = [], command: String?, input: String = "") throws -> AdvisorBinary.Run {
        let arguments = sshCommand(key: key, extraOptions: extraOptions, command: command)
        return try runToEnd(arguments, environment: ["HOME": clientHome.path, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"], input: input)
    }

    /// Runs `advisor chat --connect SOCKET --as NAME` as the user nobody.
    func chatAsNobody(speakingFor name: String, input: String) throws -> AdvisorBinary.Run {
        let chat = [AdvisorBinary.url.path, "chat", "--connect", socket.path, "--as", name]
        let arguments: [String]
        if let setpriv = SSHTools.setpriv {
            let group = getgrnam("nogroup") != nil ? "nogroup" : "nobody"
            arguments = [setpriv, "--reuid=nobody", "--regid=\(group)", "--clear-groups", "--"] + chat
        } else if let runuser = SSHTools.runuser {
            arguments = [runuser, "-u", "nobody", "--"] + chat
        } else {
            throw TestFailure("neither setpriv nor runuser is installed, so nothing can run as nobody")
        }
        return try runToEnd(arguments, environment: ["HOME": "/nonexistent", "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"], input: input)
    }

    private func runToEnd(_ arguments: [String], environment: [String: String], input: String) throws -> AdvisorBinary.Run {
        let id = UUID().uuidString
        let inputFile = file("\(id).in"), outputFile = file("\(id).out"), errorFile = file("\(id).err")
        try Data(input.utf8).write(to: inputFile)
        chmod(inputFile.path, 0o644)
        defer { [inputFile, outputFile, errorFile].forEach { try? FileManager.default.removeItem(at: $0) } }
        let status = try ChildProcess.run(
            arguments[0], Array(arguments.dropFirst()), environment: environment,
            input: inputFile.path, output: outputFile.path, error: errorFile.path, timeout: 20)
        return AdvisorBinary.Run(
            status: status,
            output: String(decoding: try Data(contentsOf: outputFile), as: UTF8.self),
            error: String(decoding: try Data(contentsOf: errorFile), as: UTF8.self))
    }

    /// `user`'s state files in the daemon's state directory (`.json`, `.journal`, ...) and
    /// their bytes.
    func stateFiles(for user: String) throws -> [String: Data] {
        guard FileManager.default.fileExists(atPath: stateDirectory.path) else { return [:] }
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: stateDirectory.path)
        where name.hasPrefix(user + ".") && !name.hasSuffix(".lock") {
            files[name] = try Data(contentsOf: stateDirectory.appendingPathComponent(name))
        }
        return files
    }

    /// What `user` said, turn by turn, as the daemon saved it: the turns of `<user>.json`
    /// and then those its journal adds (each journal line is one JSON object).
    func recordedQuestions(for user: String) throws -> [String] {
        let files = try stateFiles(for: user)
        var documents: [Any] = []
        if let state = files[user + ".json"] { documents.append(try JSONSerialization.jsonObject(with: state)) }
        if let journal = files[user + ".journal"] {
            for line in journal.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
                documents.append(try JSONSerialization.jsonObject(with: Data(line)))
            }
        }
        var questions: [String] = []
        for document in documents {
            guard let object = document as? [String: Any] else { continue }
            // A state file's "turns", or a journal entry's "add" after "keep".
            let turns = (object["turns"] ?? object["add"]) as? [[String: Any]] ?? []
            if object["add"] != nil, let keep = object["keep"] as? Int {
                questions = Array(questions.suffix(keep))
            }
            questions += turns.compactMap { $0["user"] as? String }
        }
        return questions
    }

    /// Waits until no `advisor chat` for `student` on this rig's socket runs; the pids that
    /// still do after the wait.
    func waitUntilNoChat(for student: String) throws -> [pid_t] {
        let parts = ["chat", "--connect", socket.path, "--as", student]
        _ = SSHTools.wait(timeout: Self.startTimeout) { SSHTools.processes(withArguments: parts).isEmpty }
        return SSHTools.processes(withArguments: parts)
    }
}
