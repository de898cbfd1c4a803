import Foundation
import Testing

/// `advisor doctor` on a deployment laid out in a temporary directory, with a real daemon
/// and sshd's own check: a good one passes, a broken one names each fault and exits 1.
@Suite(
    .enabled(if: AdvisorBinary.exists, "advisor is not built at \(AdvisorBinary.url.path): run swift build, or set ADVISOR_BINARY"),
    .enabled(if: access("/usr/sbin/sshd", X_OK) == 0 && access("/usr/bin/ssh-keygen", X_OK) == 0, "OpenSSH is not installed (apt-get install openssh-server)")
)
struct DoctorTests {
    let directory: TemporaryDirectory
    let me = String(cString: getpwuid(getuid())!.pointee.pw_name)
    let group = String(cString: getgrgid(getgid())!.pointee.gr_name)

    init() throws {
        directory = try TemporaryDirectory()
    }

    private func path(_ name: String) -> String { directory.appending(name).path }

    /// A deployment: a knowledge base, a state directory, a daemon on its socket, the sshd
    /// snippet included by a main configuration with its own host key, and a key file.
    private func deploy(socketMode: String, keyLines: [String]) throws -> BackgroundProcess {
        try FileManager.default.createDirectory(atPath: path("state"), withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let daemon = try BackgroundProcess(
            AdvisorBinary.url.path,
            ["serve", "--intents", AdvisorBinary.intents.path, "--socket", path("d.sock"), "--socket-mode", socketMode,
             "--state-dir", path("state")],
            environment: ["PATH": "/usr/bin:/bin", "HOME": directory.url.path, "LANG": "C.UTF-8"], log: directory.appending("daemon.log"))
        guard SSHTools.wait(timeout: 30, until: { SSHTools.unixSocketAnswers(path("d.sock")) || daemon.hasExited }), !daemon.hasExited else {
            throw TestFailure("The daemon did not start:\n\(daemon.output)")
        }
        let snippet = try String(contentsOf: AdvisorBinary.packageRoot.appendingPathComponent("Scripts/deploy/sshd_config.d/advisor.conf"), encoding: .utf8)
            .replacingOccurrences(of: "/run/advisor/advisor.sock", with: path("d.sock"))
        try FileManager.default.createDirectory(atPath: path("sshd_config.d"), withIntermediateDirectories: true)
        try snippet.write(toFile: path("sshd_config.d/advisor.conf"), atomically: true, encoding: .utf8)
        _ = try ChildProcess.run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", path("host_key")],
                                 environment: ["PATH": "/usr/bin:/bin"], output: path("keygen.out"), error: path("keygen.err"), timeout: 20)
        try """
            Include \(path("sshd_config.d"))/*.conf
            HostKey \(path("host_key"))
            PidFile \(path("sshd.pid"))
            UsePAM no

            """.write(toFile: path("sshd_config"), atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)
        try (keyLines.joined(separator: "\n") + "\n").write(toFile: path("authorized_keys"), atomically: true, encoding: .utf8)
        return daemon
    }

    private func doctor(intents: URL) throws -> AdvisorBinary.Run {
        try AdvisorBinary.run(
            ["doctor", "--intents", intents.path, "--state-dir", path("state"), "--socket", path("d.sock"), "--daemon-user", me,
             "--client-group", group, "--sshd-config", path("sshd_config"), "--sshd-snippet", path("sshd_config.d/advisor.conf"),
             "--authorized-keys", path("authorized_keys"), "--json"],
            input: "", home: directory.url, timeout: 60)
    }

    private func key(_ name: String) -> String {
        "command=\"/usr/local/bin/advisor chat --connect \(path("d.sock")) --as \(name)\",restrict,pty ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHn \(name)@laptop"
    }

    @Test func aGoodDeploymentPasses() throws {
        let daemon = try deploy(socketMode: "660", keyLines: ["# students", key("alice"), key("bob.k")])
        defer { daemon.stop() }
        let run = try doctor(intents: AdvisorBinary.intents)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any], "\(run.output) \(run.error)")
        let failed = (report["checks"] as? [[String: Any]] ?? []).filter { $0["verdict"] as? String != "ok" }
        #expect(run.status == 0 && report["ok"] as? Bool == true, "\(failed)")
    }

    @Test func aBrokenDeploymentNamesEveryFault() throws {
        // A socket others cannot reach, a key line without restrict and one without a forced
        // command, and a knowledge base that does not lint.
        let daemon = try deploy(
            socketMode: "600",
            keyLines: [key("alice"), key("bob").replacingOccurrences(of: ",restrict,pty", with: ",pty"), "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHn eve@laptop"])
        defer { daemon.stop() }
        let broken = directory.appending("intents")
        try FileManager.default.copyItem(at: AdvisorBinary.intents, to: broken)
        try "intents:\n  - id: broken\n    keywrods: [x]\n".write(to: broken.appendingPathComponent("broken.yaml"), atomically: true, encoding: .utf8)
        let run = try doctor(intents: broken)
        #expect(run.status == 1, "\(run.output) \(run.error)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any], "\(run.output)")
        let checks = report["checks"] as? [[String: Any]] ?? []
        func verdict(_ name: String) -> (String, String) {
            let check = checks.first { $0["name"] as? String == name } ?? [:]
            return (check["verdict"] as? String ?? "?", check["detail"] as? String ?? "")
        }
        #expect(verdict("knowledge base").0 == "failed", "\(verdict("knowledge base"))")
        #expect(verdict("socket").0 == "failed" && verdict("socket").1.contains("mode 600, not 660"), "\(verdict("socket"))")
        let keys = verdict("authorized keys")
        #expect(keys.0 == "failed" && keys.1.contains("line 2 lacks restrict") && keys.1.contains("line 3 has no forced command"), "\(keys)")
        #expect(!keys.1.contains("line 1"), "alice's line is right: \(keys)")
        #expect(verdict("versions").0 == "failed", "the daemon serves the bundled knowledge base, not the broken copy: \(verdict("versions"))")
        #expect(verdict("state directory").0 == "ok" && verdict("daemon").0 == "ok" && verdict("sshd").0 == "ok", "\(checks)")
    }
}
