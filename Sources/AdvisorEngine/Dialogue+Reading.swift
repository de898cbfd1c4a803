/// What the resolution rules ask of a message and of the frame: does it point back, at what, in which area, and how strong is the classifier's own reading.
extension DialogueEngine {
    /// Whether the message points back at something ("it", "that role", "there"); "this
    /// course" and "this degree" name the programme itself, not the entity in focus.
    func isAnaphoric(_ turn: TurnContext) -> Bool {
        if let known = turn.memo.isAnaphoric { return known }
        let anaphoric = anaphoricWords(turn)
        turn.memo.isAnaphoric = anaphoric
        return anaphoric
    }

    private func anaphoricWords(_ turn: TurnContext) -> Bool {
        let subjectKinds = knowledge.area(of: roles[.subject])?.kindStems ?? []
        let stems = turn.normalised.tokens
        // "how to become one": "one" after a verb of becoming stands for the role in focus.
        if let index = turn.typed.firstIndex(of: "one"), index > 0, ["become", "be", "as", "becoming"].contains(turn.typed[index - 1]) {
            return true
        }
        // "so which ones then?": the things just listed.
        if let index = turn.typed.firstIndex(of: "ones"), index > 0, turn.typed[index - 1] == "which" { return true }
        for (index, word) in turn.typed.enumerated() where Self.anaphors.contains(word) {
            // "so someone with engg plus mgmt both, they go up faster?": the people named
            // before the pronoun in the message itself.
            if Self.personPronouns.contains(word), turn.typed[..<index].contains(where: Self.personNouns.contains) { continue }
            // "why do they say it suits engineers": people in general.
            if word == "they", let after = turn.typed.dropFirst(index + 1).first, ["say", "says", "said", "tell", "told"].contains(after) { continue }
            // "what is this mba exactly, is it for process industry also": "is it" just after
            // the programme named in the message asks about the programme. ("will the course
            // teach it", "build on it" point elsewhere.)
            if word == "it", index > 0, ["is", "was", "does"].contains(turn.typed[index - 1]),
               turn.typed[max(0, index - 8)..<index].contains(where: { typed in
                subjectKinds.contains { $0 == typed || stems.first(where: { $0.original == typed })?.stem == $0 } })
            {
                continue
            }
            // "such a programme": the noun after the article.
            let skip = word == "such" && ["a", "an"].contains(turn.typed.indices.contains(index + 1) ? turn.typed[index + 1] : "") ? 2 : 1
            let next = turn.typed.indices.contains(index + skip) ? turn.typed[index + skip] : nil
            let previous = index > 0 ? turn.typed[index - 1] : nil
            // "is there any rule", "there are many": "there" that points nowhere.
            if word == "there", ["is", "are", "was", "were", "isnt", "arent"].contains(previous ?? "") || ["is", "are", "was", "were"].contains(next ?? "") {
                continue
            }
            // "the scope of manufacturing in india, is demand there for managers": "there" is the
            // place the message named.
            if word == "there", let place = turn.typed[..<index].lastIndex(of: "in"), place + 1 < index,
               stems.first(where: { $0.original == turn.typed[place + 1] }).map({ !$0.isStopword }) == true
            {
                continue
            }
            if let next, subjectKinds.contains(where: { $0 == next || stems.first(where: { $0.original == next })?.stem == $0 }) { continue }
            // "what roles after this?", "who should do this": the programme, at a message's end.
            if word == "this", next == nil, ["after", "do", "for", "in", "join", "take", "pursue"].contains(previous ?? "") { continue }
            // "what all subjects they teach in this program": "they" who teach are the programme's.
            if word == "they", let next, Self.teachingVerbs.contains(next) || ["offer", "offers", "provide", "give"].contains(next),
               !Self.contains(turn.typed, anyOf: Self.hiringThem)
            {
                continue
            }
            // "what does this degree build in a person that a certification wont": "that"
            // opening a clause of its own after a noun or a verb, not a pointer.
            if word == "that", let previous, let next, Self.clauseSubjects.contains(next), !Self.beforePointer.contains(previous) { continue }
            // "or is it just hype", "is that really true": the claim just made, not a thing.
            // ("is it just govt hype": a word may say whose.)
            if ["it", "that", "this"].contains(word),
               turn.typed[(index + 1)...].drop(while: { ["just", "really", "only", "all", "actually", "simply", "a", "an"].contains($0) }).prefix(2)
                .contains(where: Self.claimWords.contains)
            {
                continue
            }
            // "ok and after it what jobs": what comes after the degree.
            // (The word after it, if a kind word or a pointing noun, makes it point: "after that role".)
            let nextIsKind = next.map { next in
                Self.pointingNouns.contains(next)
                    || stems.first(where: { $0.original == next }).map { token in roles.areas.contains { $0.kindStems.contains(token.stem) } } == true
            } ?? false
            if previous == "after", ["it", "this"].contains(word), !nextIsKind {
                continue
            }
            // "this manufacturing management masters", "such demand": a determiner of the noun
            // that follows, unless the noun only points ("that role", "such people", "this stuff").
            if ["this", "these", "such"].contains(word), let next,
               let token = stems.first(where: { $0.original == next }), !token.isStopword,
               !roles.areas.contains(where: { $0.kindStems.contains(token.stem) }), !Self.pointingNouns.contains(next)
            {
                continue
            }
            return true
        }
        return false
    }

