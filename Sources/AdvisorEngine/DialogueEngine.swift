import Foundation

/// The advisor's dialogue policy: turns a message and a session state into a reply and
/// the next state. Pure: the time and the seed come in as arguments.
///
/// A message is read in the light of the conversation's frame (`DialogueContext`: the topic,
/// the area, the entity in focus, what was offered and concluded). The rules run in order:
/// a guided assessment in progress gets the first look; then dialogue acts that only make
/// sense in context ("yes", "why?", "what do you mean?", "stop", a correction); a pick
/// from numbered choices; a message of several parts; and finally the classifier's reading,
/// resolved against the frame (ellipsis, anaphora, ambiguous topic words) before it may
/// fall back. Each rule is in a file of its own (`Dialogue+*.swift`).
public struct DialogueEngine: Sendable {
    public let knowledge: KnowledgeBase

    /// The knowledge base's dialogue roles and fit assessment, kept apart so that reading
    /// them (many times a turn) copies nothing.
    let roles: DialogueRoles
    /// The guided fit assessment the knowledge base declares.
    let fit: FitAssessment

    public init(knowledge: KnowledgeBase) {
        self.knowledge = knowledge
        roles = knowledge.dialogue
        fit = knowledge.assessment
    }

    /// Answers one message, updating `state` (frame, profile, turns).
    public func respond(to text: String, state: inout SessionState, now: Date? = nil, seed: UInt64 = 0) -> Reply {
        if state.createdAt == nil { state.createdAt = now }
        // A paused assessment the knowledge base no longer has that question for (a reload
        // took questions away) is over, never an index out of range.
        if let step = state.context.assessment?.step, !fit.questions.indices.contains(step) { state.context.assessment = nil }
        let read = Self.enumeratedAsSentences(text)
        var turn = TurnContext(text: read, knowledge: knowledge, seed: seed)
        if turn.triggers.contains(.askedFor), let person = Self.personAskedFor(turn.typed) { state.context.askingFor = person }
        if state.context.askingFor != nil, turn.typed.contains(where: { Self.firstPerson[$0] != nil }) {
            turn = TurnContext(text: Self.inFirstPerson(read), knowledge: knowledge, seed: seed)
        }
        let introduced = state.turns.last?.intent == roles[.greeting] && (state.profile.name != nil || ProfileExtractor.summary(state.profile) != nil)
        turn.profileNote = updateProfile(text, &state.profile, continuing: introduced)
        var reply = decide(&turn, &state)
        reply.resolution = turn.rule
        state.context.lastStems = turn.contentStems
        state.record(Turn(user: text, intent: reply.intent, reply: reply.plainText, at: now, kind: reply.kind.rawValue))
        // The turn keeps its own intent (repetition, the frame); the reply names the catalog's.
        if let reported = knowledge[reply.intent]?.countsAs { reply.intent = reported }
        return reply
    }

    /// The opening line: a welcome, or a welcome back that names where the conversation was.
    public func welcome(_ state: SessionState) -> Reply {
        let greeting = roles[.greeting] ?? roles.fallback
        if state.isNew {
            return Reply(
                intent: greeting, confidence: 1, kind: .answer,
                body: "Hello! I'm an advisor for engineers weighing a master's or MBA in Manufacturing Management. Ask me anything about it in your own words, or type /help.")
        }
        let name = state.profile.name.map { ", \($0)" } ?? ""
        var body = "Welcome back\(name)!"
        if let assessment = state.context.assessment, fit.questions.indices.contains(assessment.step) {
            body += " We were in the middle of the fit assessment (question \(assessment.step + 1) of \(fit.questions.count)): say \"let's continue\" to pick it up, or answer it now:\n\n" + fit.question(assessment.step)
        } else if let topic = state.context.topic.flatMap({ knowledge[$0] }), topic.id != state.context.conclusion?.intent {
            body += " Last time we were talking about \(topic.title)" + (topic.title.hasSuffix("?") ? "" : ".")
        }
        if let conclusion = state.context.conclusion, state.context.assessment == nil {
            body += " Your fit check said: \(fit.verdictLine(conclusion.verdict))"
        }
        return Reply(intent: greeting, confidence: 1, kind: .answer, body: body, choices: state.context.choices,
                     choicesPrompt: state.context.choices.isEmpty ? nil : "You could go on with:")
    }

