/// A conversational opening followed only by statements: "thanks, will think about it and
/// come back", "ok thank you beta, i will show this to him tonight", "namaste, i am asking
/// on behalf of my son". The statements ask nothing and name no topic, so the pronouns in
/// them ("it", "this") point at nothing the advisor said: the opening is the whole turn.
extension DialogueEngine {
    func conversationalLead(_ turn: inout TurnContext, _ state: inout SessionState) -> Reply? {
        // A message the classifier reads as a whole ("ok thanks, bye") needs no help here; an
        // everyday word after the thanks ("i will share this with my friend") is no topic.
        // The cheap tests first: most messages are read with confidence and leave here.
        guard turn.match.isBelowThreshold || turn.match.intent == roles.fallback, turn.entities.isEmpty, turn.typed.count <= 24,
              turn.profileNote == nil, !turn.isQuestion
        else { return nil }
        let clauses = Self.clauses(turn.text, separators: ",.;!-")
        guard clauses.count >= 2, let lead = clauses.first else { return nil }
        let opening = TurnContext(text: lead, knowledge: knowledge, seed: turn.seed)
        guard isConversationalMatch(opening.match), opening.match.intent != roles[.more], opening.match.intent != roles[.help],
              opening.entities.isEmpty
        else { return nil }
        // Whatever follows must not read as a topic of its own ("thanks. what is lean").
        let rest = TurnContext(text: clauses.dropFirst().joined(separator: ", "), knowledge: knowledge, seed: turn.seed)
        guard rest.entities.isEmpty, rest.match.isBelowThreshold || rest.match.intent == roles.fallback || isConversationalMatch(rest.match)
        else { return nil }
        turn.rule = "conversational lead: \(opening.match.intent), and statements that ask nothing"
        return answer(opening.match.intent, confidence: opening.match.confidence, &turn, &state)
    }
}
