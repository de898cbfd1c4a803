import AdvisorEngine
import Testing

/// The dialogue rules on a small inline knowledge base.
struct DialogueEngineTests {
    let engine: DialogueEngine

    init() throws {
        engine = DialogueEngine(knowledge: try TestKnowledge.conversational())
    }

    func say(_ lines: [String], _ state: inout SessionState) -> [Reply] {
        lines.enumerated().map { engine.respond(to: $0.element, state: &state, seed: UInt64($0.offset)) }
    }

    @Test func followUpSwitchesRoleWithinTopic() {
        var state = SessionState(user: "t")
        let replies = say(["what roles can I get", "what about plant managers?"], &state)
        #expect(replies.map(\.intent) == ["roles.overview", "roles.plant_manager"])
        #expect(state.context.topic == "roles.plant_manager")
    }

    @Test func anaphoricCourseQuestionGoesToTheModuleOfTheTopic() {
        var state = SessionState(user: "t")
        let replies = say(["what is a smart factory", "does the course teach this?"], &state)
        #expect(replies.map(\.intent) == ["industry40.smart_factory", "curriculum.industry40"])
    }

    @Test func tellMeMoreDeepensThenOffersRelatedTopics() {
        var state = SessionState(user: "t")
        let replies = say(["what does a plant manager do", "tell me more", "tell me more"], &state)
        #expect(replies[1].kind == .more && replies[1].body == "More about roles.plant_manager.")
        #expect(replies[2].kind == .more && replies[2].body != replies[1].body)
        #expect(!replies[2].choices.isEmpty)
    }

    @Test func tellMeMoreWithoutATopicAsksWhatToExpand() {
        var state = SessionState(user: "t")
        let reply = engine.respond(to: "tell me more", state: &state)
        #expect(reply.intent == "chat.more")
        #expect(reply.title == nil)
    }

    @Test func typingANumberAsksTheSuggestion() {
        var state = SessionState(user: "t")
        let first = engine.respond(to: "what roles can I get", state: &state)
        #expect(first.choices.first?.intent == "roles.plant_manager")
        #expect(engine.respond(to: "1", state: &state).intent == "roles.plant_manager")
    }

    @Test func ordinalWordsPickAChoice() {
        var state = SessionState(user: "t")
        _ = engine.respond(to: "what roles can I get", state: &state)
        #expect(engine.respond(to: "the second one", state: &state).intent == state.context.topic)
        #expect(state.context.topic == "roles.operations_manager")
    }

    @Test func repeatedMissesShowTheTopicList() {
        var state = SessionState(user: "t")
        let replies = say(["banana", "rocket science", "zebra"], &state)
        #expect(replies.allSatisfy { $0.intent == "fallback" })
        #expect(!replies[0].body.contains("/topics"))
        #expect(replies[2].body.contains("/topics"))
    }

    @Test func fallbackOffersTopicsOfTheCurrentContext() {
        var state = SessionState(user: "t")
        _ = engine.respond(to: "what does a plant manager do", state: &state)
        let reply = engine.respond(to: "banana", state: &state)
        #expect(reply.choicesPrompt == "Staying with this topic, you could ask:")
        #expect(reply.choices.map(\.intent) == ["roles.operations_manager", "curriculum.plant_project"])
    }

    @Test func askingTheSameThingTwiceIsAcknowledged() {
        var state = SessionState(user: "t")
        let replies = say(["what does a plant manager do", "what does a plant manager do"], &state)
        #expect(replies[1].kind == .repetition)
        #expect(replies[1].intent == "roles.plant_manager")
    }

    @Test func repetitionWordingIsDeterministicUnderASeed() {
        var first = SessionState(user: "t")
        var second = SessionState(user: "t")
        let a = say(["what does a plant manager do", "what does a plant manager do"], &first)
        let b = say(["what does a plant manager do", "what does a plant manager do"], &second)
        #expect(a == b)
    }

    @Test func profileIsRememberedAndUsed() {
        var state = SessionState(user: "t")
        let intro = engine.respond(to: "I'm Priya, a mechanical engineer, 4 years in an auto plant", state: &state)
        #expect(state.profile.name == "Priya")
        #expect(state.profile.discipline == "mechanical")
        #expect(state.profile.experienceYears == 4)
        #expect(state.profile.industry == "automotive")
        #expect(intro.body.contains("Nice to meet you, Priya"))
        let roles = engine.respond(to: "what roles can I get", state: &state)
        #expect(roles.body.contains("mechanical engineer"))
    }

    @Test func durationQuestionsDoNotSetExperience() {
        var state = SessionState(user: "t")
        _ = engine.respond(to: "is the course 2 years long?", state: &state)
        #expect(state.profile.experienceYears == nil)
    }

    @Test func fitAssessmentRunsPausesResumesAndRecommends() {
        var state = SessionState(user: "t")
        var replies = say(["is this right for me?", "the whole system", "yes definitely"], &state)
        #expect(replies.map(\.kind) == [.assessment, .assessment, .assessment])
        #expect(state.context.assessment?.step == 2)
        // A question in the middle pauses the flow; "let's continue" picks it up.
        let aside = engine.respond(to: "what does a plant manager do", state: &state)
        #expect(aside.intent == "roles.plant_manager")
        #expect(aside.body.contains("let's continue"))
        let resumed = engine.respond(to: "let's continue", state: &state)
        #expect(resumed.body.contains("Question 3 of 5"))
        // Unsure about staying close to industry: not every criterion is met outright.
        replies = say(["not really", "sort of", "4 years"], &state)
        #expect(replies.last?.kind == .recommendation)
        #expect(replies.last?.body.contains("could fit") == true)
        #expect(state.context.assessment == nil)
        #expect(state.profile.experienceYears == 4)
    }

    @Test func fitAssessmentSaysWhenAnotherRouteSuitsBetter() {
        var state = SessionState(user: "t")
        let replies = say(["is this right for me?", "component design", "no", "yes, research", "no", "none yet"], &state)
        #expect(replies.last?.kind == .recommendation)
        #expect(replies.last?.body.contains("another route may suit you better") == true)
    }

    @Test func unclearAnswerIsAskedAgainWithAHint() {
        var state = SessionState(user: "t")
        _ = engine.respond(to: "is this right for me?", state: &state)
        let reply = engine.respond(to: "hmm purple", state: &state)
        #expect(reply.body.contains("I didn't catch that"))
        #expect(state.context.assessment?.step == 0)
    }

    @Test func twoTopicsJoinedByAndAreBothAnswered() {
        var state = SessionState(user: "t")
        let reply = engine.respond(to: "operations manager and plant manager", state: &state)
        #expect(reply.intent == "roles.operations_manager + roles.plant_manager")
        #expect(reply.body.contains("Answer for roles.operations_manager.") && reply.body.contains("Answer for roles.plant_manager."))
        #expect(state.context.alternatives == ["roles.operations_manager", "roles.plant_manager"])
    }

    @Test func welcomeBackNamesTheTopic() {
        var state = SessionState(user: "t")
        _ = engine.respond(to: "what does a plant manager do", state: &state)
        #expect(engine.welcome(state).body.contains("Plant manager") || engine.welcome(state).body.contains("roles.plant_manager"))
    }

    @Test func turnsAreBounded() {
        var state = SessionState(user: "t")
        for index in 0..<(SessionState.maximumTurns + 10) { _ = engine.respond(to: "question \(index)", state: &state) }
        #expect(state.turns.count == SessionState.maximumTurns)
        #expect(state.turnCount == SessionState.maximumTurns + 10)
    }
}
