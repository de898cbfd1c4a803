/// How the parts of a long message are read: a list asked for with its candidates named,
/// questions in a row, and whether a part asks for an intent in so many words.
extension DialogueEngine {
    static let membershipPhrases = DialogueEngine.phrases([
        "one of them", "one of those", "among them", "among those", "or only", "part of it", "part of them", "in the list",
        "in that list", "included or not", "there or not", "in it or not",
    ])

    /// An area's overview asked for as a list in a sentence's first question clause, when its
    /// later clauses only ask whether some items are in it.
    func listAsked(_ sentence: String) -> Resolution? {
        let clauses = sentence.split(separator: ",")
        guard clauses.count >= 2, let first = clauses.firstIndex(where: TurnContext.isQuestion(clause:)), first + 1 < clauses.count else { return nil }
        let rest = TextFolding.tokens(clauses[(first + 1)...].joined(separator: " "))
        guard Self.contains(rest, anyOf: Self.membershipPhrases) else { return nil }
        let asking = TurnContext(text: String(clauses[first]), knowledge: knowledge, seed: 0)
        guard !asking.match.isBelowThreshold, roles.isOverview(asking.match.intent), asking.match.confidence >= 0.5 else { return nil }
        return Resolution(intent: asking.match.intent, confidence: asking.match.confidence)
    }

    /// "... so i need clarity - what is taught in plant mgmt module, what does supply chain
    /// manager do": clauses that each open with a question word and read with confidence on
    /// their own, as sentences of their own; any other sentence as it is.
    func questionsInARow(_ sentence: String) -> [String] {
        // A dash between words separates clauses too ("so i need clarity - what is taught").
        let clauses = sentence.replacingOccurrences(of: " - ", with: ", ").split(separator: ",")
        guard clauses.count >= 2 else { return [sentence] }
        let opens = clauses.indices.filter { index in
            TurnContext.leadingWord(clauses[index]).map { TurnContext.whWords.contains($0) || Self.questionOpeners.contains($0) } == true
        }
        guard opens.count >= 2 else { return [sentence] }
        // ("what is a smart factory then, is it fully automatic?": "it" leans on the first.)
        let confident = opens.filter { index in
            let alone = TurnContext(text: String(clauses[index]), knowledge: knowledge, seed: 0)
            return !alone.match.isBelowThreshold && alone.match.confidence >= 0.5 && !isAnaphoric(alone)
                && (isTopic(alone.match.intent) || alone.match.intent == roles[.unknown])
        }
        guard confident.count >= 2 else { return [sentence] }
        var pieces: [String] = []
        var start = 0
        for index in confident.dropFirst() {
            pieces.append(clauses[start..<index].joined(separator: ",").trimmed)
            start = index
        }
        pieces.append(clauses[start...].joined(separator: ",").trimmed)
        return pieces
    }

    /// Whether a part's own words ask for an intent, read alone ("and in india is there
    /// future?"), rather than by the context ("india makes planes also?").
    func asksInSoManyWords(_ text: String, _ intent: String) -> Bool {
        let alone = TurnContext(text: text, knowledge: knowledge, seed: 0)
        return !alone.match.isBelowThreshold && alone.match.intent == intent && alone.match.confidence >= 0.5
    }
}
