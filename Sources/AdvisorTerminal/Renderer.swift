import AdvisorEngine
import AdvisorRuntime

/// Lays out what the advisor says for a terminal of a given width, with or without styling.
///
/// Lines are wrapped at spaces to `width` columns. A line that starts with a marker ("- ",
/// "* ", "1. ", "2) ") or with spaces continues under its text (a hanging indent), so
/// bullets and numbered choices stay aligned. Styling, when on, is a bold coloured title,
/// coloured markers and notices, and bold headings ("Roles:"); without it a title is shown
/// as "[Title]", as transcripts have it. Every piece of text is passed through
/// `TerminalText.printable` first: the only escape sequences printed are the styling's.
public struct Renderer: Sendable {
    /// The widths the renderer wraps to; a terminal narrower or wider is treated as the
    /// nearest end, so a tiny window still gets readable lines.
    public static let widthRange = 20...160

    /// The width replies are wrapped to when the terminal's is unknown.
    public static let defaultWidth = 80

    public let width: Int
    public let styled: Bool

    /// - Parameters:
    ///   - width: the terminal's width in columns, clamped to `widthRange`.
    ///   - styled: whether to use bold and colour.
    public init(width: Int, styled: Bool) {
        self.width = min(max(width, Self.widthRange.lowerBound), Self.widthRange.upperBound)
        self.styled = styled
    }

    /// A renderer for standard output as it is now: its width (read again on each call,
    /// so a resized window is wrapped anew), styled only on a terminal without `NO_COLOR`.
    public static func forStandardOutput(environment: [String: String]) -> Renderer {
        Renderer(width: TerminalSize.columns() ?? defaultWidth, styled: TerminalSize.wantsStyle(environment: environment))
    }

    // MARK: - What is rendered

    /// The notices, then the reply or the command's output; ends with a line break.
    public func render(_ output: ConversationOutput) -> String {
        var lines = output.notices.flatMap(notice)
        if let reply = output.reply {
            lines += replyLines(reply)
        } else {
            lines += textLines(output.text)
        }
        return joined(lines)
    }

    /// A reply: its title, body and numbered choices; ends with a line break.
    public func render(reply: Reply) -> String {
        joined(replyLines(reply))
    }

    /// Any other text (a command's output, a question); ends with a line break.
    public func render(text: String) -> String {
        joined(textLines(text))
    }

    /// Something the user must be told first, or an error; ends with a line break.
    public func render(notice text: String) -> String {
        joined(notice(text))
    }

    private func joined(_ lines: [String]) -> String {
        lines.map { $0 + "\n" }.joined()
    }

    private func replyLines(_ reply: Reply) -> [String] {
        var lines: [String] = []
        if let title = reply.title {
            let text = Self.oneLine(title)
            lines += wrap(styled ? text : "[\(text)]").map { style($0, Style.title) }
        }
        lines += textLines(reply.body)
        if !reply.choices.isEmpty {
            if !lines.isEmpty { lines.append("") }
            if let prompt = reply.choicesPrompt { lines += textLines(prompt) }
            let digits = String(reply.choices.count).count
            for (index, choice) in reply.choices.enumerated() {
                let number = String(index + 1)
                let marker = String(repeating: " ", count: 2 + digits - number.count) + number + ". "
                let label = Self.oneLine(choice.label)
                lines += wrap(marker + label, markerStyle: Style.marker)
            }
        }
        return lines
    }

    /// Printable text on one line, for a title or a choice.
    private static func oneLine(_ text: String) -> String {
        String(TerminalText.printable(text).map { $0 == "\n" ? " " : $0 })
    }

    private func textLines(_ text: String) -> [String] {
        TerminalText.printable(text).split(separator: "\n", omittingEmptySubsequences: false).flatMap { line in
            let line = String(line)
            if Self.isHeading(line) { return wrap(line).map { style($0, Style.heading) } }
            return wrap(line, markerStyle: Style.marker)
        }
    }

    private func notice(_ text: String) -> [String] {
        let lines = textLines("Note: " + text)
        return styled ? lines.map { style($0, Style.notice) } : lines
    }

    /// A short line of its own that ends with ":", such as "Roles:" in /topics.
    private static func isHeading(_ line: String) -> Bool {
        line.hasSuffix(":") && line.first.map { !$0.isWhitespace && $0 != "-" } == true && line.count <= 40
    }

    // MARK: - Wrapping

