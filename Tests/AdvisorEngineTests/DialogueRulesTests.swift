@testable import AdvisorEngine
import Foundation
import Testing

/// One test per rule of the dialogue layer, on the small inline knowledge base.
struct DialogueRulesTests {
    let engine: DialogueEngine

    init() throws {
        engine = DialogueEngine(knowledge: try TestKnowledge.conversational())
    }

    func say(_ lines: [String], _ state: inout SessionState) -> [Reply] {
        lines.enumerated().map { engine.respond(to: $0.element, state: &state, seed: UInt64($0.offset)) }
    }

    func intents(_ lines: [String]) -> [String] {
        var state = SessionState(user: "t")
        return say(lines, &state).map(\.intent)
    }

    @Test func aTopicWordMeansTheIntentOfTheCurrentArea() {
        #expect(intents(["what roles can I get", "operations?"]).last == "roles.operations_manager")
        #expect(intents(["what does the course teach", "and operations"]).last == "curriculum.plant_project")
        #expect(intents(["operations"]) == ["roles.operations_manager"])
    }

    @Test func aKindWordPicksTheArea() {
        #expect(intents(["what roles can I get", "operations module"]).last == "curriculum.plant_project")
    }

    @Test func pronounsMeanTheEntityInFocus() {
        var state = SessionState(user: "t")
        let replies = say(["what does a plant manager do", "do they travel a lot?"], &state)
        #expect(replies[1].intent == "roles.plant_manager")
        #expect(replies[1].resolution?.contains("anaphora") == true)
        #expect(state.context.focus == "roles.plant_manager")
    }

    @Test func thatModuleReadsTheFocusInTheCurriculum() {
        #expect(intents(["what is a smart factory", "is it taught?"]).last == "curriculum.industry40")
    }

    @Test func yesAcceptsTheOfferAndNoDeclinesIt() {
        var state = SessionState(user: "t")
        let replies = say(["who is it for", "ok sure"], &state)
        #expect(replies.map(\.intent) == ["fit.who_for", "fit.assess"])
        #expect(replies[1].kind == .assessment)
        var declined = SessionState(user: "t")
        let no = say(["who is it for", "no thanks"], &declined)
        #expect(no[1].intent == "fit.assess" && no[1].kind == .answer)
        #expect(declined.context.assessment == nil && declined.context.offer == nil)
    }

    @Test func yesWithNothingOfferedIsNotAnAcceptance() {
        var state = SessionState(user: "t")
        let reply = say(["what does a plant manager do", "yes"], &state)[1]
        #expect(reply.kind != .assessment)
    }

    @Test func whyGivesTheReasoningOfTheLastAnswer() {
        var state = SessionState(user: "t")
        let reply = say(["who is it for", "why?"], &state)[1]
        #expect(reply.intent == "fit.who_for")
        #expect(reply.body == "Because the source says so.")
    }

    @Test func whatDoYouMeanRestatesTheLastAnswer() {
        var state = SessionState(user: "t")
        let reply = say(["what does a plant manager do", "what do you mean?"], &state)[1]
        #expect(reply.intent == "roles.plant_manager")
        #expect(reply.body.contains("More about roles.plant_manager."))
    }

    @Test func stopWithNothingRunningNeverStartsTheAssessment() {
        var state = SessionState(user: "t")
        let reply = engine.respond(to: "stop the assessment", state: &state)
        #expect(state.context.assessment == nil)
        #expect(reply.body.contains("nothing running"))
    }

    @Test func aClarifyingQuestionInTheAssessmentIsNotAnAnswer() {
        var state = SessionState(user: "t")
        _ = say(["is this right for me", "the system"], &state)
        let reply = engine.respond(to: "what do you mean by that?", state: &state)
        #expect(reply.intent == "fit.assess")
        #expect(state.context.assessment?.step == 1)
        #expect(state.context.assessment?.answers["lead"] == nil)
        #expect(reply.body.contains("Question 2 of 5"))
    }

    @Test func stopLeavesTheAssessmentInOtherWords() {
        var state = SessionState(user: "t")
        _ = say(["is this right for me", "stop this quiz, i want to ask something else"], &state)
        #expect(state.context.assessment == nil)
    }

    @Test func theConclusionIsKeptForWhyNextStepsAndRecall() {
        var state = SessionState(user: "t")
        let replies = say(["is this right for me", "the system", "yes", "no", "yes", "4 years", "why?", "what should i do next?"], &state)
        #expect(replies[5].kind == .recommendation)
        #expect(state.context.conclusion?.verdict == "strong")
        #expect(replies[6].intent == "fit.assess" && replies[6].body.contains("You want to lead"))
        #expect(replies[7].title == "Next steps")
        let recalled = engine.respond(to: "what was my result?", state: &state)
        #expect(recalled.body.contains("strong fit"))
        #expect(engine.welcome(state).body.contains("strong fit"))
    }

