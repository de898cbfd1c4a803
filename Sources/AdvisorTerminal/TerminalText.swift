import AdvisorEngine
/// Text made safe for a terminal, and measured as a terminal shows it.
public enum TerminalText {
    /// `text` without anything a terminal would act on instead of showing.
    ///
    /// C0 and C1 control characters and DEL (the start of every escape sequence) become
    /// "?", except the line break; a tab becomes a space; a carriage return before a line
    /// break is dropped; bidirectional overrides, isolates and marks (LRM, RLM, ALM), which can make text read in
    /// another order than it is stored, are removed; line and paragraph separators become
    /// line breaks. Whatever the user typed or the knowledge base holds goes through this
    /// before it is printed, so that only our own styling reaches the terminal.
    public static func printable(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            switch scalar.value {
            case 0x0A:
                result.append(scalar)
            case 0x09:
                result.append(" ")
            case 0x0D where index + 1 < scalars.count && scalars[index + 1].value == 0x0A:
                continue
            case 0x2028, 0x2029:
                result.append("\n")
            default:
                if ControlCharacters.isBidirectional(scalar) { continue }
                result.append(ControlCharacters.isControl(scalar) ? "?" : scalar)
            }
        }
        return String(result)
    }

    /// How many columns a terminal uses for `text` (which must be printable).
    ///
    /// Combining marks and zero-width characters take none; East Asian wide and
    /// full-width characters and most emoji take two. An approximation of `wcwidth` that
    /// does not depend on the locale.
    public static func width(_ text: some StringProtocol) -> Int {
        text.reduce(0) { $0 + width(of: $1) }
    }

    /// The columns one character (a grapheme cluster) takes.
    public static func width(of character: Character) -> Int {
        character.unicodeScalars.reduce(0) { max($0, width(of: $1)) }
    }

    private static func width(of scalar: Unicode.Scalar) -> Int {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .control:
            return 0
        default:
            break
        }
        switch scalar.value {
        case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF,
             0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF,
             0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF,
             0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }
}
