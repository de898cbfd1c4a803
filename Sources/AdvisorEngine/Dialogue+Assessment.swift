/// The guided fit assessment as a flow in the conversation: it starts, takes free-text
/// answers, pauses for a question on another topic and picks up again, explains a question
/// without counting the explanation as an answer, stops when asked, and keeps its
/// conclusion in the frame for "why?", "next steps" and the welcome back.
extension DialogueEngine {
    static let resumeWords: Set<String> = ["continue", "resume", "carry", "back", "assessment", "questions", "proceed", "next", "go", "on", "quiz", "test"]
    static let leavingWords: Set<String> = ["thanks", "thank", "thx", "thanku", "later", "bye"]
    /// Words that open a message before its first real word ("ok stop", "sorry, pause this").
    static let breakOpeners: Set<String> = ["ok", "okay", "sorry", "wait", "pls", "please", "plz", "sir", "hmm", "arre", "acha", "accha", "lets", "let", "us"]
    /// Words that ask what something means, in the tail after a question about the question
    /// ("strategic influence? not sure what that means here"); "yes pls" still answers.
    static let askingMeaning: Set<String> = ["mean", "means", "meaning", "matlab", "understand", "unclear", "samjha", "samjhao"]
    /// Words that ask for the assessment from its first question again.
    static let restartWords: Set<String> = ["again", "restart", "start", "scratch", "redo", "fresh", "beginning", "over", "dobara", "phir"]
    /// Words that ask for a break in the assessment, as its first word.
    static let pauseWords: Set<String> = ["pause", "brb"]
    /// Words that say the user will come back to it.
    static let comingBackWords: Set<String> = ["later", "tomorrow", "today", "back", "continue", "finish", "resume", "baad", "kal", "sometime"]

    /// The text after a clause that takes up the paused questions ("back to the quiz"),
    /// behind interjections ("accha ok."); nil when the message does not open so.
    static func afterResuming(_ text: String) -> String? {
        var rest = Substring(text)
        for _ in 0..<3 {
            let end = rest.firstIndex(where: { ",.;!?-".contains($0) }) ?? rest.endIndex
            let words = TextFolding.tokens(String(rest[..<end]))
            let after = end == rest.endIndex ? rest[end...] : rest[rest.index(after: end)...]
            if !words.isEmpty, words.allSatisfy(Self.resumeInterjections.contains) {
                rest = after
                continue
            }
            guard !words.isEmpty, words.count <= 6, !Set(words).isDisjoint(with: resumeWords), !TurnContext.isQuestion(clause: rest[..<end])
            else { return nil }
            return String(after).trimmingLeadingPunctuation
        }
        return nil
    }
    /// The words of a plain yes or no.
    static let yesOrNo = affirmativeCore.union(negativeCore)
    static let yesOrNoWithoutOK = yesOrNo.subtracting(["ok", "okay"])
    static let resumeInterjections: Set<String> = interjections.union(["ok", "okay", "accha", "acha", "haan", "fine", "right", "sorry", "done", "hmm", "yes"])

    /// The line after a reply given while the assessment waits at `step`.
    static func pausedNote(at step: Int) -> String {
        "\n\n(We paused the fit assessment at question \(step + 1): say \"let's continue\" to go on.)"
    }

