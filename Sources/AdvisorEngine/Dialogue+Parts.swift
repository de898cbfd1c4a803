/// Messages with more than one part: an introduction with a question in it, two questions in
/// two sentences, or two topics joined by "and", "or", "vs" or "difference between". Every
/// part that asks something is answered; none is silently dropped.
extension DialogueEngine {
    /// The most sentences (or clauses) of one message read as parts: a pasted essay is read
    /// by its first ones, so a turn's cost stays bounded.
    public static let maximumParts = 8

    static let connectors: Set<String> = ["and", "or", "vs", "versus", "n", "nd", "aur", "plus", "than"]
    static let comparisonOpeners: [[String]] = [
        ["difference", "between"], ["diff", "between"], ["differences", "between"], ["compare"], ["comparison", "between"],
        ["comparison", "of"], ["which", "is", "better"], ["which", "better"],
    ]

    /// A message of several parts, answered part by part; nil when it has only one.
    func severalParts(_ turn: inout TurnContext, _ state: inout SessionState) -> Reply? {
        // Most messages are one sentence with no joining word: nothing to split.
        let hasJoin = turn.typed.contains(where: { Self.connectors.contains($0) || Self.comparisonWords.contains($0) || $0 == "compare" || $0 == "between" })
            || Self.saysSameness(turn.typed)
        // A reading the classifier is unsure of: nothing, or the fallback by a word or two
        // ("can i do this part time, i cant leave my job bcoz of home loan emi").
        let unsure = turn.match.isBelowThreshold || (turn.match.intent == roles.fallback && !isClearlyOffTopic(turn.match))
        let hasBreak = turn.text.utf8.contains {
            $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "!") || $0 == UInt8(ascii: ";") || $0 == UInt8(ascii: "\n")
                || ($0 == UInt8(ascii: ",") && unsure)
        }
        // An introduction, or a greeting or thanks before the question ("hi, what can you
        // help me with?"): the question is its tail.
        let introduces = turn.profileNote != nil
            || (!turn.match.isBelowThreshold && knowledge[turn.match.intent].map { isConversational($0.area) } == true
                && turn.text.contains(where: { ",.".contains($0) }))
        guard hasJoin || hasBreak || introduces else { return nil }
        let joinsQuestions = turn.typed.contains { $0 == "and" || $0 == "also" || $0 == "plus" }
        var sentences = Array(
            Self.sentences(turn.text).flatMap { joinsQuestions ? Self.joinedQuestions($0) : [$0] }.flatMap(questionsInARow).prefix(Self.maximumParts))
        // One sentence the classifier cannot read as a whole ("who exactly should do this
        // mba, I like hands-on tech stuff too"): its clauses are read one by one.
        let unread = unsure && sentences.count == 1 && turn.text.contains(",")
        // A long one is read by its last clauses, where students put the question.
        if unread { sentences = Array(sentences[0].split(separator: ",").map { $0.trimmed }.filter { !$0.isEmpty }.suffix(Self.maximumParts)) }
        guard hasJoin || sentences.count > 1 || introduces else { return nil }
        var asked: [(text: String, resolution: Resolution, rule: String)] = []
        if sentences.count > 1 || introduces {
            var before = ""
            // "ok back to roles. consultant vs scm?": a sentence that only names an area
            // moves the conversation there for the parts after it.
            var context = state.context
            // "ok leave that. is this right for me": a sentence that drops the topic; what
            // follows stands on its own and its pronouns point at nothing before.
            var dropped = false
            var earlier: [String] = []
            for whole in sentences {
                let wholeTurn = TurnContext(text: whole, knowledge: knowledge, seed: turn.seed)
                if wholeTurn.triggers.contains(.dismissal), Self.isDismissal(wholeTurn.typed) {
                    (before, dropped, context.focus) = ("", true, nil)
                    continue
                }
                defer { (before, earlier) = (whole, earlier + [whole]) }
                if !wholeTurn.isQuestion, wholeTurn.typed.count <= 5, let area = kindArea(wholeTurn) {
                    // "ok now jobs. what are the options after": the area as a whole, not the
                    // entity in focus before it.
                    if area.name != context.area, let overview = area.overview {
                        context.topic = overview
                        context.focus = nil
                    }
                    context.area = area.name
                    continue
                }
                // In an introduction ("myself Priya, ... so does this take me away from
                // engineering?") the question is the tail from its first question clause.
                guard let sentence = Self.questionTail(whole) else { continue }
                // What the question leans on: the clauses before it in its own sentence, else
                // the sentence before.
                let lead = whole.hasSuffix(sentence) ? String(whole.dropLast(sentence.count)).trimmed : ""
                if !lead.isBlank { before = lead }
                // "what all subjects are there, is supply chain one of them or only operations
                // and lean": the list answers whether the items are in it.
                if let list = listAsked(sentence) {
                    asked.append((sentence, list, "parts: a list asked for, its items named as candidates"))
                    follow(list.intent, &context)
                    continue
                }
                var part = TurnContext(text: sentence, knowledge: knowledge, seed: turn.seed)
                // A message the fallback reads by a word or two keeps that reading unless a part
                // reads in scope by its own terms ("what loan schemes are there" does not).
                if unread, !turn.match.isBelowThreshold, part.match.isBelowThreshold || part.match.intent == roles.fallback { continue }
                // Statements around the question are its context. A short question that
                // leans on the sentence before it ("how are they different actually?") is
                // read together with that sentence; another short one ("still useful?")
                // is not a part of its own.
                let confident = !part.match.isBelowThreshold && part.match.confidence >= 0.5
                let standsAlone = part.contentStems.count >= 2 || !part.entities.isEmpty || confident || (dropped && before.isEmpty)
                var resolved = standsAlone ? resolve(&part, context) : Resolution(intent: roles.fallback, confidence: 0)
                // "plant manager vs mfg consultant" after an introduction: two topics; "how is
                // it diff from ops manager" after a part that named the plant manager: that
                // one and the other.
                var joined = joinedTopics(part, context)
                if joined.count != 2 { joined = comparedWithFocus(part, context) }
                if joined.count == 2 {
                    asked += joined
                    if let last = joined.last { follow(last.resolution.intent, &context) }
                    continue
                }
                // "which one should I take?" chooses between what the sentence before named.
                // ("which colleges are ranked best for the manufacturing one" asks for figures.)
                let choosing = part.typed.contains("which") && !Set(part.typed).isDisjoint(with: ["one", "better", "should", "suits", "suit", "suitable"])
                    && !(part.match.intent == roles[.unknown] && part.match.confidence >= 0.8)
                // "what is the real difference between the two, which one is closer to what i do":
                // choosing between the two a comparison just weighed is part of that comparison.
                if choosing, let last = asked.last, roles.comparisons.contains(last.resolution.intent) { continue }
                // "what is it actually for?", "who should do it": the programme's own questions
                // (what it is, whom it fits), read with confidence: "it" is the programme,
                // whatever the sentence before names.
                let aboutSubject = part.match.confidence >= 0.8 && programmeQuestions.contains(part.match.intent)
                let pointsBack = isAnaphoric(part) && !aboutSubject
                    && (part.match.isBelowThreshold || roles.isOverview(part.match.intent))
                // "forget consulting, i think plant manager suits me more. what does that job
                // involve?": the pronoun means the one thing the sentence before names.
                // So does any pronoun after a clause of its own sentence that names one
                // thing: "and the 4.0 module, is it practical or only theory".
                if pointsBack, pointsWithKind(part) || !lead.isBlank || unread, !before.isEmpty {
                    let previous = TurnContext(text: Self.withoutNegatedParts(before).joined(separator: " "), knowledge: knowledge, seed: turn.seed)
                    // "the 4.0 module" names the module, not the curriculum as a whole.
                    let specific = previous.entities.filter { id in !roles.isOverview(id) }
                    let names = specific.isEmpty ? previous.entities : specific
                    // Of several names, the one nearest the pronoun ("our EV customers, and our GM
                    // talks about digital supply chain daily, what is it exactly?").
                    // ("ops manager or plant manager, how do they differ" asks about both.)
                    let singular = part.typed.contains { ["it", "its", "this", "that"].contains($0) } && !part.typed.contains { ["they", "them", "these", "those", "both"].contains($0) }
                    // ("my dream is to run supply chain for the north zone. what does that role look
                    // like?": a topic word of the sentence before, read in the kind word's area.)
                    let nearest = names.count == 1 ? names.first : singular ? knowledge.lastNamed(in: previous.normalised, among: names)
                        : names.isEmpty ? reading(of: previous).map { $0.intent(in: kindArea(part)?.name ?? context.area) } : nil
                    if let named = nearest, let intent = knowledge[named] {
                        var local = context
                        local.topic = named
                        local.focus = named
                        local.area = intent.area
                        var again = part
                        let reading = resolve(&again, local)
                        if isAnswerable(reading, again) {
                            asked.append((sentence, reading, again.rule + " (the name in the sentence before)"))
                            continue
                        }
                    }
                }
                // "is he right or is this thinking old": a judgement of the claim the sentence
                // before reports, asked of that claim.
                let judgesClaim = part.typed.count <= 10 && part.triggers.contains(.judgement) && part.typed.allSatisfy(Self.claimJudgement.contains)
                if !before.isEmpty, !standsAlone || !isAnswerable(resolved, part) || pointsBack || choosing || judgesClaim {
                    // A comparison leans on the nearest clause first: in "..., 2 years in a paint
                    // unit, confused whether a normal mba or this one, what is the difference
                    // between them" it is the clause just before, not the introduction.
                    var pairFound = false
                    let compares = choosing || !Set(part.typed).isDisjoint(with: ["difference", "between", "vs", "versus", "compare", "better", "over", "instead", "than", "rather"])
                    // (A claim may take the sentences before it together: those that report it.)
                    let reported = judgesClaim && lead.isBlank
                        ? Array(earlier.suffix(3).reversed().prefix { TextFolding.tokens($0).contains(where: Self.speechVerbs.contains) }.reversed()) : []
                    let leans = compares ? Self.nearestClauses(before) : reported.count > 1 ? [reported.joined(separator: " "), before] : [before]
                    for lean in leans {
                        var joined = TurnContext(text: lean + " " + sentence, knowledge: knowledge, seed: turn.seed)
                        // "plant manager vs operations manager, difference kya hai?": two topics.
                        let pair = joinedTopics(joined, context, comparisonsOnly: true)
                        if pair.count == 2 {
                            asked += pair
                            pairFound = true
                            break
                        }
                        let again = resolve(&joined, context)
                        // "so which sectors are growing, and why is everyone saying india needs
                        // leaders now, is there really a shortage of such people": leaning on the
                        // part before only to answer it again, a question read with confidence on
                        // its own keeps that reading.
                        let ownReading = !part.match.isBelowThreshold && part.match.confidence >= 0.5 && resolved.intent == part.match.intent
                        let repeats = ownReading && isAnswerable(resolved, part) && asked.contains { $0.resolution.intent == again.intent }
                        if isAnswerable(again, joined), !repeats {
                            resolved = again
                            part = joined
                            break
                        }
                    }
                    if pairFound { continue }
                }
                // A question the classifier cannot read whole ("who is this mba really for,
                // someone like me or more production people"): its first clause that asks
                // and reads.
                if !isAnswerable(resolved, part), sentence.contains(",") {
                    for clause in sentence.split(separator: ",") where TurnContext.isQuestion(clause: clause) {
                        var piece = TurnContext(text: String(clause).trimmed, knowledge: knowledge, seed: turn.seed)
                        let reading = resolve(&piece, context)
                        if isAnswerable(reading, piece) {
                            (resolved, part) = (reading, piece)
                            break
                        }
                    }
                }
                // "wo kaisa hota hai day to day, lot of travel hai kya": a short clause that names
                // nothing, after a part about the referent, asks about the same referent.
                if let previous = asked.last, previous.rule.hasPrefix("anaphora"), part.entities.isEmpty, part.typed.count <= 7,
                   resolved.intent != previous.resolution.intent, knowledge[resolved.intent]?.area == knowledge[previous.resolution.intent]?.area
                {
                    resolved = previous.resolution
                }
                guard isAnswerable(resolved, part) else { continue }
                asked.append((sentence, resolved, part.rule))
                // What a part asked about is what the next part's pronouns point at.
                follow(resolved.intent, &context)
            }
        }
        if asked.isEmpty {
            asked = comparedLastTwo(turn, state)
            if asked.isEmpty { asked = comparedWithFocus(turn, state.context) }
            if asked.isEmpty { asked = joinedTopics(turn, state.context) }
        }
        var distinct: [(text: String, resolution: Resolution, rule: String)] = []
        for part in asked where !distinct.contains(where: { $0.resolution.intent == part.resolution.intent }) {
            distinct.append(part)
        }
        // "and aerospace really? india makes planes also?": an area's overview beside a topic
        // of the same area, not asked for in so many words ("what is...", "is there future?"),
        // says nothing the topic does not.
        let areaOf = { (id: String) in self.knowledge[id]?.area }
        let all = distinct
        distinct.removeAll { part in
            roles.isOverview(part.resolution.intent)
                && TurnContext.leadingWord(Substring(part.text)).map(TurnContext.questionWords.contains) != true
                && all.contains { $0.resolution.intent != part.resolution.intent && areaOf($0.resolution.intent) == areaOf(part.resolution.intent) }
                && !asksInSoManyWords(part.text, part.resolution.intent)
        }
        // "6 yrs at a tractor company, thinking of this MBA ... is this right for me?": a
        // request for the fit check, read so by the whole message, stays one.
        // ("... will the plant management module help someone like me" asks about the module
        // it names.)
        if distinct.count == 1, !turn.match.isBelowThreshold, turn.match.intent == roles[.assessment], turn.match.confidence >= 0.5,
           distinct[0].resolution.confidence < 0.8
               && !TurnContext(text: distinct[0].text, knowledge: knowledge, seed: turn.seed).entities.contains(distinct[0].resolution.intent)
               || distinct[0].resolution.intent == roles[.assessment]
        {
            return nil
        }
        if distinct.count == 1, sentences.count > 1 || introduces, turn.profileNote != nil || distinct[0].resolution.intent != turn.match.intent {
            // One question inside a longer message (often after an introduction): answer it.
            let part = distinct[0]
            turn.rule = "parts: the question in a longer message, '\(part.text)': " + part.rule
            var sub = TurnContext(text: part.text, knowledge: knowledge, seed: turn.seed)
            sub.profileNote = turn.profileNote
            sub.silence = part.resolution.silence
            sub.rule = turn.rule
            let reply = answer(part.resolution.intent, confidence: part.resolution.confidence, &sub, &state, alternatives: part.resolution.alternatives)
            turn.rule = sub.rule
            return reply
        }
        guard distinct.count >= 2 else { return nil }
        return combined(Array(distinct.prefix(3)), &turn, &state)
    }

    /// The overviews whose "it" is always the programme: the programme's own and that of
    /// the area of the fit assessment (whom it fits).
    var programmeQuestions: Set<String> {
        let fit = roles[.assessment].flatMap { knowledge[$0]?.area }.flatMap { roles.area($0)?.overview }
        return Set([roles[.subject], fit].compactMap { $0 })
    }

    /// The question in a sentence: the whole sentence if it asks, else the part from its
    /// first clause that asks; nil when it only tells.
    static func questionTail(_ sentence: String) -> String? {
        let clauses = sentence.split(separator: ",", omittingEmptySubsequences: true)
        guard let first = clauses.firstIndex(where: TurnContext.isQuestion(clause:)) else { return nil }
        // Only what introduces the user or greets goes: "plant manager vs ops manager, which
        // one is better?" keeps its topics.
        var start = first
        while start > 0 {
            let clause = String(clauses[start - 1])
            let words = TextFolding.tokens(clause)
            let tells = ProfileExtractor.isStatementAboutSelf(clause) || words.count <= 2 || words.first.map(TurnContext.clauseOpeners.contains) == true
                || words.contains(where: { ["i", "im", "my", "me", "myself", "exp", "experience", "passout", "fresher"].contains($0) })
                || zip(words, words.dropFirst()).contains { Int($0.0) != nil && ["yr", "yrs", "year", "years"].contains($0.1) }
            if tells { break }
            start -= 1
        }
        // "who should do this MBA, I am 2 years in two-wheeler assembly": what follows the
        // question and only tells about the user is context, not part of the question.
        // So is a reason given after it ("..., bcoz if not then i may go for a pure scm course").
        var end = clauses.count
        while end > first + 1, !TurnContext.isQuestion(clause: clauses[end - 1]),
              ProfileExtractor.isStatementAboutSelf(String(clauses[end - 1]))
                || TurnContext.leadingWord(clauses[end - 1]).map(Self.reasonOpeners.contains) == true
        {
            end -= 1
        }
        return clauses[start..<end].joined(separator: ",").trimmed
    }

    /// Moves a local frame to a topic a part asked about.
    func follow(_ id: String, _ context: inout DialogueContext) {
        // "where is this info from, is it from some survey?": after a question about the
        // source, "it" is the information, never the entity in focus.
        if id == roles[.source] {
            context.focus = nil
            context.topic = id
            return
        }
        guard isTopic(id), let intent = knowledge[id] else { return }
        context.topic = id
        context.focus = id
        context.area = intent.area
    }

    /// The words of a question that only judges a claim ("is he right or is this thinking old").
    static let claimJudgement: Set<String> = [
        "is", "are", "was", "he", "she", "they", "this", "that", "it", "right", "correct", "true", "wrong", "valid", "old", "outdated",
        "fair", "accurate", "sahi", "or", "not", "thinking", "thought", "view", "opinion", "really", "so", "hai", "kya", "na", "am", "i",
        "too", "just", "mindset", "idea", "ok", "sir", "fully", "completely", "partly", "their", "his", "her", "common", "normal",
        "usual", "typical", "kind", "of", "thing",
    ]

    /// Words that report what someone else says ("my mama says ...").
    static let speechVerbs: Set<String> = ["says", "said", "say", "told", "tells", "tell", "thinks", "think", "saying", "feels", "believes", "claims", "bolte", "kehte"]

    /// Words that open a clause giving a reason.
    static let reasonOpeners: Set<String> = ["bcoz", "because", "coz", "cause", "cuz", "since", "bc", "kyunki", "kyuki"]

    /// Whether a part's reading is something to answer on its own.
    func isAnswerable(_ resolved: Resolution, _ part: TurnContext) -> Bool {
        resolved.intent != roles.fallback && resolved.intent != roles[.greeting] && resolved.intent != roles[.acknowledgement]
            && knowledge[resolved.intent] != nil
            && resolved.confidence >= Matcher.threshold
    }

    /// A short answer for each part, in the order asked.
    private func combined(_ parts: [(text: String, resolution: Resolution, rule: String)], _ turn: inout TurnContext, _ state: inout SessionState) -> Reply {
        turn.rule = "parts: " + parts.map { "'\($0.text)' → \($0.resolution.intent)" }.joined(separator: "; ")
        var sections: [String] = []
        var blocks: [AnswerBlock] = []
        var suggestions: [String] = []
        var last: Intent?
        for part in parts {
            guard let intent = knowledge[part.resolution.intent] else { continue }
            if intent.id == roles[.assessment] {
                sections.append("[\(intent.title)]\n\nSay \"is this right for me?\" and I'll ask you five short questions.")
                continue
            }
            sections.append("[\(intent.title)]\n\n" + intent.answer)
            blocks += intent.answerBlocks
            suggestions += intent.suggest.filter { id in !parts.contains { $0.resolution.intent == id } && !suggestions.contains(id) }
            last = intent
        }
        if let last { moveFrame(to: last, &state) }
        state.context.alternatives = parts.map(\.resolution.intent)
        state.context.misses = 0
        // The frame is on the last part: what it offers ("who it is for" offers the fit
        // check) is offered, so "haan ok" after it accepts.
        state.context.offer = last?.offer
        var body = "You asked about \(parts.count == 2 ? "two" : "three") things; here is each in short.\n\n" + sections.joined(separator: "\n\n")
        if let note = turn.profileNote { body = note + "\n\n" + body }
        let intent = parts.map(\.resolution.intent).joined(separator: " + ")
        return offer(Reply(intent: intent, confidence: parts.map(\.resolution.confidence).min() ?? 1, kind: .answer, body: body, blocks: blocks),
                     suggestions: suggestions, &state)
    }
}
