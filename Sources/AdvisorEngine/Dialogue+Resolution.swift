/// Resolution: the classifier's reading of a message, made sense of in the conversation's
/// frame. Short messages lean on context: "and X?", a bare topic word, "that role", "is it
/// taught?" mean something only after what was just said.
extension DialogueEngine {
    /// The intent a message resolves to, and its other readings (for a correction).
    struct Resolution {
        var intent: String
        var confidence: Double
        var alternatives: [String] = []
    }

    static let anaphors: Set<String> = [
        "this", "that", "it", "its", "these", "those", "them", "they", "their", "there", "such", "he", "she", "ye", "yeh", "wo",
        "woh", "iska", "uska", "isme", "usme",
    ]
    /// Nouns that only point back, like a pronoun: "that person", "this stuff".
    static let pointingNouns: Set<String> = [
        "person", "guy", "one", "ones", "thing", "things", "stuff", "side", "part", "area", "topic", "field", "line", "path", "route",
        "option", "choice", "career", "work", "people", "guys", "places", "companies", "kind", "type", "sort", "much", "also",
    ]

    /// Words that ask for a figure ("not even a range?", "roughly?").
    static let figureWords: Set<String> = ["range", "approx", "approximately", "roughly", "rough", "ballpark", "estimate", "figure", "figures", "number", "idea"]

    /// How sure the classifier must be of the fallback for context to leave it alone.
    static let offTopicConfidence = 0.6

    static let allThis = DialogueEngine.phrases(["all this", "all that", "all these", "all those", "all of this", "all of that"])

    static let teachingVerbs: Set<String> = ["taught", "teach", "teaches", "teaching", "covered", "cover", "covers", "included", "include"]

    /// Words beside a kind word that still ask for the whole area ("what are the options after").
    static let kindFiller: Set<String> = [
        "after", "exactly", "available", "there", "all", "various", "different", "possible", "get", "have", "options", "option", "choices",
        "opportunities", "openings",
    ]

    /// Words that carry no topic in a short follow-up ("and ... too?", "what about ...").
    static let followUpFiller: Set<String> = [
        "and", "what", "whats", "about", "also", "too", "then", "how", "ok", "okay", "so", "hmm", "the", "a", "an", "is", "are",
        "it", "its", "that", "this", "tell", "me", "abt", "regarding", "side", "one", "ones", "wat", "wht", "bout", "like",
        "kya", "hai", "ka", "ki", "ke", "the", "of", "in", "for", "now", "pls", "please", "plz", "again", "as", "well",
    ]

