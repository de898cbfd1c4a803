/// A follow-up that asks the topic again for a case of the asker's: "and if i have 8 years?",
/// "what if i am a fresher", "for someone from electrical side also same?", "design wale logo
/// ke liye bhi hai ye?". The article never says how its points differ by experience,
/// background or industry; the answer says so, then gives what it does say.
extension DialogueEngine {
    /// What a message asked that the article does not cover, which the answer says first so
    /// that it is not taken for an answer to it.
    enum Silence: Equatable {
        /// "do they need coding?" of a role: "coding".
        case about(String)
        /// "and in pharma?", "these tools work in dairy also?": "pharma", "dairy".
        case appliesIn(String)
        /// "and if i have 8 years?": experience.
        case differs(Condition)
    }

    /// What a case of the asker's can differ by, as the answer's first line says it.
    enum Condition: String {
        case experience = "with years of experience"
        case fresher = "for freshers"
        case background = "by engineering branch or background"
        case industry = "by industry"
        case work = "by the kind of work you do now"
        case age = "with age"
    }

    /// The case a message puts, and the topic it asks again, if it is only that.
    func askerCondition(_ turn: TurnContext, _ context: DialogueContext) -> (topic: String, condition: Condition)? {
        // "ok for me?" asks whether the path fits, not the topic again.
        let marked = turn.triggers.contains(.condition) && turn.typed.indices.contains { index in
            Self.conditionMarkers.contains(turn.typed[index]) && !(turn.typed[index] == "for" && turn.typed.dropFirst(index + 1).first == "me")
        }
        guard turn.typed.count <= 14, marked, turn.entities.isEmpty, let topic = context.topic, isTopic(topic) else { return nil }
        var found: Condition?
        var previous = ""
        for word in turn.typed {
            defer { previous = word }
            if Self.conditionFiller.contains(word) { continue }
            let classes = ProfileExtractor.lexicon[word]
            let condition: Condition
            if Int(word) != nil || ProfileExtractor.numberWords[word] != nil {
                // "if i am 35": an age; "if i have 8 years": experience, said by the unit after it.
                condition = ["am", "im", "age", "aged"].contains(previous) ? .age : .experience
            } else if classes.contains(.yearUnit) || ProfileExtractor.experienceWords.contains(word) || word == "exp" {
                condition = .experience
            } else if classes.contains(.study) || word == "freshers" {
                condition = .fresher
            } else if classes.contains(.discipline) || Self.backgroundWords.contains(word) {
                condition = .background
            } else if classes.contains(.industry) {
                condition = .industry
            } else if classes.contains(.roleKind) || classes.contains(.roleTitle) || classes.contains(.workplace) {
                condition = .work
            } else {
                return nil
            }
            // The unit after a number says what it is; otherwise the first word that says.
            if found == nil || (found == .age && condition == .experience) || (found == .work && condition != .work) { found = condition }
        }
        // A topic word is a case only as an industry outside the topic's area ("same for me? im
        // from pharma" after whom the path fits); "and for plant people?" names the plant.
        if let reading = reading(of: turn) {
            guard found == .industry, let area = knowledge[topic]?.area, reading.intents[area] == nil else { return nil }
        }
        return found.map { (topic, $0) }
    }

    /// Words that put a case: "if", "suppose", "for (someone)", "same (for)", "ke liye".
    static let conditionMarkers: Set<String> = ["if", "suppose", "incase", "agar", "for", "liye", "same", "case"]

    /// A background besides a branch of engineering.
    static let backgroundWords: Set<String> = ["diploma", "iti", "polytechnic", "bsc", "btech", "mtech", "nonengineering", "non"]

    /// The words around a case that say nothing of their own.
    static let conditionFiller: Set<String> = [
        "and", "but", "so", "ok", "okay", "hmm", "what", "wat", "about", "abt", "if", "suppose", "incase", "agar", "in", "case",
        "for", "someone", "somebody", "people", "ppl", "person", "guys", "those", "one", "me", "i", "im", "iam", "am", "have", "has",
        "having", "with", "only", "just", "a", "an", "the", "of", "from", "side", "background", "also", "too", "same", "still",
        "then", "is", "it", "this", "that", "applies", "apply", "true", "does", "do", "change", "changes", "any", "different",
        "difference", "my", "like", "ke", "liye", "bhi", "hai", "ye", "yeh", "wale", "wala", "wali", "logo", "log", "logon",
        "walo", "kya", "to", "toh", "be", "will", "would", "sir", "pls", "please", "age", "aged", "or", "more", "less",
        "u", "you", "say", "answer", "now", "there", "engineer", "engineers", "engg", "engineering", "graduate", "graduates",
        "student", "students", "branch", "stream",
    ]

