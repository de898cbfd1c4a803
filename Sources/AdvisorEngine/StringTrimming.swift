extension StringProtocol {
    /// The text without leading and trailing white space (spaces, tabs, newlines).
    ///
    /// Native, because Foundation's `trimmingCharacters(in:)` bridges through NSString and
    /// was a third of the knowledge base's load time.
    public var trimmed: String {
        guard let first = firstIndex(where: { !$0.isWhitespace }),
              let last = lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return String(self[first...last])
    }

    /// Whether the text is empty or only white space.
    public var isBlank: Bool { allSatisfy(\.isWhitespace) }
}