    func startAssessment(_ confidence: Double, _ turn: TurnContext, _ state: inout SessionState) -> Reply {
        let id = roles[.assessment] ?? roles.fallback
        state.context.misses = 0
        state.context.offer = nil
        // A knowledge base without an `assessment:` section: the intent's answer, no flow.
        guard !fit.questions.isEmpty, let intent = knowledge[id] else {
            state.context.assessment = nil
            return Reply(intent: id, confidence: confidence, kind: .answer, title: knowledge[id]?.title,
                         body: knowledge[id]?.answer ?? "", blocks: knowledge[id]?.answerBlocks)
        }
        if var paused = state.context.assessment, paused.isPaused {
            paused.isPaused = false
            state.context.assessment = paused
            return Reply(intent: id, confidence: confidence, kind: .assessment, body: "Let's pick up where we left off.\n\n" + fit.question(paused.step))
        }
        state.context.topic = id
        state.context.area = intent.area
        state.context.depth = 0
        state.context.choices = []
        var assessment = Assessment()
        // For someone else ("check if it suits him"), what the user told of themselves is not
        // that person's: every question is asked.
        let confirmed = state.context.askingFor.map { "The questions are about your \($0): answer them as they would." }
            ?? skipKnown(&assessment, state.profile)
        state.context.assessment = assessment
        let intro = knowledge[id]?.answer ?? "Let's find out with a few short questions."
        var body = intro + "\n\n" + (confirmed.map { $0 + "\n\n" } ?? "") + fit.question(assessment.step)
        if let note = turn.profileNote { body = note + "\n\n" + body }
        return Reply(intent: id, confidence: confidence, kind: .assessment, title: knowledge[id]?.title, body: body)
    }

