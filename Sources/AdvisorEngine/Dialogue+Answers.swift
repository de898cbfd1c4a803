/// Answers: an intent's answer, "tell me more", a repeated question, the fallback, and the
/// numbered suggestions that end a reply. Answering moves the frame: the topic, the area,
/// the entity in focus and what the reply offers.
extension DialogueEngine {
    static let defaultSuggestionCount = 3

    /// What to offer when the conversation has no topic: the greeting's suggestions.
    var defaultSuggestions: [String] {
        roles[.greeting].flatMap { knowledge[$0]?.suggest } ?? []
    }

    func answer(_ id: String, confidence: Double, _ turn: inout TurnContext, _ state: inout SessionState, alternatives: [String] = []) -> Reply {
        if id == roles[.more] { return more(confidence, &turn, &state) }
        // A second hello ("hello, how are you?") gets a short one: the introduction is on
        // the screen already.
        if id == roles[.greeting], turn.profileNote == nil {
            let asked = Set(turn.typed)
            let wellBeing = asked.contains("how") && (asked.contains("you") || asked.contains("u"))
            if state.turns.contains(where: { $0.intent == id }) {
                turn.rule = "greeting again: a short hello (the introduction was given)"
                return Reply(intent: id, confidence: confidence, kind: .answer,
                             body: (wellBeing ? "I'm well, thanks for asking! " : "Hello again! ")
                                + "What would you like to know? Type \"help\" for the topics.")
            }
            if wellBeing, let intent = knowledge[id], intent.answer.hasPrefix("Hello! ") {
                turn.rule = "greeting: how are you, then the introduction"
                return Reply(intent: id, confidence: confidence, kind: .answer,
                             body: "Hello, I'm well, thanks for asking! " + intent.answer.dropFirst("Hello! ".count), blocks: intent.answerBlocks)
            }
        }
        if id == roles[.assessment] {
            // Right after a result, "which roles would suit me?" asks about the roles, and
            // "is it right for me?" about the result: a new assessment needs asking for.
            if let conclusion = state.context.conclusion, state.context.topic == conclusion.intent,
               Set(turn.typed).isDisjoint(with: ["again", "restart", "retake", "redo", "new", "start", "once"])
            {
                if let overview = kindArea(turn)?.overview, overview != id {
                    turn.rule = "after the conclusion: the \(overview) it points to (frame: conclusion)"
                    return answer(overview, confidence: confidence, &turn, &state)
                }
                turn.rule = "after the conclusion: the result again (frame: conclusion)"
                return Reply(intent: conclusion.intent, confidence: 1, kind: .recommendation, title: "Your fit",
                             body: "Your fit check said: " + fit.verdictLine(conclusion.verdict) + "\n\n" + fit.reasons(conclusion.answers)
                                + "\n\n(Say \"take the fit check again\" to start over.)")
            }
            return startAssessment(confidence, turn, &state)
        }
        guard let intent = knowledge[id], id != roles.fallback else { return fallback(confidence, &turn, &state) }
        state.context.misses = 0
        state.context.offer = intent.offer
        // A follow-up on one part of an answer in parts keeps the parts: "ok now the first
        // one" two turns later still counts in them.
        let staysOnPart = state.context.topic == id && state.context.alternatives?.contains(id) == true
        // The answer about figures qualifies the item in focus: the list stays ("salary for
        // that roughly?", then "and the last one in ur list").
        let qualifiesFocus = id == roles[.unknown] && state.context.focus.map { state.context.alternatives?.contains($0) == true } == true
        // An item of the list just given ("what jobs can i get", then "and plant manager"):
        // the list stays for "the last one in ur list".
        let listedBefore = state.context.topic.flatMap { knowledge[$0] }?.lists ?? []
        if qualifiesFocus {
            // The list and its focus stay as they are.
        } else if listedBefore.count >= 2, listedBefore.contains(id) {
            state.context.alternatives = listedBefore
        } else if !alternatives.isEmpty && !staysOnPart {
            state.context.alternatives = alternatives
        } else if let listed = state.context.alternatives, listed.contains(id), knowledge.isListing(listed) || staysOnPart {
            // An item of a listing answer, answered again or asked about: its siblings stay,
            // so that "and the second one?" still counts in that list.
        } else {
            state.context.alternatives = nil
        }
        let conversational = isConversational(intent.area)
        let isRepeat = !turn.contentStems.isEmpty && turn.contentStems == state.context.lastStems && state.context.topic == id
        if isRepeat && !conversational {
            return repetition(intent, confidence, turn, &state)
        }
        // "is six sigma part of the course?" after the module: its answer again, which says
        // what the article leaves out, rather than the deeper background.
        let asksTaught = intent.area == knowledge.area(of: roles[.curriculum])?.name && asksWhetherTaught(turn)
        if state.context.topic == id && !conversational && id != roles[.unknown] && !asksTaught {
            // The same topic asked again in other words: go deeper rather than repeat.
            if state.context.depth == 0 && !intent.more.isEmpty {
                state.context.depth = 1
                return offer(Reply(intent: id, confidence: confidence, kind: .more, title: intent.title,
                                   body: silence(turn, intent) + "More on \(intent.title):\n\n" + intent.more, blocks: intent.moreBlocks),
                             suggestions: intent.suggest, &state)
            }
            return repetition(intent, confidence, turn, &state)
        }
        if !conversational {
            moveFrame(to: intent, &state)
        }
        var reply = id == roles[.unknown] ? unknownAnswer(intent, confidence: confidence, turn, state)
            : Reply(intent: id, confidence: confidence, kind: .answer, title: conversational ? nil : intent.title, body: intent.answer, blocks: intent.answerBlocks)
        if let note = personalNote(for: intent, state.profile) { reply.body += "\n\n" + note }
        if let profileNote = turn.profileNote { reply.body = profileNote + "\n\n" + reply.body }
        reply.body = silence(turn, intent) + reply.body
        let goodbye = id == roles[.goodbye]
        return offer(reply, suggestions: goodbye ? [] : intent.suggest, &state)
    }

