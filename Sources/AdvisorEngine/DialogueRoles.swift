/// What the dialogue layer reads from the knowledge base instead of naming intents in code:
/// which intent plays each part of the conversation, the areas, and which intent an
/// ambiguous topic word means in each area. Built and validated with the knowledge base.
public struct DialogueRoles: Sendable {
    /// The roles an intent can play, and whether a knowledge base must declare it.
    public enum Role: String, CaseIterable, Sendable {
        /// Out of scope (also what the matcher answers below its threshold).
        case fallback
        /// In scope, but the knowledge base has no verified facts (fees, salaries, ...).
        case unknown
        /// "Tell me more".
        case more
        /// The guided fit assessment.
        case assessment
        /// Hello, and the reply to a message that only introduces the user.
        case greeting
        /// "What can you do?"
        case help
        /// Goodbye: the one reply that offers nothing more.
        case goodbye
        /// "ok", "hmm", "acha": a bare acknowledgement, never a part of a longer message.
        case acknowledgement
        /// The curriculum overview: where "is it taught?" goes when no module teaches a topic.
        case curriculum
        /// What the advisor is about: "this course", "this degree" always mean it, so they
        /// are never read as pointing at the entity in focus.
        case subject
        /// Where the information comes from; after an answer, "how do you know?" names the
        /// claims behind it.
        case source
    }

    /// One area of the knowledge base.
    public struct Area: Sendable {
        public var name: String
        public var title: String
        /// How the fallback names the area in a sentence ("the roles it leads to").
        public var about: String
        /// The line for the user's background in the area's answers.
        public var personal: String?
        public var overview: String?
        public var taughtBy: String?
        /// What a kind word alone asks for ("sectors?"): this intent, else the overview.
        public var kindTopic: String?
        /// The stems of the words that name a thing of this area ("role", "module").
        public var kindStems: Set<String>
        /// Whether "and in <this area>?" qualifies a question about figures.
        public var qualifiesUnknown: Bool
    }

    /// Topic words whose intent depends on the area of the conversation.
    public struct Reading: Sendable {
        /// Every stem of every word or phrase of the reading.
        public var stems: Set<String>
        public var intents: [String: String]
        public var defaultIntent: String

        /// The intent the words mean in `area`.
        public func intent(in area: String?) -> String {
            area.flatMap { intents[$0] } ?? defaultIntent
        }

        /// Every intent the words can mean.
        public var all: [String] {
            [defaultIntent] + intents.values.sorted().filter { $0 != defaultIntent }
        }
    }

    private let intents: [Role: String]
    /// In the order they were declared (the order of `/topics` and the fallback's list).
    public let areas: [Area]
    public let readings: [Reading]
    /// Intents that answer a comparison themselves.
    public let comparisons: Set<String>
    /// What to offer after a fit result that speaks for the path.
    public let afterResult: [String]
    /// Kind stem → the indices of the areas it names, for `kindArea` (run on most messages).
    let areasByKindStem: [String: [Int]]
    /// Every area's overview intent.
    private let overviews: Set<String>

    init(intents: [Role: String], areas: [Area], readings: [Reading], comparisons: Set<String>, afterResult: [String]) {
        self.afterResult = afterResult
        self.intents = intents
        self.areas = areas
        var byStem: [String: [Int]] = [:]
        for (index, area) in areas.enumerated() {
            for stem in area.kindStems { byStem[stem, default: []].append(index) }
        }
        areasByKindStem = byStem
        overviews = Set(areas.compactMap(\.overview))
        self.readings = readings
        self.comparisons = comparisons
    }

    public subscript(role: Role) -> String? { intents[role] }

    /// Whether `intent` is an area's overview ("the roles", "the curriculum").
    public func isOverview(_ intent: String) -> Bool { overviews.contains(intent) }

    /// The fallback intent's id (always declared).
    public var fallback: String { intents[.fallback] ?? KnowledgeBase.fallbackID }

    public func area(_ name: String?) -> Area? {
        guard let name else { return nil }
        return areas.first { $0.name == name }
    }

    /// The reading that contains `intent`, if any.
    public func reading(containing intent: String) -> Reading? {
        readings.first { $0.defaultIntent == intent || $0.intents.values.contains(intent) }
    }

    /// Builds the roles from their definition, reporting every id that names no intent.
    static func build(
        _ definition: DialogueDefinition, intentIDs: Set<String>, stems: (String) -> [String],
        errors: inout [KnowledgeBaseError]
    ) -> DialogueRoles {
        func check(_ id: Located<String>, _ what: String) -> String? {
            guard intentIDs.contains(id.value) else {
                errors.append(.reference("\(what) names unknown intent '\(id.value)'", at: id.location))
                return nil
            }
            return id.value
        }
        var intents: [Role: String] = [:]
        for (role, id) in definition.roles {
            guard let known = Role(rawValue: role.value) else {
                let names = Role.allCases.map(\.rawValue).joined(separator: ", ")
                errors.append(KnowledgeBaseError("unknown dialogue role '\(role.value)'; expected one of \(names)", at: role.location))
                continue
            }
            if intents[known] != nil {
                errors.append(KnowledgeBaseError("dialogue role '\(role.value)' is declared twice", at: role.location))
            }
            intents[known] = check(id, "dialogue role '\(role.value)'")
        }
        if intents[.fallback] == nil && intentIDs.contains(KnowledgeBase.fallbackID) {
            intents[.fallback] = KnowledgeBase.fallbackID
        }
        var areas: [Area] = []
        for area in definition.areas {
            if areas.contains(where: { $0.name == area.name.value }) {
                errors.append(KnowledgeBaseError("area '\(area.name.value)' is declared twice", at: area.name.location))
                continue
            }
            if !intentIDs.contains(where: { $0.hasPrefix(area.name.value + ".") }) {
                errors.append(.reference("area '\(area.name.value)' has no intents (ids '\(area.name.value).…')", at: area.name.location))
            }
            areas.append(Area(
                name: area.name.value, title: area.title, about: area.about ?? area.title, personal: area.personal.map { TextLayout.unwrap($0.trimmed) },
                overview: area.overview.flatMap { check($0, "the overview of area '\(area.name.value)'") },
                taughtBy: area.taughtBy.flatMap { check($0, "'taught_by' of area '\(area.name.value)'") },
                kindTopic: area.kindTopic.flatMap { check($0, "'kind_topic' of area '\(area.name.value)'") },
                kindStems: Set(area.kinds.flatMap { stems($0.value) }), qualifiesUnknown: area.qualifiesUnknown))
        }
        var readings: [Reading] = []
        for reading in definition.readings {
            var byArea: [String: String] = [:]
            for (area, id) in reading.intents {
                if !definition.areas.contains(where: { $0.name.value == area }) {
                    errors.append(KnowledgeBaseError("a reading names unknown area '\(area)'", at: id.location))
                }
                if let id = check(id, "the reading of '\(reading.words[0].value)' in area '\(area)'") { byArea[area] = id }
            }
            guard let defaultIntent = check(reading.defaultIntent, "the default reading of '\(reading.words[0].value)'") else { continue }
            readings.append(Reading(stems: Set(reading.words.flatMap { stems($0.value) }), intents: byArea, defaultIntent: defaultIntent))
        }
        let comparisons = definition.comparisons.compactMap { check($0, "'comparisons'") }
        let afterResult = definition.afterResult.compactMap { check($0, "'after_result'") }
        return DialogueRoles(
            intents: intents, areas: areas, readings: readings, comparisons: Set(comparisons), afterResult: afterResult)
    }
}
