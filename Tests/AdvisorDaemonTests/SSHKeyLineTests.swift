import AdvisorDaemon
import Testing

struct SSHKeyLineTests {
    let key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGq3wq0nFvY0tV0k9b6zS1cO0gQ4QxF0c3Q2s8cW6dQk alice@laptop\n"

    @Test func buildsARestrictedForcedCommandLine() throws {
        let line = try SSHKeyLine.line(name: "alice", publicKey: key, advisor: "/usr/local/bin/advisor", socket: "/run/advisor/advisor.sock")
        #expect(line == "command=\"/usr/local/bin/advisor chat --connect /run/advisor/advisor.sock --as alice\",restrict,pty ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGq3wq0nFvY0tV0k9b6zS1cO0gQ4QxF0c3Q2s8cW6dQk alice@laptop")
    }

    @Test(arguments: ["", "Alice", "../bob", "a b", "bob\"", "a;rm", "-x", ".hidden", String(repeating: "a", count: 33), "bob\n"])
    func refusesUnsafeNames(_ name: String) {
        #expect(throws: SSHKeyLine.Failure.self) {
            try SSHKeyLine.line(name: name, publicKey: key, advisor: "/usr/local/bin/advisor", socket: "/run/a.sock")
        }
    }

    @Test func refusesKeysWithOptionsOrSeveralKeys() {
        for bad in ["command=\"sh\" " + key, key + key, "not a key", "ssh-ed25519 !!!notbase64!!!"] {
            #expect(throws: SSHKeyLine.Failure.self) {
                try SSHKeyLine.line(name: "alice", publicKey: bad, advisor: "/usr/local/bin/advisor", socket: "/run/a.sock")
            }
        }
    }

    @Test func refusesUnsafePaths() {
        #expect(throws: SSHKeyLine.Failure.self) {
            try SSHKeyLine.line(name: "alice", publicKey: key, advisor: "advisor", socket: "/run/a.sock")
        }
        #expect(throws: SSHKeyLine.Failure.self) {
            try SSHKeyLine.line(name: "alice", publicKey: key, advisor: "/usr/bin/advisor", socket: "/run/a b\".sock")
        }
    }
}
