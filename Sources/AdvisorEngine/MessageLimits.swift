/// The limits every front end applies to what a user sends.
public enum MessageLimits {
    /// The longest message accepted, in UTF-8 bytes. A longer line is refused with a
    /// message, never truncated silently.
    public static let maximumMessageBytes = 4096
    /// The longest answer to an assessment's choice question read for its choice words: a
    /// longer one is a story, not an answer, and is asked again.
    public static let longAnswerWords = 80
}
