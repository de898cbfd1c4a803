import Foundation

/// The advisor's dialogue policy: turns a message and a session state into a reply and
/// the next state. Pure: the time and the seed come in as arguments.
///
/// The order of the rules matters: a guided assessment in progress gets first look at
/// the message, then a pick from numbered choices, then the classifier, whose answer is
/// resolved against the current topic (follow-ups, "tell me more", "does the course teach
/// this?") before it may fall back.
public struct DialogueEngine: Sendable {
    public let knowledge: KnowledgeBase

    public init(knowledge: KnowledgeBase) {
        self.knowledge = knowledge
    }

    static let fitID = "fit.assess"
    static let moreID = "chat.more"
    static let greetingID = "chat.greeting"
    static let defaultSuggestions = ["program.overview", "roles.overview", "fit.assess"]

    /// Answers one message, updating `state` (context, profile, turns).
    public func respond(to text: String, state: inout SessionState, now: Date? = nil, seed: UInt64 = 0) -> Reply {
        if state.createdAt == nil { state.createdAt = now }
        let normalised = knowledge.normaliser.normalise(text)
        var turn = TurnContext(
            text: text, normalised: normalised, match: knowledge.matcher.match(normalised),
            entities: knowledge.entityIntents(in: normalised), seed: seed,
            words: normalised.tokens.map(\.word), contentStems: normalised.tokens.filter { !$0.isStopword }.map(\.stem))
        turn.profileNote = updateProfile(text, &state.profile)
        let reply = decide(&turn, &state)
        state.context.lastStems = turn.contentStems
        state.record(Turn(user: text, intent: reply.intent, reply: reply.plainText, at: now))
        return reply
    }

    /// The opening line: a welcome, or a welcome back that names where the conversation was.
    public func welcome(_ state: SessionState) -> Reply {
        if state.isNew {
            return Reply(
                intent: Self.greetingID, confidence: 1, kind: .answer,
                body: "Hello! I'm an advisor for engineers weighing a master's or MBA in Manufacturing Management. Ask me anything about it in your own words, or type /help.")
        }
        let name = state.profile.name.map { ", \($0)" } ?? ""
        var body = "Welcome back\(name)!"
        if let assessment = state.context.assessment {
            body += " We were in the middle of the fit assessment (question \(assessment.step + 1) of \(FitAssessment.questions.count)): say \"let's continue\" to pick it up."
        } else if let topic = state.context.topic.flatMap({ knowledge[$0] }) {
            body += " Last time we were talking about \(topic.title)."
        }
        return Reply(intent: Self.greetingID, confidence: 1, kind: .answer, body: body, choices: state.context.choices,
                     choicesPrompt: state.context.choices.isEmpty ? nil : "You could go on with:")
    }

    /// One message, classified once: the rules below read these rather than matching again.
    struct TurnContext {
        var text: String
        var normalised: NormalisedText
        var match: IntentMatch
        /// The intents whose entity names the message contains, longest name first.
        var entities: [String]
        var seed: UInt64
        /// The message's words after correction and synonyms, and the stems of those that
        /// are not stop words.
        var words: [String]
        var contentStems: [String]
        var profileNote: String?
    }

    // MARK: - The rules, in order

    private func decide(_ turn: inout TurnContext, _ state: inout SessionState) -> Reply {
        if var assessment = state.context.assessment {
            if let reply = continueAssessment(&assessment, turn, &state) { return reply }
        }
        if let choice = pickedChoice(turn, state.context) {
            state.context.choices = []
            return answer(choice.intent, confidence: 1, turn, &state)
        }
        let match = turn.match
        if turn.profileNote != nil && !isQuestion(turn) && match.intent != Self.fitID && match.intent != Self.greetingID {
            return fallback(match.confidence, turn, &state)
        }
        let resolved = resolve(match, turn, state.context)
        let named = turn.entities
        if resolved.intent == KnowledgeBase.fallbackID, named.count >= 2, let a = knowledge[named[0]], let b = knowledge[named[1]] {
            let choices = [a, b].map { Choice(intent: $0.id, label: label($0)) }
            state.context.choices = choices
            state.context.choicesAreClarification = true
            return Reply(intent: a.id, confidence: match.confidence, kind: .clarification,
                         body: "You mention both \(a.title) and \(b.title). Which shall I start with? Type 1 or 2:", choices: choices)
        }
        if let clarification = clarify(match, resolved: resolved, turn, state.context) {
            state.context.choices = clarification.choices
            state.context.choicesAreClarification = true
            state.context.misses = 0
            return clarification
        }
        return answer(resolved.intent, confidence: resolved.confidence, turn, &state)
    }