    @Test func knownYearsAreConfirmedNotAskedAgain() {
        var state = SessionState(user: "t")
        state.profile.experienceYears = 3
        let replies = say(["is this right for me", "the system", "yes", "no", "yes"], &state)
        #expect(replies.last?.kind == .recommendation)
        #expect(replies.last?.body.contains("You told me you have 3 years") == true)
    }

    @Test func aCorrectionSwitchesToTheOtherReading() {
        var state = SessionState(user: "t")
        let replies = say(["operations", "no, the module, not the role"], &state)
        #expect(replies.map(\.intent) == ["roles.operations_manager", "curriculum.plant_project"])
        #expect(replies[1].resolution?.contains("correction") == true)
    }

    @Test func twoQuestionsInTwoSentencesAreBothAnswered() {
        let reply = intents(["What does a plant manager do? And what is a smart factory?"])
        #expect(reply == ["roles.plant_manager + industry40.smart_factory"])
    }

    @Test func anIntroductionWithAQuestionIsNotedAndAnswered() {
        var state = SessionState(user: "t")
        let reply = engine.respond(to: "I am Priya, a mechanical engineer with 4 years in an auto plant. What does a plant manager do?", state: &state)
        #expect(reply.intent == "roles.plant_manager")
        #expect(reply.body.contains("Nice to meet you, Priya!"))
        #expect(state.profile.experienceYears == 4)
    }

    @Test func theFrameSurvivesJSONAndOldFilesStillLoad() throws {
        var state = SessionState(user: "t")
        _ = say(["who is it for", "what does a plant manager do"], &state)
        let data = try JSONEncoder().encode(state)
        #expect(try JSONDecoder().decode(SessionState.self, from: data) == state)
        let old = #"{"version":1,"user":"t","profile":{"interests":[]},"context":{"depth":0,"choices":[],"choicesAreClarification":false,"misses":0,"lastStems":[]},"turns":[],"turnCount":0}"#
        let loaded = try JSONDecoder().decode(SessionState.self, from: Data(old.utf8))
        #expect(loaded.context.focus == nil && loaded.context.conclusion == nil)
    }

