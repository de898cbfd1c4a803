/// The words that can set off one of the dialogue's narrower rules, looked up once per
/// message: each rule then asks a bit instead of hashing every word again (a turn runs
/// dozens of rules, and most messages set off none of them).
struct TurnTriggers: OptionSet {
    let rawValue: UInt16

    /// "used", "relevant", "work": a topic asked of an industry.
    static let usage = TurnTriggers(rawValue: 1 << 0)
    /// "if", "suppose", "for", "same": a case of the asker's.
    static let condition = TurnTriggers(rawValue: 1 << 1)
    /// "leave", "forget", "chodo": a sentence that drops the topic.
    static let dismissal = TurnTriggers(rawValue: 1 << 2)
    /// "again", "repeat": the last answer once more.
    static let again = TurnTriggers(rawValue: 1 << 3)
    /// "son", "husband", "junior": the person a user may ask for.
    static let askedFor = TurnTriggers(rawValue: 1 << 4)
    /// "which", "who", "one": a pick from a list by what it does.
    static let chooser = TurnTriggers(rawValue: 1 << 5)
    /// "right", "true", "correct": a judgement of a claim.
    static let judgement = TurnTriggers(rawValue: 1 << 6)
    /// "same": the same question of another topic.
    static let same = TurnTriggers(rawValue: 1 << 7)
    /// "one": "become one", "the first one".
    static let one = TurnTriggers(rawValue: 1 << 8)

    /// The triggers of a message's words as typed.
    static func of(_ words: [String]) -> TurnTriggers {
        var found: TurnTriggers = []
        for word in words {
            if let triggers = table[word] { found.formUnion(triggers) }
        }
        return found
    }

    static let table: [String: TurnTriggers] = {
        var table: [String: TurnTriggers] = [:]
        func add(_ words: some Sequence<String>, _ trigger: TurnTriggers) {
            for word in words { table[word, default: []].formUnion(trigger) }
        }
        add(DialogueEngine.usageWords, .usage)
        add(DialogueEngine.conditionMarkers, .condition)
        add(DialogueEngine.dismissalCores, .dismissal)
        add(DialogueEngine.againWords, .again)
        add(DialogueEngine.askedForNouns, .askedFor)
        add(["which", "who", "one", "kaun", "konsa", "among"], .chooser)
        add(["right", "correct", "true", "wrong", "valid", "old", "outdated", "fair", "accurate", "sahi", "common", "normal", "usual", "typical"], .judgement)
        add(["same"], .same)
        add(["one"], .one)
        return table
    }()
}