    static let questionWords: Set<String> = [
        "what", "whats", "how", "why", "which", "when", "where", "who", "is", "are", "can", "could", "does", "do",
        "should", "would", "will", "tell", "explain", "describe", "list", "give", "help", "compare", "am",
    ]

    /// Whether a message asks something (a question mark, or it opens like a question).
    private func isQuestion(_ turn: TurnContext) -> Bool {
        if turn.text.contains("?") { return true }
        let words = TextFolding.tokens(turn.text)
        let clauses = turn.text.split(whereSeparator: { ",.;!".contains($0) }).map { TextFolding.tokens(String($0)).first ?? "" }
        return words.first.map(Self.questionWords.contains) == true || clauses.contains { Self.questionWords.contains($0) && $0 != "am" && $0 != "is" }
    }

    static let anaphors: Set<String> = ["this", "that", "it", "these", "those", "them", "they", "there", "same"]
    static let ellipsisOpeners: Set<String> = ["and", "what", "how", "also", "then"]
    static let teachingWords: Set<String> = ["course", "teach", "taught", "module", "syllabus", "curriculum", "subject", "cover", "covered", "learn"]

    /// Turns a classification into the intent to answer, using the current topic.
    private func resolve(_ match: IntentMatch, _ turn: TurnContext, _ context: DialogueContext) -> (intent: String, confidence: Double) {
        let words = Set(turn.words)
        let anaphor = !words.isDisjoint(with: Self.anaphors)
        let elliptical = turn.words.first.map(Self.ellipsisOpeners.contains) ?? false
            && (words.contains("about") || turn.words.first == "and" || words.contains("also"))
        let entities = turn.entities

        // After a clarification, a topic word picks among the offered choices.
        if context.choicesAreClarification, !context.choices.isEmpty {
            let offered = Set(context.choices.map(\.intent))
            if let pick = match.candidates.first(where: { offered.contains($0.intent) }) ?? entities.first(where: offered.contains).map({ Candidate(intent: $0, score: 1) }) {
                return (pick.intent, pick.score)
            }
        }
        // "and in India?" after a question about fees or salaries: still no figures.
        let switchesTopic = !match.isBelowThreshold && !["india", "roles", "info"].contains(knowledge[match.intent]?.area ?? "")
        if elliptical || turn.words.first == "and", context.topic == "info.unknown", !switchesTopic,
           turn.contentStems.count <= 3, knowledge["info.unknown"] != nil
        {
            return ("info.unknown", max(match.confidence, Matcher.threshold))
        }
        // "does the course teach this?" after a topic: the module that teaches it.
        if anaphor, match.intent == "curriculum.overview" || (match.isBelowThreshold && !words.isDisjoint(with: Self.teachingWords)),
           let topic = context.topic, let module = module(for: topic)
        {
            return (module, max(match.confidence, Matcher.threshold))
        }
        // "what about plant managers?": an entity switches topic; of several names that
        // fit, the one nearest the current topic.
        if let entity = closestToTopic(entities, context), match.isBelowThreshold || (elliptical && match.intent != "info.unknown" && knowledge[match.intent]?.area != "info") {
            if match.isBelowThreshold || entity != match.intent {
                return (entity, max(Matcher.threshold, match.isBelowThreshold ? Matcher.threshold : match.confidence))
            }
        }
        if match.isBelowThreshold {
            return (KnowledgeBase.fallbackID, match.confidence)
        }
        // Two close candidates: the one nearest the current topic.
        let close = match.candidates.filter { match.candidates[0].score - $0.score < Matcher.closeMargin }
        if close.count > 1, let nearest = closestToTopic(close.map(\.intent), context), nearest != match.intent,
           let score = close.first(where: { $0.intent == nearest })?.score
        {
            return (nearest, score)
        }
        return (match.intent, match.confidence)
    }

