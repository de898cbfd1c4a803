/// Resolution: the classifier's reading of a message, made sense of in the conversation's
/// frame. Short messages lean on context: "and X?", a bare topic word, "that role", "is it
/// taught?" mean something only after what was just said.
extension DialogueEngine {
    /// The intent a message resolves to, and its other readings (for a correction).
    struct Resolution {
        var intent: String
        var confidence: Double
        var alternatives: [String] = []
        /// What the message asked that the source does not cover (kept when a part of a
        /// longer message is answered alone).
        var silence: Silence?
    }

    /// The one topic a message's clause asks to define ("what is X", "what's X") when the
    /// other clauses only ask about it through a pronoun ("what is a smart factory then, is
    /// it fully automatic?") or only tell ("ppl keep saying factories are smart now, what is
    /// this industry 4.0 actually"), and name nothing else; nil when the classifier already
    /// reads it so.
    func definedThenAsked(_ turn: TurnContext, _ match: IntentMatch) -> String? {
        guard turn.entities.count == 1, let named = turn.entities.first, named != match.intent, turn.text.contains(","),
              turn.typed.contains(where: Self.definitionOpeners.contains)
        else { return nil }
        let clauses = Self.clauses(turn.text, separators: ",;")
        guard clauses.count >= 2 else { return nil }
        // The defining clause comes first (the others point back) or last (the others tell).
        let definesFirst = TextFolding.tokens(clauses[0]).first.map(Self.definitionOpeners.contains) == true
        let defining = definesFirst ? clauses[0] : clauses[clauses.count - 1]
        let head = TurnContext(text: defining, knowledge: knowledge, seed: turn.seed)
        let opener = head.typed.drop { TurnContext.clauseOpeners.contains($0) }.first
        guard opener.map(Self.definitionOpeners.contains) == true,
              head.entities == [named], !head.match.isBelowThreshold, head.match.intent == named,
              Set(head.typed).isSubset(of: Self.definitionWords.union(TurnContext.clauseOpeners).union(head.normalised.tokens.filter { !$0.isStopword }.map(\.word)))
        else { return nil }
        for clause in definesFirst ? Array(clauses.dropFirst()) : Array(clauses.dropLast()) {
            let words = TextFolding.tokens(clause)
            if definesFirst {
                guard words.contains(where: Self.anaphors.contains) else { return nil }
            } else {
                guard !TurnContext.isQuestion(clause: Substring(clause)) else { return nil }
            }
            for other in knowledge.entityIntents(in: knowledge.normaliser.normalise(clause)) where other != named { return nil }
        }
        return named
    }

    static let definitionOpeners: Set<String> = ["what", "whats", "wat", "wht"]

    /// The words of "what is (a) X (then/exactly)" besides X.
    static let definitionWords: Set<String> = definitionOpeners.union([
        "is", "are", "a", "an", "the", "then", "exactly", "actually", "s", "this", "that", "these", "thing", "all",
    ])

    /// Turns a classification into the intent to answer, using the frame.
    /// (What a rule found the source silent on is said before the answer.)
    func resolve(_ turn: inout TurnContext, _ context: DialogueContext) -> Resolution {
        let resolution = resolveInFrame(&turn, context)
        if let silence = resolution.silence { turn.silence = silence }
        return resolution
    }