    /// The first words of a clause that "that" may open: "that a certification won't give".
    static let clauseSubjects: Set<String> = ["a", "an", "the", "i", "you", "u", "we", "they", "he", "she", "my", "our", "your", "their", "its", "it", "there"]
    /// Words after which "that" points ("is that", "about that", "and that").
    static let beforePointer: Set<String> = [
        "is", "was", "about", "abt", "of", "in", "on", "for", "like", "do", "does", "did", "and", "but", "so", "with", "from", "to", "at",
        "by", "after", "before", "than", "explain", "mean", "means", "into", "ok", "hmm", "whats", "what", "wat", "how", "why",
    ]

    /// What a claim is said to be ("is it just hype", "is that true").
    static let claimWords: Set<String> = ["hype", "true", "real", "fake", "marketing", "news", "myth", "propaganda", "exaggeration", "rumour", "rumor"]
    static let personPronouns: Set<String> = ["they", "them", "their", "he", "she", "his", "her"]
    /// Nouns for people that a pronoun after them in the same message stands for.
    static let personNouns: Set<String> = [
        "someone", "somebody", "anyone", "anybody", "person", "people", "ppl", "engineers", "engineer", "guys", "guy", "graduates",
        "students", "candidates", "those", "everyone", "friend", "friends", "cousin", "senior", "seniors", "son", "daughter", "brother",
        "sister", "uncle", "father", "dad", "mother", "mom", "manager", "boss", "colleague", "colleagues", "batchmates",
    ]

    /// What a pronoun points at: the entity in focus, else the topic (never the answer about
    /// figures, which is not a thing one can point at).
    func referent(_ context: DialogueContext) -> String? {
        context.focus ?? context.topic.flatMap { $0 == roles[.unknown] || $0 == roles[.assessment] ? nil : $0 }
    }

    /// "that role", "this module", "those sectors": a pronoun followed by a kind word.
    func pointsWithKind(_ turn: TurnContext) -> Bool {
        let subjectKinds = knowledge.area(of: roles[.subject])?.kindStems ?? []
        let tokens = turn.normalised.tokens
        for (index, token) in tokens.enumerated() where Self.anaphors.contains(token.word) && index + 1 < tokens.count {
            let next = tokens[index + 1].stem
            if !subjectKinds.contains(next), roles.areas.contains(where: { $0.kindStems.contains(next) }) { return true }
        }
        return false
    }

    /// Whether the message names the programme itself ("the course", "this degree").
    func mentionsSubject(_ turn: TurnContext) -> Bool {
        guard let kinds = knowledge.area(of: roles[.subject])?.kindStems else { return false }
        return turn.normalised.tokens.contains { kinds.contains($0.stem) }
    }

    func isConversationalMatch(_ match: IntentMatch) -> Bool {
        !match.isBelowThreshold && knowledge[match.intent].map { isConversational($0.area) } == true
    }

    /// Whether an intent is a topic (not a conversational one, nor the fallback).
    func isTopic(_ id: String) -> Bool {
        guard let intent = knowledge[id] else { return false }
        return id != roles.fallback && roles.area(intent.area) != nil && id != roles[.more] && id != roles[.greeting]
            && id != roles[.help] && !isConversational(intent.area)
    }

    /// Whether an area holds the conversation's own intents (hello, thanks, more).
    func isConversational(_ area: String) -> Bool {
        [roles[.greeting], roles[.more], roles[.help]].contains { $0.flatMap { knowledge[$0]?.area } == area }
    }

