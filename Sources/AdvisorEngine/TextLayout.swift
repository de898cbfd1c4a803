/// Text layout shared by the knowledge base and the front ends.
public enum TextLayout {
    /// Joins the hard line breaks inside paragraphs and bullets, so that each paragraph or
    /// bullet is one logical line that a front end wraps to its own width.
    ///
    /// A line starts anew after a blank line, and when it starts a bullet ("- ", "* ") or a numbered item ("1. "). A bullet goes on only on
    /// indented lines, so a paragraph may follow a list without a blank line.
    public static func unwrap(_ text: String) -> String {
        var output: [String] = []
        for rawLine in lines(text) {
            let line = rawLine.trimmed
            let indented = rawLine.first?.isWhitespace ?? false
            if let previous = output.last, !previous.isEmpty, !line.isEmpty,
               !startsItem(line), !startsItem(previous) || indented {
                output[output.count - 1] += " " + line
            } else {
                output.append(line)
            }
        }
        while output.last?.isEmpty == true { output.removeLast() }
        return output.joined(separator: "\n")
    }

    /// The lines of `text`, as `split(separator: "\n")` gives them (where "\r\n" is one
    /// character, not a line break), but by bytes where that cannot differ.
    private static func lines(_ text: String) -> [Substring] {
        guard text.utf8.allSatisfy({ $0 < 0x80 && $0 != UInt8(ascii: "\r") }) else {
            return text.split(separator: "\n", omittingEmptySubsequences: false)
        }
        return text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            .map { text[$0.startIndex..<$0.endIndex] }
    }

    static func startsItem(_ line: String) -> Bool {
        if line.hasPrefix("- ") || line.hasPrefix("* ") { return true }
        let digits = line.prefix { $0.isNumber }
        return !digits.isEmpty && digits.count <= 2 && line.dropFirst(digits.count).hasPrefix(". ")
    }
}
