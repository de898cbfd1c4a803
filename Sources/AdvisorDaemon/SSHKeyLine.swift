import AdvisorEngine
import Foundation

/// Builds the `authorized_keys` line that ties one SSH key to one student on the shared
/// account: `command="advisor chat --connect SOCKET --as NAME",restrict,pty KEY`.
///
/// The student's identity lives in the forced command, which sshd runs whatever the
/// client asks for; `restrict` turns off forwarding, agent and X11, and `pty` gives the
/// REPL a terminal back.
public enum SSHKeyLine {
    /// Student names: what is safe unquoted inside the forced command and as a file name.
    public static let namePattern = "lowercase letters, digits, '.', '_' or '-', starting with a letter or digit, at most 32 characters"

    static let keyTypes: Set<String> = [
        "ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
        "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com",
    ]

    /// An invalid name or key, with a sentence saying what is wrong.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public static func isValidName(_ name: String) -> Bool {
        guard (1...32).contains(name.utf8.count), let first = name.utf8.first else { return false }
        let allowed = { (byte: UInt8) in
            (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) || byte == 0x2E || byte == 0x5F || byte == 0x2D
        }
        return name.utf8.allSatisfy(allowed) && first != 0x2E && first != 0x2D && first != 0x5F
    }

    /// The line for `authorized_keys`.
    ///
    /// - Parameters:
    ///   - publicKey: the contents of the student's `.pub` file: one key, no options.
    ///   - advisor: the absolute path of the advisor binary on the server.
    ///   - socket: the absolute path of the daemon's socket.
    /// - Throws: `Failure` for an unsafe name, a path that is not absolute or has unsafe
    ///   characters, or a key file that is not exactly one plain public key.
    public static func line(name: String, publicKey: String, advisor: String, socket: String) throws -> String {
        guard isValidName(name) else {
            throw Failure(description: "The student name \"\(name.prefix(40))\" is not allowed: use \(namePattern).")
        }
        for (what, path) in [("advisor binary", advisor), ("socket", socket)] {
            guard path.hasPrefix("/"), path.allSatisfy({ $0.isLetter || $0.isNumber || "/._-".contains($0) }), path.isASCII else {
                throw Failure(description: "The \(what) path \"\(path)\" must be absolute and use only letters, digits, '/', '.', '_' and '-'.")
            }
        }
        let lines = publicKey.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.trimmed.isEmpty && !$0.hasPrefix("#") }
        guard lines.count == 1 else {
            throw Failure(description: "The key file must hold exactly one public key; it holds \(lines.count).")
        }
        let fields = lines[0].trimmed.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard fields.count >= 2, keyTypes.contains(fields[0]) else {
            throw Failure(description: "The key file does not start with a public key type such as ssh-ed25519 (a key with options or a command is refused).")
        }
        guard fields[1].count >= 16, fields[1].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+/=".contains($0)) }),
              Data(base64Encoded: fields[1]) != nil
        else {
            throw Failure(description: "The key data is not valid base64.")
        }
        let comment = fields.dropFirst(2).joined(separator: " ").filter { $0.isASCII && !$0.isNewline && $0 != "\"" }
        let command = "\(advisor) chat --connect \(socket) --as \(name)"
        return "command=\"\(command)\",restrict,pty \(fields[0]) \(fields[1])" + (comment.isEmpty ? "" : " \(comment)")
    }
}

private extension String {
    var isASCII: Bool { utf8.allSatisfy { $0 < 0x80 } }
}