    private func resolveInFrame(_ turn: inout TurnContext, _ context: DialogueContext) -> Resolution {
        let match = turn.match
        let typed = Set(turn.typed)
        let anaphoric = isAnaphoric(turn)
        let elliptical = turn.typed.first.map { ["and", "what", "how", "also", "then", "n", "nd"].contains($0) } ?? false
            && (typed.contains("about") || turn.typed.first == "and" || typed.contains("also") || typed.contains("abt"))
        let alternatives = match.candidates.map(\.intent).filter { $0 != match.intent }
        let curriculumArea = knowledge.area(of: roles[.curriculum])?.name

        // "btw did india win yesterday's t20 match", "any good movie this weekend, need a
        // break from all this": the fallback's own terms, read with confidence, are an aside
        // off the subject; no name or pronoun in them carries the conversation's topic.
        // ...but "do they need coding?" after a role asks about the role, and the answer says
        // the article is silent on what it asked.
        if isClearlyOffTopic(match) {
            guard asksAboutReferent(turn), referent(context) != nil else {
                turn.rule = "off-topic: the fallback's own terms"
                return Resolution(intent: roles.fallback, confidence: match.confidence)
            }
            turn.silence = askedAttribute(turn).map(Silence.about)
        }

        // "what is a smart factory then, is it fully automatic?": the thing the first clause
        // asks to define is what the pronouns after it mean.
        if let defined = definedThenAsked(turn, match) {
            turn.rule = "definition: the clause asking 'what is' names \(defined); the others point back to it or only tell"
            return Resolution(intent: defined, confidence: max(match.confidence, Matcher.threshold), alternatives: [match.intent])
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
        // "and in pharma?" after the lean module: a word with no reading in the conversation's
        // area, after "in" or "for", qualifies the topic; the answer says the article is
        // silent on it. (In a roles conversation "and in supply chain?" names a role.)
        if let qualifier = qualifier(turn, context) {
            turn.rule = "ellipsis: '\(qualifier.word)' qualifies \(qualifier.topic), which it has no reading beside (frame: topic)"
            return Resolution(intent: qualifier.topic, confidence: max(match.confidence, Matcher.threshold), alternatives: qualifier.reading.all,
                              silence: .appliesIn(qualifier.word))
        }
        // "which of them actually runs the whole plant", "and the one who deals with vendors"
        // after a list: the item the description fits best.
        if let (item, list) = describedItem(turn, context) {
            turn.rule = "list item: \(item), the one the description fits (frame: the list of the last answer)"
            return Resolution(intent: item, confidence: max(match.confidence, Matcher.threshold), alternatives: list)
        }
        // "same for plant manager" after the module that prepares for the ops manager: the
        // same question of what it names, read in the conversation's area.
        // ("the AI quality inspection thing, same question" after "is it taught?".)
        // ("is it same in pharma?" puts a case instead.)
        if turn.triggers.contains(.same), turn.typed.first == "same" || Self.contains(turn.typed, anyOf: Self.samePhrases),
           turn.typed.count <= 10,
           let area = context.area,
           let named = turn.entities.first ?? reading(of: turn)?.defaultIntent,
           let same = roles.reading(containing: named)?.intents[area] ?? (knowledge[named]?.area == area ? named : nil)
               ?? (area == curriculumArea ? module(for: named) : nil)
        {
            turn.rule = "same question: of \(named), read in area \(area), \(same) (frame: area)"
            return Resolution(intent: same, confidence: max(match.confidence, Matcher.threshold), alternatives: [named])
        }
        // "these tools work in dairy also?", "is industry 4.0 even relevant for furniture
        // making?": the topic, in an industry the article does not speak of.
        if let (topic, industry) = usedIn(turn, context) {
            turn.rule = "condition: \(topic) asked of an industry, '\(industry)' (frame: \(turn.entities.isEmpty ? "focus" : "topic"))"
            return Resolution(intent: topic, confidence: max(match.confidence, Matcher.threshold), alternatives: alternatives, silence: .appliesIn(industry))
        }
        // "and if i have 8 years?", "what if i am a fresher": the topic again, for that case.
        if let (topic, condition) = askerCondition(turn, context) {
            turn.rule = "condition: a case of the asker's (\(condition)) asks \(topic) again (frame: topic)"
            return Resolution(intent: topic, confidence: max(match.confidence, Matcher.threshold), alternatives: alternatives, silence: .differs(condition))
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
        // "and the role with the same name?", "the job version of it?" after the operations
        // module: the same topic read in the area the kind word names.
        if let focus = context.focus, turn.typed.count <= 9, turn.entities.allSatisfy({ id in roles.isOverview(id) }),
           !typed.isDisjoint(with: Self.counterpartWords) || Self.contains(turn.typed, anyOf: Self.counterpartPhrases),
           let area = kindArea(turn), area.name != knowledge[focus]?.area,
           turn.normalised.tokens.contains(where: { area.kindStems.contains($0.stem) && !$0.word.hasSuffix("s") }),
           case let counterpart = self.focus(focus, as: area), counterpart != focus, counterpart != area.overview
        {
            turn.rule = "counterpart: \(focus) read as a \(area.name) topic, \(counterpart) (frame: focus)"
            return Resolution(intent: counterpart, confidence: max(match.confidence, Matcher.threshold), alternatives: [focus])
        }
        // "and the roles?", "modules?": an area named by its kind word alone is its overview.
        if match.isBelowThreshold, turn.typed.count <= 5, Set(turn.typed).isDisjoint(with: Self.teachingVerbs),
           context.focus == nil || !Self.contains(turn.typed, anyOf: Self.teachingPhrases),
           let area = kindArea(turn), let overview = area.overview,
           turn.normalised.tokens.allSatisfy({ $0.isStopword || Self.followUpFiller.contains($0.word) || area.kindStems.contains($0.stem) })
        {
            // "sectors?" asks for the growth sectors, where the area says so; "ok the job then"
            // after the plant module, the topic's own reading in that area (a kind word in the
            // singular names one thing).
            let singular = turn.normalised.tokens.contains { area.kindStems.contains($0.stem) && !$0.word.hasSuffix("s") }
            let ownReading = singular ? context.topic.flatMap { roles.reading(containing: $0)?.intents[area.name] } : nil
            let asked = ownReading ?? area.kindTopic ?? overview
            turn.rule = "ellipsis: the \(area.name) area named by its kind word, \(asked == overview ? "its overview" : asked)"
            return Resolution(intent: asked, confidence: max(match.confidence, Matcher.threshold), alternatives: alternatives)
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
        // ("what all is there in that module", "and in that module what else": inside the
        // module in focus.)
        let asksOthers = !typed.isDisjoint(with: Self.otherWords)
        let insideFocus = asksOthers && (typed.contains("that") || typed.contains("this")) && pointsWithKind(turn)
            && referent(context).flatMap { knowledge[$0]?.area } == kindArea(turn)?.name
        let others = !asksOthers || insideFocus ? [] : typed.subtracting(Self.contains(turn.typed, anyOf: Self.allThis) ? ["all"] : [])
        // "and the rest?" names no kind: the rest of the conversation's area.
        let restOfArea = asksOthers && turn.typed.count <= 4 && !typed.isDisjoint(with: Self.restWords) ? context.area.flatMap(roles.area) : nil
        // ("what does a plant manager handle, like what all comes under him": "all" of what
        // the named one handles.)
        let onlyAll = !others.isEmpty && others.intersection(Self.otherWords) == ["all"]
            && turn.entities.contains { !roles.isOverview($0) && knowledge[$0]?.area == kindArea(turn)?.name }
        if !onlyAll, !others.isDisjoint(with: Self.otherWords), let area = kindArea(turn) ?? restOfArea, let overview = area.overview,
           match.isBelowThreshold || match.intent == overview || match.intent == roles[.more] || isWeak(match, turn)
        {
            turn.rule = "ellipsis: the other topics of area \(area.name), its overview"
            return Resolution(intent: overview, confidence: max(match.confidence, Matcher.threshold), alternatives: alternatives)
        }
        // "does the course teach this?", "is it taught?": the module that teaches the topic.
        // ("where is all this information coming from, is it from some college's material?"
        // asks for the source.)
        if let focus = referent(context), !(isConversationalMatch(match) && match.confidence >= 0.5), asksWhetherTaught(turn, anaphoric: anaphoric),
           let module = module(for: focus)
        {
            turn.rule = "anaphora: the module that teaches \(focus) (frame: focus)"
            return Resolution(intent: module, confidence: max(match.confidence, Matcher.threshold))
        }
        // "digital twin also?" with the Industry 4.0 module in focus: that one covers it too?
        if let focus = referent(context), knowledge[focus]?.area == curriculumArea, turn.typed.count <= 4,
           !typed.isDisjoint(with: ["also", "too", "bhi", "aswell"]),
           let entity = turn.entities.first, let area = knowledge[entity]?.area, roles.area(area)?.taughtBy == focus
        {
            turn.rule = "ellipsis: \(entity) asked of the module in focus that teaches its area, \(focus) (frame: focus)"
            return Resolution(intent: focus, confidence: max(match.confidence, Matcher.threshold), alternatives: [entity])
        }
        // "does it include digital twins?", "is AI quality taught in the course?": the module
        // that teaches the named topic.
        // In a curriculum conversation, "is there anything on running a plant?" asks it too.
        // "digital twin is part of it?" with a module in focus asks it; with a technology in
        // focus ("is predictive maintenance part of that?") it asks about the technology.
        let asksCoverage = context.area != nil && context.area == curriculumArea && Self.contains(turn.typed, anyOf: Self.coveragePhrases)
        let asksTeaching = !Set(turn.typed).isDisjoint(with: Self.teachingVerbs)
            || (Self.contains(turn.typed, anyOf: Self.teachingPhrases) && referent(context).flatMap { knowledge[$0]?.area } == curriculumArea)
        if !match.isBelowThreshold, isTopic(match.intent), match.intent != roles[.unknown],
           asksTeaching && (anaphoric || mentionsSubject(turn)) || asksCoverage,
           let area = knowledge[match.intent]?.area,
           roles.area(area)?.taughtBy != nil || roles.reading(containing: match.intent).map({ reading in
               reading.intents.values.contains { knowledge[$0]?.area == curriculumArea } }) == true,
           let module = module(for: match.intent)
        {
            turn.rule = "teaching: the module that teaches \(match.intent)"
            return Resolution(intent: module, confidence: match.confidence, alternatives: [match.intent])
        }
        // "why would companies hire them instead of their own engineers": why the role in
        // focus is wanted, not where graduates are placed.
        if match.intent == roles[.unknown], let focus = referent(context), Self.contains(turn.typed, anyOf: Self.hiringThem),
           typed.contains("why") || typed.contains("instead"), turn.entities.isEmpty
        {
            turn.rule = "anaphora: why companies want \(focus), the role in focus (frame: focus)"
            return Resolution(intent: focus, confidence: max(match.confidence, Matcher.threshold), alternatives: [match.intent])
        }
        // "does that role need an engg background", "do they also need to know the technical
        // side": what the entity in focus needs, though the words read as another topic.
        if let focus = referent(context), !roles.isOverview(focus), turn.entities.isEmpty, !match.isBelowThreshold,
           match.intent != focus, isTopic(match.intent), asksWhatItNeeds(turn)
        {
            turn.rule = "anaphora: what \(focus), the entity in focus, needs (frame: focus)"
            return Resolution(intent: focus, confidence: max(match.confidence, Matcher.threshold), alternatives: [match.intent])
        }
        // "that role", "do they travel a lot?", "can I move into it later?": the entity in focus.
        // "that role" / "this module" point so plainly that they win over a reading of their
        // own, unless the message names a topic or asks about figures.
        // ("so what kind of person fits this path": whom the programme fits, whatever is in focus.)
        // ("how fast do ppl grow from there if they have both engg and mgmt": an area's overview
        // read with confidence, of another area than the focus, is what is asked.)
        let programmeQuestion = match.confidence >= 0.8
            && (programmeQuestions.contains(match.intent)
                || roles.isOverview(match.intent) && referent(context).flatMap { knowledge[$0]?.area } != knowledge[match.intent]?.area)
        // ("can i become one after this course": one of the role in focus, not any role.)
        let becomesOne = turn.triggers.contains(.one) && Self.contains(turn.typed, anyOf: Self.becomingOne)
        if anaphoric, !programmeQuestion, let focus = referent(context),
           isWeak(match, turn, context) || (pointsWithKind(turn) && turn.entities.isEmpty && match.intent != roles[.unknown] && !isConversationalMatch(match)
               && match.confidence < 0.6)
               || (becomesOne && turn.entities.isEmpty && roles.isOverview(match.intent) && knowledge[match.intent]?.area == knowledge[focus]?.area)
        {
            // "do they need an MBA?": the programme's own words do not turn the referent into
            // the programme.
            let kind = kindArea(turn, besides: knowledge[focus]?.area).flatMap { $0.name == knowledge.area(of: roles[.subject])?.name ? nil : $0 }
            let id = kind.flatMap { partOfAnswer(in: $0, besides: focus, context) } ?? self.focus(focus, as: kind)
            turn.rule = "anaphora: '\(turn.typed.first { Self.anaphors.contains($0) } ?? "it")' means \(id) (frame: focus\(kind.map { ", read as a \($0.name) topic" } ?? ""))"
            return Resolution(intent: id, confidence: max(match.confidence, Matcher.threshold), alternatives: alternatives)
        }
        // "can I move into it later from an ops role?": the role named after "from" is where
        // the user starts; the pronoun is where they want to go.
        if anaphoric, let focus = referent(context), let from = turn.typed.firstIndex(of: "from"), from > 0, from < turn.typed.count - 1 {
            let outside = TurnContext(text: turn.typed[..<from].joined(separator: " "), knowledge: knowledge, seed: turn.seed)
            // The origin: a name ("plant manager") or a topic word ("an ops role").
            let origin = TurnContext(text: turn.typed[(from + 1)...].joined(separator: " "), knowledge: knowledge, seed: turn.seed)
            if outside.entities.isEmpty, isAnaphoric(outside), !turn.entities.isEmpty || reading(of: origin) != nil {
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
        // (A name never outweighs the figures asked about it: "which company hires most in aerospace".)
        // "what jobs would use these modules": the modules are what is pointed at; the jobs,
        // what is asked.
        if close.count > 1, pointsWithKind(turn), let pointed = referent(context).flatMap({ knowledge[$0]?.area }),
           let asked = kindArea(turn, besides: pointed), asked.name != pointed, let overview = asked.overview,
           close.contains(where: { $0.intent == overview })
        {
            turn.rule = "kind word: what is pointed at is of area \(pointed); what is asked, \(overview)"
            return Resolution(intent: overview, confidence: match.confidence, alternatives: close.map(\.intent).filter { $0 != overview })
        }
        if close.count > 1, turn.contentStems.count <= 6, match.intent != roles[.unknown],
           let named = turn.entities.first(where: { id in close.contains { $0.intent == id } }),
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
        if close.count > 1, match.confidence < 0.8, !roles.comparisons.contains(match.intent), let named = turn.entities.first,
           !close.contains(where: { $0.intent == named }), isTopic(named)
        {
            turn.rule = "entity: the message names \(named), which neither close reading is"
            return Resolution(intent: named, confidence: max(Matcher.threshold, close[0].score), alternatives: close.map(\.intent))
        }
        // (Nor does it outweigh a comparison the message makes: "but would a general mba not
        // give me the same roles" after a role.)
        let comparesItself = roles.comparisons.contains(match.intent) && match.confidence >= 0.5
        if close.count > 1, match.intent != roles[.unknown], !comparesItself, let nearest = closestToTopic(close.map(\.intent), context), nearest != match.intent,
           let score = close.first(where: { $0.intent == nearest })?.score
        {
            turn.rule = "context: of two close readings, \(nearest) is nearest the topic (frame: topic)"
            return Resolution(intent: nearest, confidence: score, alternatives: close.map(\.intent).filter { $0 != nearest })
        }
        return Resolution(intent: match.intent, confidence: match.confidence, alternatives: alternatives)
    }

    /// "that role" after an answer in parts, a role among them: the last part of the answer
    /// that is of the kind word's area, when the focus is of another.
    func partOfAnswer(in area: DialogueRoles.Area, besides focus: String, _ context: DialogueContext) -> String? {
        guard knowledge[focus]?.area != area.name, let parts = context.alternatives, parts.count <= 3, parts.contains(focus) else { return nil }
        return parts.last { knowledge[$0]?.area == area.name && !roles.isOverview($0) }
    }
}