    /// Handles a message while the assessment is open; nil lets the message be answered as usual.
    func continueAssessment(_ assessment: inout Assessment, _ turn: inout TurnContext, _ state: inout SessionState) -> Reply? {
        let id = roles[.assessment] ?? roles.fallback
        // A saved assessment the knowledge base no longer has questions for is over.
        guard fit.questions.indices.contains(assessment.step) else {
            state.context.assessment = nil
            return nil
        }
        let words = turn.typed
        let set = Set(words)
        let step = assessment.step
        let act = act(turn, state.context)
        // "stop, shift starting, will come back later", "pause this, i'll finish it later": a
        // break, not an end; the answers so far are kept.
        let opening = words.drop(while: Self.breakOpeners.contains).first
        let leadsWithStop = opening.map { Self.stopWords.contains($0) && $0 != "skip" } ?? false
        if !assessment.isPaused, !turn.isQuestion, leadsWithStop || opening.map(Self.pauseWords.contains) == true,
           opening.map(Self.pauseWords.contains) == true || !set.isDisjoint(with: Self.comingBackWords)
        {
            turn.rule = "assessment: paused, the user will come back"
            assessment.isPaused = true
            state.context.assessment = assessment
            return Reply(intent: id, confidence: 1, kind: .assessment,
                         body: "Fine, let's pause here; your answers so far are kept. Say \"let's continue\" when you want to go on from question \(step + 1).")
        }
        if act == .stop || (words.count <= 6 && set.contains("stop")) || leadsWithStop {
            turn.rule = "assessment: stopped"
            state.context.assessment = nil
            return Reply(intent: id, confidence: 1, kind: .assessment, body: "Fine, I've stopped the assessment. Say \"is this right for me?\" to start again any time.")
        }
        // "wait, change my last answer, i do want to lead": an earlier answer corrected; the
        // question now open is asked again.
        if !assessment.isPaused, let (earlier, value) = correctedAnswer(turn.text, words, step: step) {
            turn.rule = "assessment: the answer to question \(earlier + 1) corrected"
            assessment.answers[fit.questions[earlier].id] = value
            state.context.assessment = assessment
            return Reply(intent: id, confidence: 1, kind: .assessment,
                         body: "Noted: I've changed your answer to question \(earlier + 1).\n\n" + fit.question(step))
        }
        // "system at scale means the entire plant?": a question in the question's own words.
        let aboutTheQuestion = fit.isAbout(step, words: words) && words.count > 4
            && (turn.text.contains("?") || !Set(words).isDisjoint(with: ["means", "mean", "meaning", "matlab", "exactly", "difference", "here"]))
        if !assessment.isPaused, act == .meaning || act == .why || aboutTheQuestion {
            // "hmm, means stay in industry? yes, cement only": the answer after the question;
            // "strategic influence? not sure what that means here" still asks.
            if let last = turn.text.split(separator: "?").last, turn.text.contains("?"), !turn.text.hasSuffix("?"),
               case let tail = TextFolding.tokens(String(last)), tail.allSatisfy({ !Self.askingMeaning.contains($0) }),
               let value = fit.answer(step, words: tail)
            {
                turn.rule = "assessment: a question about question \(step + 1) and its answer"
                return record(value, &assessment, &state)
            }
            turn.rule = "assessment: the question explained, not counted as an answer"
            return Reply(intent: id, confidence: 1, kind: .assessment,
                         body: fit.explanation(step) + "\n\n" + fit.question(step) + "\n\n" + fit.hint(step))
        }
        // Thanks, hello, a leave-taking and out-of-scope questions in the middle are
        // answered; the assessment waits.
        // ("ok thank u sir very helpful" thanks: "very" is no answer.)
        let thanksOnly = isConversationalMatch(turn.match) && turn.match.confidence >= 0.6 && turn.typed.count <= 8
            && ![roles[.more], roles[.help], roles[.acknowledgement]].contains(turn.match.intent)
            && !turn.typed.contains(where: Self.yesOrNoWithoutOK.contains)
        if !assessment.isPaused, thanksOnly || answer(in: turn, step) == nil, let reply = aside(&turn, assessment, &state) { return reply }
        // "2 yr" while another question is open: the years are noted, the question stays.
        if fit.questions[step].id != fit.experienceID, words.count <= 5,
           words.contains(where: { Int($0) != nil }), fit.answer(step, words: words) == nil,
           let years = fit.experienceIndex.flatMap({ fit.answer($0, words: words) }).flatMap(Int.init)
        {
            turn.rule = "assessment: years noted early"
            state.profile.experienceYears = years
            return Reply(intent: id, confidence: 1, kind: .assessment,
                         body: "Noted: \(years) year\(years == 1 ? "" : "s") of experience.\n\n" + fit.question(step))
        }
        let isResume = !set.isDisjoint(with: Self.resumeWords) && words.count <= 6
        if isResume && fit.answer(step, words: words) == nil {
            turn.rule = "assessment: resumed"
            assessment.isPaused = false
            state.context.assessment = assessment
            return Reply(intent: id, confidence: 1, kind: .assessment, body: "Let's continue.\n\n" + fit.question(step))
        }
        // "ok continue. lead ppl - yes definitely": back to the questions, with the answer.
        // ("ok im back. tell me one thing, is manufacturing still seen as low?" asks first.)
        // ("accha ok. back to the quiz, yes i want to lead": after an interjection;
        // "and what kind of waste does it go after, like in food plants" asks.)
        if assessment.isPaused, words.count > 6, let rest = Self.afterResuming(turn.text),
           !TurnContext(text: rest, knowledge: knowledge, seed: turn.seed).isQuestion
        {
            assessment.isPaused = false
            if let value = answer(inText: rest, step) {
                turn.rule = "assessment: resumed with an answer to question \(step + 1)"
                return record(value, &assessment, &state)
            }
            state.context.assessment = assessment
            turn.rule = "assessment: resumed"
            return Reply(intent: id, confidence: 1, kind: .assessment, body: "Let's continue.\n\n" + fit.question(step))
        }
        // "no, I meant the operations subject, not the job" corrects the last answer given.
        if assessment.isPaused, act == .correction { return nil }
        if assessment.isPaused {
            // A bare answer to the pending question picks the assessment up again; anything
            // else is a normal message.
            let match = turn.match
            // ...or a plain statement that answers it ("ok. and yes, I want a more strategic role").
            let bare = words.count <= 4 && (match.isBelowThreshold || match.intent == roles.fallback) && fit.answer(step, words: words) != nil
                // ("no research for me, i want to be in industry" at the research question.)
                || words.first.map(Self.yesOrNo.contains) == true && fit.isAbout(step, words: words)
                    && fit.answer(step, words: words) != nil
            // ("thank you, very helpful" thanks: "very helpful" is no answer.)
            let conversational = isConversationalMatch(match) && match.confidence >= 0.5
            let statement = !turn.isQuestion && !conversational && (match.isBelowThreshold || !isTopic(match.intent) || match.confidence < 0.5)
                && answer(in: turn, step) != nil
            guard bare || statement else { return nil }
            assessment.isPaused = false
        }
        // A question on another topic, asked in the middle, pauses the flow. In a message
        // of several sentences, the question is read on its own ("wait, what is Industry
        // 4.0 overall? I keep hearing it").
        var match = turn.match
        // Also when the whole reads as something else ("what does a supply chain manager
        // do? component shortages are killing us": the question, not the shortage).
        if turn.text.contains(where: { ".?!".contains($0) }),
           let question = Self.sentences(turn.text).first(where: { TurnContext(text: $0, knowledge: knowledge, seed: 0).isQuestion }),
           question != turn.text
        {
            let alone = TurnContext(text: question, knowledge: knowledge, seed: turn.seed)
            if !alone.match.isBelowThreshold, match.isBelowThreshold || (isTopic(alone.match.intent) && alone.match.confidence >= 0.5) {
                match = alone.match
                turn.match = alone.match
            }
        } else if match.isBelowThreshold, turn.text.contains(","),
                  let clause = Self.clauses(turn.text).first(where: { TurnContext.isQuestion(clause: Substring($0)) })
        {
            // "wait first tell me what is industry 4.0 exactly, people keep saying it": the
            // clause that asks, when the whole reads as nothing.
            let alone = TurnContext(text: clause, knowledge: knowledge, seed: turn.seed)
            if !alone.match.isBelowThreshold, isTopic(alone.match.intent), alone.match.confidence >= 0.5 {
                match = alone.match
                turn.match = alone.match
            }
        }
        // "what if I want a bit of both, some research and some management" answers in the
        // question's own words.
        // "wait plant mgmt module?" names a topic by its kind word: a question elsewhere, even
        // though "plant" could answer the question.
        let namesTopic = turn.entities.contains(where: isTopic) && (kindArea(turn) != nil || words.first == "wait")
        let asksElsewhere = !match.isBelowThreshold && match.intent != id && match.intent != roles.fallback
            && turn.isQuestion && isTopic(match.intent) && (namesTopic || !(fit.isAbout(step, words: words) && answer(in: turn, step) != nil))
        // "yes how whole system runs interests me more": an answer that opens with yes or no
        // is an answer, whatever question words follow.
        if let first = words.first, Self.yesOrNo.contains(first), !namesTopic,
           let value = fit.answer(step, words: words) ?? answer(in: turn, step)
        {
            turn.rule = "assessment: an answer to question \(step + 1)"
            return record(value, &assessment, &state)
        }
        // The answer is most often in the first clause ("not really, did a bit of R&D but...").
        let firstClause = Self.clauses(turn.text).first.map { TextFolding.tokens($0) } ?? []
        let clauseAnswer = firstClause.count <= 6 && !(asksElsewhere && namesTopic) ? fit.answer(step, words: firstClause) : nil
        if let value = clauseAnswer ?? (asksElsewhere ? nil : answer(in: turn, step)) {
            turn.rule = "assessment: an answer to question \(step + 1)"
            return record(value, &assessment, &state)
        }
        if !match.isBelowThreshold && match.intent != id && match.intent != roles.fallback && turn.isQuestion {
            turn.rule = "assessment: paused for a question on another topic"
            assessment.isPaused = true
            state.context.assessment = assessment
            let resolved = resolve(&turn, state.context)
            var reply = answer(resolved.intent, confidence: resolved.confidence, &turn, &state)
            reply.body += Self.pausedNote(at: state.context.assessment?.step ?? 0)
            return reply
        }
        if match.intent == id {
            // "can we do the suitability check again from the start": a fresh start.
            if !set.isDisjoint(with: Self.restartWords) {
                turn.rule = "assessment: started again from the first question"
                state.context.assessment = nil
                return startAssessment(match.confidence, turn, &state)
            }
            return Reply(intent: id, confidence: 1, kind: .assessment, body: "We're already doing it. " + fit.question(step))
        }
        turn.rule = "assessment: not an answer"
        return Reply(intent: id, confidence: match.confidence, kind: .assessment,
                     body: "I didn't catch that. " + fit.hint(step) + "\n\n" + fit.question(step)
                        + "\n\n(Say \"stop\" to leave the assessment, or \"what do you mean?\" if the question is unclear.)")
    }

