import AdvisorEngine

/// A small knowledge base written inline, so terminal tests never read `Intents/`.
enum TerminalTestKnowledge {
    static func location(_ line: Int = 1) -> SourceLocation { SourceLocation(file: "test.yaml", line: line) }

    static func terms(_ values: [String]) -> [Located<String>] {
        values.enumerated().map { Located($0.element, at: location($0.offset + 1)) }
    }

    static func intent(
        _ id: String, title: String, require: [String], keywords: [String] = [], entities: [String] = [],
        answer: String? = nil, suggest: [String] = []
    ) -> IntentDefinition {
        IntentDefinition(
            id: id, title: title, question: "About \(title)?", require: terms(require), keywords: terms(keywords),
            exclude: [], weight: 1, entities: terms(entities), examples: [],
            answer: AnswerDefinition(answer ?? "Answer for \(id)."), more: "More about \(id).", suggest: terms(suggest), location: location())
    }

    static func small() throws -> KnowledgeBase {
        try KnowledgeBase(KnowledgeBaseDefinition(
            intents: [
                intent("roles.plant_manager", title: "Plant Manager", require: ["plant manager"], keywords: ["role", "do"],
                       entities: ["plant manager", "plant managers", "plant head"],
                       answer: "A Plant Manager leads a whole site:\n- safety, output, quality and on-time delivery\n- the site budget",
                       suggest: ["curriculum.lean"]),
                intent("curriculum.plant", title: "Plant management module", require: ["plant management"],
                       entities: ["plant management"]),
                intent("curriculum.lean", title: "Lean manufacturing module", require: ["lean"],
                       entities: ["lean", "lean manufacturing"]),
                intent("industry40.overview", title: "Industry 4.0", require: ["industry 4.0"],
                       entities: ["industry 4.0", "industry 4.0 module"]),
                intent("fallback", title: "Outside what I cover", require: ["weather"],
                       answer: "I can only help with the degree."),
            ]))
    }
}
