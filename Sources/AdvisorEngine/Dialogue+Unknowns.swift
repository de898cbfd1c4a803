/// What the source does not give: fees, duration and format, admission, pay and placements,
/// schools and rankings, application help. Each facet gets a short answer of its own that
/// says the source does not give it and what to ask or check; asked again in the same
/// conversation, it is shorter and says so.
extension DialogueEngine {
    /// The reply about what the source does not give, facet by facet.
    func unknownAnswer(_ intent: Intent, confidence: Double, _ turn: TurnContext, _ state: SessionState) -> Reply {
        let facets = facets(asked: turn, state)
        guard !facets.isEmpty else {
            return Reply(intent: intent.id, confidence: confidence, kind: .answer, title: intent.title, body: intent.answer, blocks: intent.answerBlocks)
        }
        let answered = answeredFacets(state)
        var sections: [String] = []
        var blocks: [AnswerBlock] = []
        for facet in facets {
            let asks = Self.checklistHeading + "\n" + facet.ask.map { "- " + $0 }.joined(separator: "\n")
            let heading = facets.count > 1 ? "[\(facet.title)]\n\n" : ""
            if answered.contains(facet.id) {
                let short = "As I said earlier, the article gives no \(facet.name): the programme itself is the place to ask ("
                    + facet.ask.joined(separator: "; ") + ")."
                sections.append(heading + short)
                blocks.append(AnswerBlock(.advisor, text: short))
            } else {
                sections.append(heading + facet.text + "\n\n" + asks)
                blocks += facet.blocks + [AnswerBlock(.advisor, text: asks)]
            }
        }
        let title = facets.count == 1 ? facets[0].title : "Not in the article"
        return Reply(intent: intent.id, confidence: confidence, kind: .answer, title: title, body: sections.joined(separator: "\n\n"), blocks: blocks)
    }

    /// The facets a message asks about; a short follow-up that names none ("and in India?")
    /// keeps those of the last question about what the source does not give.
    func facets(asked turn: TurnContext, _ state: SessionState) -> [UnknownFacet] {
        let named = facets(in: turn.normalised.concepts)
        if !named.isEmpty { return named }
        guard state.context.topic == roles[.unknown], turn.contentStems.count <= 4,
              let last = state.turns.last(where: { $0.intent == roles[.unknown] })
        else { return [] }
        return facets(in: knowledge.normaliser.normalise(last.user).concepts)
    }

    static let checklistHeading = "What to ask or check, programme by programme:"

    /// How far back "asked again in this conversation" looks.
    static let facetMemory = 30

    /// The facets answered earlier in this conversation (its last `facetMemory` turns).
    private func answeredFacets(_ state: SessionState) -> Set<String> {
        var answered = Set<String>()
        var previous: [String] = []
        for turn in state.turns.suffix(Self.facetMemory) where turn.intent == roles[.unknown] || turn.intent.contains(" + ") {
            var found = facets(in: knowledge.normaliser.normalise(turn.user).concepts)
            // "and for an executive one?": the facets of the question before.
            if found.isEmpty, turn.intent == roles[.unknown] { found = knowledge.unknownFacets.filter { previous.contains($0.id) } }
            answered.formUnion(found.map(\.id))
            previous = found.map(\.id)
        }
        return answered
    }

    private func facets(in concepts: [String]) -> [UnknownFacet] {
        let present = Set(concepts)
        return knowledge.unknownFacets.filter { !$0.concepts.isDisjoint(with: present) }
    }
}
