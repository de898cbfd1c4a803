import CReadline
import Foundation
import Glibc

/// Reads lines in a terminal with GNU readline.
///
/// Line editing and key bindings follow `~/.inputrc` (or `$INPUTRC`), where `$if advisor`
/// sections apply. Tab completes slash commands and topic phrases. The history is kept in a
/// file, read at the start, appended to after every line (so a crash keeps it) and bounded.
/// Ctrl-C discards the line being edited and reads a new one; Ctrl-Z gives the terminal
/// back while stopped and takes up the line again after `fg`; SIGTERM and SIGHUP end the
/// input like Ctrl-D, so the caller can say goodbye with the terminal restored.
///
/// Readline is one per process: make one reader, and only while standard input is a
/// terminal (with a pipe readline would echo the input).
public final class ReadlineLineReader: LineReader {
    private var historyFile: URL?
    private let historyLimit: Int32
    private var lastKept: String?
    /// Why the history is not kept in its file this session, if it is not: the path is a
    /// symbolic link, not a regular file, or someone else's (readline would follow it and
    /// append what the user types to wherever it points).
    public private(set) var historyProblem: String?

    /// - Parameters:
    ///   - completer: what Tab completes.
    ///   - historyFile: where the history is kept between sessions; nil for none.
    ///   - historyLimit: how many lines the history keeps.
    public init(completer: TopicCompleter, historyFile: URL?, historyLimit: Int = 500) {
        self.historyFile = historyFile
        self.historyLimit = Int32(clamping: historyLimit)
        ReadlineCompletion.completer = completer
        // Readline keeps these pointers: they are never freed.
        advisor_rl_set_name(strdup("advisor"))
        // Completion works on the whole line, so that phrases of several words complete.
        advisor_rl_set_completer_word_break_characters(strdup("\n"))
        advisor_rl_set_completion(completeLine)
        advisor_rl_set_display_matches_hook(displayMatches)
        advisor_rl_install_signal_handlers(ReadlineSignals.state, noteSignal)
        using_history()
        stifle_history(self.historyLimit)
        if let path = historyFile?.path {
            if let problem = Self.unsafeHistoryFile(path) {
                self.historyFile = nil
                historyProblem = "Your input history is not kept this time: \(path) \(problem)."
            } else {
                _ = read_history(path)
                _ = history_truncate_file(path, self.historyLimit)
            }
        }
        lastKept = advisor_history_last_line().map { String(cString: $0) }
    }

    public func readLine(prompt: String) -> LineEvent {
        var line: UnsafeMutablePointer<CChar>?
        let status = advisor_rl_read_line(ReadlineSignals.state, prompt, noteLine, &line)
        defer { free(line) }
        switch Int(status) {
        case ADVISOR_RL_LINE:
            guard let line else { return .end }
            return .line(String(cString: line))
        case ADVISOR_RL_INTERRUPTED:
            return .interrupted
        default:
            return .end
        }
    }

    public func remember(_ line: String) {
        guard Self.shouldRemember(line, after: lastKept) else { return }
        lastKept = line
        add_history(line)
        guard let path = historyFile?.path else { return }
        if let problem = Self.unsafeHistoryFile(path) {
            historyFile = nil
            historyProblem = "Your input history is no longer kept: \(path) \(problem)."
            return
        }
        _ = append_history(1, path)
        if advisor_history_length() >= historyLimit { _ = history_truncate_file(path, historyLimit) }
    }

    public func forgetHistory() {
        clear_history()
        lastKept = nil
    }

    /// Creates the history file with mode 0600 if it is missing (`append_history` needs it
    /// to exist, and what the user typed is for them alone), and says what is wrong with
    /// it if readline must not use it: readline opens it by name and follows links.
    static func unsafeHistoryFile(_ path: String) -> String? {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0o600)
        if descriptor < 0 {
            let code = errno
            var info = stat()
            if lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFLNK { return "is a symbolic link" }
            return "cannot be opened (\(String(cString: strerror(code))))"
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return "cannot be examined" }
        guard info.st_mode & S_IFMT == S_IFREG else { return "is not a regular file" }
        guard info.st_uid == geteuid() else { return "belongs to another user" }
        return nil
    }
}