    /// Of `intents` (best first), the one nearest the current topic: the topic itself, else
    /// one of its area, else one it suggests; the first of all when none is related.
    private func closestToTopic(_ intents: [String], _ context: DialogueContext) -> String? {
        guard let topic = context.topic.flatMap({ knowledge[$0] }) else { return intents.first }
        return intents.first { $0 == topic.id }
            ?? intents.first { knowledge[$0]?.area == topic.area }
            ?? intents.first { topic.suggest.contains($0) }
            ?? intents.first
    }

    /// The curriculum module that teaches a topic: the topic itself if it is a module, else
    /// the first module it suggests, else the module of its area.
    private func module(for topic: String) -> String? {
        guard let intent = knowledge[topic] else { return nil }
        if intent.area == "curriculum" { return topic }
        if intent.area == "industry40", knowledge["curriculum.industry40"] != nil { return "curriculum.industry40" }
        if let suggested = intent.suggest.first(where: { $0.hasPrefix("curriculum.") && $0 != "curriculum.overview" }) {
            return suggested
        }
        return knowledge["curriculum.overview"] != nil ? "curriculum.overview" : nil
    }

    /// "Do you mean A or B?" when the two best candidates are close and context cannot decide.
    private func clarify(_ match: IntentMatch, resolved: (intent: String, confidence: Double), _ turn: TurnContext, _ context: DialogueContext) -> Reply? {
        guard resolved.intent == match.intent, match.candidates.count >= 2, !match.isBelowThreshold else { return nil }
        let first = match.candidates[0]
        let second = match.candidates[1]
        guard second.score >= Matcher.threshold, first.score - second.score < Matcher.closeMargin,
              let a = knowledge[first.intent], let b = knowledge[second.intent],
              a.area != "chat", b.area != "chat", a.id != KnowledgeBase.fallbackID, b.id != KnowledgeBase.fallbackID,
              a.id != "info.unknown", b.id != "info.unknown"
        else { return nil }
        // Within one area the best is answered and the other offered, unless the message
        // names both ("operations manager or plant manager?").
        if a.area == b.area {
            guard turn.entities.contains(a.id) && turn.entities.contains(b.id) else { return nil }
        }
        // Context decides when it can: the current topic's own area or suggestions win.
        if let topic = context.topic.flatMap({ knowledge[$0] }) {
            let related = Set(topic.suggest + [topic.id])
            if related.contains(a.id) != related.contains(b.id) { return nil }
        }
        let choices = [a, b].map { Choice(intent: $0.id, label: label($0)) }
        return Reply(intent: a.id, confidence: first.score, kind: .clarification,
                     body: "I'm not sure which you mean. Type 1 or 2, or say it in other words:", choices: choices)
    }

    // MARK: - Answers

    private func answer(_ id: String, confidence: Double, _ turn: TurnContext, _ state: inout SessionState) -> Reply {
        if id == Self.moreID { return more(confidence, turn, &state) }
        if id == Self.fitID { return startAssessment(confidence, turn, &state) }
        guard let intent = knowledge[id], id != KnowledgeBase.fallbackID else { return fallback(confidence, turn, &state) }
        state.context.misses = 0
        let isRepeat = !turn.contentStems.isEmpty && turn.contentStems == state.context.lastStems && state.context.topic == id
        if isRepeat && intent.area != "chat" {
            return repetition(intent, confidence, turn, &state)
        }
        if state.context.topic == id && intent.area != "chat" && id != "info.unknown" {
            // The same topic asked again in other words: go deeper rather than repeat.
            if state.context.depth == 0 && !intent.more.isEmpty {
                state.context.depth = 1
                return offer(Reply(intent: id, confidence: confidence, kind: .more, title: intent.title,
                                   body: "More on \(intent.title):\n\n" + intent.more), suggestions: intent.suggest, &state)
            }
            return repetition(intent, confidence, turn, &state)
        }
        if intent.area != "chat" {
            state.context.topic = id
            state.context.depth = 0
        }
        var body = intent.answer
        if id == "info.unknown", let asked = askedFigures(turn) { body = asked + "\n\n" + body }
        if let note = personalNote(for: intent, state.profile) { body += "\n\n" + note }
        if let profileNote = turn.profileNote { body = profileNote + "\n\n" + body }
        return offer(Reply(intent: id, confidence: confidence, kind: .answer, title: intent.area == "chat" ? nil : intent.title, body: body),
                     suggestions: id == "chat.goodbye" ? [] : intent.suggest, &state)
    }