    static let correctionCues: Set<String> = [
        "change", "changed", "changing", "actually", "correction", "correct", "instead", "mind", "earlier", "previous", "last",
        "back", "redo", "update", "put", "make", "sorry", "wait",
    ]

    /// An answer to a question before `step` that the message corrects: it says so ("change
    /// my last answer", "actually", "I changed my mind"), and answers that question in its
    /// words ("i do want to lead") or names the last answer; nil when it answers the open one.
    func correctedAnswer(_ text: String, _ words: [String], step: Int) -> (Int, String)? {
        guard step > 0, words.count >= 3, !Set(words).isDisjoint(with: Self.correctionCues) else { return nil }
        let namesLast = Self.contains(words, anyOf: [["last", "answer"], ["previous", "answer"], ["earlier", "answer"], ["changed", "my", "mind"], ["change", "my", "mind"]])
        // The answer is in a clause of its own ("wait, change my last answer, i do want to lead").
        let pieces = [words] + Self.clauses(text).map { TextFolding.tokens($0) }.filter { !$0.isEmpty && $0 != words }
        if let earlier = (0..<step).reversed().first(where: { fit.isAbout($0, words: words) }), !fit.isAbout(step, words: words),
           let value = pieces.lazy.compactMap({ self.fit.answer(earlier, words: $0) }).first
        {
            return (earlier, value)
        }
        if namesLast, let value = pieces.lazy.compactMap({ self.fit.answer(step - 1, words: $0) }).first { return (step - 1, value) }
        return nil
    }

