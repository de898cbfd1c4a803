import Foundation

/// Everything the advisor remembers about one user's conversation; stored as JSON.
///
/// A value: the engine takes one in and returns the next, and the store persists it.
public struct SessionState: Codable, Sendable, Equatable {
    /// The schema version written by this build; older files are migrated on load.
    public static let schemaVersion = 1
    /// How many recent turns are kept: a turn's cost must not grow with the conversation.
    public static let maximumTurns = 40

    public var version: Int
    public var user: String
    public var profile: Profile
    public var context: DialogueContext
    /// The most recent turns, oldest first, at most `maximumTurns`.
    public var turns: [Turn]
    /// All turns ever taken, including those no longer kept.
    public var turnCount: Int
    public var createdAt: Date?
    public var updatedAt: Date?

    public init(user: String, createdAt: Date? = nil) {
        self.version = Self.schemaVersion
        self.user = user
        self.profile = Profile()
        self.context = DialogueContext()
        self.turns = []
        self.turnCount = 0
        self.createdAt = createdAt
        self.updatedAt = createdAt
    }

    /// Whether the user has said anything yet.
    public var isNew: Bool { turnCount == 0 }

    /// The largest `turnCount` a state may hold: far beyond any real conversation, far below
    /// where counting could overflow.
    public static let maximumTurnCount = 1 << 40
    /// The largest index of an assessment question a state may hold.
    public static let maximumAssessmentStep = 64
    /// The most years of experience a profile may hold (the extractor keeps 0...50).
    public static let maximumExperienceYears = 80

    /// The first value that no conversation can produce, described ("turnCount is -1"), or nil.
    ///
    /// The store treats a state with one as a damaged file (moved aside, the user told),
    /// never as a conversation to go on with: the engine may index and count with these values.
    public var outOfRange: String? {
        if turnCount < 0 || turnCount > Self.maximumTurnCount { return "turnCount is \(turnCount)" }
        if turns.count > Self.maximumTurns { return "it keeps \(turns.count) turns (at most \(Self.maximumTurns))" }
        if turnCount < turns.count { return "turnCount \(turnCount) is below the \(turns.count) turns kept" }
        if !(0...16).contains(context.depth) { return "context.depth is \(context.depth)" }
        if !(0...Self.maximumTurnCount).contains(context.misses) { return "context.misses is \(context.misses)" }
        if let step = context.assessment?.step, !(0...Self.maximumAssessmentStep).contains(step) {
            return "the assessment's step is \(step)"
        }
        if let years = profile.experienceYears, !(0...Self.maximumExperienceYears).contains(years) {
            return "experienceYears is \(years)"
        }
        return nil
    }

    mutating func record(_ turn: Turn) {
        turns.append(turn)
        if turnCount < Self.maximumTurnCount { turnCount += 1 }
        if turns.count > Self.maximumTurns { turns.removeFirst(turns.count - Self.maximumTurns) }
        updatedAt = turn.at
    }
}

/// What the user told the advisor about themselves.
public struct Profile: Codable, Sendable, Equatable {
    public var name: String?
    /// Their engineering discipline ("mechanical", "electrical", ...).
    public var discipline: String?
    public var experienceYears: Int?
    /// The industry or kind of workplace they are in ("automotive", "an auto plant").
    public var industry: String?
    /// Their current role ("quality engineer").
    public var role: String?

    // Files written before session 7 also have "interests", which nothing ever filled: a
    // key the decoder does not know is ignored, so they still load.

    public init() {}

    public var isEmpty: Bool {
        name == nil && discipline == nil && experienceYears == nil && industry == nil && role == nil
    }
}

/// One exchange: what the user said and what the advisor answered.
public struct Turn: Codable, Sendable, Equatable {
    public var user: String
    public var intent: String
    public var reply: String
    public var at: Date?
    /// What kind of reply it was (`Reply.Kind`'s raw value: answer, clarification, fallback,
    /// assessment, recommendation, ...), for what the office reads in `advisor insights`;
    /// nil in turns saved before session 7.
    public var kind: String?

    public init(user: String, intent: String, reply: String, at: Date?, kind: String? = nil) {
        self.user = user
        self.intent = intent
        self.reply = reply
        self.at = at
        self.kind = kind
    }
}

/// Where the conversation is: the current topic, offered choices, a guided flow.
public struct DialogueContext: Codable, Sendable, Equatable {
    /// The topic last answered (an intent id), which follow-ups are resolved against.
    public var topic: String?
    /// How deep into the current topic the user has gone: 0 answer, 1 more, 2 related topics.
    public var depth: Int
    /// Numbered choices the user may answer with a number ("1", "the second one").
    public var choices: [Choice]
    /// Whether `choices` came from a clarification question (as opposed to suggestions).
    public var choicesAreClarification: Bool
    /// A guided fit assessment in progress, if any.
    public var assessment: Assessment?
    /// Consecutive messages that fell back.
    public var misses: Int
    /// The stems of the last message, to notice when the same thing is asked twice in a row.
    public var lastStems: [String]
    /// The area of the conversation (the current topic's, or the one the user moved to).
    public var area: String?
    /// The entity in focus: the role, module, technology or sector intent that "it", "that
    /// role", "they" and "there" mean.
    public var focus: String?
    /// What the advisor last offered and a "yes" accepts (an intent id).
    public var offer: String?
    /// What the advisor last concluded (the fit result), for "why?", "next steps" and recall.
    public var conclusion: Conclusion?
    /// The other readings of the last message, best first, which a correction ("no, the
    /// module, not the role") switches to.
    public var alternatives: [String]?
    /// The person the user asks for ("son", "husband", "junior"), when they said so: "he",
    /// "him" and "his" are that person, read as the user's "I", "me" and "my".
    public var askingFor: String?

    public init() {
        depth = 0
        choices = []
        choicesAreClarification = false
        misses = 0
        lastStems = []
    }
}

/// A conclusion the advisor reached with the user, kept so that it can be explained and
/// recalled later.
public struct Conclusion: Codable, Sendable, Equatable {
    /// The intent that reached it (the fit assessment).
    public var intent: String
    /// The verdict, in a word the engine knows ("strong", "could", "another").
    public var verdict: String
    /// The answers it was reached from, by question id.
    public var answers: [String: String]

    public init(intent: String, verdict: String, answers: [String: String]) {
        self.intent = intent
        self.verdict = verdict
        self.answers = answers
    }
}

/// A numbered choice offered to the user.
public struct Choice: Codable, Sendable, Equatable {
    public var intent: String
    public var label: String

    public init(intent: String, label: String) {
        self.intent = intent
        self.label = label
    }
}

/// The state of the guided fit assessment.
public struct Assessment: Codable, Sendable, Equatable {
    /// Index of the question awaiting an answer.
    public var step: Int
    /// The answers so far, by question id.
    public var answers: [String: String]
    /// Whether the user stepped out to ask something else (the flow waits for "let's continue").
    public var isPaused: Bool

    public init() {
        step = 0
        answers = [:]
        isPaused = false
    }
}