    static let figureNames: [(concept: String, name: String)] = [
        ("fees", "fees"), ("duration", "duration"), ("admission", "admission rules"), ("salary", "salaries"),
        ("placement", "placements"), ("ranking", "rankings"), ("school", "which schools offer it"),
    ]

    /// "You asked about salaries and rankings." for the concepts the message names.
    private func askedFigures(_ turn: TurnContext) -> String? {
        let concepts = Set(turn.normalised.concepts)
        let names = Self.figureNames.filter { concepts.contains($0.concept) }.map(\.name)
        guard !names.isEmpty else { return nil }
        let list = names.count == 1 ? names[0] : names.dropLast().joined(separator: ", ") + " and " + names[names.count - 1]
        return "You asked about \(list)."
    }

    private func more(_ confidence: Double, _ turn: TurnContext, _ state: inout SessionState) -> Reply {
        state.context.misses = 0
        // "tell me more about lean": the named topic, not the current one.
        let named = turn.match.candidates
            .first { $0.intent != Self.moreID && knowledge[$0.intent]?.area != "chat" && $0.intent != KnowledgeBase.fallbackID }
            .map(\.intent) ?? turn.entities.first
        if let named, named != state.context.topic, let intent = knowledge[named] {
            state.context.topic = named
            state.context.depth = 1
            return offer(Reply(intent: Self.moreID, confidence: confidence, kind: .more, title: intent.title, body: intent.more.isEmpty ? intent.answer : intent.more),
                         suggestions: intent.suggest, &state)
        }
        guard let topic = state.context.topic.flatMap({ knowledge[$0] }) else {
            let body = knowledge[Self.moreID]?.answer ?? "More about what? Ask me about a topic first."
            return offer(Reply(intent: Self.moreID, confidence: confidence, kind: .more, body: body), suggestions: Self.defaultSuggestions, &state)
        }
        if state.context.depth == 0 && !topic.more.isEmpty {
            state.context.depth = 1
            return offer(Reply(intent: Self.moreID, confidence: confidence, kind: .more, title: topic.title, body: topic.more),
                         suggestions: topic.suggest, &state)
        }
        state.context.depth = 2
        let phrasing = [
            "That's everything I have on \(topic.title). These related topics go further:",
            "I've told you all I know about \(topic.title). You could go on with one of these:",
        ]
        return offer(Reply(intent: Self.moreID, confidence: confidence, kind: .more, title: topic.title, body: pick(phrasing, turn.seed)),
                     suggestions: topic.suggest.isEmpty ? Self.defaultSuggestions : topic.suggest, &state, prompt: nil)
    }

    private func repetition(_ intent: Intent, _ confidence: Double, _ turn: TurnContext, _ state: inout SessionState) -> Reply {
        let summary = intent.answer.split(separator: "\n").first.map(String.init) ?? intent.answer
        let phrasing = [
            "You just asked that, so here it is again in short:",
            "That's the same question as a moment ago. In short:",
            "Asked and answered a moment ago, but here is the gist again:",
        ]
        let body = pick(phrasing, turn.seed) + "\n\n" + summary + "\n\nSay \"tell me more\" for the details, or pick a related topic."
        return offer(Reply(intent: intent.id, confidence: confidence, kind: .repetition, title: intent.title, body: body),
                     suggestions: intent.suggest, &state)
    }

    private func fallback(_ confidence: Double, _ turn: TurnContext, _ state: inout SessionState) -> Reply {
        if let note = turn.profileNote {
            // The message was about the user, not a question: acknowledge what was learnt.
            state.context.misses = 0
            return offer(Reply(intent: Self.greetingID, confidence: 1, kind: .answer, body: note + "\n\nWhat would you like to know? For a start, I can check whether this path fits you."),
                         suggestions: ["fit.assess", "roles.overview", "program.why_engineers"], &state)
        }
        state.context.misses += 1
        var body = knowledge[KnowledgeBase.fallbackID]?.answer ?? "I can't help with that."
        if state.context.misses >= 3 {
            body += "\n\n" + topicList()
            return Reply(intent: KnowledgeBase.fallbackID, confidence: confidence, kind: .fallback, body: body)
        }
        let topic = state.context.topic.flatMap { knowledge[$0] }.flatMap { $0.suggest.isEmpty ? nil : $0 }
        return offer(Reply(intent: KnowledgeBase.fallbackID, confidence: confidence, kind: .fallback, body: body),
                     suggestions: topic?.suggest ?? Self.defaultSuggestions, &state,
                     prompt: topic == nil ? "You could ask:" : "Staying with this topic, you could ask:")
    }

