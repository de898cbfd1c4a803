import Glibc

/// What the terminal on a file descriptor is like.
public enum TerminalSize {
    /// The width of the terminal on `descriptor` in columns, or nil if it is not a terminal
    /// or does not say.
    public static func columns(of descriptor: Int32 = STDOUT_FILENO) -> Int? {
        var size = winsize()
        guard ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }

    /// Whether `descriptor` is a terminal.
    public static func isTerminal(_ descriptor: Int32) -> Bool {
        isatty(descriptor) == 1
    }

    /// Whether to style standard output: only on a terminal, not a dumb one, and not when
    /// `NO_COLOR` is set (to any value, even an empty one).
    public static func wantsStyle(environment: [String: String]) -> Bool {
        guard isTerminal(STDOUT_FILENO), environment["NO_COLOR"] == nil else { return false }
        return environment["TERM"] != "dumb"
    }
}