    /// Wraps one line; continuation lines are indented to the text after the marker.
    func wrap(_ line: String, markerStyle: String? = nil) -> [String] {
        let (lead, rest) = Self.splitMarker(line)
        let hanging = TerminalText.width(lead)
        // A marker wider than the window leaves too little room: then indent less.
        let indent = hanging <= width / 2 ? hanging : 0
        let firstWidth = max(width - hanging, 1)
        let otherWidth = width - indent
        var rows = Self.wrapWords(rest, firstWidth: firstWidth, otherWidth: otherWidth)
        if rows.isEmpty { rows = [""] }
        let styledLead = markerStyle.map { styleMarker(lead, $0) } ?? lead
        var result = [styledLead + rows[0]]
        let pad = String(repeating: " ", count: indent)
        result += rows.dropFirst().map { pad + $0 }
        // Trailing spaces of an empty bullet or a blank line are noise.
        return result.map { $0.allSatisfy { $0 == " " } ? "" : $0 }
    }

    /// Splits a line into its lead (leading spaces and a list marker) and its text.
    static func splitMarker(_ line: String) -> (lead: String, rest: Substring) {
        let spaces = line.prefix { $0 == " " }
        var rest = line[spaces.endIndex...]
        var marker = ""
        if let first = rest.first, "-*•".contains(first), rest.dropFirst().first == " " {
            marker = String(rest.prefix(2))
        } else {
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            let after = rest[digits.endIndex...]
            if !digits.isEmpty, digits.count <= 3, let dot = after.first, dot == "." || dot == ")", after.dropFirst().first == " " {
                marker = String(rest[..<after.index(after.startIndex, offsetBy: 2)])
            }
        }
        rest = rest.dropFirst(marker.count)
        return (String(spaces) + marker, rest)
    }

    /// Greedy word wrap that keeps runs of spaces inside a line (aligned columns stay
    /// aligned) and breaks words longer than a whole line.
    static func wrapWords(_ text: Substring, firstWidth: Int, otherWidth: Int) -> [String] {
        var rows: [String] = []
        var current = ""
        var currentWidth = 0
        var limit = firstWidth
        func finishRow() {
            rows.append(current)
            current = ""
            currentWidth = 0
            limit = otherWidth
        }
        var index = text.startIndex
        var pendingSpaces = 0
        while index < text.endIndex {
            if text[index] == " " {
                pendingSpaces += 1
                index = text.index(after: index)
                continue
            }
            let end = text[index...].firstIndex(of: " ") ?? text.endIndex
            var word = Substring(text[index..<end])
            index = end
            let wordWidth = TerminalText.width(word)
            if currentWidth > 0 && currentWidth + pendingSpaces + wordWidth > limit {
                finishRow()
                pendingSpaces = 0
            }
            if currentWidth == 0 && pendingSpaces > 0 && rows.isEmpty {
                // Spaces at the very start of the text are kept (they are indentation).
                current = String(repeating: " ", count: min(pendingSpaces, limit - 1))
                currentWidth = current.count
            } else if currentWidth > 0 {
                current += String(repeating: " ", count: pendingSpaces)
                currentWidth += pendingSpaces
            }
            pendingSpaces = 0
            // A word wider than the row: break it where it must.
            while currentWidth + TerminalText.width(word) > limit, !word.isEmpty {
                var taken = 0
                var split = word.startIndex
                while split < word.endIndex {
                    let next = TerminalText.width(of: word[split])
                    if currentWidth + taken + next > limit { break }
                    taken += next
                    split = word.index(after: split)
                }
                if split == word.startIndex {
                    if currentWidth > 0 {
                        finishRow()
                        continue
                    }
                    split = word.index(after: split)
                }
                current += word[..<split]
                finishRow()
                word = word[split...]
            }
            current += word
            currentWidth += TerminalText.width(word)
        }
        if !current.isEmpty || rows.isEmpty { rows.append(current) }
        return rows
    }

    // MARK: - Styling

    enum Style {
        static let title = "\u{1B}[1;36m"
        static let heading = "\u{1B}[1m"
        static let marker = "\u{1B}[36m"
        static let notice = "\u{1B}[33m"
        static let reset = "\u{1B}[0m"
    }

    private func style(_ text: String, _ code: String) -> String {
        guard styled, !text.isEmpty else { return text }
        return code + text + Style.reset
    }

    /// Styles the marker of a lead, not its leading spaces.
    private func styleMarker(_ lead: String, _ code: String) -> String {
        let spaces = lead.prefix { $0 == " " }
        let marker = lead[spaces.endIndex...]
        guard styled, !marker.isEmpty else { return lead }
        return spaces + code + marker + Style.reset
    }
}
