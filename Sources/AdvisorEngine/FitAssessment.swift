/// The guided fit assessment: five questions drawn from the source's criteria, free-text
/// answers, and a recommendation that gives its reasons in the user's own answers.
public enum FitAssessment {
    /// One question of the assessment.
    struct Question: Sendable {
        var id: String
        var text: String
        var hint: String
        /// What the question means, for "what do you mean?".
        var explanation: String
        /// Its key words: a question about them asks what the question means.
        var terms: Set<String> = []
        var parse: @Sendable (_ words: [String]) -> String?
    }

    static let questions: [Question] = [
        Question(
            id: "scale",
            text: "What interests you more: how a whole system runs at scale (flow, people, cost, output), or how a single component within it is designed?",
            hint: "Answer \"the system\", \"the component\" or \"both\".",
            explanation: "By \"a system at scale\" I mean a whole line, plant or supply chain: how flow, people, cost and output work together. The other side is the engineering of one part or machine within it. The source says this degree suits engineers who find the first more interesting.",
            terms: ["scale", "component"],
            parse: parseScale),
        Question(
            id: "lead",
            text: "Do you want to lead: manage people and have a say in strategic choices, such as where to invest capital and where to cut?",
            hint: "Answer yes, no, or not sure.",
            explanation: "Leading here means being responsible for people and results, and making the calls on budgets and trade-offs, rather than being the expert who does the technical work. The source says the path suits engineers who are honest with themselves about wanting that.",
            terms: ["lead", "leading", "strategic", "influence", "capital"],
            parse: parseYesNo),
        Question(
            id: "research",
            text: "Would you rather stay in research or go deep into a technical specialisation?",
            hint: "Answer yes, no, or not sure.",
            explanation: "I'm asking whether your heart is in research (a lab, a PhD, R&D) or in becoming the deepest technical expert in one field. The source says that for those engineers a different route is probably a better fit.",
            terms: ["research", "specialisation", "specialization"],
            parse: parseYesNo),
        Question(
            id: "industry",
            text: "Do you want to stay close to the industrial world you trained for: plants, production lines, supply chains?",
            hint: "Answer yes, no, or not sure.",
            explanation: "I'm asking whether you want your career to stay in manufacturing and industry, rather than moving to an unrelated field. The source says the degree suits engineers who want to stay connected to the industrial world.",
            terms: ["industrial"],
            parse: parseYesNo),
        Question(
            id: "experience",
            text: "Last one: how many years have you worked so far? (\"4 years\", \"none yet\", \"still a student\")",
            hint: "Answer with a number of years, or \"none yet\".",
            explanation: "Just your years of work so far, in any job: it tells me how much operational experience you would bring to the degree.",
            terms: ["experience"],
            parse: parseExperience),
    ]

    /// The id of the question about years of experience, which the profile may answer.
    static let experienceID = "experience"

    static let yes: Set<String> = [
        "ya", "yaa", "yah", "definately", "defintely", "ofc", "obv", "obviously", "want", "wanna", "keen", "interested",
        "yes", "y", "yeah", "yea", "yep", "yup", "sure", "definitely", "absolutely", "certainly", "course", "totally",
        "very", "love", "ofcourse", "indeed", "correct", "right", "true", "100", "haan", "ha", "han", "obviously",
    ]
    static let no: Set<String> = [
        "no", "n", "nope", "nah", "never", "not", "dont", "hate", "neither", "nahi", "rather",
    ]
    static let unsure: Set<String> = [
        "maybe", "sort", "kind", "kinda", "somewhat", "perhaps", "unsure", "depends", "partly", "bit", "little",
        "sometimes", "possibly", "idk", "mixed", "both", "50",
    ]

    static func parseYesNo(_ words: [String]) -> String? {
        guard !words.isEmpty, words.count <= 12 else { return nil }
        let set = Set(words)
        if set.contains("sure") && set.contains("not") { return "unsure" }
        if set.contains("know") && (set.contains("dont") || set.contains("not")) { return "unsure" }
        if !set.isDisjoint(with: unsure) { return "unsure" }
        if set.contains("not") && set.contains("really") { return "no" }
        if !set.isDisjoint(with: no) { return "no" }
        if !set.isDisjoint(with: yes) { return "yes" }
        if words.first == "i" && (set.contains("do") || set.contains("would") || set.contains("want")) { return "yes" }
        return nil
    }