    /// Appends numbered suggestions to a reply and remembers them as the current choices.
    private func offer(_ reply: Reply, suggestions: [String], _ state: inout SessionState, prompt: String? = "You could also ask:") -> Reply {
        var reply = reply
        let choices = suggestions.prefix(3).compactMap { id in knowledge[id].map { Choice(intent: id, label: label($0)) } }
        reply.choices = choices
        reply.choicesPrompt = choices.isEmpty ? nil : (prompt ?? "")
        if reply.choicesPrompt == "" { reply.choicesPrompt = nil }
        state.context.choices = choices
        state.context.choicesAreClarification = false
        return reply
    }

    private func label(_ intent: Intent) -> String {
        intent.question.isEmpty ? intent.title : intent.question
    }

    private func topicList() -> String {
        let areas = [("program", "the programme"), ("curriculum", "what is taught"), ("roles", "the roles it leads to"),
                     ("career", "careers"), ("industry40", "Industry 4.0"), ("india", "India's manufacturing sector"),
                     ("fit", "whether it fits you")]
        let present = Set(knowledge.intents.map(\.area))
        let names = areas.filter { present.contains($0.0) }.map(\.1)
        return "Type /topics for the full list of questions I can answer, on " + names.joined(separator: ", ") + "."
    }

    private func pick(_ options: [String], _ seed: UInt64) -> String {
        options[Int(seed % UInt64(options.count))]
    }

    // MARK: - Profile

