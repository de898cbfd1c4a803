/// Dialogue acts: short messages that mean something only in context. "yes" accepts what
/// the advisor offered, "why?" asks for the reasons behind the last answer or conclusion,
/// "what do you mean?" for it in other words, "next steps" follows a conclusion, "stop"
/// leaves a flow, and "no, the module, not the role" corrects the last reading.
extension DialogueEngine {
    enum Act: Equatable {
        case yes, no, why, meaning, nextSteps, stop, recall, more
        /// "ok leave that", "forget it" with no flow running: the topic is dropped.
        case dismiss
        /// "again?", "repeat pls the sectors": the last answer, or the one named, once more.
        case again
        case correction
        /// "how do you know?", "source?" after an answer: the claims behind it.
        case provenance
    }

    /// The act a message performs, if it is one; nil for an ordinary message.
    func act(_ turn: TurnContext, _ context: DialogueContext) -> Act? {
        let words = turn.typed
        guard !words.isEmpty else { return nil }
        let set = Set(words)
        if context.assessment == nil, words.count <= 8, turn.triggers.contains(.dismissal), Self.isDismissal(words) {
            return context.offer != nil ? .no : .dismiss
        }
        if words.count <= 12, !set.isDisjoint(with: Self.stopWords) {
            // While a flow runs, "stop", "enough" or "cancel this" leave it; otherwise only
            // words that name the flow do ("quit" and "exit" alone say goodbye). "skip" leaves
            // only the flow it names ("skip this test"), never a question ("skip this question").
            // With none running, the flow is named in the stop word's own clause: "ok leave
            // that. is this right for me, can u check" asks for the check.
            let namesFlow = context.assessment != nil ? !set.isDisjoint(with: Self.flowNames)
                : Self.clauses(turn.text).contains { clause in
                    let words = Set(TextFolding.tokens(clause))
                    return !words.isDisjoint(with: Self.stopWords) && !words.isDisjoint(with: Self.flowNames)
                }
            let skipsOnly = set.intersection(Self.stopWords) == ["skip"]
            if skipsOnly && (!namesFlow || set.contains("question")) {
                // not a stop
            } else if namesFlow || (context.assessment != nil && (words.count <= 3 || !set.isDisjoint(with: Self.flowWords))) {
                return .stop
            }
        }
        if words.count <= 8, turn.triggers.contains(.again), context.topic.map(isTopic) == true,
           turn.normalised.tokens.allSatisfy({ Self.againFiller.contains($0.word) || $0.isStopword }) || againTarget(turn) != nil
        {
            return .again
        }
        if words.count <= 7, !set.isDisjoint(with: Self.resultWords), set.contains("my") || set.contains("the") || words.count <= 2 {
            return .recall
        }
        // "so kya result hai basically, one line me bolo" after a result.
        if words.count <= 10, context.conclusion != nil, !set.isDisjoint(with: Self.resultWords),
           !set.isDisjoint(with: ["kya", "what", "whats", "wat", "tell", "bolo", "batao", "again"])
        {
            return .recall
        }
        if words.count <= 12, context.conclusion != nil, Self.contains(words, anyOf: Self.recallPhrases) { return .recall }
        // ("lean is also coming in textile now, what is it" names its topic.)
        if isNextSteps(words), turn.entities.isEmpty || context.conclusion != nil { return .nextSteps }
        // "next?", "ok so next" right after a conclusion.
        if context.conclusion != nil, words.count <= 4, words.contains("next"), words.allSatisfy(Self.bareNextWords.contains) { return .nextSteps }
        if words.count <= 9, Self.contains(words, anyOf: Self.provenancePhrases), context.topic.map(isTopic) == true,
           turn.match.isBelowThreshold || turn.match.intent == roles[.source] || turn.match.intent == context.topic
        {
            return .provenance
        }
        // "y so", "y?": texting's "why", outside the assessment (where "y" answers yes).
        let textedWhy = words.first == "y" && words.count <= 4 && context.assessment == nil && context.topic != nil
        let whySet = textedWhy ? set.subtracting(["y"]).union(["why"]) : set
        if words.count <= 5, whySet.contains("why") || (set.contains("how") && set.contains("come")) || set.contains("kyu") || set.contains("kyun"),
           whySet.isSubset(of: Self.whyWords)
        {
            return .why
        }
        // "how come? i already handle budget for my shift": the why, then what the user says
        // of themselves.
        if let mark = turn.text.firstIndex(where: { $0 == "?" }), context.topic != nil {
            let head = TextFolding.tokens(String(turn.text[..<mark]))
            let rest = String(turn.text[turn.text.index(after: mark)...])
            let bareHead = Array(head.drop(while: Self.interjections.contains))
            if !bareHead.isEmpty, bareHead.count <= 3, Self.whyForms.contains(bareHead),
               !rest.isBlank, !TurnContext.isQuestion(clause: Substring(rest))
            {
                return .why
            }
        }
        // "really? how", "ok but why": the why without the words around it.
        let bare = Array(words.drop(while: Self.interjections.contains).reversed().drop(while: Self.interjections.contains).reversed())
        if Self.whyForms.contains(words) || (!bare.isEmpty && Self.whyForms.contains(bare)) || (words == ["y"] && textedWhy) {
            return .why
        }
        if words.count <= 10, context.topic != nil, Self.contains(words, anyOf: Self.whyPhrases),
           turn.match.isBelowThreshold || turn.match.intent == context.topic || turn.match.intent == roles.fallback
        {
            return .why
        }
        // "why narrower?", "why them?": a why about the last answer, in a word or two.
        if words.first == "why" || words.first == "kyu", words.count <= 4, context.topic != nil,
           turn.match.isBelowThreshold || turn.match.intent == context.topic || turn.entities.contains(context.topic ?? "")
        {
            return .why
        }
        // "how come there is a shortage" after the outlook: a why in words of the topic itself.
        if words.first == "why" || words.starts(with: ["how", "come"]), words.count <= 10, let topic = context.topic, isTopic(topic),
           turn.match.isBelowThreshold, knowledge.matcher.softCandidates(turn.normalised).first?.intent == topic
        {
            return .why
        }
        // "why do you say both sides matter, ...": why, about the last answer.
        if context.topic != nil, Self.contains(Array(words.prefix(5)), anyOf: Self.whySayPhrases) { return .why }
        // "why is that even needed in a management degree?": why, about what was just said.
        if words.first == "why", words.count <= 10, context.topic != nil, isAnaphoric(turn),
           turn.match.isBelowThreshold || roles.isOverview(turn.match.intent) && turn.entities.isEmpty
               && turn.match.confidence < 0.75
        {
            return .why
        }
        // "why did I get this result?", "why not a fit? 7 years is a lot": right after a result.
        if let conclusion = context.conclusion, context.topic == conclusion.intent, words.count <= 14,
           words.contains("why") || words.contains("kyu") || Self.contains(words, anyOf: [["what", "made"], ["how", "come"]])
        {
            return .why
        }
        // "explain that a bit more" asks for more, "explain that" for other words.
        // "tell me curriculum and roles in short" names topics of its own: not about the last answer.
        // "in simple words pls, im from the assembly line not a mgmt guy": the request leads,
        // what follows only says why.
        let leadClause = words.count > 10 ? Self.clauses(turn.text, separators: ",.;!?-").first.map { TextFolding.tokens($0) } ?? [] : []
        let leadAsks = leadClause.count <= 6 && isMeaning(leadClause)
        if isMeaning(words) || leadAsks || asksWhatTheAnswerMeant(words, context), !(words.contains("more") || words.contains("detail")),
           (leadAsks ? TurnContext(text: leadClause.joined(separator: " "), knowledge: knowledge, seed: 0).entities : turn.entities)
               .allSatisfy({ $0 == context.topic || $0 == context.focus })
        {
            return .meaning
        }
        // "tell me more (about X)", but not "is that more about people or machines".
        // ("what if i just do an MTech instead and go deeper into tool design?" asks a question
        // of its own.)
        if words.count <= 16, Self.contains(words, anyOf: Self.morePhrases),
           words.count <= 4 || Self.contains(Array(words.drop(while: TurnContext.clauseOpeners.contains).prefix(4)), anyOf: Self.morePhrases)
            || Self.contains(words.suffix(4).map { $0 }, anyOf: Self.morePhrases)
               && (turn.match.isBelowThreshold || turn.match.confidence < 0.6 || !isTopic(turn.match.intent) || turn.match.intent == context.topic)
        {
            return .more
        }
        // "yes go ahead, I'll answer for him": the first clause decides.
        let lead = Set(Self.clauses(turn.text, separators: ",.;!?-").first.map { TextFolding.tokens($0) } ?? words)
        // Only when something was offered or asked: otherwise "no, the role" is a correction.
        let awaitsAnswer = context.offer != nil || (context.choicesAreClarification && !context.choices.isEmpty)
        // ("ok. in our mill they are putting sensors, is this a smart factory": an "ok" before a
        // question of its own accepts nothing.)
        let leadOnlyAcknowledges = awaitsAnswer && lead.isSubset(of: Self.bareAcknowledgements) && lead != set
        for candidate in leadOnlyAcknowledges ? [set] : [set, lead] where awaitsAnswer && !candidate.isEmpty && candidate.count <= 6 {
            if !candidate.isDisjoint(with: Self.affirmativeCore), candidate.isSubset(of: Self.affirmative) { return .yes }
            if candidate.count <= 5, !candidate.isDisjoint(with: Self.negativeCore), candidate.isSubset(of: Self.negative) { return .no }
        }
        // "no no i meant the job, operations manager role, bcoz in our factory ...": a long
        // message corrects in its lead, before the reason it gives.
        if isCorrection(words) || (words.count > 24 && isCorrection(TextFolding.tokens(Self.correctionLead(turn.text)))) { return .correction }
        // "no no module", "nahi, the role": a kind word alone after a "no" names the other reading.
        if let first = words.first, Self.correctionOpeners.contains(first), words.count <= 5, context.topic != nil,
           let area = kindArea(turn), area.name != context.area,
           turn.normalised.tokens.allSatisfy({ $0.isStopword || Self.correctionOpeners.contains($0.word) || area.kindStems.contains($0.stem) })
        {
            return .correction
        }
        return nil
    }

