/// The guided fit assessment: five questions drawn from the source's criteria, free-text
/// answers, and a recommendation that gives its reasons in the user's own answers.
public enum FitAssessment {
    /// One question of the assessment.
    struct Question: Sendable {
        var id: String
        var text: String
        var hint: String
        var parse: @Sendable (_ words: [String]) -> String?
    }

    static let questions: [Question] = [
        Question(
            id: "scale",
            text: "What interests you more: how a whole system runs at scale (flow, people, cost, output), or how a single component within it is designed?",
            hint: "Answer \"the system\", \"the component\" or \"both\".",
            parse: parseScale),
        Question(
            id: "lead",
            text: "Do you want to lead: manage people and have a say in strategic choices, such as where to invest capital and where to cut?",
            hint: "Answer yes, no, or not sure.",
            parse: parseYesNo),
        Question(
            id: "research",
            text: "Would you rather stay in research or go deep into a technical specialisation?",
            hint: "Answer yes, no, or not sure.",
            parse: parseYesNo),
        Question(
            id: "industry",
            text: "Do you want to stay close to the industrial world you trained for: plants, production lines, supply chains?",
            hint: "Answer yes, no, or not sure.",
            parse: parseYesNo),
        Question(
            id: "experience",
            text: "Last one: how many years have you worked so far? (\"4 years\", \"none yet\", \"still a student\")",
            hint: "Answer with a number of years, or \"none yet\".",
            parse: parseExperience),
    ]

    static let yes: Set<String> = [
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
        let system = !set.isDisjoint(with: ["system", "systems", "scale", "whole", "flow", "operations", "ops", "running", "run", "big", "plant", "people", "cost", "output", "first", "former"])
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

    /// The recommendation and its reasons, from the answers given.
    static func recommendation(_ answers: [String: String], profile: Profile) -> String {
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
        let years = answers["experience"].flatMap(Int.init) ?? profile.experienceYears
        var lines: [String] = []
        if score >= 4 {
            lines.append("From your answers, a master's or MBA in Manufacturing Management looks like a strong fit.")
        } else if score >= 1 {
            lines.append("From your answers, it could fit, but weigh it carefully.")
        } else {
            lines.append("From your answers, another route may suit you better, and that is a perfectly good outcome.")
        }
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