    // MARK: - The rules, in order

    private func decide(_ turn: inout TurnContext, _ state: inout SessionState) -> Reply {
        if var assessment = state.context.assessment {
            if let reply = continueAssessment(&assessment, &turn, &state) { return reply }
        }
        // "the first one, what does he handle daily?" after an answer in parts, "ok and the last
        // one" after an answer that lists modules or roles: that part, or that item.
        if let (parts, fromList) = orderedParts(state.context, turn) {
            if let number = Self.partNumber(turn.typed.prefix(6), count: parts.count), parts.indices.contains(number - 1),
               turn.typed.contains("one") || turn.typed.contains("former") || turn.typed.contains("latter") || turn.typed.contains("last")
                   || Self.contains(turn.typed, anyOf: Self.ofThose),
               let intent = knowledge[parts[number - 1]]
            {
                // Right after a listing answer its items are what a bare "the second one" picks;
                // after other answers the numbered suggestions may be meant, which come next.
                if fromList, turn.typed.allSatisfy({ Self.ordinalFiller.contains($0) || Self.partOrdinals[$0] != nil }) {
                    turn.rule = "list item \(number): \(intent.id), named by its place (frame: the list of the last answer)"
                    return answer(intent.id, confidence: 1, &turn, &state, alternatives: parts)
                }
                // "the first thing u said, operations one": an item of the list that part gave.
                if !intent.lists.isEmpty, let named = (turn.entities + (readingNamedIn(turn)?.all ?? [])).first(where: intent.lists.contains),
                   let item = knowledge[named]
                {
                    turn.rule = "list item: \(item.id), named in the list of part \(number), \(intent.id) (frame: alternatives)"
                    return answer(item.id, confidence: 1, &turn, &state, alternatives: intent.lists)
                }
                moveFrame(to: intent, &state)
                if fromList { state.context.alternatives = parts }
            } else if !fromList, parts.count == 2, Self.contains(turn.typed, anyOf: [["other", "one"], ["the", "other"], ["dusra"]]) {
                // "plant one sounds too hectic. the other one?": the part the message does not name.
                let named = Set(turn.entities).union(reading(of: turn).map { Set($0.all) } ?? [])
                // "and the other one, the plant head": the part it names; else the one it does not.
                // A part named only in a sentence of its own ("plant one sounds too hectic")
                // is the one set aside.
                let setAside = named.isEmpty ? partNamedApart(from: ["other", "dusra"], in: turn.text, parts: parts) : nil
                let namedPart = parts.first(where: named.contains) ?? setAside.flatMap { aside in parts.first { $0 != aside } }
                let namesOther = !named.isEmpty && namedPart == nil
                if !namesOther, let other = namedPart ?? parts.first(where: { !named.contains($0) && $0 != (named.isEmpty ? state.context.topic : nil) }),
                   let intent = knowledge[other]
                {
                    turn.rule = "act the other one: \(intent.id), the part not named (frame: alternatives)"
                    return answer(other, confidence: 1, &turn, &state, alternatives: parts)
                }
            }
        }
        if let reply = lateExperience(&turn, &state) { return reply }
        if let reply = dialogueAct(&turn, &state) { return reply }
        if let choice = pickedChoice(turn, state.context) {
            turn.rule = "choice: picked \(choice.intent) from the offered choices"
            state.context.choices = []
            return answer(choice.intent, confidence: 1, &turn, &state)
        }
        // "same for plant manager?" after a question the source has no figures for (a
        // salary): the same question, for what it names; the facets carry over.
        if let unknown = roles[.unknown], state.context.topic == unknown, turn.typed.count <= 8, turn.typed.prefix(3).contains("same") {
            turn.rule = "same question: \(unknown) again, for what the message names (frame: topic)"
            return answer(unknown, confidence: 1, &turn, &state)
        }
        if let reply = conversationalLead(&turn, &state) { return reply }
        if let reply = severalParts(&turn, &state) { return reply }
        let match = turn.match
        // "project ideas for my final year robotics project": off the subject, whatever it says of the user.
        if turn.profileNote != nil && !turn.isQuestion && match.intent != roles[.assessment] && match.intent != roles[.greeting]
            && !isClearlyOffTopic(match)
        {
            turn.rule = "profile: a statement about the user"
            return introduction(&turn, &state)
        }
        let resolved = resolve(&turn, state.context)
        if let reply = clarification(resolved, &turn, &state) { return reply }
        return answer(resolved.intent, confidence: resolved.confidence, &turn, &state)
    }
}