    private func isNextSteps(_ words: [String]) -> Bool {
        words.count <= 12 && Self.contains(words, anyOf: Self.nextStepPhrases)
    }

    private func isMeaning(_ words: [String]) -> Bool {
        words.count <= 10 && Self.contains(words, anyOf: Self.meaningPhrases)
    }

    /// "what does that gap mean for freshers like me": what "that gap", a phrase of the last
    /// answer, means.
    func asksWhatTheAnswerMeant(_ words: [String], _ context: DialogueContext) -> Bool {
        guard words.count <= 12, let does = words.firstIndex(of: "does"), does > 0, ["what", "wat"].contains(words[does - 1]),
              let mean = words.firstIndex(where: { $0 == "mean" || $0 == "means" }), mean > does + 1, mean - does <= 4
        else { return false }
        return lastAnswerSays(words[(does + 1)..<mean].filter { !Self.pointers.contains($0) }, context)
    }

    /// Whether the last answer used every one of `words` (and there is at least one).
    func lastAnswerSays(_ words: [String], _ context: DialogueContext) -> Bool {
        guard !words.isEmpty, let answer = context.topic.flatMap({ knowledge[$0] })?.answer else { return false }
        let said = Set(TextFolding.tokens(answer))
        return words.allSatisfy(said.contains)
    }
    static let pointers: Set<String> = ["that", "this", "the", "those", "these", "u", "you"]