    static func parseScale(_ words: [String]) -> String? {
        guard !words.isEmpty, words.count <= 16 else { return nil }
        let set = Set(words)
        let system = !set.isDisjoint(with: [
            "system", "systems", "scale", "whole", "flow", "operations", "ops", "running", "run", "big", "plant", "people", "cost", "output",
            "first", "former", "line", "lines", "full", "overall", "entire", "picture", "shopfloor", "floor", "end",
        ])
        let component = !set.isDisjoint(with: ["component", "components", "part", "parts", "design", "designing", "detail", "details", "second", "latter", "product"])
        if set.contains("both") || (system && component) { return "both" }
        if system { return "system" }
        if component { return "component" }
        if set.contains("neither") { return "neither" }
        return nil
    }

    static func parseExperience(_ words: [String]) -> String? {
        guard !words.isEmpty, words.count <= 16 else { return nil }
        for (index, word) in words.enumerated() {
            if let number = Int(word) ?? ProfileExtractor.numberWords[word], (0...50).contains(number),
               word != "a" && word != "an" || (index + 1 < words.count && words[index + 1].hasPrefix("year"))
            {
                return String(number)
            }
        }
        let set = Set(words)
        if !set.isDisjoint(with: ["none", "zero", "fresher", "student", "studying", "graduating", "nil", "nothing", "yet"]) { return "0" }
        if set.contains("no") && set.contains("experience") { return "0" }
        return nil
    }

    /// The first question, introduced.
    static var firstQuestion: String { "Question 1 of \(questions.count): \(questions[0].text)" }

    static func question(_ step: Int) -> String {
        "Question \(step + 1) of \(questions.count): \(questions[step].text)"
    }

    /// The answer to the current question found in `words`, or nil if it is not an answer.
    static func answer(_ step: Int, words: [String]) -> String? {
        guard questions.indices.contains(step) else { return nil }
        return questions[step].parse(words)
    }

    static func hint(_ step: Int) -> String { questions[step].hint }

    /// Whether the words ask about the question itself ("system at scale means the whole plant?").
    static func isAbout(_ step: Int, words: [String]) -> Bool {
        questions.indices.contains(step) && words.contains(where: questions[step].terms.contains)
    }

    static func explanation(_ step: Int) -> String {
        questions.indices.contains(step) ? questions[step].explanation : ""
    }

    /// The verdict the answers lead to: "strong", "could" or "another".
    static func verdict(_ answers: [String: String]) -> String {
        let score = assess(answers).score
        return score >= 4 ? "strong" : score >= 1 ? "could" : "another"
    }

    /// The verdict in one sentence.
    static func verdictLine(_ verdict: String) -> String {
        switch verdict {
        case "strong": "a master's or MBA in Manufacturing Management looks like a strong fit."
        case "could": "it could fit, but weigh it carefully."
        default: "another route may suit you better, and that is a perfectly good outcome."
        }
    }

    /// The reasons for a verdict, in the user's own answers.
    static func reasons(_ answers: [String: String]) -> String {
        let (_, forIt, against) = assess(answers)
        var lines: [String] = []
        if !forIt.isEmpty { lines += ["In its favour:"] + forIt.map { "- " + sentence($0) } }
        if !against.isEmpty { lines += (lines.isEmpty ? [] : [""]) + ["To think about:"] + against.map { "- " + sentence($0) } }
        return lines.joined(separator: "\n")
    }

