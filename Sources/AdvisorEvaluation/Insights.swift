import AdvisorEngine
import Foundation

/// What students asked and how the advisor answered, from the saved conversations: for the
/// people who write the knowledge base (`advisor insights`). Read from the turns each
/// conversation keeps (the last `SessionState.maximumTurns`); a user who ran `/forget` has
/// no files, so is not in it.
public struct Insights: Codable, Sendable, Equatable {
    /// Conversations with at least one turn counted.
    public var sessions = 0
    public var turns = 0
    /// Per UTC day (`YYYY-MM-DD`): conversations with a turn that day, and turns.
    public var days: [Day] = []
    /// Turns per intent (as the catalog names it), most first.
    public var intents: [Share] = []
    /// Turns per area of the knowledge base, most first.
    public var areas: [Share] = []
    /// Turns that fell back (out of scope, or not understood).
    public var fallbacks = 0
    /// Turns answered with "the source gives no figures" (fees, salaries, ...).
    public var unknownFigures = 0
    /// Turns that asked the student to choose between two readings.
    public var clarifications = 0
    public var assessment = Assessment()
    /// The messages the advisor could not answer (fallbacks and clarifications), grouped by
    /// their normalised words, most frequent first.
    public var unanswered: [Unanswered] = []
    /// Conversations whose files could not be read, and files the store set aside.
    public var unreadable = 0
    public var setAside = 0

    public struct Day: Codable, Sendable, Equatable {
        public var day: String
        public var sessions: Int
        public var turns: Int
    }

    public struct Share: Codable, Sendable, Equatable {
        public var name: String
        public var turns: Int
        /// Of all turns counted, in percent (one decimal).
        public var percent: Double
    }

    public struct Assessment: Codable, Sendable, Equatable {
        /// Times the fit assessment was started (its first question asked).
        public var starts = 0
        /// Times it reached a verdict.
        public var completions = 0
        /// The latest verdict of each conversation that has one, by verdict.
        public var verdicts: [String: Int] = [:]
    }

    public struct Unanswered: Codable, Sendable, Equatable {
        /// The message's normalised content words, in order: what groups it.
        public var words: String
        public var count: Int
        /// One message of the group as typed, or its words with `--redact`.
        public var example: String
    }

    public init() {}

    /// The figures of `states`' turns at or after `since` (all when nil).
    ///
    /// - Parameter redact: show the unanswered messages as their normalised words only.
    public init(states: [SessionState], knowledge: KnowledgeBase, since: Date? = nil, redact: Bool = false, top: Int = 20) {
        let roles = knowledge.dialogue
        var perDay: [String: (users: Set<String>, turns: Int)] = [:]
        var perIntent: [String: Int] = [:]
        var perArea: [String: Int] = [:]
        var groups: [String: (count: Int, example: String, first: Int)] = [:]
        for state in states {
            var counted = false
            var previousKind: String?
            for turn in state.turns {
                defer { previousKind = turn.kind }
                if let since, (turn.at ?? .distantPast) < since { continue }
                counted = true
                turns += 1
                let day = turn.at.map { UTCTime(secondsSince1970: Int($0.timeIntervalSince1970)).iso8601.prefix(10) }.map(String.init) ?? "undated"
                perDay[day, default: ([], 0)].users.insert(state.user)
                perDay[day, default: ([], 0)].turns += 1
                let id = knowledge[turn.intent]?.countsAs ?? turn.intent
                perIntent[id, default: 0] += 1
                perArea[knowledge[id]?.area ?? id, default: 0] += 1
                let clarification = turn.kind == Reply.Kind.clarification.rawValue
                if id == roles.fallback { fallbacks += 1 }
                if id == roles[.unknown] { unknownFigures += 1 }
                if clarification { clarifications += 1 }
                if turn.kind == Reply.Kind.assessment.rawValue && previousKind != Reply.Kind.assessment.rawValue { assessment.starts += 1 }
                if turn.kind == Reply.Kind.recommendation.rawValue && previousKind == Reply.Kind.assessment.rawValue { assessment.completions += 1 }
                if id == roles.fallback || clarification {
                    let words = knowledge.normaliser.normalise(turn.user).tokens.filter { !$0.isStopword }.map(\.word).joined(separator: " ")
                    let key = words.isEmpty ? "(no words)" : words
                    let example = redact ? key : ControlCharacters.shown(turn.user, limit: 120)
                    let order = groups.count
                    groups[key, default: (0, example, order)].count += 1
                }
            }
            if counted {
                sessions += 1
                if let verdict = state.context.conclusion?.verdict { assessment.verdicts[verdict, default: 0] += 1 }
            }
        }
        func shares(_ counts: [String: Int]) -> [Share] {
            counts.map { Share(name: $0.key, turns: $0.value, percent: turns == 0 ? 0 : (Double($0.value) * 1000 / Double(turns)).rounded() / 10) }
                .sorted { $0.turns != $1.turns ? $0.turns > $1.turns : $0.name < $1.name }
        }
        days = perDay.map { Day(day: $0.key, sessions: $0.value.users.count, turns: $0.value.turns) }.sorted { $0.day < $1.day }
        intents = shares(perIntent)
        areas = shares(perArea)
        unanswered = groups.sorted { $0.value.count != $1.value.count ? $0.value.count > $1.value.count : $0.value.first < $1.value.first }
            .prefix(top).map { Unanswered(words: $0.key, count: $0.value.count, example: $0.value.example) }
    }

    /// The report for a person.
    public var text: String {
        func rate(_ count: Int) -> String { String(format: "%d (%.1f%%)", count, turns == 0 ? 0 : Double(count) * 100 / Double(turns)) }
        var lines = ["conversations: \(sessions), turns: \(turns)"]
        if unreadable > 0 || setAside > 0 {
            lines.append("not read: \(unreadable) conversation(s) whose files are damaged; \(setAside) file(s) set aside by the store")
        }
        lines.append("fallbacks: \(rate(fallbacks)); no figures in the source: \(rate(unknownFigures)); clarifications: \(rate(clarifications))")
        let verdicts = assessment.verdicts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        lines.append("fit assessment: \(assessment.starts) started, \(assessment.completions) completed" + (verdicts.isEmpty ? "" : "; latest verdicts: \(verdicts)"))
        lines.append("")
        lines.append("per day (UTC): conversations, turns")
        lines += days.map { "  \($0.day)  \($0.sessions)  \($0.turns)" }
        lines.append("")
        lines.append("per area:")
        lines += areas.map { String(format: "  %5.1f%%  %5d  ", $0.percent, $0.turns) + $0.name }
        lines.append("")
        lines.append("per intent:")
        lines += intents.map { String(format: "  %5.1f%%  %5d  ", $0.percent, $0.turns) + $0.name }
        lines.append("")
        lines.append(unanswered.isEmpty ? "unanswered: none" : "unanswered (fallbacks and clarifications), by their words:")
        lines += unanswered.map { "  \($0.count)×  \($0.words)  e.g. \"\($0.example)\"" }
        return lines.joined(separator: "\n")
    }
}
