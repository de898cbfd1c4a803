import AdvisorKnowledge
import Foundation
import Glibc

/// `advisor doctor`: checks a deployment, one verdict per check with the fix, against the
/// layout the README's "Serving students over SSH" documents.
public struct Doctor: Sendable {
    /// Where the deployment's parts are (the README's defaults).
    public struct Layout: Sendable {
        public var intents: URL
        public var stateDirectory = "/var/lib/advisor"
        public var socket = "/run/advisor/advisor.sock"
        /// The daemon's account, which owns the state directory and the socket.
        public var daemonUser = "advisord"
        /// The group whose members may connect to the socket.
        public var clientGroup = "advisor-clients"
        public var socketMode: mode_t = 0o660
        public var sshdConfig = "/etc/ssh/sshd_config"
        public var sshdSnippet = "/etc/ssh/sshd_config.d/advisor.conf"
        public var authorizedKeys = "/etc/advisor/authorized_keys"
        public var sshd = "/usr/sbin/sshd"
        /// This binary's version, to compare with the running daemon's.
        public var version: String

        public init(intents: URL, version: String) {
            self.intents = intents
            self.version = version
        }
    }

    /// One check's verdict.
    public struct Check: Sendable, Equatable, Codable {
        public enum Verdict: String, Sendable, Codable {
            case ok, failed
        }

        public var name: String
        public var verdict: Verdict
        /// What was found.
        public var detail: String
        /// What to do about a failure.
        public var fix: String?

        static func ok(_ name: String, _ detail: String) -> Check { Check(name: name, verdict: .ok, detail: detail, fix: nil) }
        static func failed(_ name: String, _ detail: String, fix: String) -> Check { Check(name: name, verdict: .failed, detail: detail, fix: fix) }

        /// One line for a person.
        public var line: String {
            (verdict == .ok ? "ok    " : "FAILED") + "  \(name): \(detail)" + (fix.map { " Fix: \($0)" } ?? "")
        }
    }

    public var layout: Layout

    public init(layout: Layout) {
        self.layout = layout
    }

    /// Every check, in order.
    public func run() -> [Check] {
        let (knowledgeCheck, hash) = knowledge()
        return [knowledgeCheck, stateDirectory(), socketFile()] + daemon(expectedHash: hash) + [sshdSnippet(), authorizedKeys()]
    }

    // MARK: - The checks

    func knowledge() -> (Check, String?) {
        let report = Lint.run(directory: layout.intents)
        let hash = try? KnowledgeIdentity.contentHash(directory: layout.intents).hash
        guard report.isAcceptable, let knowledge = report.knowledge else {
            let first = report.errors.first.map { ": \($0.headline)" } ?? ""
            return (.failed("knowledge base", "\(layout.intents.path) does not pass lint (\(report.summary))\(first)",
                            fix: "run advisor lint --intents \(layout.intents.path) and fix what it names."), hash)
        }
        return (.ok("knowledge base", "\(layout.intents.path): \(knowledge.intents.count) intents, content \(hash ?? "?"), lint passes"), hash)
    }

    func stateDirectory() -> Check {
        let name = "state directory"
        let path = layout.stateDirectory
        var info = stat()
        guard lstat(path, &info) == 0 else {
            return .failed(name, "\(path) does not exist.", fix: "systemd's StateDirectory=advisor creates it; or install -d -m 700 -o \(layout.daemonUser) \(path).")
        }
        guard info.st_mode & S_IFMT == S_IFDIR else { return .failed(name, "\(path) is not a directory.", fix: "move it away; the daemon keeps conversations in a directory.") }
        var problems: [String] = []
        if let uid = PeerLookup.uid(ofUser: layout.daemonUser), info.st_uid != uid {
            problems.append("owned by \(PeerLookup.userName(uid: info.st_uid)), not \(layout.daemonUser)")
        }
        if info.st_mode & 0o077 != 0 {
            problems.append("mode \(String(info.st_mode & 0o777, radix: 8)) lets others in (conversations are private)")
        }
        guard problems.isEmpty else {
            return .failed(name, "\(path): " + problems.joined(separator: "; ") + ".", fix: "chown \(layout.daemonUser) \(path) && chmod 700 \(path).")
        }
        return .ok(name, "\(path), owned by \(layout.daemonUser), mode 700")
    }

    func socketFile() -> Check {
        let name = "socket"
        let path = layout.socket
        var info = stat()
        guard lstat(path, &info) == 0 else {
            return .failed(name, "\(path) does not exist: the daemon is not running.", fix: "systemctl start advisor; systemctl status advisor says why it stopped.")
        }
        guard info.st_mode & S_IFMT == S_IFSOCK else { return .failed(name, "\(path) is not a socket.", fix: "remove it and restart the daemon.") }
        var problems: [String] = []
        if let uid = PeerLookup.uid(ofUser: layout.daemonUser), info.st_uid != uid {
            problems.append("owned by \(PeerLookup.userName(uid: info.st_uid)), not \(layout.daemonUser)")
        }
        if let gid = Self.gid(ofGroup: layout.clientGroup), info.st_gid != gid {
            problems.append("group \(Self.groupName(info.st_gid)), not \(layout.clientGroup)")
        }
        if info.st_mode & 0o777 != layout.socketMode {
            problems.append("mode \(String(info.st_mode & 0o777, radix: 8)), not \(String(layout.socketMode, radix: 8))")
        }
        guard problems.isEmpty else {
            return .failed(name, "\(path): " + problems.joined(separator: "; ") + ".",
                           fix: "the daemon sets these: run it as \(layout.daemonUser) with group \(layout.clientGroup) and --socket-mode \(String(layout.socketMode, radix: 8)) (Scripts/deploy/advisor.service).")
        }
        return .ok(name, "\(path), \(layout.daemonUser):\(layout.clientGroup), mode \(String(layout.socketMode, radix: 8))")
    }