    @Test func aRenamedIntentInTheDialogueSectionFailsToLoad() {
        var definition = KnowledgeBaseDefinition(intents: [TestKnowledge.intent("fallback", require: ["weather"])])
        definition.dialogue = TestKnowledge.dialogue(roles: ["more": "chat.more_renamed"], areas: [("roles", "roles.gone", [])])
        #expect {
            _ = try KnowledgeBase(definition)
        } throws: { error in
            let text = "\(error)"
            return text.contains("dialogue role 'more' names unknown intent 'chat.more_renamed'") && text.contains("roles.gone")
        }
    }

    @Test func nonLatinScriptGetsAHint() {
        var state = SessionState(user: "t")
        let reply = engine.respond(to: "मुझे प्लांट हेड बनना है", state: &state)
        #expect(reply.body.hasPrefix("I can only read English"))
    }

    @Test func rightAfterAResultTheAssessmentIsNotStartedAgainUnasked() {
        var state = SessionState(user: "t")
        _ = say(["is this right for me", "the system", "yes", "no", "yes", "4 years"], &state)
        let roles = engine.respond(to: "which role is right for me?", state: &state)
        #expect(roles.intent == "roles.overview")
        #expect(state.context.assessment == nil)
        let again = engine.respond(to: "is this right for me? check again", state: &state)
        #expect(again.kind == .assessment && state.context.assessment != nil)
    }

    @Test func yearsGivenAfterAResultUpdateIt() {
        var state = SessionState(user: "t")
        state.profile.experienceYears = 6
        _ = say(["is this right for me", "the system", "yes", "no", "yes"], &state)
        let reply = engine.respond(to: "no experience yet, i'm a student", state: &state)
        #expect(reply.intent == "fit.assess" && reply.kind == .recommendation)
        #expect(state.profile.experienceYears == 0)
    }

    @Test func anAreaNamedByItsKindWordIsItsOverview() {
        #expect(intents(["what is a smart factory", "and the roles?"]).last == "roles.overview")
    }

    @Test func tellMeMoreAboutThatModuleIsTheModuleOfTheFocus() {
        var state = SessionState(user: "t")
        let replies = say(["what is a smart factory", "tell me more about that module"], &state)
        #expect(replies[1].intent == "chat.more")
        #expect(state.context.topic == "curriculum.industry40")
    }

    @Test func anOrdinalPointsAtOnePartOfATwoPartAnswer() {
        var state = SessionState(user: "t")
        let replies = say(["operations manager and plant manager", "why the first one?"], &state)
        #expect(replies[1].intent == "roles.operations_manager")
    }

    @Test func aSentenceThatNamesAnAreaMovesTheRestOfTheMessage() {
        var state = SessionState(user: "t")
        _ = say(["what does the course teach"], &state)
        let reply = engine.respond(to: "ok back to roles. operations and plant manager?", state: &state)
        #expect(reply.intent == "roles.operations_manager + roles.plant_manager")
    }

    @Test func aVetoedIntentIsNotBroughtBackByItsEntityName() throws {
        let knowledge = try KnowledgeBase(KnowledgeBaseDefinition(
            intents: [
                TestKnowledge.intent("curriculum.lean", require: ["lean"], exclude: ["body"], entities: ["lean"]),
                TestKnowledge.intent("fallback", require: ["weather"]),
            ],
            dialogue: TestKnowledge.dialogue(roles: ["fallback": "fallback"], areas: [("curriculum", nil, [])])))
        var state = SessionState(user: "t")
        #expect(DialogueEngine(knowledge: knowledge).respond(to: "lean body workout", state: &state).intent == "fallback")
    }

    @Test func yesAcceptsInTheFirstClauseOnly() {
        var state = SessionState(user: "t")
        let replies = say(["who is it for", "yes go ahead, I'll answer for my brother"], &state)
        #expect(replies[1].intent == "fit.assess" && replies[1].kind == .assessment)
    }

    @Test func everyNameInTheDialogueSectionIsChecked() {
        var definition = KnowledgeBaseDefinition(intents: [TestKnowledge.intent("fallback", require: ["weather"])])
        definition.dialogue = TestKnowledge.dialogue(
            roles: ["sidekick": "fallback"], readings: [(["ops"], ["nowhere": "fallback"], "fallback")])
        definition.unknownFacets = [UnknownFacetDefinition(
            id: Located("things", at: TestKnowledge.location(6)), title: "Things", name: "things",
            concepts: [Located("no_such_concept", at: TestKnowledge.location(7))], answer: "None.", ask: ["what things"])]
        #expect {
            _ = try KnowledgeBase(definition)
        } throws: { error in
            let text = "\(error)"
            return text.contains("unknown dialogue role 'sidekick'") && text.contains("a reading names unknown area 'nowhere'")
                && text.contains("test.yaml:7: unknown facet 'things' names unknown concept 'no_such_concept'")
        }
    }

    @Test func hinglishAcceptsTheOffer() {
        var state = SessionState(user: "t")
        let replies = say(["who is it for", "haan chalo karte hai"], &state)
        #expect(replies[1].intent == "fit.assess" && replies[1].kind == .assessment)
    }

    @Test func skipLeavesTheFlowItNamesButNotAQuestion() {
        var state = SessionState(user: "t")
        _ = say(["is this right for me", "yes mostly, the whole line"], &state)
        _ = say(["skip this question"], &state)
        #expect(state.context.assessment != nil)
        _ = say(["hmm nah skip this test"], &state)
        #expect(state.context.assessment == nil)
    }

    @Test func whyInOtherWordsAndWithInterjections() {
        var state = SessionState(user: "t")
        let replies = say(["what does a plant manager do", "could you explain the reasoning behind that?", "really? how"], &state)
        #expect(replies[1].resolution?.hasPrefix("act why") == true)
        #expect(replies[2].resolution?.hasPrefix("act why") == true)
    }

    @Test func twoNamedEntitiesAreComparedNotTheFocus() {
        var state = SessionState(user: "t")
        let replies = say(["what roles can I get", "ops manager or plant manager, how do they differ"], &state)
        #expect(replies[1].intent == "roles.operations_manager + roles.plant_manager")
    }

    @Test func twoQuestionsJoinedByAndAreTwoParts() {
        #expect(DialogueEngine.joinedQuestions("is it different from a regular mba, and will I lose my technical edge")
            == ["is it different from a regular mba", "will I lose my technical edge"])
        #expect(DialogueEngine.joinedQuestions("what do plant and project managers do all day") == ["what do plant and project managers do all day"])
    }

    @Test func allThisPointsBackRatherThanAskingForTheOthers() {
        #expect(intents(["what is a smart factory", "is all this taught in the course"]).last == "curriculum.industry40")
    }

    @Test func aNameAloneAfterAGreetingIsAnIntroduction() {
        let update = ProfileExtractor.extract(from: "hi, meera. 8 yrs in a tier 1 auto supplier")
        #expect(update.name == "Meera")
        #expect(update.experienceYears == 8)
        #expect(ProfileExtractor.extract(from: "hi, lean?").name == nil)
    }

    @Test func thatRoleMeansTheOneTheSentenceBeforeNames() {
        var state = SessionState(user: "t")
        let replies = say(["what does a plant manager do", "forget plant manager, i think ops manager suits me. what does that role involve"], &state)
        #expect(replies[1].intent == "roles.operations_manager")
    }
}