    /// "The article says nothing about coding in particular." before an answer to
    /// "do they need coding?", so that the answer is not taken for one; empty otherwise.
    func silence(_ turn: TurnContext, _ intent: Intent) -> String {
        switch turn.silence {
        case nil: ""
        case let .about(asked): "The article says nothing about \(asked) in particular; here is what it does say.\n\n"
        case let .appliesIn(industry): "The article doesn't say how this applies in \(industry); here is what it does say.\n\n"
        case let .differs(condition): "The article doesn't say whether this differs \(condition.rawValue); here is what it does say.\n\n"
        }
    }

    /// The frame after answering `intent`: its topic and area; the entity in focus, unless it
    /// is the answer about figures (which qualifies the topic rather than replacing it).
    func moveFrame(to intent: Intent, _ state: inout SessionState) {
        state.context.topic = intent.id
        state.context.depth = 0
        guard intent.id != roles[.unknown] else { return }
        state.context.area = intent.area
        state.context.focus = intent.id
    }

    func more(_ confidence: Double, _ turn: inout TurnContext, _ state: inout SessionState, on target: String? = nil) -> Reply {
        let moreID = roles[.more] ?? roles.fallback
        state.context.misses = 0
        state.context.offer = nil
        // "tell me more about lean": the named topic, not the current one.
        // "tell me more about the operations side": a topic word read in the current area.
        let named = target ?? turn.match.candidates.map(\.intent).first(where: isTopic) ?? turn.entities.first
            ?? reading(of: turn).map { $0.intent(in: state.context.area) }
        if let named, named != state.context.topic, let intent = knowledge[named] {
            turn.rule = "more: on the topic the message names, \(named)"
            moveFrame(to: intent, &state)
            state.context.depth = 1
            return offer(Reply(intent: moreID, confidence: confidence, kind: .more, title: intent.title, body: intent.more.isEmpty ? intent.answer : intent.more,
                               blocks: intent.more.isEmpty ? intent.answerBlocks : intent.moreBlocks),
                         suggestions: intent.suggest, &state)
        }
        guard let topic = state.context.topic.flatMap({ knowledge[$0] }) else {
            turn.rule = "more: no topic yet"
            let body = knowledge[moreID]?.answer ?? "More about what? Ask me about a topic first."
            return offer(Reply(intent: moreID, confidence: confidence, kind: .more, body: body), suggestions: defaultSuggestions, &state)
        }
        turn.rule = "more: on the current topic, \(topic.id) (frame: topic)"
        if state.context.depth == 0 && !topic.more.isEmpty {
            state.context.depth = 1
            return offer(Reply(intent: moreID, confidence: confidence, kind: .more, title: topic.title, body: topic.more, blocks: topic.moreBlocks),
                         suggestions: topic.suggest, &state)
        }
        state.context.depth = 2
        let phrasing = [
            "That's everything I have on \(topic.title). These related topics go further:",
            "I've told you all I know about \(topic.title). You could go on with one of these:",
        ]
        return offer(Reply(intent: moreID, confidence: confidence, kind: .more, title: topic.title, body: pick(phrasing, turn.seed)),
                     suggestions: topic.suggest.isEmpty ? defaultSuggestions : topic.suggest, &state, prompt: nil)
    }

