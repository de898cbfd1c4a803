/// Two topics joined in one sentence: "plant manager vs operations manager", "tell me the
/// curriculum and roles", "difference between lean manufacturing and operations management".
extension DialogueEngine {
    /// "plant manager vs operations manager", "tell me the curriculum and roles": two
    /// topics joined in one sentence, when each side reads as a topic of its own.
    func joinedTopics(
        _ turn: TurnContext, _ context: DialogueContext, comparisonsOnly: Bool = false
    ) -> [(text: String, resolution: Resolution, rule: String)] {
        // "ok and plant manager vs operations manager": the words that open the message join
        // nothing.
        var words = Array(turn.typed.drop(while: TurnContext.clauseOpeners.contains))
        guard words.count >= 3, words.count <= 24 else { return [] }
        // "difference between X and Y": its "and" compares.
        var opensComparison = false
        for opener in Self.comparisonOpeners {
            if let start = (0...(words.count - opener.count)).first(where: { Array(words[$0..<($0 + opener.count)]) == opener }) {
                words.removeSubrange(start..<(start + opener.count))
                opensComparison = opener.contains("between")
                break
            }
        }
        let splits = words.indices.filter { Self.connectors.contains(words[$0]) && $0 > 0 && $0 < words.count - 1 }
        guard splits.count == 1 || splits.count == 2, let at = splits.first else { return [] }
        // "both X and Y" joins two qualities of one thing; "X and not Y" is one question.
        if words[..<at].contains("both") || ["not", "nor"].contains(words[at + 1]) { return [] }
        // Comparison intents answer "A vs B" themselves (the general MBA, another route),
        // unless each side names a topic of its own ("difference between lean manufacturing
        // and operations management").
        if !turn.match.isBelowThreshold, roles.comparisons.contains(turn.match.intent) {
            let sides = [words[..<at].joined(separator: " "), words[(at + 1)...].joined(separator: " ")]
                .map { TurnContext(text: $0, knowledge: knowledge, seed: turn.seed).entities }
            guard sides.allSatisfy({ !$0.isEmpty && $0.allSatisfy { id in !roles.comparisons.contains(id) && isTopic(id) } }) else { return [] }
        }
        // "curriculum and roles both", "lean and industry 4.0 both taught?", "pls tell X and Y
        // also": words that only join.
        words = Array(words[...at]) + words[(at + 1)...].filter { $0 != "both" }
        while let last = words.last, ["both", "also", "too", "pls", "please", "plz"].contains(last) { words.removeLast() }
        guard at < words.count - 1 else { return [] }
        let left = words[..<at].joined(separator: " ")
        let comparing = opensComparison || !["and", "n", "nd", "aur", "plus"].contains(words[at])
        guard comparing || !comparisonsOnly else { return [] }
        // "consultant vs scm which is better for me": the second name ends where the
        // question about the two begins.
        var rightWords = Array(words[(at + 1)...])
        if comparing, let end = rightWords.firstIndex(where: { Self.comparisonTail.contains($0) }), end > 0 { rightWords = Array(rightWords[..<end]) }
        let right = rightWords.joined(separator: " ")
        // Two topics are named in a few words each: "what all subjects does this mba have is
        // supply chain one of them or only operations and lean" is one question about a list
        // ("which one is more useful, lean or the 4.0 one" chooses, however long).
        let chooses = !Set(words).isDisjoint(with: ["which", "better", "more", "vs", "versus", "compare", "difference", "between"])
        guard chooses || (at <= 8 && rightWords.count <= 8) else { return [] }
        var parts: [(text: String, resolution: Resolution, rule: String)] = []
        var sideReadings: [DialogueRoles.Reading?] = []
        // A message the classifier reads with confidence is split only when both sides
        // name a topic outright ("plant manager vs operations manager").
        let confident = !turn.match.isBelowThreshold && turn.match.confidence >= 0.6
        for side in [left, right] {
            var part = TurnContext(text: side, knowledge: knowledge, seed: turn.seed)
            // Each side must name its topic: an entity, an ambiguous topic word, or a short
            // phrase the classifier reads with confidence ("roles", "the curriculum").
            // A comparison ("MBA vs PGDM") is split only between two named things; a list
            // ("roles and India scope") also between two short topics.
            let short = !comparing && !part.match.isBelowThreshold && part.match.confidence >= (confident ? 0.5 : Matcher.threshold)
                && part.contentStems.count <= (confident ? 2 : 3)
            let namesArea = kindArea(part) != nil && part.contentStems.count <= 2 && !comparing
            // A topic word names its topic outright when nothing but kind words is beside it
            // ("industry 4.0 taught").
            let sideReading = reading(of: part)
            let readingNames = sideReading != nil && (!confident || part.contentStems.count <= 3)
            let names = !part.entities.isEmpty || short || namesArea || readingNames
            guard names else { return [] }
            let resolved = resolve(&part, context)
            guard isAnswerable(resolved, part), isTopic(resolved.intent) else { return [] }
            parts.append((side, resolved, part.rule))
            sideReadings.append(sideReading)
        }
        guard parts[0].resolution.intent != parts[1].resolution.intent else { return [] }
        // "plant and project management module": one side is the whole's confident reading
        // and the other a topic word that can also mean it: one name, not two topics.
        if confident, let exact = parts.firstIndex(where: { $0.resolution.intent == turn.match.intent }),
           sideReadings[1 - exact]?.all.contains(turn.match.intent) == true
        {
            return []
        }
        // "lean and the rest of the curriculum": one topic and its own area's overview.
        let areaOf = { (id: String) in self.knowledge[id]?.area }
        if parts.contains(where: { part in roles.isOverview(part.resolution.intent) }),
           areaOf(parts[0].resolution.intent) == areaOf(parts[1].resolution.intent)
        {
            return []
        }
        // Both sides must be named: the whole message's reading must be one of them, or weak.
        // ("plant manager vs ops manager, which suits my profile": two names are two sides
        // whatever the whole reads as.)
        let whole = turn.match.isBelowThreshold ? nil : turn.match.intent
        let bothNamed = parts.allSatisfy { turn.entities.contains($0.resolution.intent) } && comparing
        // The whole's reading counts in any area's sense: "lean and industry 4.0 are also
        // there?" in a curriculum conversation reads as Industry 4.0, the module's topic.
        let wholeReadings = whole.map { id in Set([id]).union(roles.reading(containing: id).map { Set($0.all) } ?? []) } ?? []
        if whole != nil, !parts.contains(where: { wholeReadings.contains($0.resolution.intent) }), turn.match.confidence >= 0.6, !bothNamed { return [] }
        return parts
    }

    static let comparisonTail: Set<String> = ["which", "what", "who", "better", "for", "is", "kaun", "konsa", "both", "how"]
}
