/// The guided fit assessment, built from the knowledge base's `assessment:` section: its
/// questions and the free-text answers each accepts, the rules that turn answers into a
/// verdict, and the prose of the result. Nothing of it is written in Swift.
public struct FitAssessment: Sendable {
    /// How a question is answered.
    public enum Kind: String, Sendable, CaseIterable {
        /// yes, no or unsure.
        case yesNo = "yes_no"
        /// One of the question's named choices, "both" or "neither".
        case choice
        /// A number of years (0 for none yet).
        case years
    }

    /// One question of the assessment.
    public struct Question: Sendable {
        public var id: String
        public var kind: Kind
        public var text: String
        public var hint: String
        /// What the question means, for "what do you mean?".
        public var explanation: String
        /// Its key words: a question about them asks what the question means.
        public var terms: Set<String>
        /// For a choice question: each choice and the words that pick it.
        public var choices: [(value: String, words: Set<String>)]
        /// For a choice question asked as yes or no ("are you more interested in the system
        /// than the component?"): the choice that yes, no or unsure picks.
        public var yesNoMeans: [String: String] = [:]
        /// Answer → a reason for or against the path, in the user's terms.
        public var reasons: [String: Reason]

        /// The answers the question accepts.
        public var values: Set<String> {
            switch kind {
            case .yesNo: ["yes", "no", "unsure"]
            case .choice: Set(choices.map(\.value)).union(["both", "neither"])
            case .years: []
            }
        }
    }

    public struct Reason: Sendable, Equatable {
        public var isFor: Bool
        public var text: String
    }

    /// A verdict rule: when every condition holds (question → accepted answers).
    public struct Rule: Sendable {
        public var verdict: String
        public var conditions: [String: Set<String>]
    }

    public struct Verdict: Sendable {
        public var id: String
        public var line: String
        public var nextSteps: [String]
        public var closing: String

        public init(id: String, line: String, nextSteps: [String], closing: String) {
            self.id = id
            self.line = line
            self.nextSteps = nextSteps
            self.closing = closing
        }
    }

    public struct YesNoWords: Sendable {
        public var unsurePhrases: [[String]] = []
        public var noPhrases: [[String]] = []
        public var unsure: Set<String> = []
        public var no: Set<String> = []
        public var yes: Set<String> = []
        public var yesOpeners: Set<String> = []

        public init() {}
    }

    public var questions: [Question]
    public var rules: [Rule]
    /// Strongest first, as declared.
    public var verdicts: [Verdict]
    public var yesNo: YesNoWords
    public var noExperience: Set<String>
    /// Lines on the years of experience: the first band whose `max` is at least the years.
    public var experienceBands: [(max: Int?, text: String)]

    public init(
        questions: [Question] = [], rules: [Rule] = [], verdicts: [Verdict] = [], yesNo: YesNoWords = YesNoWords(),
        noExperience: Set<String> = [], experienceBands: [(max: Int?, text: String)] = []
    ) {
        self.questions = questions
        self.rules = rules
        self.verdicts = verdicts
        self.yesNo = yesNo
        self.noExperience = noExperience
        self.experienceBands = experienceBands
    }

    // MARK: - Questions and answers

    /// The index of the question about years of experience, which the profile may answer.
    public var experienceIndex: Int? { questions.firstIndex { $0.kind == .years } }
    /// Its id.
    public var experienceID: String? { experienceIndex.map { questions[$0].id } }

    /// The first question, introduced.
    var firstQuestion: String { question(0) }

    func question(_ step: Int) -> String {
        guard questions.indices.contains(step) else { return "" }
        return "Question \(step + 1) of \(questions.count): \(questions[step].text)"
    }

    func hint(_ step: Int) -> String { questions.indices.contains(step) ? questions[step].hint : "" }

    func explanation(_ step: Int) -> String {
        questions.indices.contains(step) ? questions[step].explanation : ""
    }