    func repetition(_ intent: Intent, _ confidence: Double, _ turn: TurnContext, _ state: inout SessionState) -> Reply {
        // The first paragraph; one that ends with a colon brings the list it introduces, so
        // that the gist never ends mid-sentence.
        let paragraphs = intent.answer.components(separatedBy: "\n\n").filter { !$0.isBlank }
        var summary = paragraphs.first ?? intent.answer
        if summary.hasSuffix(":"), paragraphs.count > 1 { summary += "\n" + paragraphs[1] }
        let phrasing = [
            "You asked this a moment ago, so here it is again in short:",
            "Happy to go over that again. In short:",
            "Same question as a moment ago, no problem. In short:",
        ]
        let body = pick(phrasing, turn.seed) + "\n\n" + summary + "\n\nSay \"tell me more\" for the details, or pick a related topic."
        return offer(Reply(intent: intent.id, confidence: confidence, kind: .repetition, title: intent.title, body: body),
                     suggestions: intent.suggest, &state)
    }

    /// A message that only tells the advisor about the user: acknowledge what was learnt,
    /// and offer what the greeting offers.
    func introduction(_ turn: inout TurnContext, _ state: inout SessionState) -> Reply {
        let greeting = roles[.greeting].flatMap { knowledge[$0] }
        state.context.misses = 0
        state.context.offer = greeting?.offer
        var body = (turn.profileNote ?? "") + "\n\nWhat would you like to know?"
        if greeting?.offer != nil && state.context.conclusion == nil { body += " For a start, I can check whether this path fits you." }
        return offer(Reply(intent: greeting?.id ?? roles.fallback, confidence: 1, kind: .answer, body: body),
                     suggestions: Self.introductionSuggestions(defaultSuggestions, offered: greeting?.offer), &state)
    }

    /// After an introduction, what the greeting offers comes first.
    static func introductionSuggestions(_ suggestions: [String], offered: String?) -> [String] {
        guard let offered else { return suggestions }
        return [offered] + suggestions.filter { $0 != offered }
    }

    /// The reply when no reading fits: say so, briefly, with topics from where the
    /// conversation is now.
    func fallback(_ confidence: Double, _ turn: inout TurnContext, _ state: inout SessionState) -> Reply {
        // "EEE, 4 yrs" read as nothing is an introduction; a clearly off-topic request that
        // mentions the user ("project ideas for my final year project") is still off topic.
        // ("write my linkedin headline as a production engineer" asks something off the subject.)
        if turn.profileNote != nil && !isClearlyOffTopic(turn.match) && !(turn.isQuestion && turn.match.intent == roles.fallback && !turn.match.isBelowThreshold) {
            return introduction(&turn, &state)
        }
        turn.rule = turn.rule == "classifier" ? "fallback: no reading fits" : turn.rule
        state.context.misses += 1
        state.context.offer = nil
        // The full explanation once; a miss right after another gets one line (it was on
        // the screen a moment ago).
        var body = state.context.misses >= 2
            ? "Sorry, that one is outside what I can help with too."
            : knowledge[roles.fallback]?.answer ?? "I can't help with that."
        if TextFolding.hasNonLatinLetters(turn.text) && turn.contentStems.allSatisfy({ !$0.contains(where: \.isASCII) || $0.isEmpty }) {
            body = "I can only read English, so please ask in English (Hinglish words are fine).\n\n" + body
        }
        if state.context.misses >= 3 {
            body += "\n\n" + topicList()
            return Reply(intent: roles.fallback, confidence: confidence, kind: .fallback, body: body)
        }
        let topic = state.context.topic.flatMap { knowledge[$0] }.flatMap { $0.suggest.isEmpty ? nil : $0 }
        return offer(Reply(intent: roles.fallback, confidence: confidence, kind: .fallback, body: body),
                     suggestions: topic?.suggest ?? defaultSuggestions, &state,
                     prompt: topic == nil ? "You could ask:" : "Staying with this topic, you could ask:")
    }

