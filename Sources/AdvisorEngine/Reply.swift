/// What the advisor says in one turn: typed, so front ends render it as they need.
public struct Reply: Codable, Sendable, Equatable {
    /// What kind of turn this was.
    public enum Kind: String, Codable, Sendable {
        /// The answer of an intent.
        case answer
        /// The deeper answer of the current topic.
        case more
        /// "Do you mean A or B?"
        case clarification
        /// Out of scope or not understood.
        case fallback
        /// A question of the guided fit assessment.
        case assessment
        /// The assessment's recommendation.
        case recommendation
        /// The same question asked twice in a row, acknowledged.
        case repetition
        /// A message refused before matching (too long, empty).
        case refusal
    }

    /// The intent the turn resolved to (for a clarification, the best candidate).
    public var intent: String
    public var confidence: Double
    public var kind: Kind
    /// A heading for the reply (the topic's title), if any.
    public var title: String?
    /// The text: paragraphs separated by blank lines, bullets starting "- ".
    public var body: String
    /// Numbered follow-ups or clarification options; typing the number picks one.
    public var choices: [Choice]
    /// The sentence that introduces `choices` ("You could also ask:").
    public var choicesPrompt: String?
    /// How the dialogue layer decided the turn (the rule and the frame slot it read), for
    /// `advisor explain`; not part of the reply's JSON.
    public var resolution: String?
    /// Where the knowledge-base text in `body` comes from: its blocks, each from the source
    /// (with claim ids), general background, or the advisor's own words. Nil when the reply
    /// has no knowledge-base text (a question of the assessment, a clarification).
    public var blocks: [AnswerBlock]?

    /// The version of the reply's JSON (the daemon's `reply` object and `advisor chat
    /// --json`), raised when a field changes meaning or goes; new fields do not raise it.
    public static let schemaVersion = 1

    /// The questions offered to ask next, as a student would type them: the labels of the
    /// numbered choices, unless the reply asks the user to choose between readings (a
    /// clarification), whose choices are answers rather than suggestions.
    public var suggestions: [String] {
        kind == .clarification ? [] : choices.map(\.label)
    }

    enum CodingKeys: String, CodingKey {
        case intent, confidence, kind, title, body, choices, choicesPrompt, blocks
    }

    /// The fields only the encoded reply has: derived, so decoding ignores them.
    private enum EncodedOnlyKeys: String, CodingKey {
        case schemaVersion, suggestions
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(intent, forKey: .intent)
        try container.encode(confidence, forKey: .confidence)
        try container.encode(kind, forKey: .kind)
        try container.encodeIfPresent(title, forKey: .title)
        try container.encode(body, forKey: .body)
        try container.encode(choices, forKey: .choices)
        try container.encodeIfPresent(choicesPrompt, forKey: .choicesPrompt)
        try container.encodeIfPresent(blocks, forKey: .blocks)
        var derived = encoder.container(keyedBy: EncodedOnlyKeys.self)
        try derived.encode(Self.schemaVersion, forKey: .schemaVersion)
        try derived.encode(suggestions, forKey: .suggestions)
    }

    public init(
        intent: String, confidence: Double, kind: Kind, title: String? = nil, body: String,
        choices: [Choice] = [], choicesPrompt: String? = nil, blocks: [AnswerBlock]? = nil
    ) {
        self.blocks = blocks.flatMap { $0.isEmpty ? nil : $0 }
        self.intent = intent
        self.confidence = confidence
        self.kind = kind
        self.title = title
        self.body = body
        self.choices = choices
        self.choicesPrompt = choicesPrompt
    }

    /// The reply as plain text, as transcripts record it and pipes print it.
    public var plainText: String {
        var parts: [String] = []
        if let title { parts.append("[\(title)]") }
        parts.append(body)
        if !choices.isEmpty {
            var lines: [String] = []
            if let choicesPrompt { lines.append(choicesPrompt) }
            for (index, choice) in choices.enumerated() { lines.append("  \(index + 1). \(choice.label)") }
            parts.append(lines.joined(separator: "\n"))
        }
        return parts.joined(separator: "\n\n")
    }
}