    /// Records an answer and asks the next question, or concludes. A question whose answer
    /// the profile already has is confirmed, not asked.
    private func record(_ value: String, _ assessment: inout Assessment, _ state: inout SessionState) -> Reply {
        let id = roles[.assessment] ?? roles.fallback
        let question = fit.questions[assessment.step]
        assessment.answers[question.id] = value
        assessment.step += 1
        if question.id == fit.experienceID, let years = Int(value) { state.profile.experienceYears = years }
        let confirmed = skipKnown(&assessment, state.profile)
        guard assessment.step >= fit.questions.count else {
            state.context.assessment = assessment
            return Reply(intent: id, confidence: 1, kind: .assessment, body: fit.question(assessment.step))
        }
        state.context.assessment = nil
        let verdict = fit.verdict(assessment.answers)
        state.context.conclusion = Conclusion(intent: id, verdict: verdict, answers: assessment.answers)
        state.context.topic = id
        var body = fit.recommendation(assessment.answers, profile: state.profile)
        if let confirmed { body = confirmed + "\n\n" + body }
        return offer(Reply(intent: id, confidence: 1, kind: .recommendation, title: "Your fit", body: body),
                     suggestions: fit.suggestions(verdict, knowledge: knowledge), &state, prompt: "You could ask next:")
    }

    /// Answers the questions the profile already answers (the years of experience) and
    /// moves past them; the line that confirms it, if any.
    func skipKnown(_ assessment: inout Assessment, _ profile: Profile) -> String? {
        guard let years = profile.experienceYears, let experience = fit.experienceIndex, assessment.step == experience else { return nil }
        assessment.answers[fit.questions[experience].id] = String(years)
        assessment.step += 1
        return "You told me you have \(years == 0 ? "no work experience yet" : "\(years) year\(years == 1 ? "" : "s") of experience"), so I won't ask again."
    }

