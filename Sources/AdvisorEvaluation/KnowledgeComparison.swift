import AdvisorEngine
import AdvisorRuntime
import Foundation

/// Where the same questions go with two versions of a knowledge base: what a maintainer
/// checks before students see a change (`advisor eval --compare`, `advisor diff-kb`).
///
/// Every question is read as a student meets it: through the whole conversation service,
/// a lone message as the first of a fresh conversation, a conversation turn after the turns
/// before it (each version replays the conversation on its own, so an earlier change can
/// move a later turn too).
public struct KnowledgeComparison: Sendable {
    /// A run of questions to replay: a transcript, or one message.
    public struct Source: Sendable {
        /// Where it comes from, for the report (`file`, `file:line`, a user's saved turns).
        public var name: String
        public var transcript: Transcript
        /// How a turn is named in the report: `step N` of a transcript, or nothing for a
        /// lone message (its name already says where it is).
        public var namesSteps: Bool

        public init(name: String, transcript: Transcript, namesSteps: Bool = true) {
            self.name = name
            self.transcript = transcript
            self.namesSteps = namesSteps
        }

        /// Each user message as a turn of one conversation, in order, without expectations.
        public init(name: String, messages: [String]) {
            self.init(name: name, transcript: Transcript(steps: messages.map { .say($0, intent: nil, expected: []) }))
        }
    }

    /// One question and where each version sends it.
    public struct Question: Sendable, Equatable {
        public var location: String
        public var text: String
        /// The intent it should reach, when the question is labelled.
        public var expected: String?
        public var old: String
        public var new: String

        public var changed: Bool { old != new }

        /// For a labelled question that changed: whether the change fixed it, broke it, or
        /// moved it from one wrong place to another.
        public var verdict: String? {
            guard let expected, changed else { return nil }
            let (wasRight, isRight) = (Self.matches(old, expected), Self.matches(new, expected))
            if !wasRight && isRight { return "fixed" }
            if wasRight && !isRight { return "broken" }
            return "still wrong"
        }

        /// Whether `actual` is `expected`; "a + b" matches the same parts in any order.
        static func matches(_ actual: String, _ expected: String) -> Bool {
            Transcript.sameIntent(actual, expected)
        }
    }

    public var questions: [Question] = []

    public var changes: [Question] { questions.filter(\.changed) }
    public var labelled: [Question] { questions.filter { $0.expected != nil } }
    public var rightBefore: Int { labelled.count { Question.matches($0.old, $0.expected ?? "") } }
    public var rightAfter: Int { labelled.count { Question.matches($0.new, $0.expected ?? "") } }
    public var broken: [Question] { changes.filter { $0.verdict == "broken" } }
    public var fixed: [Question] { changes.filter { $0.verdict == "fixed" } }

    /// Replays every source with both knowledge bases.
    ///
    /// - Throws: what the conversation service throws (the in-memory store does not).
    public init(old: KnowledgeBase, new: KnowledgeBase, sources: [Source]) throws {
        let before = TranscriptReplayer(knowledge: old)
        let after = TranscriptReplayer(knowledge: new)
        for source in sources {
            // A placeholder intent on every turn makes the replayer record the actual one.
            let probe = Transcript(steps: source.transcript.steps.map { step in
                if case .say(let text, _, _) = step { return .say(text, intent: "?", expected: []) }
                return step
            })
            let oldSteps = try before.replay(probe).steps
            let newSteps = try after.replay(probe).steps
            for (index, step) in source.transcript.steps.enumerated() {
                guard case .say(let text, let expected, _) = step,
                      case .say(_, let oldIntent?, _) = oldSteps[index], case .say(_, let newIntent?, _) = newSteps[index]
                else { continue }
                let location = source.namesSteps ? "\(source.name) step \(index + 1)" : source.name
                questions.append(Question(location: location, text: text, expected: expected, old: oldIntent, new: newIntent))
            }
        }
    }

    /// The report: every question whose destination changed, then the totals.
    public func report(oldName: String, newName: String) -> String {
        var lines = ["compared \(oldName) (old) with \(newName) (new) on \(questions.count) question(s)"]
        let changes = changes
        lines.append("destination changed: \(changes.count)")
        for question in changes {
            let verdict = question.verdict.map { "  [\($0); expected \(question.expected ?? "")]" } ?? ""
            lines.append("  \(question.location): \(Self.quoted(question.text))")
            lines.append("      \(question.old) → \(question.new)\(verdict)")
        }
        let labelled = labelled.count
        if labelled > 0 {
            lines.append(String(
                format: "labelled questions right: old %d of %d (%.1f%%), new %d of %d (%.1f%%); fixed %d, broken %d",
                rightBefore, labelled, Self.percent(rightBefore, labelled), rightAfter, labelled, Self.percent(rightAfter, labelled),
                fixed.count, broken.count))
        }
        return lines.joined(separator: "\n")
    }

    static func percent(_ part: Int, _ whole: Int) -> Double {
        whole == 0 ? 0 : Double(part) / Double(whole) * 100
    }

    /// A message on one line, shortened, its control characters shown as `?`.
    static func quoted(_ text: String) -> String {
        "\"" + ControlCharacters.shown(text, limit: 100) + "\""
    }
}
