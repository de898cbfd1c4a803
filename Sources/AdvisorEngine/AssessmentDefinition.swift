/// The fit assessment as written in `Intents/` (`assessment:`), before it is checked.
public struct AssessmentDefinition: Sendable {
    public struct QuestionDefinition: Sendable {
        public var id: Located<String>
        public var kind: Located<String>
        public var text: String
        public var hint: String
        public var explanation: String
        public var terms: [String]
        public var choices: [(value: String, words: [String])]
        /// For a choice question asked as yes or no: the choice each of yes, no or unsure picks.
        public var yesNoMeans: [(answer: Located<String>, value: Located<String>)] = []
        /// Answer → (for or against, text).
        public var reasons: [(answer: Located<String>, isFor: Bool, text: String)]

        public init(
            id: Located<String>, kind: Located<String>, text: String = "", hint: String = "", explanation: String = "", terms: [String] = [],
            choices: [(value: String, words: [String])] = [], reasons: [(answer: Located<String>, isFor: Bool, text: String)] = []
        ) {
            self.id = id
            self.kind = kind
            self.text = text
            self.hint = hint
            self.explanation = explanation
            self.terms = terms
            self.choices = choices
            self.reasons = reasons
        }
    }

    public struct RuleDefinition: Sendable {
        public var verdict: Located<String>
        public var conditions: [(question: Located<String>, answers: [String])]

        public init(verdict: Located<String>, conditions: [(question: Located<String>, answers: [String])]) {
            self.verdict = verdict
            self.conditions = conditions
        }
    }

    public var yesNo = FitAssessment.YesNoWords()
    public var noExperience: [String] = []
    public var questions: [QuestionDefinition] = []
    public var rules: [RuleDefinition] = []
    public var verdicts: [FitAssessment.Verdict] = []
    public var experienceBands: [(max: Int?, text: String)] = []
    /// Where the section was written; nil when the knowledge base has none.
    public var location: SourceLocation?

    public init() {}
}

extension FitAssessment {
    /// The assessment from its definition, reporting every mistake: unknown kinds, answers
    /// a question does not accept, rules about unknown questions or verdicts, a last rule
    /// with conditions (some answers would have no verdict).
    static func build(_ definition: AssessmentDefinition, errors: inout [KnowledgeBaseError]) -> FitAssessment {
        guard let location = definition.location else { return FitAssessment() }
        var questions: [Question] = []
        for question in definition.questions {
            guard let kind = Kind(rawValue: question.kind.value) else {
                let kinds = Kind.allCases.map(\.rawValue).joined(separator: ", ")
                errors.append(KnowledgeBaseError("question '\(question.id.value)' has unknown kind '\(question.kind.value)'; expected \(kinds)", at: question.kind.location))
                continue
            }
            if questions.contains(where: { $0.id == question.id.value }) {
                errors.append(KnowledgeBaseError("question '\(question.id.value)' is declared twice", at: question.id.location))
            }
            if question.text.isBlank { errors.append(KnowledgeBaseError("question '\(question.id.value)' has no text", at: question.id.location)) }
            if kind == .choice && question.choices.count < 2 {
                errors.append(KnowledgeBaseError("choice question '\(question.id.value)' needs at least two choices", at: question.id.location))
            }
            var built = Question(
                id: question.id.value, kind: kind, text: TextLayout.unwrap(question.text.trimmed), hint: question.hint,
                explanation: TextLayout.unwrap(question.explanation.trimmed), terms: Set(question.terms),
                choices: question.choices.map { ($0.value, Set($0.words)) }, reasons: [:])
            for meaning in question.yesNoMeans {
                if kind != .choice {
                    errors.append(KnowledgeBaseError("question '\(question.id.value)' maps yes and no to choices, but it is not a choice question", at: meaning.answer.location))
                } else if !["yes", "no", "unsure"].contains(meaning.answer.value) {
                    errors.append(KnowledgeBaseError("question '\(question.id.value)' maps '\(meaning.answer.value)' in yes_no; expected yes, no or unsure", at: meaning.answer.location))
                } else if !built.values.contains(meaning.value.value) {
                    errors.append(KnowledgeBaseError("question '\(question.id.value)' maps '\(meaning.answer.value)' to '\(meaning.value.value)', which it does not accept", at: meaning.value.location))
                } else {
                    built.yesNoMeans[meaning.answer.value] = meaning.value.value
                }
            }
            for reason in question.reasons {
                if !built.values.contains(reason.answer.value) {
                    errors.append(KnowledgeBaseError("question '\(question.id.value)' has a reason for '\(reason.answer.value)', which it does not accept", at: reason.answer.location))
                }
                built.reasons[reason.answer.value] = Reason(isFor: reason.isFor, text: reason.text)
            }
            questions.append(built)
        }
        if questions.isEmpty { errors.append(KnowledgeBaseError("the assessment has no questions", at: location)) }
        if questions.filter({ $0.kind == .years }).count > 1 {
            errors.append(KnowledgeBaseError("the assessment has more than one question of kind 'years'", at: location))
        }
        let verdictIDs = Set(definition.verdicts.map(\.id))
        var rules: [Rule] = []
        for rule in definition.rules {
            if !verdictIDs.contains(rule.verdict.value) {
                errors.append(KnowledgeBaseError("a rule gives unknown verdict '\(rule.verdict.value)'", at: rule.verdict.location))
            }
            var conditions: [String: Set<String>] = [:]
            for condition in rule.conditions {
                guard let question = questions.first(where: { $0.id == condition.question.value }) else {
                    errors.append(KnowledgeBaseError("a rule names unknown question '\(condition.question.value)'", at: condition.question.location))
                    continue
                }
                for answer in condition.answers where !question.values.contains(answer) {
                    errors.append(KnowledgeBaseError("a rule expects '\(answer)' of question '\(question.id)', which it does not accept", at: condition.question.location))
                }
                conditions[question.id] = Set(condition.answers)
            }
            rules.append(Rule(verdict: rule.verdict.value, conditions: conditions))
        }
        if let last = rules.last, !last.conditions.isEmpty {
            errors.append(KnowledgeBaseError("the last rule must have no conditions, so that every set of answers has a verdict", at: definition.rules.last?.verdict.location ?? location))
        }
        if rules.isEmpty { errors.append(KnowledgeBaseError("the assessment has no rules", at: location)) }
        return FitAssessment(
            questions: questions, rules: rules, verdicts: definition.verdicts, yesNo: definition.yesNo,
            noExperience: Set(definition.noExperience), experienceBands: definition.experienceBands)
    }
}
