/// Comparisons that lean on the conversation: "how is it different from the ops module?",
/// "is it same as automation?" compare the topic in focus with the one named.
extension DialogueEngine {
    static let comparisonWords: Set<String> = ["different", "difference", "diff", "differ", "compare", "compared", "vs", "versus", "better", "than"]

    static let samenessPhrases = DialogueEngine.phrases(["same as", "same thing as", "similar to"])

    /// Whether the message says "same as" or "similar to" (a word test first: this runs on
    /// every message).
    static func saysSameness(_ words: [String]) -> Bool {
        (words.contains("same") || words.contains("similar")) && contains(words, anyOf: samenessPhrases)
    }

    /// "how is it different from the ops module": the topic a word names after the
    /// comparison, read in the area its kind word names, else the conversation's.
    func comparedTopicWord(_ turn: TurnContext, _ context: DialogueContext, besides focus: String) -> String? {
        guard let at = turn.typed.lastIndex(where: { Self.comparisonWords.contains($0) || $0 == "same" || $0 == "similar" }),
              at + 1 < turn.typed.count
        else { return nil }
        let words = turn.typed[(at + 1)...].drop { ["from", "to", "than", "as", "with", "the", "a", "an", "of"].contains($0) }
        let after = TurnContext(text: words.joined(separator: " "), knowledge: knowledge, seed: turn.seed)
        guard let reading = reading(of: after) else { return nil }
        let id = reading.intent(in: kindArea(after)?.name ?? context.area ?? knowledge[focus]?.area)
        return id == focus ? nil : id
    }

    static let pairWords = DialogueEngine.phrases(["both", "them", "the two", "these two", "those two", "dono", "both of them"])

    /// "compare both" after the plant manager and then the operations manager: the last two
    /// topics of the conversation, of one area, in the order they came up.
    func comparedLastTwo(_ turn: TurnContext, _ state: SessionState) -> [(text: String, resolution: Resolution, rule: String)] {
        guard turn.typed.count <= 6, turn.entities.isEmpty, !Set(turn.typed).isDisjoint(with: Self.comparisonWords),
              Self.contains(turn.typed, anyOf: Self.pairWords)
        else { return [] }
        // "difference between those two roles": the last two of the area the kind word names.
        let kind = kindArea(turn)?.name
        var recent: [String] = []
        for past in state.turns.reversed() {
            for id in past.intent.components(separatedBy: " + ") where isTopic(id) && !recent.contains(id) && !roles.isOverview(id)
                && kind.map({ knowledge[id]?.area == $0 }) != false
            {
                recent.append(id)
            }
            if recent.count >= 2 { break }
        }
        guard recent.count >= 2, knowledge[recent[0]]?.area == knowledge[recent[1]]?.area else { return [] }
        return [recent[1], recent[0]].map { ($0, Resolution(intent: $0, confidence: 1), "the two topics before, compared") }
    }

    /// "and what is a smart factory, how is it different from normal factory": the first clause
    /// asks to define what it names, so the pronoun after it is that, not the topic in focus.
    func definesItsOwnTopic(_ turn: TurnContext) -> Bool {
        guard turn.text.contains(","), let first = Self.clauses(turn.text, separators: ",;").first else { return false }
        let words = TextFolding.tokens(first)
        guard words.contains(where: Self.definitionOpeners.contains) else { return false }
        return !TurnContext(text: first, knowledge: knowledge, seed: turn.seed).entities.isEmpty
    }

    /// "how is it different from ops manager?" after the plant manager: the entity in focus
    /// and the one named.
    func comparedWithFocus(_ turn: TurnContext, _ context: DialogueContext) -> [(text: String, resolution: Resolution, rule: String)] {
        // "is it same as automation?" compares as "different from" does.
        let typed = Set(turn.typed)
        let compares = !typed.isDisjoint(with: Self.comparisonWords) || Self.saysSameness(turn.typed)
        // "the ops module" names the module; "module" alone naming the curriculum is its kind.
        let specific = turn.entities.filter { id in !roles.isOverview(id) }
        let entities = specific.isEmpty ? turn.entities : specific
        // "vs supply chain manager?": a comparison that opens the message compares with the focus.
        let opensWithComparison = turn.typed.first.map { ["vs", "versus", "v", "compared", "compare"].contains($0) } == true
        guard let focus = context.focus, compares, isAnaphoric(turn) || opensWithComparison, !definesItsOwnTopic(turn),
              let named = entities.first(where: { $0 != focus }) ?? comparedTopicWord(turn, context, besides: focus),
              knowledge[named]?.area == knowledge[focus]?.area,
              // A comparison intent of the focus's own area answers it ("how is it different
              // from a general MBA?" about the programme); of another, it is only the words.
              !roles.comparisons.contains(turn.match.intent) || turn.match.isBelowThreshold
                || knowledge[turn.match.intent]?.area != knowledge[focus]?.area,
              Set(entities.filter { $0 != focus }).count <= 2
        else { return [] }
        // "and the consultant one, how is it different from scm?": two names, no referent;
        // the one before the comparison first.
        let others = entities.filter { $0 != focus && knowledge[$0]?.area == knowledge[named]?.area }
        if Set(others).count == 2, let at = turn.typed.firstIndex(where: Self.comparisonWords.contains) {
            let before = TurnContext(text: turn.typed[..<at].joined(separator: " "), knowledge: knowledge, seed: turn.seed)
            let first = others.first(where: before.entities.contains) ?? others[0]
            let second = others.first { $0 != first } ?? others[1]
            return [(first, Resolution(intent: first, confidence: 1), "the entity named first"),
                    (second, Resolution(intent: second, confidence: 1), "the entity named second")]
        }
        // "and the consultant one, how is it different from scm?": what the words before
        // the comparison name is the other side, not the focus.
        if let at = turn.typed.firstIndex(where: Self.comparisonWords.contains), at > 0 {
            var before = TurnContext(text: turn.typed[..<at].joined(separator: " "), knowledge: knowledge, seed: turn.seed)
            let reading = resolve(&before, context)
            if reading.intent != named, reading.intent != focus, isTopic(reading.intent), knowledge[reading.intent]?.area == knowledge[named]?.area,
               !roles.isOverview(reading.intent)
            {
                return [(before.text, reading, before.rule), (named, Resolution(intent: named, confidence: 1), "the entity named")]
            }
        }
        let pair = [("the topic in focus", Resolution(intent: focus, confidence: 1), "anaphora: the entity in focus (frame: focus)"),
                    (named, Resolution(intent: named, confidence: 1), "the entity named")]
        // "what about operations manager, how is it different from plant manager": in the
        // order asked when the focus is named too.
        if turn.entities.contains(focus), let at = turn.typed.firstIndex(where: Self.comparisonWords.contains), at > 0,
           TurnContext(text: turn.typed[..<at].joined(separator: " "), knowledge: knowledge, seed: turn.seed).entities.first == named
        {
            return pair.reversed()
        }
        return pair
    }
}