    /// Turns a classification into the intent to answer, using the frame.
    func resolve(_ turn: inout TurnContext, _ context: DialogueContext) -> Resolution {
        let match = turn.match
        let typed = Set(turn.typed)
        let anaphoric = isAnaphoric(turn)
        let elliptical = turn.typed.first.map { ["and", "what", "how", "also", "then", "n", "nd"].contains($0) } ?? false
            && (typed.contains("about") || turn.typed.first == "and" || typed.contains("also") || typed.contains("abt"))
        let alternatives = match.candidates.map(\.intent).filter { $0 != match.intent }

        // "btw did india win yesterday's t20 match", "any good movie this weekend, need a
        // break from all this": the fallback's own terms, read with confidence, are an aside
        // off the subject; no name or pronoun in them carries the conversation's topic.
        if isClearlyOffTopic(match) {
            turn.rule = "off-topic: the fallback's own terms"
            return Resolution(intent: roles.fallback, confidence: match.confidence)
        }

        // After a clarification, a topic word picks among the offered choices.
        if context.choicesAreClarification, !context.choices.isEmpty {
            let offered = Set(context.choices.map(\.intent))
            if let pick = match.candidates.first(where: { offered.contains($0.intent) })
                ?? turn.entities.first(where: offered.contains).map({ Candidate(intent: $0, score: 1) })
            {
                turn.rule = "clarification: a topic word picked \(pick.intent) from the choices"
                return Resolution(intent: pick.intent, confidence: pick.score, alternatives: offered.subtracting([pick.intent]).sorted())
            }
        }
        // A topic word whose intent depends on the area: "operations" is the module in a
        // curriculum conversation and the role in a roles conversation.
        if let reading = reading(of: turn), turn.typed.count <= 6,
           match.isBelowThreshold || reading.all.contains(match.intent) || match.intent == roles.fallback
        {
            let area = kindArea(turn)?.name ?? context.area
            let id = reading.intent(in: area)
            turn.rule = "reading: the topic word means \(id) in area \(area ?? "(none)") (frame: area)"
            return Resolution(intent: id, confidence: max(match.confidence, Matcher.threshold), alternatives: reading.all.filter { $0 != id })
        }
        // "and the roles?", "modules?": an area named by its kind word alone is its overview.
        if match.isBelowThreshold, turn.typed.count <= 5, Set(turn.typed).isDisjoint(with: Self.teachingVerbs),
           let area = kindArea(turn), let overview = area.overview,
           turn.normalised.tokens.allSatisfy({ $0.isStopword || Self.followUpFiller.contains($0.word) || area.kindStems.contains($0.stem) })
        {
            turn.rule = "ellipsis: the \(area.name) area named by its kind word, its overview"
            return Resolution(intent: overview, confidence: max(match.confidence, Matcher.threshold), alternatives: alternatives)
        }
        // "and in India?" after a question about fees or salaries: still no figures.
        // "and what kind of positions does it prepare one for?" asks a new question of its own.
        if let unknown = roles[.unknown], context.topic == unknown, elliptical || turn.typed.first == "and",
           turn.contentStems.count <= 3,
           typed.isDisjoint(with: ["what", "which", "kind", "type", "types", "sort"]) || kindArea(turn) == nil,
           match.isBelowThreshold || qualifiesUnknown(match.intent) || (turn.entities.isEmpty && turn.contentStems.count <= 2),
           turn.entities.isEmpty || turn.typed.count <= 5
        {
            turn.rule = "ellipsis: a qualifier of the last question about figures (frame: topic)"
            return Resolution(intent: unknown, confidence: max(match.confidence, Matcher.threshold))
        }
        // "no idea at all? not even a range?" right after the answer about figures: still it.
        if let unknown = roles[.unknown], context.topic == unknown, turn.typed.count <= 9,
           !typed.isDisjoint(with: Self.figureWords), match.isBelowThreshold || match.intent == unknown || !isTopic(match.intent)
        {
            turn.rule = "ellipsis: asks again for a figure (frame: topic)"
            return Resolution(intent: unknown, confidence: max(match.confidence, Matcher.threshold))
        }
        // "what other roles are there?": the area's overview, not the entity in focus.
        // "is all this taught?" points back; "all the roles" asks for the others.
        let others = typed.subtracting(Self.contains(turn.typed, anyOf: Self.allThis) ? ["all"] : [])
        if !others.isDisjoint(with: ["other", "else", "all", "remaining", "baaki"]), let area = kindArea(turn), let overview = area.overview,
           match.isBelowThreshold || match.intent == overview || match.intent == roles[.more] || isWeak(match, turn)
        {
            turn.rule = "ellipsis: the other topics of area \(area.name), its overview"
            return Resolution(intent: overview, confidence: max(match.confidence, Matcher.threshold), alternatives: alternatives)
        }
        // "does the course teach this?", "is it taught?": the module that teaches the topic.
        if let focus = referent(context), asksWhetherTaught(turn, anaphoric: anaphoric),
           let module = module(for: focus)
        {
            turn.rule = "anaphora: the module that teaches \(focus) (frame: focus)"
            return Resolution(intent: module, confidence: max(match.confidence, Matcher.threshold))
        }
        // "does it include digital twins?", "is AI quality taught in the course?": the module
        // that teaches the named topic.
        if !match.isBelowThreshold, isTopic(match.intent), match.intent != roles[.unknown], !Set(turn.typed).isDisjoint(with: Self.teachingVerbs),
           anaphoric || mentionsSubject(turn), let area = knowledge[match.intent]?.area,
           roles.area(area)?.taughtBy != nil || roles.reading(containing: match.intent).map({ reading in
               reading.intents.values.contains { knowledge[$0]?.area == knowledge.area(of: roles[.curriculum])?.name } }) == true,
           let module = module(for: match.intent)
        {
            turn.rule = "teaching: the module that teaches \(match.intent)"
            return Resolution(intent: module, confidence: match.confidence, alternatives: [match.intent])
        }
        // "that role", "do they travel a lot?", "can I move into it later?": the entity in focus.
        // "that role" / "this module" point so plainly that they win over a reading of their
        // own, unless the message names a topic or asks about figures.
        if anaphoric, let focus = referent(context),
           isWeak(match, turn, context) || (pointsWithKind(turn) && turn.entities.isEmpty && match.intent != roles[.unknown] && !isConversationalMatch(match)
               && match.confidence < 0.6)
        {
            // "do they need an MBA?": the programme's own words do not turn the referent into
            // the programme.
            let kind = kindArea(turn, besides: knowledge[focus]?.area).flatMap { $0.name == knowledge.area(of: roles[.subject])?.name ? nil : $0 }
            let id = self.focus(focus, as: kind)
            turn.rule = "anaphora: '\(turn.typed.first { Self.anaphors.contains($0) } ?? "it")' means \(id) (frame: focus\(kind.map { ", read as a \($0.name) topic" } ?? ""))"
            return Resolution(intent: id, confidence: max(match.confidence, Matcher.threshold), alternatives: alternatives)
        }
        // "can I move into it later from an ops role?": the role named after "from" is where
        // the user starts; the pronoun is where they want to go.
        if anaphoric, let focus = referent(context), !turn.entities.isEmpty, let from = turn.typed.firstIndex(of: "from"), from > 0 {
            let outside = TurnContext(text: turn.typed[..<from].joined(separator: " "), knowledge: knowledge, seed: turn.seed)
            if outside.entities.isEmpty, isAnaphoric(outside) {
                turn.rule = "anaphora: what is named after 'from' is the origin; the pronoun means \(focus) (frame: focus)"
                return Resolution(intent: focus, confidence: max(match.confidence, Matcher.threshold), alternatives: turn.entities)
            }
        }
        // "what about plant managers?": a named entity switches topic; of several names that
        // fit, the one nearest the current topic.
        if let entity = closestToTopic(turn.entities, context),
           match.isBelowThreshold || (elliptical && context.topic != nil && match.intent != roles[.unknown]
               && knowledge[match.intent]?.area != knowledge.area(of: roles[.unknown])?.name)
        {
            if match.isBelowThreshold || entity != match.intent {
                turn.rule = "ellipsis: a named \(knowledge[entity]?.area ?? "") topic switches to \(entity) (frame: topic)"
                return Resolution(intent: entity, confidence: max(Matcher.threshold, match.isBelowThreshold ? Matcher.threshold : match.confidence),
                                  alternatives: turn.entities.filter { $0 != entity })
            }
        }
        // "... more than running the plant. then what?": nothing passes the threshold, but
        // the topic of the conversation nearly does: the message goes on with it.
        if match.isBelowThreshold, let topic = context.topic, isTopic(topic),
           let near = match.candidates.first(where: { $0.intent == topic }), near.score >= Matcher.threshold * 0.85,
           match.candidates.first.map({ $0.score - near.score < Matcher.closeMargin }) == true
        {
            turn.rule = "context: the topic of the conversation nearly matches, \(topic) (frame: topic)"
            return Resolution(intent: topic, confidence: Matcher.threshold, alternatives: match.candidates.map(\.intent).filter { $0 != topic })
        }
        if match.isBelowThreshold {
            // A message made only of words the knowledge base knows is never out of scope:
            // the reading nearest the conversation, else the most likely one.
            // "how do I apply" is a question in its own words; "kaizen?" and "what is OEE"
            // are topic words.
            let opener = turn.typed.first.map { TurnContext.questionWords.contains($0) && !["what", "whats", "kya"].contains($0) } ?? false
            if !opener, turn.contentStems.count <= 3, knowledge.matcher.isTopicWordsOnly(turn.normalised) {
                let soft = knowledge.matcher.softCandidates(turn.normalised).filter { isTopic($0.intent) }
                // "what are the top roles then": the area the message names comes first.
                if let area = kindArea(turn), let overview = area.overview {
                    // "what will i learn then": only the kind word, so the area as a whole.
                    let onlyKind = turn.normalised.tokens.allSatisfy {
                        $0.isStopword || area.kindStems.contains($0.stem) || Self.followUpFiller.contains($0.word) || Self.kindFiller.contains($0.word)
                    }
                    let inArea = onlyKind ? overview : soft.first { knowledge[$0.intent]?.area == area.name }?.intent ?? overview
                    turn.rule = "topic words: read in the \(area.name) area the message names, \(inArea)"
                    return Resolution(intent: inArea, confidence: Matcher.threshold, alternatives: soft.map(\.intent).filter { $0 != inArea })
                }
                if let best = soft.first {
                    let close = soft.filter { best.score - $0.score < Matcher.closeMargin * 2 }
                    let nearest = closestToTopic(close.map(\.intent), context) ?? best.intent
                    turn.rule = "topic words: read as \(nearest) without its required phrase (frame: area)"
                    return Resolution(intent: nearest, confidence: max(best.score, Matcher.threshold),
                                      alternatives: soft.map(\.intent).filter { $0 != nearest })
                }
            }
            return Resolution(intent: roles.fallback, confidence: match.confidence)
        }
        // Two close candidates: the one the message names ("MTech"), else the one nearest
        // the current topic.
        let close = match.candidates.filter { match.candidates[0].score - $0.score < Matcher.closeMargin }
        // A name decides between areas, not within its own ("India" in a question on India's
        // sectors).
        if close.count > 1, turn.contentStems.count <= 6, let named = turn.entities.first(where: { id in close.contains { $0.intent == id } }),
           close.allSatisfy({ $0.intent == named || knowledge[$0.intent]?.area != knowledge[named]?.area })
        {
            if named != match.intent, let score = close.first(where: { $0.intent == named })?.score {
                turn.rule = "entity: of two close readings, the message names \(named)"
                return Resolution(intent: named, confidence: score, alternatives: close.map(\.intent).filter { $0 != named })
            }
            return Resolution(intent: match.intent, confidence: match.confidence, alternatives: alternatives)
        }
        // ...unless the message names a topic that neither is ("is EV good for me?" names a
        // sector; "right for me" and "good for engineers" are both beside the point).
        if close.count > 1, match.confidence < 0.8, let named = turn.entities.first,
           !close.contains(where: { $0.intent == named }), isTopic(named)
        {
            turn.rule = "entity: the message names \(named), which neither close reading is"
            return Resolution(intent: named, confidence: max(Matcher.threshold, close[0].score), alternatives: close.map(\.intent))
        }
        if close.count > 1, let nearest = closestToTopic(close.map(\.intent), context), nearest != match.intent,
           let score = close.first(where: { $0.intent == nearest })?.score
        {
            turn.rule = "context: of two close readings, \(nearest) is nearest the topic (frame: topic)"
            return Resolution(intent: nearest, confidence: score, alternatives: close.map(\.intent).filter { $0 != nearest })
        }
        return Resolution(intent: match.intent, confidence: match.confidence, alternatives: alternatives)
    }

