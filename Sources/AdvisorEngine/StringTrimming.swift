extension StringProtocol {
    /// The text without leading and trailing white space (spaces, tabs, newlines).
    ///
    /// Native, because Foundation's `trimmingCharacters(in:)` bridges through NSString and
    /// was a third of the knowledge base's load time; ASCII text is trimmed byte by byte,
    /// because asking each `Character` whether it is white space was most of what remained.
    @inlinable
    public var trimmed: String {
        let ascii = utf8.withContiguousStorageIfAvailable { bytes -> String? in
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
            var start = 0
            var end = bytes.count
            while start < end, bytes[start].isASCIIWhitespace { start += 1 }
            while end > start, bytes[end - 1].isASCIIWhitespace { end -= 1 }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        }
        if let ascii = ascii ?? nil { return ascii }
        guard let first = firstIndex(where: { !$0.isWhitespace }),
              let last = lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return String(self[first...last])
    }

    /// Whether the text is empty or only white space.
    ///
    /// It stops at the first ASCII byte that is not white space (most text is not blank,
    /// and such a byte starts a `Character` that is not white space either); text with
    /// anything else in it is asked `Character` by `Character`.
    @inlinable
    public var isBlank: Bool {
        for byte in utf8 where !byte.isASCIIWhitespace {
            return byte < 0x80 ? false : allSatisfy(\.isWhitespace)
        }
        return true
    }
}

extension UInt8 {
    /// Whether this byte is an ASCII character that `Character.isWhitespace` calls white
    /// space (tab, line feed, vertical tab, form feed, carriage return, space). In ASCII
    /// text each character is one byte, or "\r\n", whose bytes are both white space.
    @usableFromInline
    var isASCIIWhitespace: Bool {
        (9...13).contains(self) || self == 32
    }
}
