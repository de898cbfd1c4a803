import AdvisorEngine
import AdvisorRuntime
import Foundation

/// Where a front end may write `/export` files.
public enum ExportPolicy: Sendable, Equatable {
    /// Files the user names; without a name, a new file in `defaultDirectory` in the REPL,
    /// and the Markdown itself in a pipe (or with no directory).
    case files(defaultDirectory: URL?)
    /// Only on the screen: over SSH a file would be written on the server, as the shared
    /// account, where the student cannot reach it.
    case screenOnly
}

/// `/export [--force] [FILE]`: the conversation as Markdown, written by the front end.
///
/// The service (in this process or a daemon's) only gives the Markdown; the file is written
/// here, by the user's own process, so that a daemon running as another account never
/// writes where a user names. A file is created with mode 0600; an existing one is replaced
/// only with `--force` or after a yes to the question the REPL asks (a pipe cannot ask, so
/// it refuses), and then atomically, through a temporary file and a rename.
struct ExportCommand: Equatable {
    /// Where the file goes: a path as typed, or nil for the default.
    var path: String?
    var force: Bool

    /// The command in `line`, or nil when the line is not `/export`.
    init?(_ line: String) {
        var words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard words.first?.lowercased() == "/export" else { return nil }
        words.removeFirst()
        force = words.contains("--force") || words.contains("-f")
        words.removeAll { $0 == "--force" || $0 == "-f" }
        // A name with spaces is taken whole ("/export my notes.md").
        path = words.isEmpty ? nil : words.joined(separator: " ")
    }

    /// The file the path names: `~/` is the home directory, a relative path is relative to
    /// the working directory.
    static func url(_ path: String, home: String = NSHomeDirectory()) -> URL {
        if path == "~" { return URL(fileURLWithPath: home, isDirectory: true) }
        if path.hasPrefix("~/") { return URL(fileURLWithPath: home).appendingPathComponent(String(path.dropFirst(2))) }
        return URL(fileURLWithPath: path)
    }

    /// The default file in `directory`: the user's name and the time, so that exports never
    /// collide (`advisor-export-priya-20261205-131502.md`).
    static func defaultURL(in directory: URL, user: String, now: Date = Date()) -> URL {
        let stamp = UTCTime(secondsSince1970: Int(now.timeIntervalSince1970)).compact(separator: "-", suffix: "")
        let safe = String(user.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_" ? Character($0) : "_" }.prefix(64))
        return directory.appendingPathComponent("advisor-export-\(safe.isEmpty ? "user" : safe)-\(stamp).md")
    }

    /// Why a file was not written, in a sentence the user can act on.
    enum Failure: Error, Equatable, CustomStringConvertible {
        /// The file is there and was not to be replaced.
        case exists(String)
        case cannotWrite(String, reason: String)

        var description: String {
            switch self {
            case .exists(let path):
                "\(TerminalText.printable(path)) already exists; nothing was written. /export --force \(TerminalText.printable(path)) replaces it."
            case .cannotWrite(let path, let reason):
                "Could not write \(TerminalText.printable(path)): \(reason). Nothing was written."
            }
        }
    }

    /// Writes `text` to `url` with mode 0600: a new file, or, with `replacing`, in place of
    /// the one there (never through a symbolic link, never half-written).
    static func write(_ text: String, to url: URL, replacing: Bool) throws(Failure) {
        let path = url.path
        let bytes = Array(text.utf8)
        if !replacing {
            let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            guard descriptor >= 0 else {
                let code = errno
                throw code == EEXIST ? .exists(path) : .cannotWrite(path, reason: String(cString: strerror(code)))
            }
            try writeAll(bytes, to: descriptor, path: path, removingOnFailure: path)
            return
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw .cannotWrite(path, reason: "it is a directory")
        }
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp").path
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .cannotWrite(path, reason: String(cString: strerror(errno))) }
        try writeAll(bytes, to: descriptor, path: path, removingOnFailure: temporary)
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw .cannotWrite(path, reason: reason)
        }
    }

    /// Writes every byte and closes; on failure removes `removingOnFailure`.
    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32, path: String, removingOnFailure: String) throws(Failure) {
        var offset = 0
        var failure: Int32?
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + offset, bytes.count - offset) }
            if count < 0 {
                if errno == EINTR { continue }
                failure = errno
                break
            }
            offset += count
        }
        if close(descriptor) != 0 && failure == nil { failure = errno }
        if let failure {
            unlink(removingOnFailure)
            throw .cannotWrite(path, reason: String(cString: strerror(failure)))
        }
    }

    /// What is said once the file is written.
    static func saved(_ url: URL, markdown: String) -> String {
        let turns = markdown.components(separatedBy: "\n**You:** ").count - 1
        return "Saved the conversation (\(turns) exchange\(turns == 1 ? "" : "s")) as Markdown to \(TerminalText.printable(url.path))."
    }
}

extension ExportCommand {
    /// Asks the service for the Markdown and puts it where the command and the policy say:
    /// the output to show is the Markdown itself, or a sentence saying where it went (or why
    /// not).
    ///
    /// - Parameter confirmReplace: asks whether to replace an existing file; nil where
    ///   nothing can be asked (a pipe), which refuses instead.
    /// - Throws: what the service throws (the conversation could not be read).
    func run(
        in conversation: any Conversation, policy: ExportPolicy, interactive: Bool, confirmReplace: ((String) -> Bool)?
    ) throws -> ConversationOutput {
        let user = conversation.user
        let exported = try conversation.send("/export")
        func said(_ text: String) -> ConversationOutput {
            ConversationOutput(kind: .command, reply: nil, text: text, notices: exported.notices)
        }
        let target: URL
        switch (policy, path) {
        case (.screenOnly, .some):
            return said("Over SSH I cannot write a file on your computer. /export alone shows the conversation as Markdown, to copy.")
        case (.screenOnly, nil), (.files(nil), nil):
            return exported
        case (.files(.some), nil) where !interactive:
            return exported
        case (.files(.some(let directory)), nil):
            target = Self.defaultURL(in: directory, user: user)
        case (.files, .some(let path)):
            target = Self.url(path)
        }
        var replacing = force
        if !replacing, FileManager.default.fileExists(atPath: target.path) || (try? FileManager.default.destinationOfSymbolicLink(atPath: target.path)) != nil {
            guard let confirmReplace else { return said(Failure.exists(path ?? target.path).description) }
            guard confirmReplace(target.path) else { return said("Nothing was written.") }
            replacing = true
        }
        do {
            try Self.write(exported.text + "\n", to: target, replacing: replacing)
        } catch {
            return said(error.description)
        }
        return said(Self.saved(target, markdown: exported.text))
    }
}
