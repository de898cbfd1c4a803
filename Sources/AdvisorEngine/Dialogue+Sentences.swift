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
}
