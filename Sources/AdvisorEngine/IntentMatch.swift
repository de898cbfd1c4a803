import Foundation

/// How one intent scored against a message.
public struct Candidate: Sendable, Hashable, Codable {
    public var intent: String
    /// The confidence in [0, 1].
    public var score: Double

    public init(intent: String, score: Double) {
        self.intent = intent
        self.score = score
    }
}

/// The result of classifying one message.
public struct IntentMatch: Sendable {
    /// The chosen intent, `fallback` when nothing passed the threshold.
    public var intent: String
    public var confidence: Double
    /// The best candidates, best first (at most three), before the threshold is applied.
    public var candidates: [Candidate]
    public var text: NormalisedText
    /// Whether the matcher chose fallback because nothing passed the threshold (rather
    /// than because the fallback intent's own terms matched).
    public var isBelowThreshold: Bool
    /// The intents an excluded term vetoed ("lean" in "lean body workout"): the dialogue
    /// layer must not bring them back through context.
    public var vetoed: [String] = []
}

/// Why an intent scored as it did: each matched term, its weight and where it was written.
public struct Explanation: Sendable {
    public struct Contribution: Sendable {
        public var term: String
        public var role: TermRole
        public var weight: Double
        public var location: SourceLocation
        /// The words of the message the term matched, as typed (folded).
        public var words: [String] = []
        /// For each concept in the term, the phrase of the concept that caught the words.
        public var concepts: [ConceptCatch] = []
    }

    /// A concept phrase that matched words of a message ("scholarships" in `@fees`).
    public struct ConceptCatch: Sendable {
        public var concept: String
        public var phrase: Located<String>
    }

    public var intent: String
    public var confidence: Double
    public var rawScore: Double
    public var coverage: Double
    /// The intent's `weight`, which multiplies its confidence.
    public var weight: Double = 1
    public var contributions: [Contribution]
    /// Why the intent could not match, if it could not (no required term, an excluded term).
    public var blockedBy: String?
    /// The informative words of the message that none of the intent's terms explain.
    public var unexplainedWords: [String] = []

    /// The excluded terms that matched: what vetoed the intent.
    public var vetoes: [Contribution] { contributions.filter { $0.role == .exclude } }
}

/// Why a message did not go to the intent expected for it: what the winner matched, and what
/// the expected intent lacked. The same data as `Explanation`, for `advisor explain --expect`
/// and the lint finding of an example that routes elsewhere.
public struct RoutingDiagnosis: Sendable {
    public var expected: String
    /// Where the message went: an intent, or the fallback.
    public var winner: String
    public var winnerConfidence: Double
    /// Whether it went to the fallback because no intent reached the threshold.
    public var isBelowThreshold: Bool
    /// How the winner scored; nil when the message fell back below the threshold.
    public var winnerExplanation: Explanation?
    /// How the expected intent scored; nil when none of its terms matched.
    public var expectedExplanation: Explanation?
    /// The expected intent's required and excluded terms, as written.
    public var expectedRequire: [Located<String>]
    /// The expected intent's weight.
    public var expectedWeight: Double
    /// The words of the message that are not stop words.
    public var informativeWords: [String]

    /// Whether the expected intent could take part at all (a required term, no excluded one).
    public var expectedWasCandidate: Bool { expectedExplanation.map { $0.blockedBy == nil } ?? false }
}

/// The part a term plays in an intent.
public enum TermRole: String, Sendable, Codable {
    case require, keyword, exclude
}
