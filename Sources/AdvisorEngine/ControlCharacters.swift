/// Characters that change how text is shown rather than being shown: C0 and C1 controls and
/// DEL (every terminal escape starts with one), and the bidirectional controls, which make
/// text read in another order than it is stored. Anything a user typed passes through here
/// before it is printed, logged or written into another format.
public enum ControlCharacters {
    /// A C0 or C1 control character or DEL (Unicode general category Cc).
    @inlinable
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    /// A bidirectional override, embedding, isolate or mark (LRM, RLM, ALM).
    @inlinable
    public static func isBidirectional(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x200E, 0x200F, 0x061C, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// Whether `text` has a control character (a line break is one).
    public static func occur(in text: some StringProtocol) -> Bool {
        text.unicodeScalars.contains(where: isControl)
    }

    /// `text` on one line, safe to show: control characters as "?", bidirectional controls
    /// removed, and at most `limit` characters, then "…".
    public static func shown(_ text: some StringProtocol, limit: Int) -> String {
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars where !isBidirectional(scalar) {
            result.append(isControl(scalar) ? "?" : scalar)
        }
        let shown = String(result)
        return shown.count > limit ? String(shown.prefix(limit)) + "…" : shown
    }
}
