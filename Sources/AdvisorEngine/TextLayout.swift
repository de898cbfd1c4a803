/// Text layout shared by the knowledge base and the front ends.
public enum TextLayout {
    /// Joins the hard line breaks inside paragraphs and bullets, so that each paragraph or
    /// bullet is one logical line that a front end wraps to its own width.
    ///
    /// A line starts anew after a blank line, and when it starts a bullet ("- ", "* ") or a numbered item ("1. "). A bullet goes on only on
    /// indented lines, so a paragraph may follow a list without a blank line.
    public static func unwrap(_ text: String) -> String {
        var output: [String] = []
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = rawLine.trimmed
            let indented = rawLine.first?.isWhitespace ?? false
            guard let previous = output.last, !previous.isEmpty, !line.isEmpty,
                  !startsItem(line), !startsItem(previous) || indented
            else {
                output.append(line)
                continue
            }
            output[output.count - 1] = previous + " " + line
        }
        while output.last?.isEmpty == true { output.removeLast() }
        return output.joined(separator: "\n")
    }

    static func startsItem(_ line: String) -> Bool {
        if line.hasPrefix("- ") || line.hasPrefix("* ") { return true }
        let digits = line.prefix { $0.isNumber }
        return !digits.isEmpty && digits.count <= 2 && line.dropFirst(digits.count).hasPrefix(". ")
    }
}
