/// Corrections ("no, I meant the role"), what a "by" names, and where an answer comes from ("how do you know?").
extension DialogueEngine {
    /// "what do you mean by X": the words after "by", if any.
    static func subject(afterBy words: [String]) -> String? {
        guard let index = words.lastIndex(of: "by"), index + 1 < words.count else { return nil }
        return words[(index + 1)...].joined(separator: " ")
    }

    func meaningTopic(_ subject: String, _ context: DialogueContext) -> String? {
        var sub = TurnContext(text: subject, knowledge: knowledge, seed: 0)
        let resolved = resolve(&sub, context)
        return resolved.intent == roles.fallback ? nil : resolved.intent
    }

    /// "no, the module, not the role", "not general MBA, I meant MTech": the reading the
    /// user means, from what the correction names, or the other reading of the last message.
    func correction(_ turn: inout TurnContext, _ state: inout SessionState) -> Reply? {
        let context = state.context
        // "no not that, i meant the job only. does he need engg background": the other
        // reading named in the first sentence is what the question after it asks about.
        let sentences = Self.sentences(turn.text)
        if sentences.count >= 2, let id = otherReading(Self.withoutNegatedParts(sentences[0]), context) {
            turn.rule = "act correction: the other reading named in its first sentence, \(id); the question after it asks about it (frame: alternatives)"
            return answer(id, confidence: 1, &turn, &state)
        }
        let kept = Self.withoutNegatedParts(turn.typed.count > 24 ? Self.correctionLead(turn.text) : turn.text)
        guard !kept.isEmpty else { return nil }
        var sub = TurnContext(text: kept.joined(separator: " "), knowledge: knowledge, seed: turn.seed)
        sub.profileNote = nil
        // A kind word alone ("the module", "the role"): the last topic read in that area.
        if let id = otherReading(kept, context) {
            guard id != context.topic else { return nil }
            turn.rule = "act correction: the \(kindArea(sub)?.name ?? "") reading of the last message, \(id) (frame: alternatives)"
            return answer(id, confidence: 1, &turn, &state)
        }
        let resolved = resolve(&sub, context)
        guard resolved.intent != roles.fallback else { return nil }
        turn.rule = "act correction: " + sub.rule + " (negated words left out)"
        turn.match = sub.match
        return answer(resolved.intent, confidence: resolved.confidence, &turn, &state, alternatives: resolved.alternatives)
    }

    /// The reading of the last topic in the area that a correction's words name by a kind
    /// word alone ("the module", "the job only"); nil when they name more, or no other area.
    func otherReading(_ kept: [String], _ context: DialogueContext) -> String? {
        guard !kept.isEmpty, let last = context.topic else { return nil }
        let sub = TurnContext(text: kept.joined(separator: " "), knowledge: knowledge, seed: 0)
        guard let area = kindArea(sub), sub.entities.allSatisfy({ knowledge[$0]?.area == area.name }),
              sub.match.isBelowThreshold || roles.isOverview(sub.match.intent)
        else { return nil }
        let reading = roles.reading(containing: last)?.intents[area.name]
        let alternative = (context.alternatives ?? []).first { knowledge[$0]?.area == area.name }
        let id = reading ?? alternative ?? focus(last, as: area)
        return id == last ? nil : id
    }

    static let negationEnds: Set<String> = ["but", "i", "im", "meant", "mean", "asking", "rather", "instead"]
    static let correctionFiller: Set<String> = [
        "no", "nope", "nahi", "sorry", "actually", "meant", "mean", "wrong", "i", "im", "asking", "about", "rather", "instead", "but",
    ]

    /// The words of a message without what it negates: "not general MBA, MTech" → "mtech";
    /// a negation lasts to the end of its clause or to "but"/"I meant"; the leading "no",
    /// "sorry" and "I meant" go too.
    static func withoutNegatedParts(_ text: String) -> [String] {
        var kept: [String] = []
        for clause in Self.clauses(text) {
            let words = TextFolding.tokens(String(clause))
            var negating = false
            for (index, word) in words.enumerated() {
                if word == "not" || word == "leave" || word == "forget" || (word == "no" && index > 0 && !["i", "no"].contains(words[index - 1])) {
                    negating = true
                    continue
                }
                if negating && negationEnds.contains(word) { negating = false }
                if negating || correctionFiller.contains(word) { continue }
                kept.append(word)
            }
        }
        return kept
    }

