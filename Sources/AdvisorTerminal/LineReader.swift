/// What reading one line from the user gave.
public enum LineEvent: Sendable, Equatable {
    /// The user entered a line (without its newline).
    case line(String)
    /// The user pressed Ctrl-C: the line being edited was discarded.
    case interrupted
    /// The input ended: Ctrl-D on an empty line, end of file, or a hang-up.
    case end
}

/// Where the interactive conversation gets the user's lines from.
///
/// `ReadlineLineReader` edits lines in a terminal; `InMemoryLineReader` plays back a script
/// for tests.
public protocol LineReader: AnyObject {
    /// Shows `prompt` and waits for one line.
    func readLine(prompt: String) -> LineEvent

    /// Keeps a line the user entered, so that Up recalls it now and in later sessions.
    ///
    /// A line starting with a space, or the same as the line kept before it, is not kept.
    func remember(_ line: String)

    /// Forgets every kept line (after `/forget`).
    func forgetHistory()
}

extension LineReader {
    /// Whether `line` should go into the history after `previous`.
    static func shouldRemember(_ line: String, after previous: String?) -> Bool {
        guard let first = line.first, first != " ", first != "\t" else { return false }
        return line != previous
    }
}
