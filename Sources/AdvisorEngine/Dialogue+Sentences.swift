/// Cutting a message into sentences and clauses, on UTF-8 bytes (this runs on every turn).
extension DialogueEngine {
    /// The clauses of a text, split at punctuation, but not at the point of "4.0" or "2.5".
    /// The separators are ASCII, so the text is read as UTF-8 bytes (this runs on every turn).
    static func clauses(_ text: String, separators: StaticString = ",.;!?") -> [String] {
        let marks = UnsafeBufferPointer(start: separators.utf8Start, count: separators.utf8CodeUnitCount)
        let bytes = Array(text.utf8)
        var clauses: [String] = []
        var start = 0
        func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        for index in bytes.indices where marks.contains(bytes[index]) {
            let isDecimal = bytes[index] == UInt8(ascii: ".") && index > 0 && index + 1 < bytes.count
                && isDigit(bytes[index - 1]) && isDigit(bytes[index + 1])
            if isDecimal { continue }
            if index > start { clauses.append(String(decoding: bytes[start..<index], as: UTF8.self)) }
            start = index + 1
        }
        if start < bytes.count { clauses.append(String(decoding: bytes[start...], as: UTF8.self)) }
        return clauses
    }

    /// The sentences of a message: split at . ? ! ; and line breaks, but not inside "4.0".
    static func sentences(_ text: String) -> [String] {
        var sentences: [String] = []
        var current = ""
        let characters = Array(text)
        for (index, character) in characters.enumerated() {
            let isDecimal = character == "." && index > 0 && index + 1 < characters.count
                && characters[index - 1].isNumber && characters[index + 1].isNumber
            if "?!;\n".contains(character) || (character == "." && !isDecimal) {
                if character == "?" { current.append(character) }
                if !current.isBlank { sentences.append(current.trimmed) }
                current = ""
            } else {
                current.append(character)
            }
        }
        if !current.isBlank { sentences.append(current.trimmed) }
        return sentences.filter { !TextFolding.tokens($0).isEmpty }
    }

    /// The clauses a question may lean on, nearest first: the last clause of the text
    /// before it, the last two, then the whole of it.
    static func nearestClauses(_ text: String) -> [String] {
        let clauses = text.split(whereSeparator: { ",;".contains($0) }).map { String($0).trimmed }.filter { !$0.isEmpty }
        var tails: [String] = []
        // stride, not a range: a text of commas alone has no clause (a crash the fuzzer found).
        for count in stride(from: 1, to: min(clauses.count, 3), by: 1) {
            tails.append(clauses.suffix(count).joined(separator: ", "))
        }
        tails.append(text)
        return tails
    }

    /// Words that open a second question after "and" ("..., and will I lose my edge?").
    static let questionOpeners: Set<String> = [
        "will", "can", "is", "are", "does", "do", "should", "would", "what", "whats", "how", "why", "which", "where", "who",
    ]

    /// A sentence that joins two questions with "and" ("is it different from a regular MBA,
    /// and will I lose my technical edge?"), as two (or more); any other sentence as it is.
    static func joinedQuestions(_ sentence: String) -> [String] {
        let words = sentence.split(separator: " ", omittingEmptySubsequences: true)
        guard words.count >= 8 else { return [sentence] }
        for index in 3..<(words.count - 3) {
            let word = words[index].lowercased().trimmingCharacters(in: .punctuationCharacters)
            guard ["and", "also", "plus"].contains(word) else { continue }
            let next = words[index + 1].lowercased().trimmingCharacters(in: .punctuationCharacters)
            let rest = words[(index + 1)...].joined(separator: " ")
            // "..., and what does this course make me capable of", "... also online option is
            // there or not": a question after the joining word...
            // (asking by its own words: the sentence's closing "?" belongs to all of it).
            guard questionOpeners.contains(next) || TurnContext.isQuestion(clause: Substring(rest.filter { $0 != "?" })) else { continue }
            // ...after a clause that asks too ("so who grows faster actually, engineer or mba
            // person"), wherever it stands in the words before.
            let before = words[..<index].joined(separator: " ")
            guard before.split(separator: ",").contains(where: TurnContext.isQuestion(clause:)) else { continue }
            // The rest may join two more ("..., so which sectors are growing, and why is
            // everyone saying india needs leaders now").
            return [before.trimmingCharacters(in: .punctuationCharacters)] + joinedQuestions(rest)
        }
        return [sentence]
    }

    /// "my questions are 1) is aerospace growing 2) what is this degree": numbered questions
    /// as questions of their own ("1)", "(2)", "3." before a space), when at least two are
    /// numbered; the text as it is otherwise.
    static func enumeratedAsSentences(_ text: String) -> String {
        // Most messages have no "1)" or "2." at all: a look at the bytes says so.
        var candidates = 0
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if (byte == UInt8(ascii: ")") || byte == UInt8(ascii: ".")) && previous >= UInt8(ascii: "0") && previous <= UInt8(ascii: "9") { candidates += 1 }
            previous = byte
        }
        guard candidates >= 2 else { return text }
        let characters = Array(text)
        var marks: [(start: Int, end: Int)] = []
        for index in characters.indices where characters[index].isASCII && characters[index].isNumber {
            let before = index > 0 ? characters[index - 1] : " "
            let opensParen = before == "("
            let atWordStart = before.isWhitespace || opensParen || index == 0
            guard atWordStart, index + 1 < characters.count else { continue }
            let mark = characters[index + 1]
            let followed = index + 2 >= characters.count || characters[index + 2].isWhitespace
            guard followed, mark == ")" || (mark == "." && !opensParen) else { continue }
            marks.append((opensParen ? index - 1 : index, index + 2))
        }
        guard marks.count >= 2 else { return text }
        // The preamble ends as a statement; each numbered item, as a question.
        var result = ""
        var position = 0
        for (number, mark) in marks.enumerated() {
            var item = String(characters[position..<mark.start]).trimmed
            // "... so tell me", "my doubts are": the lead-in says nothing of its own.
            if number == 0 { item = withoutLeadIn(item) }
            if !item.isEmpty { result += item + (number == 0 || item.hasSuffix("?") ? "\n" : "?\n") }
            position = mark.end
        }
        let last = String(characters[position...]).trimmed
        result += last.hasSuffix("?") || last.hasSuffix(".") ? last : last + "?"
        return result
    }

    /// The preamble of numbered questions without its last clause, when that clause only
    /// leads in to them ("so tell me", "my questions are:").
    static func withoutLeadIn(_ preamble: String) -> String {
        let cut = preamble.lastIndex(where: { ",.;:!?".contains($0) })
        let tail = cut.map { String(preamble[preamble.index(after: $0)...]) } ?? preamble
        let words = TextFolding.tokens(tail)
        guard !words.isEmpty, words.allSatisfy(leadInWords.contains) else { return preamble }
        return cut.map { String(preamble[...$0]) } ?? ""
    }
    static let leadInWords: Set<String> = [
        "so", "my", "questions", "question", "doubts", "doubt", "queries", "query", "are", "is", "tell", "me", "pls", "please", "plz",
        "kindly", "i", "want", "to", "know", "here", "few", "some", "two", "three", "ok", "now", "sir", "the", "following", "have",
        "basically", "and", "clear", "clarify", "these", "madam", "maam", "main",
    ]
}