    /// Whether the message points back at something ("it", "that role", "there"); "this
    /// course" and "this degree" name the programme itself, not the entity in focus.
    func isAnaphoric(_ turn: TurnContext) -> Bool {
        let subjectKinds = knowledge.area(of: roles[.subject])?.kindStems ?? []
        let stems = turn.normalised.tokens
        // "how to become one": "one" after a verb of becoming stands for the role in focus.
        if let index = turn.typed.firstIndex(of: "one"), index > 0, ["become", "be", "as", "becoming"].contains(turn.typed[index - 1]) {
            return true
        }
        // "so which ones then?": the things just listed.
        if let index = turn.typed.firstIndex(of: "ones"), index > 0, turn.typed[index - 1] == "which" { return true }
        for (index, word) in turn.typed.enumerated() where Self.anaphors.contains(word) {
            // "such a programme": the noun after the article.
            let skip = word == "such" && ["a", "an"].contains(turn.typed.indices.contains(index + 1) ? turn.typed[index + 1] : "") ? 2 : 1
            let next = turn.typed.indices.contains(index + skip) ? turn.typed[index + skip] : nil
            let previous = index > 0 ? turn.typed[index - 1] : nil
            // "is there any rule", "there are many": "there" that points nowhere.
            if word == "there", ["is", "are", "was", "were", "isnt", "arent"].contains(previous ?? "") || ["is", "are", "was", "were"].contains(next ?? "") {
                continue
            }
            if let next, subjectKinds.contains(where: { $0 == next || stems.first(where: { $0.original == next })?.stem == $0 }) { continue }
            // "what roles after this?", "who should do this": the programme, at a message's end.
            if word == "this", next == nil, ["after", "do", "for", "in", "join", "take", "pursue"].contains(previous ?? "") { continue }
            // "this manufacturing management masters": a determiner of the noun that follows,
            // unless the noun only points ("that role", "that person", "this stuff").
            if ["this", "these"].contains(word), let next,
               let token = stems.first(where: { $0.original == next }), !token.isStopword,
               !roles.areas.contains(where: { $0.kindStems.contains(token.stem) }), !Self.pointingNouns.contains(next)
            {
                continue
            }
            return true
        }
        return false
    }

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
    private func qualifiesUnknown(_ id: String) -> Bool {
        knowledge.area(of: id)?.qualifiesUnknown == true
    }

