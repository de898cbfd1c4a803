import Foundation
import Testing

/// `Scripts/install.sh` into a temporary root (accounts made there with `useradd --root`):
/// everything in place, a second run changes nothing, a dry run changes nothing, and an
/// uninstall keeps the students' conversations.
@Suite(
    .enabled(if: AdvisorBinary.exists, "advisor is not built at \(AdvisorBinary.url.path): run swift build, or set ADVISOR_BINARY"),
    .enabled(if: getuid() == 0 && access("/usr/sbin/useradd", X_OK) == 0 && access("/usr/sbin/sshd", X_OK) == 0,
             "installing needs root, useradd and sshd (the CI machine has them)")
)
struct InstallTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    /// A root with this machine's account files, for useradd --root.
    private func makeRoot(_ name: String) throws -> URL {
        let root = directory.appending(name)
        let etc = root.appendingPathComponent("etc")
        try FileManager.default.createDirectory(at: etc, withIntermediateDirectories: true)
        for file in ["passwd", "group", "shadow", "gshadow", "login.defs"] where FileManager.default.fileExists(atPath: "/etc/\(file)") {
            try FileManager.default.copyItem(atPath: "/etc/\(file)", toPath: etc.appendingPathComponent(file).path)
        }
        return root
    }

    private func install(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let output = directory.appending("install-\(UUID().uuidString).out")
        let status = try ChildProcess.run(
            "/bin/bash", [AdvisorBinary.packageRoot.appendingPathComponent("Scripts/install.sh").path, "--binary", AdvisorBinary.url.path] + arguments,
            environment: ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "HOME": directory.url.path], output: output.path, error: output.path, timeout: 120)
        return (status, (try? String(contentsOf: output, encoding: .utf8)) ?? "")
    }

    @Test func installsEverythingOnceAndUninstallsKeepingTheConversations() throws {
        let root = try makeRoot("root")
        let first = try install(["--root", root.path])
        #expect(first.status == 0, "\(first.output)")
        for path in ["usr/local/bin/advisor", "usr/local/share/advisor/Intents/catalog.yaml", "usr/local/share/man/man1/advisor.1",
                     "usr/local/share/bash-completion/completions/advisor", "usr/local/share/zsh/site-functions/_advisor",
                     "usr/local/share/fish/vendor_completions.d/advisor.fish", "etc/systemd/system/advisor.service",
                     "etc/ssh/sshd_config.d/advisor.conf", "etc/advisor/authorized_keys"] {
            #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path), "\(path)")
        }
        let passwd = try String(contentsOf: root.appendingPathComponent("etc/passwd"), encoding: .utf8)
        #expect(passwd.contains("\nadvisord:") && passwd.contains("\nadvisor:"), "accounts made in the root")
        #expect(!(try String(contentsOfFile: "/etc/passwd", encoding: .utf8)).contains("\nadvisord:"), "the machine's own accounts untouched")
        #expect(first.output.contains("sshd -t accepts the snippet"), "\(first.output)")

        let second = try install(["--root", root.path])
        #expect(second.status == 0 && second.output.contains("nothing changed: everything was already installed"), "\(second.output)")
        #expect(!second.output.contains("\n+ "), "no action the second time: \(second.output)")

        let fresh = try makeRoot("fresh")
        let dry = try install(["--root", fresh.path, "--dry-run"])
        #expect(dry.status == 0 && dry.output.contains("would: install -D -m 755") && dry.output.contains("dry run: nothing was changed"), "\(dry.output)")
        #expect(!FileManager.default.fileExists(atPath: fresh.appendingPathComponent("usr/local/bin/advisor").path))

        let conversations = root.appendingPathComponent("var/lib/advisor")
        try FileManager.default.createDirectory(at: conversations, withIntermediateDirectories: true)
        try Data("{}".utf8).write(to: conversations.appendingPathComponent("alice.json"))
        let removed = try install(["--root", root.path, "--uninstall"])
        #expect(removed.status == 0, "\(removed.output)")
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("usr/local/bin/advisor").path))
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("etc/ssh/sshd_config.d/advisor.conf").path))
        #expect(FileManager.default.fileExists(atPath: conversations.appendingPathComponent("alice.json").path), "the conversations are kept")
    }
}
