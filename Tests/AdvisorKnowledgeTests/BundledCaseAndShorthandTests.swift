@testable import AdvisorEngine
import AdvisorKnowledge
import Testing

/// Follow-ups of the blind sets probe61 to probe64 (session 10), read against the bundled
/// knowledge base, a family per test.
struct BundledCaseAndShorthandTests: BundledConversation {
    let engine: DialogueEngine

    init() throws {
        engine = try Self.bundledEngine()
    }

    @Test func aCaseOfTheAskersAsksTheTopicAgainAndSaysTheArticleDoesNotTellItApart() {
        let replies = replies(["who should do this mba", "and if i have 8 years?"])
        #expect(replies.last?.intent == "fit.who_for")
        #expect(replies.last?.body.hasPrefix("The article doesn't say whether this differs with years of experience") == true)
        #expect(intents(["what does a plant manager do", "what if i am a fresher?"]).last == "roles.plant_manager")
        #expect(intents(["why do engineers need this", "hmm and for someone from electrical side also same?"]).last == "program.why_engineers")
        #expect(intents(["what is lean manufacturing", "is it same in pharma?"]).last == "curriculum.lean")
    }

    @Test func aCaseIsNotAStatementAboutTheAsker() {
        var state = SessionState(user: "t")
        _ = engine.respond(to: "who should do this mba", state: &state, seed: 0)
        _ = engine.respond(to: "and if i have 8 years?", state: &state, seed: 1)
        #expect(state.profile.experienceYears == nil)
    }

    @Test func whetherItSuitsMeIsNoCaseOfTheTopic() {
        #expect(intents(["electronics smt scope in india", "im 1 yr exp only, ok for me?"]).last == "fit.assess")
        // "what is the degree for": "degree" is no background.
        #expect(intents(["what skills does it build", "coming back, what is the degree for in one line"]).last != "program.skills")
    }
}