    /// The claims an answer (and its "more", once shown) restates, and whether it adds
    /// background: what "how do you know?" gets.
    func provenance(of topic: Intent, deeper: Bool) -> Reply {
        let shown = topic.answerBlocks + (deeper ? topic.moreBlocks : [])
        let claims = AnswerBlock.claims(of: shown).compactMap(knowledge.claim)
        let all = knowledge.sources.map(\.citation).joined(separator: "; ")
        let mine = knowledge.sources.count > 1 ? "my sources" : "my source"
        var lines: [String] = []
        // The claims grouped by the source they come from, in the order first cited.
        var groups: [(citation: String, claims: [SourceClaim])] = []
        for claim in claims {
            let citation = knowledge.source(of: claim)?.citation ?? "?"
            if let index = groups.firstIndex(where: { $0.citation == citation }) {
                groups[index].claims.append(claim)
            } else {
                groups.append((citation, [claim]))
            }
        }
        func points(_ claims: [SourceClaim]) -> [String] { claims.map { "- \($0.text) (section \"\($0.section)\")" } }
        if groups.isEmpty {
            lines.append("That answer on \(topic.title) isn't from \(mine) (\(all)): \(knowledge.sources.count > 1 ? "they don't" : "it doesn't") cover it.")
        } else if groups.count == 1 {
            lines.append("That answer on \(topic.title) restates these points of its source (\(groups[0].citation)):")
            lines += points(groups[0].claims)
        } else {
            lines.append("That answer on \(topic.title) restates these points of its sources:")
            for group in groups {
                lines.append("\(group.citation):")
                lines += points(group.claims)
            }
        }
        if shown.contains(where: { $0.provenance == .background }) {
            lines.append("")
            lines.append("The part under \"General background\" is not from \(mine): it is general knowledge of the field, not what any programme teaches.")
        }
        let id = roles[.source] ?? topic.id
        return Reply(intent: id, confidence: 1, kind: .answer, title: "Where that comes from", body: lines.joined(separator: "\n"),
                     blocks: claims.isEmpty ? nil : [AnswerBlock(.source, claims: claims.map(\.id), text: claims.map(\.text).joined(separator: " "))])
    }

    /// "these modules", "those roles", "all the sectors": the overview of the area a plural
    /// kind word names after a demonstrative.
    func pointsAtAll(_ turn: TurnContext) -> String? {
        let words = turn.typed
        for (index, word) in words.enumerated() where ["these", "those", "all"].contains(word) && index + 1 < words.count {
            let next = words[index + 1] == "the" && index + 2 < words.count ? words[index + 2] : words[index + 1]
            guard next.hasSuffix("s"), let stem = turn.normalised.tokens.first(where: { $0.original == next })?.stem,
                  let area = roles.areas.first(where: { $0.kindStems.contains(stem) }), let overview = area.overview
            else { continue }
            return overview
        }
        return nil
    }
}

/// Phrases of a few words, indexed by their first word, for `DialogueEngine.contains`.
struct PhraseSet: Sendable {
    var byFirstWord: [String: [[String]]] = [:]

    init(_ texts: [String]) {
        for text in texts {
            let words = text.split(separator: " ").map(String.init)
            guard let first = words.first else { continue }
            byFirstWord[first, default: []].append(Array(words.dropFirst()))
        }
    }

    func occurs(in words: [String]) -> Bool {
        for (index, word) in words.enumerated() {
            guard let rests = byFirstWord[word] else { continue }
            for rest in rests where index + rest.count < words.count || rest.isEmpty {
                if rest.indices.allSatisfy({ words[index + 1 + $0] == rest[$0] }) { return true }
            }
        }
        return false
    }
}