/// One message, read once: the rules below look at these rather than matching again.
struct TurnContext {
    let text: String
    let normalised: NormalisedText
    var match: IntentMatch
    /// The intents whose entity names the message contains, longest name first.
    var entities: [String]
    var seed: UInt64
    /// The message's words as typed (folded), and after correction and synonyms.
    let typed: [String]
    var words: [String]
    /// The stems of the words that are not stop words.
    var contentStems: [String]
    var profileNote: String?
    /// What the message asked that the source does not cover, said before the answer.
    var silence: DialogueEngine.Silence?
    /// The rule that decided the turn, and the frame slot it read (for `advisor explain`).
    var rule = "classifier"
    /// Answers worked out once: the text and its words never change after `init`.
    let memo = Memo()

    init(text: String, knowledge: KnowledgeBase, seed: UInt64) {
        self.text = text
        normalised = knowledge.normaliser.normalise(text)
        match = knowledge.matcher.match(normalised)
        // An entity whose intent an excluded term vetoed ("lean" in "lean body") is not named.
        let vetoed = match.vetoed
        entities = knowledge.entityIntents(in: normalised).filter { !vetoed.contains($0) }
        self.seed = seed
        typed = TextFolding.tokens(text)
        words = normalised.tokens.map(\.word)
        contentStems = normalised.tokens.filter { !$0.isStopword }.map(\.stem)
    }

    static let questionWords: Set<String> = [
        "what", "whats", "how", "why", "which", "when", "where", "who", "whom", "whose", "is", "are", "can", "could", "does", "do",
        "should", "would", "will", "tell", "explain", "describe", "list", "give", "help", "compare", "am", "kya", "wat",
        "wht", "hw", "shud", "wud", "pls", "batao", "bataiye", "guide", "advise", "suggest", "clarify",
        // Requests: "write my linkedin headline", "make a gantt chart".
        "write", "make", "find", "show", "draft", "create", "generate", "recommend", "share", "check", "assess", "evaluate",
    ]

    /// Words that make a message a question wherever they stand.
    static let questionMarkers: Set<String> = ["why", "kya", "kaise", "kaisa", "kyu", "kyun", "wat", "wht"]

    /// Phrases that ask without a question's form.
    static let indirectQuestions = DialogueEngine.phrases([
        "want to know", "wanted to know", "want to understand", "wanted to understand", "would like to know", "like to understand",
        "wanted to ask", "want to ask", "i am wondering", "im wondering", "was wondering", "curious to know", "confused whether",
        "not sure whether", "unsure whether", "cant decide whether", "need to know", "need clarity", "kindly guide", "please guide",
        "pls guide", "plz guide", "guide me", "need guidance", "need your guidance", "need advice", "need your advice",
        "there or not", "is it or not", "hai ya nahi", "hai ki nahi",
        "my question is", "my doubt is", "question is", "doubt is", "my query is", "query is", "tell me frankly", "tell me honestly",
        "request you to", "requesting you to", "explain how", "explain what", "explain why", "explain whether", "tell me how",
        "tell me what", "tell me why", "tell me whether", "tell me if", "let me know",
        // A question inverted in the middle of a clause: "with all this news does the article say...".
        "does the article", "can i", "should i", "am i",
    ])

    /// Words that may come before a clause's question word ("so does...", "also what...").
    static let clauseOpeners: Set<String> = [
        "so", "but", "and", "also", "then", "ok", "okay", "pls", "please", "plz", "kindly", "sir", "now", "just", "actually",
        "hmm", "basically", "wait", "still", "n", "accha", "acha", "haan", "yes", "no", "oh", "honestly", "madam", "maam",
        "first", "btw", "hi", "hello", "hey", "bhai", "yaar",
    ]

    /// The first word of a clause after the words that may open it.
    static func leadingWord(_ clause: Substring) -> String? {
        TextFolding.tokens(String(clause)).first { !clauseOpeners.contains($0) }
    }

