import AdvisorDaemon
import ArgumentParser
import Foundation

extension Advisor {
    struct DoctorCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "doctor",
            abstract: "Check a deployment: one line per check, with its verdict and the fix.",
            discussion: """
                Checks the layout "Serving students over SSH" documents (each part can be named): the \
                knowledge base loads and lints; the state directory belongs to the daemon's account and is \
                not readable by others; the socket exists with the documented owner, group and mode, and a \
                daemon answers on it, serving this binary's version and this knowledge base; the sshd \
                snippet is in place and sshd -t accepts the configuration; every line of the shared \
                account's authorized_keys carries the forced command, restrict and a valid --as name. \
                Exits 0 only when every check passes, 1 otherwise.
                """)

        @OptionGroup var knowledge: KnowledgeOptions

        @Option(name: .customLong("state-dir"), help: ArgumentHelp("The daemon's state directory.", valueName: "dir"))
        var stateDirectory = "/var/lib/advisor"

        @Option(help: "The daemon's Unix socket.")
        var socket = "/run/advisor/advisor.sock"

        @Option(help: "The daemon's account, which owns the state directory and the socket.")
        var daemonUser = "advisord"

        @Option(help: "The group whose members may connect to the socket.")
        var clientGroup = "advisor-clients"

        @Option(help: "The socket's documented permissions, in octal.")
        var socketMode = "660"

        @Option(help: "sshd's main configuration, which sshd -t checks.")
        var sshdConfig = "/etc/ssh/sshd_config"

        @Option(help: "The advisor snippet of sshd's configuration.")
        var sshdSnippet = "/etc/ssh/sshd_config.d/advisor.conf"

        @Option(help: "The shared account's authorized_keys file.")
        var authorizedKeys = "/etc/advisor/authorized_keys"

        @Option(help: "The sshd binary.")
        var sshd = "/usr/sbin/sshd"

        @Flag(help: "Print the checks as one JSON object.")
        var json = false

        func validate() throws {
            guard let mode = UInt32(socketMode, radix: 8), mode <= 0o777 else { throw ValidationError("--socket-mode must be octal permissions, such as 660.") }
        }

        func run() throws {
            var layout = Doctor.Layout(intents: try knowledge.directory(), version: Advisor.version)
            layout.stateDirectory = stateDirectory
            layout.socket = socket
            layout.daemonUser = daemonUser
            layout.clientGroup = clientGroup
            layout.socketMode = mode_t(UInt32(socketMode, radix: 8) ?? 0o660)
            layout.sshdConfig = sshdConfig
            layout.sshdSnippet = sshdSnippet
            layout.authorizedKeys = authorizedKeys
            layout.sshd = sshd
            let checks = Doctor(layout: layout).run()
            let failed = checks.filter { $0.verdict == .failed }.count
            if json {
                struct Report: Encodable {
                    var ok: Bool
                    var checks: [Doctor.Check]
                }
                print(try JSONLine.line(Report(ok: failed == 0, checks: checks), sortedKeys: true))
            } else {
                for check in checks { print(check.line) }
                print(failed == 0 ? "all \(checks.count) checks passed" : "\(failed) of \(checks.count) checks failed")
            }
            if failed > 0 { throw ExitCode(1) }
        }
    }
}
