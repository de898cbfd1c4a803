import AdvisorEngine

/// Builds small knowledge bases inline, so engine tests never read `Intents/`.
enum TestKnowledge {
    static func location(_ line: Int = 1) -> SourceLocation { SourceLocation(file: "test.yaml", line: line) }

    static func terms(_ values: [String]) -> [Located<String>] {
        values.enumerated().map { Located($0.element, at: location($0.offset + 1)) }
    }

    static func intent(
        _ id: String, require: [String], keywords: [String] = [], exclude: [String] = [],
        weight: Double = 1, examples: [String] = [], suggest: [String] = [], entities: [String] = []
    ) -> IntentDefinition {
        IntentDefinition(
            id: id, title: id, question: "About \(id)?", require: terms(require), keywords: terms(keywords),
            exclude: terms(exclude), weight: weight, entities: terms(entities), examples: terms(examples),
            answer: "Answer for \(id).", more: "More about \(id).", suggest: terms(suggest), location: location())
    }

    /// A `dialogue:` section: roles by name, and areas with their overview and kind words.
    static func dialogue(
        roles: [String: String], areas: [(name: String, overview: String?, kinds: [String])] = [],
        readings: [(words: [String], byArea: [String: String], default: String)] = [],
        personal: [String: String] = [:]
    ) -> DialogueDefinition {
        DialogueDefinition(
            roles: roles.sorted { $0.key < $1.key }.map { (Located($0.key, at: location()), Located($0.value, at: location())) },
            areas: areas.map { area in
                var definition = AreaDefinition(name: Located(area.name, at: location()), title: area.name,
                                                overview: area.overview.map { Located($0, at: location()) }, kinds: terms(area.kinds))
                definition.personal = personal[area.name]
                return definition
            },
            readings: readings.map { reading in
                ReadingDefinition(words: terms(reading.words), intents: reading.byArea.sorted { $0.key < $1.key }.map { ($0.key, Located($0.value, at: location())) },
                                  defaultIntent: Located(reading.default, at: location()), location: location())
            })
    }

    /// A small manufacturing knowledge base: roles, lean, salaries and a fallback.
    static func small() throws -> KnowledgeBase {
        try KnowledgeBase(KnowledgeBaseDefinition(
            synonyms: [
                SynonymDefinition(from: "ops", to: "operations", location: location()),
                SynonymDefinition(from: "scm", to: "supply chain", location: location()),
            ],
            concepts: [
                ConceptDefinition(name: "plant_manager", phrases: terms(["plant manager", "plant head"]), location: location()),
                ConceptDefinition(name: "salary", phrases: terms(["salary", "pay", "earn", "ctc"]), location: location()),
            ],
            intents: [
                intent("roles.plant_manager", require: ["@plant_manager"], keywords: ["role", "job", "responsibility"],
                       entities: ["plant manager"]),
                intent("roles.operations_manager", require: ["operations manager"], keywords: ["role", "job"],
                       entities: ["operations manager"]),
                intent("roles.supply_chain_manager", require: ["supply chain + manager"], keywords: ["role"]),
                intent("curriculum.lean", require: ["lean manufacturing", "lean", "kaizen"], keywords: ["waste", "module"],
                       exclude: ["meat"]),
                intent("info.unknown", require: ["@salary"], keywords: ["much"], weight: 1.3),
                intent("fallback", require: ["weather", "joke"]),
            ],
            dialogue: dialogue(
                roles: ["fallback": "fallback", "unknown": "info.unknown"],
                areas: [("roles", nil, ["role"]), ("curriculum", nil, ["module"]), ("info", nil, [])])))
    }

    /// "Who is it for?": its answer offers the assessment, and it has a "why".
    static func whoFor() -> IntentDefinition {
        var who = intent("fit.who_for", require: ["who + for"], keywords: ["suit"])
        who.offer = Located("fit.assess", at: location())
        who.why = "Because the source says so."
        return who
    }