    private func updateProfile(_ text: String, _ profile: inout Profile) -> String? {
        let update = ProfileExtractor.extract(from: text)
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

    /// A line that speaks to the user's background, for the answers where it helps.
    private func personalNote(for intent: Intent, _ profile: Profile) -> String? {
        guard let summary = ProfileExtractor.summary(profile) else { return nil }
        switch intent.area {
        case "roles":
            if intent.id == "roles.overview" {
                return "For you, as \(summary): the operational roles build most directly on what you already know."
            }
            return "For you, as \(summary): the \(intent.title) role builds on your engineering judgment; what it adds is managing the system at scale."
        case "career":
            return "For you, as \(summary): the combination of technical credibility and managerial capability is exactly the gap these roles reward."
        case "fit":
            return "For you, as \(summary): the fit assessment (\"is this right for me?\") checks this against your own answers."
        case "program" where intent.id == "program.why_engineers":
            return "For you, as \(summary): the degree extends that background rather than replacing it."
        default:
            return nil
        }
    }

    // MARK: - Choices

    static let ordinals: [String: Int] = [
        "1": 1, "2": 2, "3": 3, "first": 1, "second": 2, "third": 3, "1st": 1, "2nd": 2, "3rd": 3,
        "one": 1, "two": 2, "three": 3, "former": 1, "latter": 2,
    ]
    static let choiceFiller: Set<String> = [
        "the", "one", "option", "number", "no", "please", "pls", "ok", "okay", "i", "want", "choose", "pick", "take",
        "lets", "go", "with", "answer", "question", "say", "mean", "meant", "yes", "that", "id", "like", "im", "d", "to",
    ]

    private func pickedChoice(_ turn: TurnContext, _ context: DialogueContext) -> Choice? {
        guard !context.choices.isEmpty else { return nil }
        let words = TextFolding.tokens(turn.text)
        guard !words.isEmpty, words.count <= 6 else { return nil }
        var number: Int?
        for word in words {
            if let value = Self.ordinals[word] {
                if value == 1 && word == "one" && number != nil { continue }
                if word == "one" && words.contains(where: { Self.ordinals[$0] != nil && $0 != "one" }) { continue }
                number = value
            } else if word == "last" {
                number = context.choices.count
            } else if !Self.choiceFiller.contains(word) {
                return nil
            }
        }
        guard let number, (1...context.choices.count).contains(number) else { return nil }
        return context.choices[number - 1]
    }

    // MARK: - The fit assessment

    private func startAssessment(_ confidence: Double, _ turn: TurnContext, _ state: inout SessionState) -> Reply {
        state.context.misses = 0
        if var paused = state.context.assessment, paused.isPaused {
            paused.isPaused = false
            state.context.assessment = paused
            return Reply(intent: Self.fitID, confidence: confidence, kind: .assessment, body: "Let's pick up where we left off.\n\n" + FitAssessment.question(paused.step))
        }
        state.context.topic = Self.fitID
        state.context.depth = 0
        state.context.choices = []
        state.context.assessment = Assessment()
        let intro = knowledge[Self.fitID]?.answer ?? "Let's find out with a few short questions."
        var body = intro + "\n\n" + FitAssessment.firstQuestion
        if let note = turn.profileNote { body = note + "\n\n" + body }
        return Reply(intent: Self.fitID, confidence: confidence, kind: .assessment, title: knowledge[Self.fitID]?.title, body: body)
    }

    static let resumeWords: Set<String> = ["continue", "resume", "carry", "back", "assessment", "questions", "proceed", "next", "go", "on"]
    static let stopWords: Set<String> = ["stop", "cancel", "quit", "exit", "abort", "skip"]

    /// Handles a message while the assessment is open; nil lets the message be answered as usual.
    private func continueAssessment(_ assessment: inout Assessment, _ turn: TurnContext, _ state: inout SessionState) -> Reply? {
        let words = TextFolding.tokens(turn.text)
        let set = Set(words)
        let step = assessment.step
        if !set.isDisjoint(with: Self.stopWords) && (set.contains("assessment") || set.contains("questions") || words.count <= 3) {
            state.context.assessment = nil
            return Reply(intent: Self.fitID, confidence: 1, kind: .assessment, body: "Fine, I've stopped the assessment. Say \"is this right for me?\" to start again any time.")
        }
        let isResume = !set.isDisjoint(with: Self.resumeWords) && words.count <= 6
        if isResume && FitAssessment.answer(step, words: words) == nil {
            assessment.isPaused = false
            state.context.assessment = assessment
            return Reply(intent: Self.fitID, confidence: 1, kind: .assessment, body: "Let's continue.\n\n" + FitAssessment.question(step))
        }
        if assessment.isPaused {
            // A bare answer to the pending question picks the assessment up again; anything
            // else is a normal message.
            let match = turn.match
            guard words.count <= 4, match.isBelowThreshold || match.intent == KnowledgeBase.fallbackID,
                  FitAssessment.answer(step, words: words) != nil
            else { return nil }
            assessment.isPaused = false
        }
        if let value = FitAssessment.answer(step, words: words) {
            assessment.answers[FitAssessment.questions[step].id] = value
            assessment.step += 1
            if FitAssessment.questions[step].id == "experience", let years = Int(value) { state.profile.experienceYears = years }
            if assessment.step >= FitAssessment.questions.count {
                state.context.assessment = nil
                let body = FitAssessment.recommendation(assessment.answers, profile: state.profile)
                return offer(Reply(intent: Self.fitID, confidence: 1, kind: .recommendation, title: "Your fit", body: body),
                             suggestions: ["roles.overview", "curriculum.overview", "info.unknown"], &state, prompt: "You could ask next:")
            }
            state.context.assessment = assessment
            return Reply(intent: Self.fitID, confidence: 1, kind: .assessment, body: FitAssessment.question(assessment.step))
        }
        // Not an answer: another question asked in the middle pauses the flow.
        let match = turn.match
        if !match.isBelowThreshold && match.intent != Self.fitID && match.intent != KnowledgeBase.fallbackID {
            assessment.isPaused = true
            state.context.assessment = assessment
            let reply = answerDuringPause(match, turn, &state)
            return reply
        }
        if match.intent == Self.fitID {
            return Reply(intent: Self.fitID, confidence: 1, kind: .assessment, body: "We're already doing it. " + FitAssessment.question(step))
        }
        return Reply(intent: Self.fitID, confidence: match.confidence, kind: .assessment,
                     body: "I didn't catch that. " + FitAssessment.hint(step) + "\n\n" + FitAssessment.question(step)
                        + "\n\n(Say \"stop the assessment\" to leave it.)")
    }

    private func answerDuringPause(_ match: IntentMatch, _ turn: TurnContext, _ state: inout SessionState) -> Reply {
        let resolved = resolve(match, turn, state.context)
        var reply = answer(resolved.intent, confidence: resolved.confidence, turn, &state)
        reply.body += "\n\n(We paused the fit assessment at question \((state.context.assessment?.step ?? 0) + 1): say \"let's continue\" to go on.)"
        return reply
    }
}