    /// Whether a follow-up in `id`'s area only qualifies a question about figures ("and in
    /// India?", "and for a plant manager?") rather than changing the subject.
    func qualifiesUnknown(_ id: String) -> Bool {
        knowledge.area(of: id)?.qualifiesUnknown == true
    }

    /// The reading whose words are all the message says (besides filler and kind words).
    func reading(of turn: TurnContext) -> DialogueRoles.Reading? {
        if let known = turn.memo.reading { return known }
        let found = readingOf(turn)
        turn.memo.reading = .some(found)
        return found
    }

    private func readingOf(_ turn: TurnContext) -> DialogueRoles.Reading? {
        guard !roles.readings.isEmpty else { return nil }
        var topical: [String] = []
        for token in turn.normalised.tokens
        where !token.isStopword && !Self.followUpFiller.contains(token.word) && !Self.anaphors.contains(token.word) && !Self.pointingNouns.contains(token.word) {
            if roles.areas.contains(where: { $0.kindStems.contains(token.stem) }) { continue }
            topical.append(token.stem)
        }
        guard !topical.isEmpty, topical.count <= 3 else { return nil }
        return roles.readings.first { reading in topical.allSatisfy(reading.stems.contains) }
    }

    /// "and in pharma?", "what about for steel?": a topic word after "in" or "for" in a short
    /// follow-up, when the word has no reading in the area of the topic in focus (a sector
    /// beside the lean module or the plant manager's role).
    func qualifier(_ turn: TurnContext, _ context: DialogueContext) -> (word: String, topic: String, reading: DialogueRoles.Reading)? {
        // ("in pharma?" alone, three words at most, qualifies too.)
        guard turn.typed.count <= 5, let opener = turn.typed.first,
              ["and", "what", "how", "n", "nd"].contains(opener) || (["in", "for"].contains(opener) && turn.typed.count <= 3),
              let preposition = turn.typed.firstIndex(where: { $0 == "in" || $0 == "for" }), preposition + 1 < turn.typed.count,
              let topic = context.topic, isTopic(topic), topic != roles[.unknown], let area = knowledge[topic]?.area,
              let reading = reading(of: turn), reading.intents[area] == nil,
              knowledge[reading.defaultIntent]?.area != area
        else { return nil }
        return (turn.typed[(preposition + 1)...].joined(separator: " "), topic, reading)
    }

    /// The area a message names by a kind word ("role", "module", "sector"), if exactly one.
    func kindArea(_ turn: TurnContext, besides focusArea: String? = nil) -> DialogueRoles.Area? {
        var indices: [Int] = []
        for token in turn.normalised.tokens {
            for index in roles.areasByKindStem[token.stem] ?? [] where !indices.contains(index) { indices.append(index) }
        }
        guard !indices.isEmpty else { return nil }
        var named = indices.sorted().map { roles.areas[$0] }
        // "in the course" names the programme; another kind word says more.
        if named.count > 1, let subject = knowledge.area(of: roles[.subject])?.name { named.removeAll { $0.name == subject } }
        // "roles in those sectors": the sectors are the referent, the roles what is asked.
        let asked = named.count == 2 ? named.filter { $0.name != focusArea } : named
        return asked.count == 1 ? asked[0] : nil
    }

    /// "does the course teach this?", "is it taught?", "covered in the syllabus?".
    func asksWhetherTaught(_ turn: TurnContext, anaphoric: Bool) -> Bool {
        guard let curriculum = knowledge.area(of: roles[.curriculum]) else { return false }
        // "part of the course?", "is it in the syllabus?" ask it without a teaching word.
        let inTheCourse = Self.contains(turn.typed, anyOf: Self.teachingPhrases)
        let teaching = inTheCourse || turn.normalised.tokens.contains { curriculum.kindStems.contains($0.stem) }
        guard teaching else { return false }
        // Without a pronoun, only "taught?" / "covered?" alone asks it; "syllabus" alone is
        // the curriculum.
        let asksTeaching = inTheCourse || !Set(turn.typed).isDisjoint(with: Self.teachingVerbs) || !Set(turn.words).isDisjoint(with: Self.teachingVerbs)
        let isOverview = turn.match.intent == roles[.curriculum] || (inTheCourse && turn.match.intent == roles[.subject])
        // "taught?", "is it covered?", "taught in cource?", "part of course?": a teaching word
        // and nothing else that names a topic (stop words, the course and its parts).
        // "what does the course teach" asks for the whole curriculum.
        if (turn.match.isBelowThreshold || isOverview) && asksTeaching && turn.typed.count <= 7
            && Set(turn.typed).isDisjoint(with: ["what", "whats", "wat", "wht", "which", "list", "all"])
            && onlyNamesTheCourse(turn, curriculum: curriculum) {
            return true
        }
        // "is it taught?": the pronoun in the clause that asks about teaching. In "what modules
        // are in the curriculum, want to see if it suits me" the pronoun is the curriculum's.
        guard anaphoric, isOverview || turn.match.isBelowThreshold else { return false }
        let clauses = Self.clauses(turn.text, separators: ",;.!?")
        guard clauses.count > 1 else { return true }
        return clauses.contains { clause in
            let words = TextFolding.tokens(clause)
            return words.contains(where: Self.anaphors.contains)
                && knowledge.normaliser.normalise(clause).tokens.contains { curriculum.kindStems.contains($0.stem) }
        }
    }