    /// A knowledge base with the intents the dialogue rules refer to.
    static func conversational() throws -> KnowledgeBase {
        var plant = intent("roles.plant_manager", require: ["@plant_manager"], keywords: ["role", "job"],
                           suggest: ["roles.operations_manager", "curriculum.plant_project"], entities: ["plant manager", "plant managers"])
        plant.title = "Plant manager"
        var definition = KnowledgeBaseDefinition(
            concepts: [
                ConceptDefinition(name: "plant_manager", phrases: terms(["plant manager", "plant head"]), location: location()),
            ],
            intents: [
                intent("roles.overview", require: ["role", "roles", "career"], keywords: ["job", "get"],
                       suggest: ["roles.plant_manager", "roles.operations_manager"]),
                plant,
                intent("roles.operations_manager", require: ["operations manager", "operations"], keywords: ["role"],
                       suggest: ["roles.plant_manager"], entities: ["operations manager", "ops manager"]),
                intent("curriculum.overview", require: ["course", "curriculum", "teach"], keywords: ["module"]),
                intent("curriculum.plant_project", require: ["plant + module", "project management"], keywords: ["module"]),
                intent("curriculum.industry40", require: ["industry 4.0 + module"], keywords: ["course"]),
                intent("industry40.smart_factory", require: ["smart factory"], suggest: ["curriculum.industry40"],
                       entities: ["smart factory"]),
                intent("plant.site", require: ["plant"], keywords: ["site"]),
                intent("fit.assess", require: ["right for me", "fit for me"]),
                whoFor(),
                intent("chat.more", require: ["more", "elaborate"]),
                intent("chat.greeting", require: ["hello", "hi"]),
                intent("fallback", require: ["weather"]),
            ],
            dialogue: dialogue(
                roles: ["fallback": "fallback", "more": "chat.more", "assessment": "fit.assess", "greeting": "chat.greeting",
                        "curriculum": "curriculum.overview"],
                areas: [
                    ("roles", "roles.overview", ["role", "job"]), ("curriculum", "curriculum.overview", ["module", "teach", "taught", "course"]),
                    ("industry40", nil, ["technology"]), ("plant", nil, []), ("fit", "fit.who_for", []), ("chat", nil, []),
                ],
                readings: [(["operations"], ["roles": "roles.operations_manager", "curriculum": "curriculum.plant_project"], "roles.operations_manager")],
                personal: ["roles": "For you, as {profile}: the {title} role builds on what you know."]))
        definition.assessment = assessment()
        return try KnowledgeBase(definition)
    }

    /// The five questions of the fit assessment, as the bundled `Intents/assessment.yaml`
    /// asks them, with just enough words to answer them.
    static func assessment() -> AssessmentDefinition {
        var assessment = AssessmentDefinition()
        assessment.location = location()
        assessment.yesNo.unsurePhrases = [["not", "sure"]]
        assessment.yesNo.noPhrases = [["not", "really"]]
        assessment.yesNo.unsure = ["maybe", "unsure", "both", "sort"]
        assessment.yesNo.no = ["no", "nope", "not", "dont", "nah"]
        assessment.yesNo.yes = ["yes", "yeah", "sure", "definitely", "want"]
        assessment.noExperience = ["none", "fresher", "student"]
        func question(_ id: String, _ kind: String, _ text: String, terms: [String] = [], choices: [(String, [String])] = [])
            -> AssessmentDefinition.QuestionDefinition
        {
            .init(id: Located(id, at: location()), kind: Located(kind, at: location()), text: text, hint: "Answer \(id).",
                  explanation: "Question \(id) explained.", terms: terms, choices: choices,
                  reasons: kind == "years" ? [] : [(Located(kind == "choice" ? "system" : "yes", at: location()), true, "you want to \(id)")])
        }
        assessment.questions = [
            question("scale", "choice", "System at scale or one component?", terms: ["scale", "component"],
                     choices: [("system", ["system", "whole", "line", "plant"]), ("component", ["component", "part", "design"])]),
            question("lead", "yes_no", "Do you want to lead?", terms: ["lead"]),
            question("research", "yes_no", "Research or deep specialisation?", terms: ["research"]),
            question("industry", "yes_no", "Stay close to industry?", terms: ["industrial"]),
            question("experience", "years", "How many years have you worked?", terms: ["experience"]),
        ]
        func rule(_ verdict: String, _ when: [(String, [String])]) -> AssessmentDefinition.RuleDefinition {
            .init(verdict: Located(verdict, at: location()), conditions: when.map { (Located($0.0, at: location()), $0.1) })
        }
        assessment.rules = [
            rule("another", [("research", ["yes"])]), rule("another", [("lead", ["no"])]),
            rule("strong", [("scale", ["system"]), ("lead", ["yes"]), ("research", ["no"]), ("industry", ["yes"])]), rule("could", []),
        ]
        assessment.verdicts = [
            .init(id: "strong", line: "a strong fit.", nextSteps: ["Look at the roles."], closing: "Ask each programme about fees."),
            .init(id: "could", line: "it could fit.", nextSteps: ["Settle the doubt."], closing: "Ask each programme about fees."),
            .init(id: "another", line: "another route may suit you better.", nextSteps: ["Look at technical routes."], closing: ""),
        ]
        assessment.experienceBands = [(0, "No experience yet."), (nil, "With {years} behind you.")]
        return assessment
    }
}