    /// "4 years" right after a conclusion that took the years from the profile: the user
    /// answers the question they expected; the conclusion is updated with it.
    func lateExperience(_ turn: inout TurnContext, _ state: inout SessionState) -> Reply? {
        let zero: Set<String> = ["fresher", "student", "none", "zero", "nil"]
        guard let conclusion = state.context.conclusion, state.context.topic == conclusion.intent, turn.typed.count <= 20,
              turn.typed.contains(where: { Int($0) != nil || ProfileExtractor.numberWords[$0] != nil || zero.contains($0) })
                || (turn.typed.contains("no") && turn.typed.contains("experience")),
              var years = fit.experienceIndex.flatMap({ fit.answer($0, words: turn.typed) })
        else { return nil }
        // "4... no sorry 5", "I said 5 but 1 was apprenticeship, so 4": the last number counts.
        let numbers = turn.typed.compactMap { Int($0) }.filter { (0...50).contains($0) }
        if numbers.count > 1, let last = numbers.last { years = String(last) }
        guard turn.typed.count <= 8 || numbers.count > 1 || turn.typed.contains(where: { ["yrs", "years", "yr", "year"].contains($0) }) else { return nil }
        turn.rule = "assessment: years of experience after the conclusion (frame: conclusion)"
        var answers = conclusion.answers
        if let experience = fit.experienceID { answers[experience] = years }
        if let value = Int(years) { state.profile.experienceYears = value }
        state.context.conclusion = Conclusion(intent: conclusion.intent, verdict: fit.verdict(answers), answers: answers)
        let body = "Noted. " + fit.recommendation(answers, profile: state.profile)
        return offer(Reply(intent: conclusion.intent, confidence: 1, kind: .recommendation, title: "Your fit", body: body),
                     suggestions: fit.suggestions(fit.verdict(answers), knowledge: knowledge), &state, prompt: "You could ask next:")
    }

    /// A conversational message in the middle of the assessment, answered while it waits:
    /// one the classifier reads as such (thanks, hello, an out-of-scope question), or one
    /// that opens with it and takes leave ("thanks, will come back later"); nil for any other.
    private func aside(_ turn: inout TurnContext, _ assessment: Assessment, _ state: inout SessionState) -> Reply? {
        let conversational = knowledge[turn.match.intent].flatMap { intent in
            !turn.match.isBelowThreshold && (isConversational(intent.area) && intent.id != roles[.more] || (intent.id == roles.fallback && turn.isQuestion))
                ? intent : nil
        }
        let leaving = !Set(turn.typed).isDisjoint(with: Self.leavingWords)
        guard conversational != nil || leaving else { return nil }
        var paused = assessment
        paused.isPaused = true
        var pausedState = state
        pausedState.context.assessment = paused
        let reply: Reply?
        if let intent = conversational {
            turn.rule = "assessment: paused for \(intent.id)"
            reply = intent.id == roles.fallback
                ? fallback(turn.match.confidence, &turn, &pausedState) : answer(intent.id, confidence: turn.match.confidence, &turn, &pausedState)
        } else {
            reply = conversationalLead(&turn, &pausedState)
        }
        guard var reply else { return nil }
        state = pausedState
        reply.body += Self.pausedNote(at: assessment.step)
        return reply
    }

    /// The answer to question `step` in a message: its first clause, the whole message, or
    /// the first of its other clauses that reads as one ("then the entire plant side,
    /// during crushing season I see how everything connects").
    func answer(in turn: TurnContext, _ step: Int) -> String? {
        answer(inText: turn.text, step)
    }

    func answer(inText text: String, _ step: Int) -> String? {
        let clauses = Self.clauses(text).map { TextFolding.tokens($0) }
        if let first = clauses.first, let value = fit.answer(step, words: first) { return value }
        if let value = fit.answer(step, words: TextFolding.tokens(text)) { return value }
        for clause in clauses.dropFirst() {
            if let value = fit.answer(step, words: clause) { return value }
        }
        return nil
    }
}

private extension String {
    /// The text without the punctuation and spaces it starts with (". yes, auto only").
    var trimmingLeadingPunctuation: String {
        String(drop { $0.isPunctuation || $0.isWhitespace })
    }
}
