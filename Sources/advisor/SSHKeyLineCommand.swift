import AdvisorDaemon
import AdvisorRuntime
import ArgumentParser
import Foundation

extension Advisor {
    struct SSHKeyLineCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ssh-key-line",
            abstract: "Print the authorized_keys line that lets one student in through the shared SSH account.",
            discussion: "Append the line to the shared account's authorized_keys. The student's name is fixed in the forced command, so nothing the student sends can change it.")

        @Argument(help: "The student's name (\(SSHKeyLine.namePattern)).")
        var name: String

        @Argument(help: "The student's public key file (for example alice.pub).")
        var keyFile: String

        @Option(help: "The daemon's socket on the server.")
        var socket = "/run/advisor/advisor.sock"

        @Option(help: "The advisor binary on the server.")
        var advisor = "/usr/local/bin/advisor"

        func validate() throws {
            guard SSHKeyLine.isValidName(name) else {
                throw ValidationError("The student name \"\(name.prefix(40))\" is not allowed: use \(SSHKeyLine.namePattern).")
            }
        }

        func run() throws {
            guard let data = FileManager.default.contents(atPath: keyFile), data.count <= 16_384 else {
                throw ValidationError("Cannot read the key file \(keyFile) (or it is over 16 KiB).")
            }
            do {
                print(try SSHKeyLine.line(name: name, publicKey: String(decoding: data, as: UTF8.self), advisor: advisor, socket: socket))
            } catch {
                throw ValidationError("\(error)")
            }
        }
    }
}