    /// Whether the words ask about the question itself ("system at scale means the whole plant?").
    func isAbout(_ step: Int, words: [String]) -> Bool {
        questions.indices.contains(step) && words.contains(where: questions[step].terms.contains)
    }

    /// The answer to question `step` found in `words`, or nil if they are not an answer.
    public func answer(_ step: Int, words: [String]) -> String? {
        guard questions.indices.contains(step), !words.isEmpty else { return nil }
        let question = questions[step]
        switch question.kind {
        case .yesNo: return yesNoAnswer(words)
        case .choice: return choiceAnswer(question, words)
        case .years: return yearsAnswer(words)
        }
    }

    private func yesNoAnswer(_ words: [String]) -> String? {
        // "haan i want to lead a team and have some say in decisions": a long answer says
        // yes or no in its opening words.
        guard words.count <= 12 else { return yesNoAnswer(Array(words.prefix(6))) }
        let set = Set(words)
        if DialogueEngine.contains(words, anyOf: yesNo.unsurePhrases) { return "unsure" }
        if !set.isDisjoint(with: yesNo.unsure) { return "unsure" }
        if DialogueEngine.contains(words, anyOf: yesNo.noPhrases) { return "no" }
        if !set.isDisjoint(with: yesNo.no) { return "no" }
        if !set.isDisjoint(with: yesNo.yes) { return "yes" }
        if words.first == "i", !set.isDisjoint(with: yesNo.yesOpeners) { return "yes" }
        return nil
    }

    private func choiceAnswer(_ question: Question, _ words: [String]) -> String? {
        guard words.count <= 16 else { return longChoiceAnswer(question, words) }
        let set = Set(words)
        let picked = question.choices.filter { !$0.words.isDisjoint(with: set) }.map(\.value)
        if set.contains("both") || picked.count > 1 { return "both" }
        if let one = picked.first { return one }
        if set.contains("neither") { return "neither" }
        // "yes", "not really": the question asked as yes or no.
        if !question.yesNoMeans.isEmpty, let said = yesNoAnswer(words) { return question.yesNoMeans[said] }
        return nil
    }

    /// A choice in a long answer ("when i see the whole crude unit running from feed to
    /// dispatch, that is more interesting for me than tuning one PID loop"): the side before
    /// "than" when the sentence compares, else the one choice its words name twice or more
    /// while naming no other; nil when they are not clear.
    private func longChoiceAnswer(_ question: Question, _ words: [String]) -> String? {
        guard words.count <= MessageLimits.longAnswerWords else { return nil }
        func hits(_ slice: ArraySlice<String>) -> [String: Int] {
            var counts: [String: Int] = [:]
            for word in slice {
                for choice in question.choices where choice.words.contains(word) { counts[choice.value, default: 0] += 1 }
            }
            return counts
        }
        // The side named at least twice as often as any other.
        func dominant(_ counts: [String: Int], atLeast minimum: Int) -> String? {
            let ranked = counts.sorted { $0.value > $1.value }
            guard let top = ranked.first, top.value >= minimum, ranked.dropFirst().allSatisfy({ top.value >= 2 * $0.value }) else { return nil }
            return top.key
        }
        if let than = words.firstIndex(of: "than"), than > 0 {
            let before = hits(words[max(0, than - 14)..<than])
            let after = hits(words[(than + 1)...].prefix(10))
            let reversed = words[max(0, than - 4)..<than].contains { $0 == "less" || $0 == "fewer" }
            if let side = dominant(before, atLeast: 1), after[side] == nil {
                if !reversed { return side }
                if question.choices.count == 2, let other = question.choices.first(where: { $0.value != side })?.value { return other }
            }
        }
        return dominant(hits(words[...]), atLeast: 2)
    }