    /// Appends numbered suggestions to a reply and remembers them as the current choices.
    func offer(_ reply: Reply, suggestions: [String], _ state: inout SessionState, prompt: String? = "You could also ask:") -> Reply {
        var reply = reply
        let choices = suggestions.prefix(Self.defaultSuggestionCount).compactMap { id in knowledge[id].map { Choice(intent: id, label: label($0)) } }
        reply.choices = choices
        reply.choicesPrompt = choices.isEmpty ? nil : (prompt ?? "")
        if reply.choicesPrompt == "" { reply.choicesPrompt = nil }
        state.context.choices = choices
        state.context.choicesAreClarification = false
        return reply
    }

    func label(_ intent: Intent) -> String {
        intent.question.isEmpty ? intent.title : intent.question
    }

    func topicList() -> String {
        let present = Set(knowledge.intents.map(\.area))
        let names = roles.areas.filter { present.contains($0.name) && $0.overview != nil }.map(\.about)
        return "Type /topics for the full list of questions I can answer, on " + names.joined(separator: ", ") + "."
    }

    func pick(_ options: [String], _ seed: UInt64) -> String {
        options[Int(seed % UInt64(options.count))]
    }

    // MARK: - Profile

    func updateProfile(_ text: String, _ profile: inout Profile, continuing: Bool = false) -> String? {
        var update = ProfileExtractor.extract(from: text)
        // Right after an introduction, "EEE, 4 yrs exp in an SMT line" goes on with it; a
        // discipline or years make it a statement about oneself rather than a topic word.
        if update.isEmpty, continuing {
            let more = ProfileExtractor.extract(from: text, continuing: true)
            if more.discipline != nil || more.experienceYears != nil { update = more }
        }
        guard !update.isEmpty else { return nil }
        var learnt: [String] = []
        if let name = update.name, name != profile.name { profile.name = name }
        if let discipline = update.discipline, discipline != profile.discipline { profile.discipline = discipline; learnt.append("\(discipline) engineering") }
        if let years = update.experienceYears, years != profile.experienceYears { profile.experienceYears = years; learnt.append(years == 0 ? "no work experience yet" : "\(years) year\(years == 1 ? "" : "s") of experience") }
        if let industry = update.industry, industry != profile.industry { profile.industry = industry; learnt.append(industry) }
        if let role = update.role, role != profile.role { profile.role = role; learnt.append(role) }
        let greeting = update.name.map { "Nice to meet you, \($0)!" }
        let noted = learnt.isEmpty ? nil : "I've noted: \(learnt.joined(separator: ", ")) (/profile shows what I remember)."
        let parts = [greeting, noted].compactMap { $0 }
        return parts.isEmpty ? nil : parts.joined(separator: " ")
    }

    /// A line that speaks to the user's background, from the intent's or its area's
    /// `personal:` template.
    func personalNote(for intent: Intent, _ profile: Profile) -> String? {
        guard let summary = ProfileExtractor.summary(profile),
              let template = intent.personal ?? roles.area(intent.area)?.personal, !template.isEmpty
        else { return nil }
        return template.replacing("{profile}", with: summary).replacing("{title}", with: intent.title)
    }

    /// Phrases that ask whether something is taught, with or without a teaching word.
    static let teachingPhrases = phrases([
        "part of", "in the syllabus", "in syllabus", "in the course", "in course", "in the curriculum", "in curriculum", "in this course",
        "in the program", "in the programme", "in this program", "in this programme", "do they teach", "will i learn", "will they teach",
    ])

    /// Whether a question asks if something is taught ("is six sigma covered?", "part of the course?").
    func asksWhetherTaught(_ turn: TurnContext) -> Bool {
        turn.isQuestion && (!Set(turn.typed).isDisjoint(with: Self.teachingVerbs) || Self.contains(turn.typed, anyOf: Self.teachingPhrases))
    }
}