    /// The topic asked of an industry ("is it used in two-wheeler plants also", "these tools
    /// work in dairy also?", "is industry 4.0 even relevant for furniture making?"): the one
    /// topic the message names, else the referent of its pronoun; and the industry, the
    /// words after "in" or "for". Nil when any other word says more.
    func usedIn(_ turn: TurnContext, _ context: DialogueContext) -> (topic: String, industry: String)? {
        // The cheap tests first: this runs on most messages.
        guard turn.typed.count <= 16, turn.triggers.contains(.usage),
              !turn.typed.contains(where: Self.openQuestionWords.contains), turn.isQuestion
        else { return nil }
        let topic: String
        if let first = turn.entities.first, isTopic(first) {
            topic = first
        } else if turn.entities.isEmpty, isAnaphoric(turn), let focus = referent(context), !roles.isOverview(focus) {
            topic = focus
        } else {
            return nil
        }
        // The industry: the words after "in" or "for", up to a clause's end.
        let clause = Self.clauses(turn.text).lazy.map { TextFolding.tokens($0) }.first { !Set($0).isDisjoint(with: Self.usageWords) } ?? []
        // ("is lean in this course useful for food plants": the one after the word of use.)
        guard let use = clause.firstIndex(where: Self.usageWords.contains),
              let preposition = clause[use...].firstIndex(where: { $0 == "in" || $0 == "for" })
        else { return nil }
        let industry = clause[(preposition + 1)...].filter { word in
            !Self.usageFiller.contains(word) && !Self.usageWords.contains(word) && !knowledge.normaliser.normalise(word).tokens.allSatisfy(\.isStopword)
        }
        guard !industry.isEmpty, industry.count <= 3,
              knowledge.entityIntents(in: knowledge.normaliser.normalise(industry.joined(separator: " "))).isEmpty
        else { return nil }
        // Before it, only the topic's name, the pronoun and words of use.
        let rest = clause[..<preposition].filter { word in
            !Self.usageWords.contains(word) && !Self.intensifiers.contains(word) && !Self.pointingNouns.contains(word)
                && !Self.anaphors.contains(word) && !Self.conditionFiller.contains(word) && !Self.usageOpeners.contains(word)
        }
        if rest.isEmpty ? !turn.entities.isEmpty : !knowledge.entityIntents(in: knowledge.normaliser.normalise(rest.joined(separator: " "))).contains(topic) {
            return nil
        }
        return (topic, industry.joined(separator: " "))
    }

    /// Questions of another kind than whether a thing is of use somewhere.
    static let openQuestionWords: Set<String> = ["which", "what", "whats", "how", "why", "who"]
    static let usageOpeners: Set<String> = ["is", "are", "does", "do", "can", "will", "would", "one", "min", "wait", "sir", "how", "much"]

    /// Whether a thing is used, or of use, somewhere.
    static let usageWords: Set<String> = [
        "used", "use", "uses", "using", "work", "works", "working", "apply", "applies", "applied", "applicable", "relevant", "useful",
        "helpful", "implemented", "practiced", "practised", "followed", "happen", "happens", "happening", "exist", "exists", "valid",
        "possible", "matter", "matters", "common", "popular", "adopted",
    ]
    /// "even", "really", "also": words that only stress ("is industry 4.0 even relevant").
    static let intensifiers: Set<String> = ["even", "really", "actually", "also", "only", "too", "bhi"]
    static let usageFiller: Set<String> = intensifiers.union([
        "our", "my", "the", "a", "an", "plants", "plant", "companies", "company", "industry", "industries", "sector", "side", "units", "unit",
        "factories", "factory", "making", "manufacturing", "or", "not", "etc", "lines", "line", "shop", "shops", "like", "type", "kind",
        "of", "such", "as", "field",
    ])
}
