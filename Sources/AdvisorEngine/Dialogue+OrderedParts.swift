/// Parts and items named by their place or by a word: "the second one", "the last one in
/// ur list", "the first thing u said", "plant one sounds too hectic. the other one?".
extension DialogueEngine {
    static let partOrdinals: [String: Int] = [
        "first": 1, "1st": 1, "former": 1, "second": 2, "2nd": 2, "latter": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
        "fifth": 5, "5th": 5, "last": -1,
    ]

    /// The place a message names ("the second one", "the last"), within `count` parts.
    static func partNumber(_ words: some Sequence<String>, count: Int) -> Int? {
        guard let value = words.lazy.compactMap({ partOrdinals[$0] }).first else { return nil }
        return value == -1 ? count : value
    }

    /// The parts an ordinal points into: the list of the last answer ("the modules: ..."),
    /// else the parts of an answer in two (or a list item's siblings), while its topic is one of them.
    func orderedParts(_ context: DialogueContext, _ turn: TurnContext? = nil) -> (parts: [String], fromList: Bool)? {
        // "the first thing u said" after an answer in parts: its parts, even when the last
        // part is itself a list.
        if let turn, Self.contains(turn.typed, anyOf: Self.saidPhrases), let parts = context.alternatives, parts.count >= 2,
           context.topic.map(parts.contains) == true, !knowledge.isListing(parts)
        {
            return (parts, false)
        }
        if let topic = context.topic.flatMap({ knowledge[$0] }), topic.lists.count >= 2 { return (topic.lists, true) }
        // After the answer about figures ("salary for that roughly?"), the item in focus.
        let current = context.topic == roles[.unknown] ? context.focus : context.topic
        if let parts = context.alternatives, parts.count >= 2, current.map(parts.contains) == true {
            // One item of a list answered: the ordinals still count in that list.
            return (parts, knowledge.isListing(parts))
        }
        return nil
    }

    /// The one part a clause without `pointers` names, by an entity or a topic word ("plant
    /// one sounds too hectic. the other one?"); nil when none or several do.
    func partNamedApart(from pointers: Set<String>, in text: String, parts: [String]) -> String? {
        var named: Set<String> = []
        for clause in Self.clauses(text, separators: ",.;!?") {
            let words = TextFolding.tokens(clause)
            guard words.allSatisfy({ !pointers.contains($0) }) else { continue }
            let normalised = knowledge.normaliser.normalise(clause)
            named.formUnion(knowledge.entityIntents(in: normalised))
            for reading in readings(touching: Set(normalised.tokens.map(\.stem))) { named.formUnion(reading.all) }
        }
        let inParts = parts.filter(named.contains)
        return inParts.count == 1 ? inParts[0] : nil
    }

    /// The one reading a word of the message belongs to, whatever else it says; nil when
    /// none or several.
    func readingNamedIn(_ turn: TurnContext) -> DialogueRoles.Reading? {
        let named = readings(touching: Set(turn.contentStems))
        return named.count == 1 ? named[0] : nil
    }

    /// The readings one of whose words has a stem in `stems`.
    func readings(touching stems: Set<String>) -> [DialogueRoles.Reading] {
        roles.readings.filter { !$0.stems.isDisjoint(with: stems) }
    }

    /// "which of them actually runs the whole plant", "which one of those is closest to
    /// planning", "and the one who deals with vendors" after an answer that lists: the item
    /// whose terms the description matches best, without its required phrase; nil when the
    /// message names none of the list's terms or asks for figures.
    func describedItem(_ turn: TurnContext, _ context: DialogueContext) -> (item: String, list: [String])? {
        guard turn.typed.count <= 16, turn.triggers.contains(.chooser), Self.contains(turn.typed, anyOf: Self.chooserPhrases),
              let (list, fromList) = orderedParts(context), fromList,
              turn.match.isBelowThreshold || turn.match.intent != roles[.unknown]
        else { return nil }
        if let named = turn.entities.first(where: list.contains) { return (named, list) }
        let scored = knowledge.matcher.softCandidates(turn.normalised, among: Set(list))
        guard let best = scored.first, scored.dropFirst().first.map({ best.score - $0.score >= Matcher.closeMargin / 2 }) ?? true else { return nil }
        return (best.intent, list)
    }

    static let chooserPhrases = phrases([
        "which of them", "which of those", "which of these", "which one of", "which among", "who among", "the one who", "the one that",
        "the one which", "the one dealing", "the one handling", "kaun sa", "konsa",
    ])
}
