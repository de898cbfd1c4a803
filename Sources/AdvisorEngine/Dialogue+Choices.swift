/// Choices: numbered suggestions and clarifications the user answers with "2", "the second
/// one" or a topic word, and the clarification asked when two readings are close.
extension DialogueEngine {
    static let ordinals: [String: Int] = [
        "1": 1, "2": 2, "3": 3, "first": 1, "second": 2, "third": 3, "1st": 1, "2nd": 2, "3rd": 3,
        "one": 1, "two": 2, "three": 3, "former": 1, "latter": 2,
    ]
    static let choiceFiller: Set<String> = [
        "the", "one", "option", "number", "no", "please", "pls", "ok", "okay", "i", "want", "choose", "pick", "take",
        "lets", "go", "with", "answer", "question", "say", "mean", "meant", "yes", "that", "id", "like", "im", "d", "to",
    ]

    /// A reading this confident is answered even when another scores close.
    static let clearReading = 0.65

    func pickedChoice(_ turn: TurnContext, _ context: DialogueContext) -> Choice? {
        guard !context.choices.isEmpty else { return nil }
        let words = turn.typed
        guard !words.isEmpty, words.count <= 6 else { return nil }
        var number: Int?
        for word in words {
            if let value = Self.ordinals[word] ?? Int(word).flatMap({ $0 > 3 && $0 <= context.choices.count ? $0 : nil }) {
                if value == 1 && word == "one" && number != nil { continue }
                if word == "one" && words.contains(where: { Self.ordinals[$0] != nil && $0 != "one" }) { continue }
                number = value
            } else if word == "last" {
                number = context.choices.count
            } else if !Self.choiceFiller.contains(word) {
                return nil
            }
        }
        guard let number, (1...context.choices.count).contains(number) else { return nil }
        return context.choices[number - 1]
    }

    /// "Do you mean A or B?" when the two best readings are close and the frame cannot
    /// decide; remembered as the choices the next message may pick from.
    func clarification(_ resolved: Resolution, _ turn: inout TurnContext, _ state: inout SessionState) -> Reply? {
        let match = turn.match
        guard resolved.intent == match.intent, match.candidates.count >= 2, !match.isBelowThreshold else { return nil }
        let first = match.candidates[0]
        let second = match.candidates[1]
        guard second.score >= Matcher.threshold, first.score - second.score < Matcher.closeMargin, first.score < Self.clearReading,
              let a = knowledge[first.intent], let b = knowledge[second.intent],
              isTopic(a.id), isTopic(b.id), a.id != roles[.unknown], b.id != roles[.unknown]
        else { return nil }
        // "... is this right for me?": a question that reads best as the fit check starts it.
        if a.id == roles[.assessment], turn.isQuestion { return nil }
        // Within one area the best is answered and the other offered, unless the message
        // names both ("operations manager or plant manager?").
        if a.area == b.area {
            guard turn.entities.contains(a.id) && turn.entities.contains(b.id) else { return nil }
        }
        // "in EV type companies what jobs would i get": the kind word says what is asked (the
        // roles); the name only says where.
        if let area = kindArea(turn), (a.area == area.name) != (b.area == area.name) {
            var pick = a.area == area.name ? a : b
            // "what job does the plant mgmt part lead to": the named module's own reading in
            // that area, rather than the area as a whole.
            let other = pick.id == a.id ? b : a
            if roles.isOverview(pick.id), turn.entities.contains(other.id),
               let counterpart = roles.reading(containing: other.id)?.intents[area.name], let intent = knowledge[counterpart]
            {
                pick = intent
            }
            turn.rule = "kind word: the message asks for the \(area.name) area, \(pick.id) (of two close readings)"
            return pick.id == a.id ? nil : answer(pick.id, confidence: second.score, &turn, &state)
        }
        // Context decides when it can: the current topic's own area or suggestions win.
        if let topic = state.context.topic.flatMap({ knowledge[$0] }) {
            let related = Set(topic.suggest + [topic.id])
            if related.contains(a.id) != related.contains(b.id) { return nil }
        }
        turn.rule = "clarification: \(a.id) and \(b.id) score close and the frame cannot decide"
        let choices = [a, b].map { Choice(intent: $0.id, label: label($0)) }
        state.context.choices = choices
        state.context.choicesAreClarification = true
        state.context.misses = 0
        // "how so?" or "why?" right after still has the best reading to go on.
        moveFrame(to: a, &state)
        return Reply(intent: a.id, confidence: first.score, kind: .clarification,
                     body: "I'm not sure which you mean. Type 1 or 2, or say it in other words:", choices: choices)
    }
}