    /// The reading whose words are all the message says (besides filler and kind words).
    func reading(of turn: TurnContext) -> DialogueRoles.Reading? {
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
    private func asksWhetherTaught(_ turn: TurnContext, anaphoric: Bool) -> Bool {
        guard let curriculum = knowledge.area(of: roles[.curriculum]) else { return false }
        let teaching = turn.normalised.tokens.contains { curriculum.kindStems.contains($0.stem) }
        guard teaching else { return false }
        // Without a pronoun, only "taught?" / "covered?" alone asks it; "syllabus" alone is
        // the curriculum.
        let asksTeaching = !Set(turn.typed).isDisjoint(with: Self.teachingVerbs)
        let isOverview = turn.match.intent == roles[.curriculum]
        // "taught?", "is it covered?": a teaching word and nothing else.
        if (turn.match.isBelowThreshold || isOverview) && turn.typed.count <= 2 && asksTeaching { return true }
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

    /// Whether the classifier read the message, with confidence, as off the subject.
    func isClearlyOffTopic(_ match: IntentMatch) -> Bool {
        match.intent == roles.fallback && !match.isBelowThreshold && match.confidence >= Self.offTopicConfidence
    }

    /// Whether the classifier's reading is too weak to stand against a pronoun's referent:
    /// nothing matched, an area's overview, or the fallback's own terms.
    private func isWeak(_ match: IntentMatch, _ turn: TurnContext, _ context: DialogueContext? = nil) -> Bool {
        // A long question nothing reads is not a pronoun's question either.
        if isClearlyOffTopic(match) { return false }
        if match.isBelowThreshold || match.intent == roles.fallback { return turn.contentStems.count <= 6 }
        if let intent = knowledge[match.intent], isConversational(intent.area) { return false }
        // "do they need an MBA?" after a role reads as the roles overview (or the programme):
        // a short question about the referent.
        if roles.areas.contains(where: { $0.overview == match.intent }), turn.entities.isEmpty, turn.contentStems.count <= 6,
           !Set(turn.typed).isDisjoint(with: ["they", "them", "their", "he", "she", "person", "ppl"]),
           let referent = context.flatMap(referent), referent != match.intent, !roles.areas.contains(where: { $0.overview == referent })
        {
            return true
        }
        // A full question that reads well on its own ("why is it meant for engineers?")
        // keeps its reading: only a short one leans on the referent.
        guard turn.entities.isEmpty, turn.contentStems.count <= 3, match.intent != roles[.unknown] else { return false }
        // "what does that role involve?" reads as the roles overview; the kind word and the
        // pronoun together mean the entity in focus.
        return roles.areas.contains(where: { $0.overview == match.intent }) && kindArea(turn) != nil
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