/// The state the signal handler, readline's line callback and the reading loop share.
///
/// It lives here rather than in the C header, where each copy of the inline functions
/// would get a copy of any static variable.
private enum ReadlineSignals {
    /// Made before any handler is installed, never freed.
    nonisolated(unsafe) static let state: UnsafeMutablePointer<advisor_rl_state> = {
        let state = UnsafeMutablePointer<advisor_rl_state>.allocate(capacity: 1)
        state.initialize(to: advisor_rl_state())
        return state
    }()
}

/// The signal handler: only records the signal (see `advisor_rl_note_signal`).
private func noteSignal(_ number: Int32) {
    advisor_rl_note_signal(ReadlineSignals.state, number)
}

/// Readline's line callback.
private func noteLine(_ line: UnsafeMutablePointer<CChar>?) {
    advisor_rl_note_line(ReadlineSignals.state, line)
}

/// Readline's completion callbacks: C function pointers, so their state is global.
private enum ReadlineCompletion {
    /// Set once, before readline first calls back; read only on the thread reading lines.
    nonisolated(unsafe) static var completer: TopicCompleter?
    /// How many bytes of each match to leave out when listing them: the part of the line
    /// that stays, so that the list shows phrases rather than whole lines.
    nonisolated(unsafe) static var keptBytes = 0

    static func complete(start: Int32, end: Int32) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
        advisor_rl_set_completion_over(1)
        guard let completer, let buffer = advisor_rl_line_buffer(), start == 0, end >= 0 else { return nil }
        let bytes = UnsafeRawBufferPointer(start: buffer, count: Int(end))
        let line = String(decoding: bytes, as: UTF8.self)
        guard let completion = completer.complete(line), !completion.candidates.isEmpty else { return nil }
        keptBytes = completion.kept.utf8.count
        let full = completion.candidates.map { completion.kept + $0 }
        // matches[0] replaces the text: the one match, or what all of them share.
        let first = full.count == 1 ? full[0] : completion.kept + commonPrefix(completion.candidates)
        let strings = [first] + (full.count == 1 ? [] : full)
        guard let matches = malloc((strings.count + 1) * MemoryLayout<UnsafeMutablePointer<CChar>?>.stride)?
            .bindMemory(to: UnsafeMutablePointer<CChar>?.self, capacity: strings.count + 1) else { return nil }
        for (index, string) in strings.enumerated() { matches[index] = strdup(string) }
        matches[strings.count] = nil
        return matches
    }

    static func display(_ matches: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, count: Int32) {
        guard let matches, count > 0 else { return }
        var shown: [UnsafeMutablePointer<CChar>?] = []
        var longest = 0
        for index in 0...Int(count) {
            guard let match = matches[index] else { shown.append(nil); continue }
            let length = strlen(match)
            let skip = min(keptBytes, length)
            shown.append(match + skip)
            if index > 0 { longest = max(longest, length - skip) }
        }
        shown.append(nil)
        shown.withUnsafeMutableBufferPointer { rl_display_match_list($0.baseAddress, count, Int32(longest)) }
        _ = rl_forced_update_display()
    }

    private static func commonPrefix(_ strings: [String]) -> String {
        guard var prefix = strings.first.map(Array.init) else { return "" }
        for string in strings.dropFirst() {
            let characters = Array(string)
            var length = 0
            while length < min(prefix.count, characters.count), prefix[length] == characters[length] { length += 1 }
            prefix = Array(prefix[..<length])
        }
        return String(prefix)
    }
}

/// Readline's completion function: what can replace the line typed so far.
private func completeLine(
    _ text: UnsafePointer<CChar>?, _ start: Int32, _ end: Int32
) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
    ReadlineCompletion.complete(start: start, end: end)
}

/// Readline's hook for listing matches: lists the phrases, not the whole lines.
private func displayMatches(_ matches: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ count: Int32, _ longest: Int32) {
    ReadlineCompletion.display(matches, count: count)
}