    /// The part of a message before the reason it gives or its first full stop.
    static func correctionLead(_ text: String) -> String {
        var lead: [Substring] = []
        for clause in text.split(whereSeparator: { ",.;!?".contains($0) }) {
            if let first = TextFolding.tokens(String(clause)).first, reasonOpeners.contains(first) { break }
            lead.append(clause)
            if lead.count == 3 { break }
        }
        return lead.joined(separator: ",")
    }

    private func isCorrection(_ words: [String]) -> Bool {
        guard words.count <= 24, let first = words.first else { return false }
        if first == "not" || Self.contains(words, anyOf: [["i", "meant"], ["i", "mean"], ["not", "the"]]) { return true }
        return Self.correctionOpeners.contains(first) && (words.contains("not") || words.contains("meant") || words.contains("asking"))
            || Self.contains(Array(words.prefix(4)), anyOf: [["i", "was", "asking"], ["i", "asked"], ["i", "am", "asking"], ["im", "asking"]])
    }

    /// Answers a dialogue act, or returns nil when the message is not one (or the act has
    /// nothing in the frame to apply to, and the message is better read as usual).
    func dialogueAct(_ turn: inout TurnContext, _ state: inout SessionState) -> Reply? {
        guard let act = act(turn, state.context) else { return nil }
        // "example for the first one?" after an answer in two parts: that part.
        if [.why, .meaning, .more].contains(act), let (parts, fromList) = orderedParts(state.context),
           let number = Self.partNumber(turn.typed, count: parts.count), parts.indices.contains(number - 1),
           let intent = knowledge[parts[number - 1]]
        {
            moveFrame(to: intent, &state)
            if fromList { state.context.alternatives = parts }
        }
        let context = state.context
        switch act {
        case .yes:
            if context.offer == nil, context.choicesAreClarification, let first = context.choices.first {
                turn.rule = "act yes: the first reading of the clarification (frame: choices)"
                state.context.choices = []
                return answer(first.intent, confidence: 1, &turn, &state)
            }
            guard let offered = context.offer else { return nil }
            turn.rule = "act yes: accepts the offer of \(offered) (frame: offer)"
            state.context.offer = nil
            return answer(offered, confidence: 1, &turn, &state)
        case .no:
            guard let offered = context.offer else { return nil }
            turn.rule = "act no: declines the offer of \(offered) (frame: offer)"
            state.context.offer = nil
            return offer(Reply(intent: offered, confidence: 1, kind: .answer, body: "No problem. Ask me anything else about the degree, the roles it leads to, or what it teaches."),
                         suggestions: knowledge[context.topic ?? ""]?.suggest ?? defaultSuggestions, &state)
        case .again:
            guard let target = againTarget(turn) ?? context.topic, knowledge[target] != nil else { return nil }
            turn.rule = "act again: \(target) once more (frame: topic)"
            return answer(target, confidence: 1, &turn, &state)
        case .dismiss:
            turn.rule = "act dismiss: the topic is dropped (frame: focus)"
            state.context.focus = nil
            state.context.choices = []
            return Reply(intent: roles[.acknowledgement] ?? roles.fallback, confidence: 1, kind: .answer,
                         body: "Okay, let's leave that. Ask me anything else: the degree, what it teaches, the roles it leads to, or whether it fits you.")
        case .stop:
            turn.rule = "act stop: nothing is running (frame: assessment)"
            let assessment = roles[.assessment] ?? roles.fallback
            state.context.offer = nil
            return Reply(intent: assessment, confidence: 1, kind: .answer,
                         body: "There's nothing running to stop. Ask me anything, or type /quit to leave.")
        case .recall:
            guard let conclusion = context.conclusion else { return nil }
            turn.rule = "act recall: the last conclusion (frame: conclusion)"
            return Reply(intent: conclusion.intent, confidence: 1, kind: .recommendation, title: "Your fit",
                         body: "Your fit check said: " + fit.verdictLine(conclusion.verdict) + "\n\n" + fit.reasons(conclusion.answers))
        case .nextSteps:
            if let conclusion = context.conclusion, context.topic == conclusion.intent {
                turn.rule = "act next steps: after the conclusion (frame: conclusion)"
                return offer(Reply(intent: conclusion.intent, confidence: 1, kind: .recommendation, title: "Next steps",
                                   body: fit.nextSteps(conclusion.verdict)),
                             suggestions: fit.suggestions(conclusion.verdict, knowledge: knowledge), &state, prompt: "You could ask next:")
            }
            // Without a result, "what next?" is only an act when the words say nothing else.
            guard let assessment = roles[.assessment], context.conclusion == nil, turn.match.isBelowThreshold else { return nil }
            turn.rule = "act next steps: no conclusion yet, offer the assessment"
            state.context.offer = assessment
            return Reply(intent: assessment, confidence: 1, kind: .answer,
                         body: "A good first step is to check whether this path fits you: five short questions. Shall we start? (yes or no)")
        case .why:
            if let conclusion = context.conclusion, context.topic == conclusion.intent {
                turn.rule = "act why: the reasons of the conclusion (frame: conclusion)"
                return Reply(intent: conclusion.intent, confidence: 1, kind: .recommendation, title: "Why",
                             body: "Because of your own answers:\n\n" + fit.reasons(conclusion.answers))
            }
            // "why only these modules?": the reasons for the whole area, not the one in focus;
            // "why do you say demand for leaders is growing?": the topic the message names.
            let overview = pointsAtAll(turn).flatMap { knowledge[$0] }
            let named = !turn.match.isBelowThreshold && turn.match.confidence >= 0.9 && isTopic(turn.match.intent)
                && turn.match.intent != context.topic && Self.contains(Array(turn.typed.prefix(5)), anyOf: Self.whySayPhrases)
                ? knowledge[turn.match.intent] : nil
            guard let topic = overview ?? named ?? context.topic.flatMap({ knowledge[$0] }) else { return nil }
            turn.rule = "act why: the reasoning behind \(topic.id) (frame: \(overview == nil ? "topic" : "a plural kind word"))"
            let (body, blocks) = !topic.why.isEmpty ? (topic.why, topic.whyBlocks)
                : topic.more.isEmpty ? (topic.answer, topic.answerBlocks) : (topic.more, topic.moreBlocks)
            return offer(Reply(intent: topic.id, confidence: 1, kind: .more, title: "Why: \(topic.title)", body: body, blocks: blocks),
                         suggestions: topic.suggest, &state)
        case .meaning:
            // "smart factory meaning?" asks about a topic of its own (a longer message asks for
            // the last answer in its first clause, and the rest only says why).
            let topicStems = turn.normalised.tokens.filter { !$0.isStopword && !Self.meaningWords.contains($0.word) }
            if turn.typed.count <= 10, !turn.match.isBelowThreshold, isTopic(turn.match.intent), turn.match.intent != context.topic,
               Self.subject(afterBy: turn.typed) == nil, !topicStems.isEmpty, !asksWhatTheAnswerMeant(turn.typed, context)
            {
                return nil
            }
            let subject = Self.subject(afterBy: turn.typed)
            // "what do you mean by system at scale" after an answer that said it: that answer,
            // explained, not the topic the words name elsewhere.
            // ("system at scale vs component": the words the answer used, joined.)
            let saidInLastAnswer = subject.map { lastAnswerSays(TextFolding.tokens($0).filter { !Self.connectors.contains($0) && $0 != "between" }, context) }
                ?? false
            if let subject, !saidInLastAnswer, let id = meaningTopic(subject, state.context), let intent = knowledge[id], id != context.topic {
                turn.rule = "act what do you mean: '\(subject)' names \(id)"
                moveFrame(to: intent, &state)
                return offer(Reply(intent: id, confidence: 1, kind: .answer, title: intent.title, body: intent.answer, blocks: intent.answerBlocks),
                             suggestions: intent.suggest, &state)
            }
            guard let topic = context.topic.flatMap({ knowledge[$0] }) else { return nil }
            turn.rule = "act what do you mean: the last answer in other words (frame: topic)"
            let deeper = state.context.depth == 0 && !topic.more.isEmpty
            let body = deeper ? topic.more : topic.answer
            state.context.depth = max(state.context.depth, 1)
            return offer(Reply(intent: topic.id, confidence: 1, kind: .more, title: topic.title, body: "In other words:\n\n" + body,
                               blocks: deeper ? topic.moreBlocks : topic.answerBlocks),
                         suggestions: topic.suggest, &state)
        case .correction:
            return correction(&turn, &state)
        case .provenance:
            guard let topic = context.topic.flatMap({ knowledge[$0] }) else { return nil }
            turn.rule = "act source: the claims behind \(topic.id) (frame: topic)"
            return provenance(of: topic, deeper: context.depth > 0)
        case .more:
            guard let more = roles[.more] else { return nil }
            // "tell me more about digital supply chains" when they are not the topic yet: the
            // answer on them, from the start.
            // "tell me more about that module": the entity in focus, read in that area.
            if isAnaphoric(turn), let focus = context.focus ?? context.topic {
                let target = self.focus(focus, as: kindArea(turn, besides: knowledge[focus]?.area))
                turn.rule = "act more: on \(target), the entity in focus (frame: focus)"
                return self.more(1, &turn, &state, on: target)
            }
            // "could you describe the operations component in more depth?": a topic word among
            // other words names the topic too.
            if let named = turn.match.candidates.map(\.intent).first(where: isTopic) ?? turn.entities.first
                ?? (reading(of: turn) ?? readingNamedIn(turn)).map({ $0.intent(in: kindArea(turn)?.name ?? context.area) }),
               named != context.topic, named != context.focus
            {
                turn.rule = "act more: about \(named), which is not the topic yet"
                return answer(named, confidence: 1, &turn, &state)
            }
            return answer(more, confidence: 1, &turn, &state)
        }
    }

    /// What "repeat pls the sectors" names besides the words of repeating: an entity, or a
    /// topic word read in the conversation's area.
    func againTarget(_ turn: TurnContext) -> String? {
        let rest = turn.normalised.tokens.filter { !Self.againFiller.contains($0.word) && !$0.isStopword }
        guard !rest.isEmpty, rest.count <= 3 else { return nil }
        let named = TurnContext(text: rest.map(\.original).joined(separator: " "), knowledge: knowledge, seed: turn.seed)
        if let entity = named.entities.first { return entity }
        if let area = kindArea(named), named.normalised.tokens.allSatisfy({ area.kindStems.contains($0.stem) || $0.isStopword }) {
            return area.kindTopic ?? area.overview
        }
        return reading(of: named)?.defaultIntent
    }
}