    /// The daemon answers, and serves this binary's version and this knowledge base.
    func daemon(expectedHash: String?) -> [Check] {
        let status: DaemonStatus
        do {
            let client = try DaemonClient(socketPath: layout.socket, timeout: .seconds(10))
            defer { client.close() }
            status = try client.status()
        } catch {
            return [.failed("daemon", "no answer on \(layout.socket): \(error)", fix: "systemctl restart advisor, then journalctl -u advisor.")]
        }
        var checks = [Check.ok("daemon", "answers on \(layout.socket): up \(status.uptimeSeconds) s, \(status.turns) turns, \(status.connections) connection(s)")]
        if status.version != layout.version {
            checks.append(.failed("versions", "the daemon runs advisor \(status.version), this binary is \(layout.version).", fix: "systemctl restart advisor after installing a new binary."))
        } else if let expectedHash, status.knowledgeHash != expectedHash {
            checks.append(.failed("versions", "the daemon serves knowledge base \(status.knowledgeHash), \(layout.intents.path) is \(expectedHash).",
                                  fix: "advisor reload --connect \(layout.socket) (or systemctl reload advisor)."))
        } else {
            checks.append(.ok("versions", "advisor \(status.version), knowledge base \(status.knowledgeHash), as installed"))
        }
        return checks
    }

    func sshdSnippet() -> Check {
        let name = "sshd"
        guard let snippet = try? String(contentsOfFile: layout.sshdSnippet, encoding: .utf8) else {
            return .failed(name, "\(layout.sshdSnippet) is missing.", fix: "cp Scripts/deploy/sshd_config.d/advisor.conf /etc/ssh/sshd_config.d/ && sshd -t && systemctl reload ssh.")
        }
        guard snippet.contains("--connect \(layout.socket)") else {
            return .failed(name, "\(layout.sshdSnippet) does not send students to \(layout.socket).", fix: "its ForceCommand must run advisor chat --connect \(layout.socket).")
        }
        guard access(layout.sshd, X_OK) == 0 else {
            return .failed(name, "\(layout.sshd) is not installed, so the snippet cannot be checked.", fix: "apt-get install openssh-server.")
        }
        let (status, output) = Self.run(layout.sshd, ["-t", "-f", layout.sshdConfig])
        guard status == 0 else {
            return .failed(name, "sshd -t refuses the configuration: \(output.trimmingCharacters(in: .whitespacesAndNewlines).prefix(300))",
                           fix: "fix what sshd names before reloading it (a bad configuration can lock everyone out).")
        }
        return .ok(name, "\(layout.sshdSnippet) in place; sshd -t accepts \(layout.sshdConfig)")
    }

    func authorizedKeys() -> Check {
        let name = "authorized keys"
        guard let text = try? String(contentsOfFile: layout.authorizedKeys, encoding: .utf8) else {
            return .failed(name, "\(layout.authorizedKeys) cannot be read.", fix: "mkdir -p /etc/advisor && touch \(layout.authorizedKeys) && chmod 644 \(layout.authorizedKeys).")
        }
        var bad: [String] = []
        var keys = 0
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            keys += 1
            if let problem = Self.problem(keyLine: trimmed, socket: layout.socket) { bad.append("line \(index + 1) \(problem)") }
        }
        guard bad.isEmpty else {
            return .failed(name, "\(layout.authorizedKeys): " + bad.joined(separator: "; ") + ".",
                           fix: "make every line with advisor ssh-key-line NAME KEYFILE; a line without the forced command or restrict lets its key do anything the shared account can.")
        }
        return .ok(name, "\(layout.authorizedKeys): \(keys) key(s), each with the forced command, restrict and a valid --as name")
    }

    /// What is wrong with one `authorized_keys` line of the shared account, or nil.
    static func problem(keyLine: String, socket: String) -> String? {
        guard keyLine.hasPrefix("command=\""), let end = keyLine.dropFirst(9).firstIndex(of: "\"") else {
            return "has no forced command"
        }
        let command = keyLine[keyLine.index(keyLine.startIndex, offsetBy: 9)..<end]
        let options = keyLine[keyLine.index(after: end)...].split(separator: " ").first.map(String.init) ?? ""
        let words = command.split(separator: " ").map(String.init)
        guard words.count == 6, words[1] == "chat", words[2] == "--connect", words[3] == socket, words[4] == "--as" else {
            return "has a forced command other than advisor chat --connect \(socket) --as NAME"
        }
        guard SSHKeyLine.isValidName(words[5]) else { return "names \"\(words[5].prefix(40))\", not a valid student name" }
        guard options.split(separator: ",").contains("restrict") else { return "lacks restrict" }
        return nil
    }

    // MARK: - Helpers

    static func gid(ofGroup name: String) -> gid_t? {
        var group = Glibc.group()
        var result: UnsafeMutablePointer<Glibc.group>?
        var buffer = [CChar](repeating: 0, count: 16_384)
        guard getgrnam_r(name, &group, &buffer, buffer.count, &result) == 0, result != nil else { return nil }
        return group.gr_gid
    }

    static func groupName(_ gid: gid_t) -> String {
        var group = Glibc.group()
        var result: UnsafeMutablePointer<Glibc.group>?
        var buffer = [CChar](repeating: 0, count: 16_384)
        guard getgrgid_r(gid, &group, &buffer, buffer.count, &result) == 0, result != nil, let name = group.gr_name else { return "gid \(gid)" }
        return String(cString: name)
    }

    /// Runs a program to its end: its status and what it printed.
    static func run(_ executable: String, _ arguments: [String]) -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do { try process.run() } catch { return (-1, "\(error)") }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }
}