    /// Whether a clause asks something: a question mark, a question word anywhere that only
    /// questions use, or a question word at its start.
    static func isQuestion(clause: Substring) -> Bool {
        if clause.contains("?") { return true }
        let words = TextFolding.tokens(String(clause))
        if words.contains(where: questionMarkers.contains) { return true }
        // "before that, what is taught in lean": a question word early on, then a verb.
        for index in words.indices where whWords.contains(words[index]) && index + 1 < words.count {
            // "a girl who did mechanical", "people who can manage them": a relative pronoun
            // after a noun tells; "tell me who should do it", "so which is better" ask.
            // ("consultant vs scm which is better" chooses.)
            if index > 0, relativePronouns.contains(words[index]), !clauseOpeners.contains(words[index - 1]),
               !askingWords.contains(words[index - 1]), !words.contains(where: { $0 == "vs" || $0 == "versus" || $0 == "or" })
            {
                continue
            }
            if auxiliaries.contains(words[index + 1]) { return true }
            // "what jobs can i get", "which module will they teach": a noun or two, then an
            // auxiliary and its subject.
            let after = words[(index + 1)...].prefix(4)
            if zip(after, after.dropFirst()).contains(where: { questionVerbs.contains($0.0) && subjects.contains($0.1) }) { return true }
        }
        guard let first = leadingWord(clause) else { return false }
        // "will think about it", "will check and come back": the speaker's plan, not a question.
        if first == "will" || first == "shall", let next = words.drop(while: { $0 != first }).dropFirst().first, futurePlans.contains(next) {
            return false
        }
        // "am i eligible?" asks; "Priya, am a mechanical engineer" tells.
        if first == "am" { return words.drop { $0 != "am" }.dropFirst().first == "i" }
        // "i wanted to understand what lean really means", "confused whether to specialise".
        return questionWords.contains(first) || DialogueEngine.contains(words, anyOf: indirectQuestions)
    }

    /// Verbs that follow a bare "will" in a statement of what the speaker will do.
    static let futurePlans: Set<String> = [
        "think", "come", "check", "talk", "show", "discuss", "consider", "try", "get", "update", "share", "read", "look",
        "see", "decide", "apply", "go", "revert", "reach", "ask", "explore", "speak", "surely", "definitely", "do", "continue",
        "finish", "resume", "complete", "be",
    ]

    static let whWords: Set<String> = ["what", "which", "how", "where", "when", "who", "whats", "wat", "wht"]
    static let questionVerbs: Set<String> = ["can", "could", "will", "would", "should", "shall", "do", "does", "did", "is", "are", "am", "shud", "cud", "wud"]
    static let subjects: Set<String> = ["i", "you", "u", "we", "they", "it", "he", "she", "one"]
    /// Question words that also join a relative clause to a noun.
    static let relativePronouns: Set<String> = ["who", "which"]
    /// Words before an embedded question ("i want to know which is better", "tell me who should").
    static let askingWords: Set<String> = [
        "know", "tell", "me", "us", "ask", "asking", "understand", "wondering", "wonder", "explain", "sure", "idea", "confused",
        "decide", "clear", "clarity", "guide", "suggest", "see", "check", "about", "on", "and", "or", "but",
    ]
    static let auxiliaries: Set<String> = [
        "is", "are", "do", "does", "did", "can", "will", "would", "should", "kind", "all", "much", "many", "long", "exactly", "about",
        "one", "better", "type", "sort",
    ]

    /// Whether the message asks something in any of its clauses.
    var isQuestion: Bool {
        if let known = memo.isQuestion { return known }
        let asks = text.contains("?") || typed.contains(where: Self.questionMarkers.contains)
            || text.split(whereSeparator: { ",.;!".contains($0) }).contains(where: Self.isQuestion(clause:))
        memo.isQuestion = asks
        return asks
    }

    /// The words that can set off a narrower rule (one look-up per word, on first use).
    var triggers: TurnTriggers {
        if let known = memo.triggers { return known }
        let found = TurnTriggers.of(typed)
        memo.triggers = found
        return found
    }

    /// What is worked out of the message once and asked of it many times a turn.
    final class Memo {
        var triggers: TurnTriggers?
        var isQuestion: Bool?
        var isAnaphoric: Bool?
        /// The reading of the message's topic words, once looked up (`.some(nil)`: none).
        var reading: DialogueRoles.Reading??
    }
}