    /// What to do after a verdict.
    static func nextSteps(_ verdict: String) -> String {
        switch verdict {
        case "strong":
            "- Look at the roles it leads to and pick the one you would aim for.\n- Ask the programmes you are considering for what the source does not give: fees, duration, format, admission rules and placement results.\n- Keep building operational experience: the degree builds on it."
        case "could":
            "- Settle the doubt first: talk to people in the roles it leads to (operations, plant, supply chain, consulting) about what leading there is like.\n- Try a lead role where you are, such as a small improvement project.\n- Then take the fit check again; if it still reads \"could fit\", compare this degree with other routes before you apply."
        default:
            "- Look at routes that keep you deep in the technical work: a specialised technical master's, R&D roles, or research.\n- If leading people later appeals to you, come back: the fit check takes a minute."
        }
    }

    /// Follow-up topics that suit a verdict: the knowledge base's `after_result`, but never
    /// this programme's specifics after "another route" (who it is for and the programme
    /// itself instead).
    static func suggestions(_ verdict: String, knowledge: KnowledgeBase) -> [String] {
        let roles = knowledge.dialogue
        switch verdict {
        case "another": return [knowledge.area(of: roles[.assessment])?.overview, roles[.subject]].compactMap { $0 }
        default: return roles.afterResult
        }
    }

    private static func sentence(_ text: String) -> String {
        text.prefix(1).uppercased() + text.dropFirst() + "."
    }

    /// The score of the answers and the reasons for and against.
    private static func assess(_ answers: [String: String]) -> (score: Int, forIt: [String], against: [String]) {
        var score = 0
        var forIt: [String] = []
        var against: [String] = []
        switch answers["scale"] {
        case "system":
            score += 2
            forIt.append("you are drawn to how a whole system runs at scale, which is the centre of these roles")
        case "both":
            score += 1
            forIt.append("systems at scale interest you as much as component design")
        case "component":
            score -= 2
            against.append("you find component design more interesting than running the system")
        default:
            against.append("neither running systems nor designing components really appealed to you")
        }
        switch answers["lead"] {
        case "yes":
            score += 2
            forIt.append("you want to lead and to have strategic influence")
        case "unsure":
            score += 0
            against.append("you are not yet sure you want to lead, and leading is what these roles are for")
        default:
            score -= 2
            against.append("you do not want to lead people or make strategic calls, which these roles are built around")
        }
        switch answers["research"] {
        case "yes":
            score -= 2
            against.append("you would rather stay in research or deep specialisation, where a different route probably fits better")
        case "no":
            score += 1
            forIt.append("you are not set on research or deep specialisation")
        default:
            break
        }
        switch answers["industry"] {
        case "yes":
            score += 1
            forIt.append("you want to stay connected to the industrial world you trained for")
        case "no":
            score -= 1
            against.append("you are not keen to stay close to plants and production")
        default:
            break
        }
        return (score, forIt, against)
    }

    /// The recommendation and its reasons, from the answers given.
    static func recommendation(_ answers: [String: String], profile: Profile) -> String {
        let (score, forIt, against) = assess(answers)
        let years = answers["experience"].flatMap(Int.init) ?? profile.experienceYears
        var lines: [String] = ["From your answers, " + verdictLine(verdict(answers))]
        if !forIt.isEmpty {
            lines.append("")
            lines.append("In its favour:")
            lines += forIt.map { "- \($0.prefix(1).uppercased() + $0.dropFirst())." }
        }
        if !against.isEmpty {
            lines.append("")
            lines.append("To think about:")
            lines += against.map { "- \($0.prefix(1).uppercased() + $0.dropFirst())." }
        }
        lines.append("")
        switch years {
        case .some(0):
            lines.append("You have not worked yet: time in an operational role first makes the degree far more useful, because it builds on what you have seen on a shop floor.")
        case .some(let years) where years <= 2:
            lines.append("With \(years) year\(years == 1 ? "" : "s") behind you, you are building the operational experience the degree extends.")
        case .some(let years):
            lines.append("With \(years) years behind you, you bring the operational judgment these programmes build on.")
        case .none:
            break
        }
        if score < 1 {
            lines.append("If research or deep technical work is what you enjoy, a specialised technical master's or a research path is probably the better next step.")
        }
        lines.append("Fees, duration and admission rules differ by programme: the admissions office is the place to ask.")
        return lines.joined(separator: "\n")
    }
}