    private func yearsAnswer(_ words: [String]) -> String? {
        guard words.count <= 16 else { return nil }
        for (index, word) in words.enumerated() {
            // "3.5", "approx 5.5": the whole years.
            if let number = ProfileExtractor.number(word), (0...50).contains(number),
               word != "a" && word != "an" || (index + 1 < words.count && words[index + 1].hasPrefix("year"))
            {
                return String(number)
            }
        }
        let set = Set(words)
        if !set.isDisjoint(with: noExperience) { return "0" }
        if set.contains("no") && set.contains("experience") { return "0" }
        return nil
    }

    // MARK: - The verdict

    /// The verdict the answers lead to: the first rule whose conditions all hold.
    public func verdict(_ answers: [String: String]) -> String {
        for rule in rules where rule.conditions.allSatisfy({ question, accepted in answers[question].map(accepted.contains) == true }) {
            return rule.verdict
        }
        return rules.last?.verdict ?? verdicts.first?.id ?? ""
    }

    /// How strongly a verdict speaks for the path: 0 for the weakest. `verdicts:` is
    /// declared strongest first.
    public func strength(_ verdict: String) -> Int {
        guard let index = verdicts.firstIndex(where: { $0.id == verdict }) else { return -1 }
        return verdicts.count - 1 - index
    }

    public func verdictLine(_ verdict: String) -> String {
        verdicts.first { $0.id == verdict }?.line ?? verdict
    }

    /// The reasons for a verdict, in the user's own answers.
    public func reasons(_ answers: [String: String]) -> String {
        let (forIt, against) = reasonLists(answers)
        var lines: [String] = []
        if !forIt.isEmpty { lines += ["In its favour:"] + forIt.map { "- " + Self.sentence($0) } }
        if !against.isEmpty { lines += (lines.isEmpty ? [] : [""]) + ["To think about:"] + against.map { "- " + Self.sentence($0) } }
        return lines.joined(separator: "\n")
    }

    private func reasonLists(_ answers: [String: String]) -> (forIt: [String], against: [String]) {
        var forIt: [String] = []
        var against: [String] = []
        for question in questions {
            guard let answer = answers[question.id], let reason = question.reasons[answer] else { continue }
            if reason.isFor { forIt.append(reason.text) } else { against.append(reason.text) }
        }
        return (forIt, against)
    }

    /// What to do after a verdict.
    func nextSteps(_ verdict: String) -> String {
        (verdicts.first { $0.id == verdict }?.nextSteps ?? []).map { "- " + $0 }.joined(separator: "\n")
    }

    /// Follow-up topics that suit a verdict: the knowledge base's `after_result` when the
    /// verdict speaks for the path, never this programme's specifics after the weakest
    /// verdict (who it is for and the programme itself instead).
    public func suggestions(_ verdict: String, knowledge: KnowledgeBase) -> [String] {
        let roles = knowledge.dialogue
        if strength(verdict) == 0 {
            return [knowledge.area(of: roles[.assessment])?.overview, roles[.subject]].compactMap { $0 }
        }
        return roles.afterResult
    }

    /// The recommendation and its reasons, from the answers given.
    func recommendation(_ answers: [String: String], profile: Profile) -> String {
        let verdict = verdict(answers)
        let years = experienceID.flatMap { answers[$0] }.flatMap(Int.init) ?? profile.experienceYears
        var lines: [String] = ["From your answers, " + verdictLine(verdict)]
        let reasons = reasons(answers)
        if !reasons.isEmpty { lines += ["", reasons] }
        lines.append("")
        if let years, let band = experienceBands.first(where: { $0.max.map { years <= $0 } ?? true }) {
            lines.append(band.text.replacingOccurrences(of: "{years}", with: "\(years) year\(years == 1 ? "" : "s")"))
        }
        if let closing = verdicts.first(where: { $0.id == verdict })?.closing, !closing.isEmpty { lines.append(closing) }
        return lines.joined(separator: "\n")
    }

    private static func sentence(_ text: String) -> String {
        text.prefix(1).uppercased() + text.dropFirst() + "."
    }
}
