import Foundation
import Glibc
import Testing

/// A real terminal for end-to-end tests: a private tmux server whose sessions run commands
/// in panes of a chosen size, to which keys are sent and whose screens are read.
///
/// Every wait polls with a deadline instead of sleeping a fixed time. The server is killed
/// when the terminal is released.
final class TmuxTerminal {
    /// Whether tmux can be run here.
    static let isInstalled = installedPath != nil

    static let executable = installedPath ?? "tmux"

    private static let installedPath: String? = {
        let candidates: [String] = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"]
        return candidates.first { access($0, X_OK) == 0 }
    }()

    /// How long any wait lasts before the test fails.
    static let timeout: Double = 10

    let server = "advisor-e2e-\(UUID().uuidString.prefix(12))"
    private let configuration: URL
    private let scratch: URL
    private var sessions = 0

    /// - Parameter directory: where the tmux configuration file is written.
    init(directory: URL) throws {
        configuration = directory.appendingPathComponent("tmux.conf")
        scratch = directory
        // remain-on-exit keeps a pane whose command has ended, so its exit status and last
        // screen can be read; set before any session exists, so there is no race.
        try """
            set -g remain-on-exit on
            set -g status off
            set -g history-limit 5000
            """.write(to: configuration, atomically: true, encoding: .utf8)
    }

    deinit {
        // Not through tmux(_:): the scratch directory may already be gone (the test's
        // temporary directory can be released first). The panes' process groups are hung
        // up first: kill-server alone leaves a server waiting for panes whose programs
        // never saw a hang-up, and the advisor processes would outlive the test.
        var environment = ProcessInfo.processInfo.environment
        environment["TMUX"] = nil
        let panes = FileManager.default.temporaryDirectory.appendingPathComponent("\(server)-panes")
        defer { try? FileManager.default.removeItem(at: panes) }
        _ = try? ChildProcess.run(
            Self.executable, ["-L", server, "list-panes", "-a", "-F", "#{pane_pid} #{pid}"], environment: environment,
            output: panes.path, error: "/dev/null", timeout: Self.timeout)
        let text = (try? String(contentsOf: panes, encoding: .utf8)) ?? ""
        let pids = text.split(whereSeparator: { $0 == "\n" || $0 == " " }).compactMap { pid_t($0) }.filter { $0 > 1 }
        // Each line is "pane-process server": hang up each pane's group, then end the server.
        for (index, pid) in pids.enumerated() where index % 2 == 0 { Glibc.kill(-pid, SIGHUP) }
        _ = try? ChildProcess.run(
            Self.executable, ["-L", server, "kill-server"], environment: environment,
            output: "/dev/null", error: "/dev/null", timeout: Self.timeout)
        // tmux 3.3 sometimes ignores both kill-server and SIGTERM once its panes are gone.
        for (index, pid) in pids.enumerated() where index % 2 == 1 { Glibc.kill(pid, SIGKILL) }
    }

    /// Starts `command` with exactly `environment` in a new session of `columns` × `rows`.
    ///
    /// The command runs under a small shell that writes its exit status to a file: tmux
    /// 3.3's `#{pane_dead_status}` is sometimes left empty (the pane is dead, but its
    /// status never arrives), so `waitForExit` polls `#{pane_dead}` and then reads the file.
    /// The shell ignores SIGINT so that Ctrl-C reaches only the command.
    ///
    /// - Returns: the session's name, for the other calls.
    func start(_ command: [String], environment: [String: String], columns: Int, rows: Int) throws -> String {
        sessions += 1
        let name = "s\(sessions)"
        let variables = environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        // The shell survives SIGQUIT with a handler of its own; the program still gets the
        // default action (a handler, unlike an ignored signal, is not inherited), as under SSH.
        let wrapper = #"status="$1"; shift; trap "" INT; trap ":" QUIT; "$@"; echo $? > "$status""#
        try tmux(["-f", configuration.path, "new-session", "-d", "-s", name, "-x", "\(columns)", "-y", "\(rows)",
                  "/bin/sh", "-c", wrapper, "sh", statusFile(name).path, "/usr/bin/env", "-i"] + variables + command)
        return name
    }

    private func statusFile(_ session: String) -> URL {
        scratch.appendingPathComponent("\(server)-\(session).status")
    }

    /// Types `text` literally.
    func type(_ text: String, into session: String) throws {
        try tmux(["send-keys", "-t", session, "-l", "--", text])
    }

    /// Presses keys by tmux name: "Enter", "Tab", "Up", "C-c", "C-d".
    func press(_ keys: String..., in session: String) throws {
        try tmux(["send-keys", "-t", session] + keys)
    }

    /// The screen as lines, trailing spaces kept; with `joined`, lines the terminal wrapped
    /// are joined back, so a line printed too long for the window shows as one long line.
    func screen(of session: String, joined: Bool = false) throws -> [String] {
        let text = try tmux(["capture-pane", "-p", "-N", "-t", session] + (joined ? ["-J"] : []))
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        while lines.last?.trimmingCharacters(in: .whitespaces).isEmpty == true { lines.removeLast() }
        return lines
    }

    /// Waits until `condition` holds for the screen, and returns that screen.
    ///
    /// - Throws: `TestFailure` with the last screen when it does not within the timeout.
    @discardableResult
    func waitFor(
        _ what: String, in session: String, joined: Bool = false, _ condition: ([String]) -> Bool
    ) throws -> [String] {
        let deadline = Date().addingTimeInterval(Self.timeout)
        var lines: [String] = []
        while Date() < deadline {
            lines = try screen(of: session, joined: joined)
            if condition(lines) { return lines }
            usleep(30_000)
        }
        throw TestFailure("Timed out after \(Self.timeout) s waiting for \(what). The screen was:\n" + lines.joined(separator: "\n"))
    }