    /// Whether every word of the message is a stop word, a word of the curriculum's kind
    /// ("syllabus", "taught") or one that names the programme ("course").
    private func onlyNamesTheCourse(_ turn: TurnContext, curriculum: DialogueRoles.Area) -> Bool {
        let programme = knowledge.area(of: roles[.subject]).map(\.kindStems) ?? []
        return turn.normalised.tokens.allSatisfy { token in
            token.isStopword || curriculum.kindStems.contains(token.stem) || programme.contains(token.stem) || token.word == "part"
        }
    }

    /// A short question whose subject is a pronoun ("do they need coding?", "is it used in
    /// pharma also?"): about the referent, whatever its other words are.
    func asksAboutReferent(_ turn: TurnContext) -> Bool {
        let words = turn.typed
        guard words.count >= 3, words.count <= 7, Self.subjectAuxiliaries.contains(words[0]) else { return false }
        // Only with a verb of what the referent needs or involves: "is it raining?" and "do
        // they play cricket?" stay off the subject.
        return ["they", "it", "he", "she"].contains(words[1]) && !Set(words).isDisjoint(with: Self.referentVerbs)
    }

    /// "does that role need an engg background", "do they also need to know the technical
    /// side", "does he have to travel": a question of what the referent needs, its subject a
    /// pronoun or a pointing kind word.
    func asksWhatItNeeds(_ turn: TurnContext) -> Bool {
        let words = turn.typed
        guard words.count >= 3, words.count <= 12, Self.subjectAuxiliaries.contains(words[0]) else { return false }
        let subject = ["they", "he", "she"].contains(words[1]) || (["that", "this"].contains(words[1]) && pointsWithKind(turn))
        return subject && !Set(words.prefix(5)).isDisjoint(with: ["need", "needs", "require", "requires", "have", "has"])
    }

    /// What a pronoun question asks the referent about: the words after its verb ("coding"
    /// in "do they need coding?"), without fillers; nil when none.
    func askedAttribute(_ turn: TurnContext) -> String? {
        guard let verb = turn.typed.firstIndex(where: Self.referentVerbs.contains) else { return nil }
        let words = turn.typed[(verb + 1)...].filter { !["a", "an", "the", "any", "some", "much", "lot", "of", "also", "too", "really", "skills", "skill"].contains($0) }
        return words.isEmpty || words.count > 3 ? nil : words.joined(separator: " ")
    }

    static let referentVerbs: Set<String> = [
        "need", "needs", "require", "requires", "use", "used", "involve", "involves", "cover", "covers", "include", "includes", "mean", "means",
        "know", "learn",
    ]

    static let subjectAuxiliaries: Set<String> = ["do", "does", "did", "will", "would", "can", "could", "should", "is", "are", "was", "were"]

    /// The stems of words that count time, beside a number.
    static let durationWords: Set<String> = ["yr", "yrs", "year", "month", "week", "exp", "experi"]

    /// Whether the classifier read the message, with confidence, as off the subject.
    func isClearlyOffTopic(_ match: IntentMatch) -> Bool {
        match.intent == roles.fallback && !match.isBelowThreshold && match.confidence >= Self.offTopicConfidence
    }

