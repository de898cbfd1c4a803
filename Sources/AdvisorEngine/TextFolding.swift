import Foundation

/// Folds text into lower-case word tokens: case, Unicode compatibility forms (full-width,
/// ligatures), diacritics, curly quotes and punctuation.
///
/// Apostrophes join ("what's" → "whats"); a dot between digits stays ("4.0"); everything
/// that is neither a letter nor a digit separates words, so control characters, escape
/// sequences and emoji never reach a token.
public enum TextFolding {
    /// Characters of one word beyond this many are dropped.
    public static let maximumWordLength = 48

    /// The tokens of `text`, at most `limit` of them.
    public static func tokens(_ text: String, limit: Int = Int.max) -> [String] {
        var contiguous = text
        // Native strings are contiguous already; only others are copied.
        return contiguous.withUTF8 { bytes in
            bytes.allSatisfy { $0 < 0x80 } ? asciiTokens(bytes, limit: limit) : unicodeTokens(text, limit: limit)
        }
    }

    private static func asciiTokens(_ bytes: UnsafeBufferPointer<UInt8>, limit: Int) -> [String] {
        var tokens: [String] = []
        tokens.reserveCapacity(min(limit, bytes.count / 2 + 1))
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maximumWordLength) { current in
            var length = 0
            func flush() {
                if length > 0 {
                    tokens.append(String(decoding: UnsafeBufferPointer(rebasing: current[..<length]), as: UTF8.self))
                    length = 0
                }
            }
            var index = 0
            while index < bytes.count, tokens.count < limit {
                let byte = bytes[index]
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                    if length < maximumWordLength { current[length] = byte; length += 1 }
                case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                    if length < maximumWordLength { current[length] = byte + 32; length += 1 }
                case UInt8(ascii: "'"), UInt8(ascii: "`"):
                    break
                case UInt8(ascii: "."):
                    let digitBefore = length > 0 && isDigit(current[length - 1])
                    let digitAfter = index + 1 < bytes.count && isDigit(bytes[index + 1])
                    if digitBefore && digitAfter && length < maximumWordLength {
                        current[length] = byte
                        length += 1
                    } else {
                        flush()
                    }
                case UInt8(ascii: "&"), UInt8(ascii: "+"):
                    // "lean & six sigma", "subjects + roles": a joining word; not "4+ years" or "c++".
                    flush()
                    let before = index > 0 ? bytes[index - 1] : UInt8(ascii: " ")
                    let after = index + 1 < bytes.count ? bytes[index + 1] : UInt8(ascii: " ")
                    if isJoinNeighbour(before), isJoinNeighbour(after) { tokens.append("and") }
                default:
                    flush()
                }
                index += 1
            }
            if tokens.count < limit { flush() }
            return tokens
        }
    }

    private static func unicodeTokens(_ text: String, limit: Int) -> [String] {
        // NFKC folds full-width forms and ligatures; NFD then separates diacritics.
        let folded = text.precomposedStringWithCompatibilityMapping.decomposedStringWithCanonicalMapping
        var tokens: [String] = []
        var current = String.UnicodeScalarView()
        var previousWasDigit = false
        let scalars = Array(folded.unicodeScalars)
        func flush() {
            if !current.isEmpty {
                tokens.append(String(current))
                current = String.UnicodeScalarView()
            }
        }
        for (index, scalar) in scalars.enumerated() where tokens.count < limit {
            let properties = scalar.properties
            switch scalar {
            case "'", "`", "\u{2018}", "\u{2019}", "\u{02BC}":
                continue
            case "&", "+":
                flush()
                let before = index > 0 ? scalars[index - 1] : " "
                let after = index + 1 < scalars.count ? scalars[index + 1] : " "
                let joins = { (scalar: Unicode.Scalar) in scalar.properties.isWhitespace || scalar.properties.isAlphabetic }
                if joins(before), joins(after) { tokens.append("and") }
                previousWasDigit = false
                continue
            case ".":
                let digitAfter = index + 1 < scalars.count && scalars[index + 1].properties.numericType != nil
                if previousWasDigit && digitAfter && current.count < maximumWordLength { current.append(scalar) } else { flush() }
                previousWasDigit = false
                continue
            default:
                break
            }
            if properties.generalCategory == .nonspacingMark || properties.generalCategory == .enclosingMark {
                continue
            }
            if properties.isAlphabetic || properties.numericType != nil {
                if current.count < maximumWordLength {
                    current.append(contentsOf: properties.lowercaseMapping.unicodeScalars)
                }
                previousWasDigit = properties.numericType != nil
            } else {
                flush()
                previousWasDigit = false
            }
        }
        if tokens.count < limit { flush() }
        return tokens
    }

    /// Whether a word has a numeral in it (a digit, or any other numeric character).
    static func hasNumeral(_ word: String) -> Bool {
        // In ASCII, only the digits have a numeric type; the look-up is for the rest.
        let utf8 = word.utf8
        if utf8.allSatisfy({ $0 < 0x80 }) { return utf8.contains(where: isDigit) }
        return word.unicodeScalars.contains { $0.properties.numericType != nil }
    }

    /// A character beside "&" or "+" that makes it a joining word: a space or a letter.
    private static func isJoinNeighbour(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    /// Whether the text has letters of a script other than Latin (Devanagari, Tamil, ...):
    /// the advisor reads English, and says so.
    public static func hasNonLatinLetters(_ text: String) -> Bool {
        text.unicodeScalars.contains { scalar in
            scalar.value >= 0x0370 && scalar.properties.isAlphabetic && !(0x1E00...0x1EFF).contains(scalar.value)
        }
    }
}