    /// Waits until the screen shows `text`.
    @discardableResult
    func waitFor(text: String, in session: String) throws -> [String] {
        try waitFor("\"\(text)\"", in: session) { $0.joined(separator: "\n").contains(text) }
    }

    /// Waits until the last line of the screen is `line`, such as an empty prompt.
    ///
    /// Trailing spaces are not compared: readline erases text by writing spaces over it.
    @discardableResult
    func waitForLastLine(_ line: String, in session: String) throws -> [String] {
        let wanted = Self.withoutTrailingSpaces(line)
        return try waitFor("a last line \"\(line)\"", in: session) { $0.last.map(Self.withoutTrailingSpaces) == wanted }
    }

    static func withoutTrailingSpaces(_ line: String) -> String {
        String(line.reversed().drop { $0 == " " }.reversed())
    }

    /// Waits for the session's command to end and returns its exit status.
    func waitForExit(of session: String) throws -> Int32 {
        let deadline = Date().addingTimeInterval(Self.timeout)
        while Date() < deadline {
            let dead = try tmux(["display-message", "-p", "-t", session, "#{pane_dead}"])
            if dead.trimmingCharacters(in: .whitespacesAndNewlines) == "1" {
                let status = try String(contentsOf: statusFile(session), encoding: .utf8)
                return Int32(status.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
            }
            usleep(30_000)
        }
        let lines = (try? screen(of: session)) ?? []
        throw TestFailure("Timed out after \(Self.timeout) s waiting for advisor to exit. The screen was:\n" + lines.joined(separator: "\n"))
    }

    /// The process id of what runs in the session's pane (the shell that waits for the
    /// command: see `start`).
    func panePID(of session: String) throws -> pid_t {
        pid_t(try tmux(["display-message", "-p", "-t", session, "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    /// Closes the session, which hangs up its terminal.
    func kill(_ session: String) throws {
        try tmux(["kill-session", "-t", session])
    }

    /// Whether the session's command is still running.
    func isRunning(_ session: String) throws -> Bool {
        try tmux(["display-message", "-p", "-t", session, "#{pane_dead}"]).trimmingCharacters(in: .whitespacesAndNewlines) == "0"
    }

    /// Runs a tmux command on this terminal's server and returns what it printed.
    ///
    /// Output goes through files, not pipes: the tmux server that the first command starts
    /// would inherit a pipe and keep it open, so reading it to its end would never finish.
    @discardableResult
    private func tmux(_ arguments: [String]) throws -> String {
        let output = scratch.appendingPathComponent("tmux-\(UUID().uuidString).out")
        let errors = scratch.appendingPathComponent("tmux-\(UUID().uuidString).err")
        defer {
            try? FileManager.default.removeItem(at: output)
            try? FileManager.default.removeItem(at: errors)
        }
        var environment = ProcessInfo.processInfo.environment
        environment["TMUX"] = nil
        environment["TMUX_PANE"] = nil
        let status = try ChildProcess.run(
            Self.executable, ["-L", server] + arguments, environment: environment,
            output: output.path, error: errors.path, timeout: Self.timeout)
        guard status == 0 else {
            let message = String(decoding: (try? Data(contentsOf: errors)) ?? Data(), as: UTF8.self)
            throw TestFailure("tmux \(arguments.joined(separator: " ")) failed: \(message)")
        }
        return String(decoding: try Data(contentsOf: output), as: UTF8.self)
    }
}

extension TmuxTerminal {
    /// Types `question` and Enter at the prompt `prompt`, and waits until a fresh prompt
    /// follows the question's line: the screen with the reply.
    func ask(_ question: String, prompt: String, in session: String) throws -> [String] {
        try type(question, into: session)
        try press("Enter", in: session)
        let bare = Self.withoutTrailingSpaces(prompt)
        return try waitFor("the reply to \"\(question)\"", in: session) { lines in
            let trimmed = lines.map(Self.withoutTrailingSpaces)
            guard let asked = trimmed.lastIndex(of: prompt + question) else { return false }
            return trimmed.last == bare && trimmed.count > asked + 1
        }
    }

    /// Types `line` (ending in "plant ma") and checks readline's completion of it, at the
    /// prompt `prompt`: "plant ma" begins "plant manager" and "plant management", so Tab
    /// completes what they share, two more list them (as phrases, not whole lines), and one
    /// more letter makes the completion unique. The line ends "plant manager ".
    func completePlantManager(_ line: String, prompt: String, in session: String) throws {
        let start = String(line.dropLast("plant ma".count))
        try type(line, into: session)
        try press("Tab", in: session)
        try waitForLastLine(prompt + start + "plant manage", in: session)
        try press("Tab", in: session)
        try press("Tab", in: session)
        let listed = try waitFor(text: "plant management", in: session)
        #expect(listed.contains { $0.contains("plant manager") && !$0.hasPrefix(prompt) }, "\(listed)")
        #expect(!listed.contains { !$0.hasPrefix(prompt) && !start.isEmpty && $0.hasPrefix(start) }, "\(listed)")
        try type("r", into: session)
        try press("Tab", in: session)
        try waitForLastLine(prompt + start + "plant manager ", in: session)
    }
}