    /// Whether the classifier's reading is too weak to stand against a pronoun's referent:
    /// nothing matched, an area's overview, or the fallback's own terms.
    func isWeak(_ match: IntentMatch, _ turn: TurnContext, _ context: DialogueContext? = nil) -> Bool {
        // A long question nothing reads is not a pronoun's question either.
        // ("btw will it rain in kolhapur tomorrow": the fallback's own terms, even weakly read,
        // leave "it" pointing at nothing.)
        if isClearlyOffTopic(match) || (match.intent == roles.fallback && !match.isBelowThreshold) { return asksAboutReferent(turn) }
        // "can I move into it later after 3-4 yrs in a cement plant": a duration is the
        // user's background, not more of the question.
        if match.isBelowThreshold || match.intent == roles.fallback {
            return turn.contentStems.count { !TextFolding.hasNumeral($0) && !Self.durationWords.contains($0) } <= 6
        }
        if let intent = knowledge[match.intent], isConversational(intent.area) { return false }
        // "do they need an MBA?" after a role reads as the roles overview (or the programme):
        // a short question about the referent.
        if roles.isOverview(match.intent), turn.entities.isEmpty, turn.contentStems.count <= 6,
           !Set(turn.typed).isDisjoint(with: ["they", "them", "their", "he", "she", "person", "ppl"]),
           let referent = context.flatMap(referent), referent != match.intent, !roles.isOverview(referent)
        {
            return true
        }
        // A full question that reads well on its own ("why is it meant for engineers?")
        // keeps its reading: only a short one leans on the referent.
        guard turn.entities.isEmpty, turn.contentStems.count <= 3, match.intent != roles[.unknown] else { return false }
        // "what does that role involve?" reads as the roles overview; the kind word and the
        // pronoun together mean the entity in focus.
        // "this kind of degree" is the programme itself, never the referent; in "how do i get
        // into that after this course" the pronoun stands alone.
        guard let area = kindArea(turn) else { return false }
        if area.name == knowledge.area(of: roles[.subject])?.name, !hasFreeAnaphor(turn, besides: area) { return false }
        return roles.isOverview(match.intent)
    }

    /// Whether a pronoun of the message stands alone rather than before a word of `area`'s
    /// kind ("this degree", "this kind of course").
    func hasFreeAnaphor(_ turn: TurnContext, besides area: DialogueRoles.Area) -> Bool {
        let words = turn.typed
        return words.indices.contains { index in
            guard Self.anaphors.contains(words[index]) else { return false }
            let next = words[(index + 1)...].first { !["kind", "type", "sort", "of", "a", "an", "whole"].contains($0) }
            return next.map { !area.kindStems.contains(knowledge.normaliser.stem($0)) } ?? true
        }
    }

    /// The entity in focus, read as a topic of `area` ("that role" after the operations
    /// module is the Operations Manager).
    func focus(_ focus: String, as area: DialogueRoles.Area?) -> String {
        guard let area, let intent = knowledge[focus], intent.area != area.name else { return focus }
        if area.name == knowledge.area(of: roles[.curriculum])?.name, let module = module(for: focus) { return module }
        if let reading = roles.reading(containing: focus), let id = reading.intents[area.name] { return id }
        return area.overview ?? focus
    }

    /// Of `intents` (best first), the one nearest the current topic: the topic itself, else
    /// one of its area, else one it suggests; the first of all when none is related.
    func closestToTopic(_ intents: [String], _ context: DialogueContext) -> String? {
        guard let topic = context.topic.flatMap({ knowledge[$0] }) else {
            if let area = context.area, let inArea = intents.first(where: { knowledge[$0]?.area == area }) { return inArea }
            return intents.first
        }
        return intents.first { $0 == topic.id }
            ?? intents.first { knowledge[$0]?.area == (context.area ?? topic.area) }
            ?? intents.first { knowledge[$0]?.area == topic.area }
            ?? intents.first { topic.suggest.contains($0) }
            ?? intents.first
    }

    /// The curriculum module that teaches a topic: the topic itself if it is a module, else
    /// the module its area or reading names, else the first module it suggests, else the
    /// curriculum overview.
    func module(for topic: String) -> String? {
        guard let intent = knowledge[topic], let curriculum = knowledge.area(of: roles[.curriculum])?.name else { return nil }
        if intent.area == curriculum { return topic }
        if let taught = roles.area(intent.area)?.taughtBy { return taught }
        if let reading = roles.reading(containing: topic), let module = reading.intents[curriculum] { return module }
        if let suggested = intent.suggest.first(where: { knowledge[$0]?.area == curriculum && $0 != roles[.curriculum] }) {
            return suggested
        }
        return roles[.curriculum]
    }
}
