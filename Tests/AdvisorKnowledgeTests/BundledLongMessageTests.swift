@testable import AdvisorEngine
import AdvisorKnowledge
import Testing

/// Long WhatsApp-style messages and long answers to the fit assessment, read against the
/// bundled knowledge base: the families of the blind sets probe32 to probe34.
struct BundledLongMessageTests: BundledConversation {
    let engine: DialogueEngine

    init() throws {
        engine = try Self.bundledEngine()
    }

    // MARK: Parts of a long message

    @Test func anOverviewAskedInSoManyWordsStaysBesideATopicOfItsArea() {
        #expect(intents(["what is the outlook for india", "and in india is there future? which sectors"]).last
            == "india.outlook + india.sectors")
        // "india makes planes also?" does not ask for the outlook: the sectors alone.
        #expect(intents(["which sectors are growing", "and aerospace really? india makes planes also?"]).last == "india.sectors")
    }

    @Test func aQuestionThatLeansOnThePartBeforeOnlyToRepeatItKeepsItsOwnReading() {
        let line = "ok but pharma is not even mentioned anywhere na, my friend showed me some article saying india is pushing auto "
            + "and EV and all, so which sectors are actually growing as per this, and why is everyone suddenly saying india needs "
            + "manufacturing leaders now, is there really shortage of such people or just hype"
        #expect(intents([line]) == ["india.sectors + india.outlook"])
    }

    @Test func aListAskedForWithItsItemsAsCandidatesIsTheList() {
        let line = "accha ok. so if i do this MBA what all subjects are there, is supply chain one of them or is it only operations "
            + "and lean and all, because in our mill the main headache is yarn planning"
        #expect(intents([line]) == ["curriculum.overview"])
    }

    @Test func aRelativeClauseTellsRatherThanAsks() {
        #expect(!TurnContext.isQuestion(clause: "i am mother of a girl who did mechanical engg"))
        #expect(!TurnContext.isQuestion(clause: "the normal MBA which many of my batchmates have done"))
        #expect(TurnContext.isQuestion(clause: "tell me who should do this"))
        #expect(TurnContext.isQuestion(clause: "consultant vs scm which is better"))
        let line = "hello, i am mother of a girl who did mechanical engg and is working in a two-wheeler company in Hosur for 1 yr "
            + "on the assembly line. our relatives keep saying factory job is not good long term. is manufacturing a proper long "
            + "term career or not"
        #expect(intents([line]) == ["career.perception"])
    }

    @Test func suchBeforeANounIsADeterminerNotAPronoun() {
        let line = "my senior from the fab was saying that with the semiconductor mission and so many electronics plants coming up, "
            + "the real shortage is people who know the tech and also can handle business side. is there actually such demand "
            + "for manufacturing leaders in india"
        #expect(intents([line]) == ["india.outlook"])
    }

    @Test func willItReallyHelpAsksRatherThanThanks() {
        #expect(intents(["what is a digital supply chain", "will it really help with this kind of problem"]).last
            == "industry40.digital_supply_chain")
        #expect(intents(["that was really helpful"]) == ["chat.thanks"])
    }

    // MARK: Words that depend on the conversation

    @Test func aSectorAfterInQualifiesTheTopicAndTheAnswerSaysTheArticleIsSilent() {
        let replies = replies(["is lean in this course useful for food plants", "and in pharma?"])
        #expect(replies.last?.intent == "curriculum.lean")
        #expect(replies.last?.body.contains("The article doesn't say how this applies in pharma") == true)
        // In a roles conversation a reading of the roles area is a new topic.
        #expect(intents(["what does a plant manager do", "and in supply chain?"]).last == "roles.supply_chain_manager")
        // In an India conversation a sector is the sectors.
        #expect(intents(["what is the outlook for manufacturing in india", "and in pharma?"]).last == "india.sectors")
    }

    @Test func scopeIsTheProspectsOfTheDegreeOrOfTheCountry() {
        #expect(intents(["scope?"]) == ["roles.overview"])
        #expect(intents(["career scope"]) == ["roles.overview"])
        #expect(intents(["scope in india"]) == ["india.outlook"])
        #expect(intents(["which sectors are growing in india", "scope?"]).last == "india.outlook")
    }

    // MARK: Long answers in the fit assessment

    @Test func aLongAnswerToTheChoiceQuestionIsReadByItsComparison() {
        let answer = "honestly yes, when i am in control room and see whole crude unit running from feed to product dispatch that "
            + "is more interesting for me than sitting and tuning one PID loop or selecting one transmitter model"
        let replies = replies(["check if i fit", answer])
        #expect(replies[1].body.contains("Question 2 of 5"), "\(replies[1].body)")
    }

    @Test func theChoiceQuestionTakesYesAndNo() {
        let fit = engine.knowledge.assessment
        #expect(fit.answer(0, words: ["yes"]) == "system")
        #expect(fit.answer(0, words: ["not", "really", "i", "like", "fixing", "the", "equipment", "itself"]) == "component")
        #expect(fit.answer(0, words: ["the", "component"]) == "component")
        #expect(fit.answer(0, words: ["both"]) == "both")
    }

    @Test func longYesNoAnswersAndDecimalYearsAreAnswers() {
        let fit = engine.knowledge.assessment
        let long = "haan i want to lead a team and have some say in decisions and budgets someday".split(separator: " ").map(String.init)
        #expect(fit.answer(1, words: long) == "yes")
        #expect(fit.answer(4, words: ["3.5"]) == "3")
        #expect(fit.answer(4, words: ["approx", "5.5"]) == "5")
        // Not numbers of years: nothing, and no trap.
        #expect(fit.answer(4, words: ["nan"]) == nil && fit.answer(4, words: ["inf"]) == nil && fit.answer(4, words: ["99999999999999999999"]) == nil)
        #expect(fit.answer(1, words: ["i", "think", "so"]) == "yes")
        #expect(fit.answer(2, words: ["naah"]) == "no")
    }

    @Test func aBreakPausesTheAssessmentAndKeepsItsAnswers() {
        let replies = replies(["check if i fit", "the system", "stop, shift starting, will come back later", "lets continue"])
        #expect(replies[2].body.contains("pause") && replies[2].body.contains("question 2"), "\(replies[2].body)")
        #expect(replies[3].body.contains("Question 2 of 5"), "\(replies[3].body)")
        // "stop" alone still ends it.
        #expect(self.replies(["check if i fit", "stop"])[1].body.contains("stopped"))
    }

    @Test func aRequestToStartAgainStartsFromTheFirstQuestion() {
        let replies = replies(["check if i fit", "the system", "yes", "can we do the suitability check again from the start"])
        #expect(replies[3].body.contains("Question 1 of 5"), "\(replies[3].body)")
    }

    @Test func aQuestionAboutTheQuestionThatSaysNotSureIsNotAnAnswer() {
        let replies = replies(["check if i fit", "the system", "strategic influence? not sure what that means here"])
        #expect(replies[2].body.contains("Question 2 of 5") && !replies[2].body.contains("Question 3 of 5"), "\(replies[2].body)")
        // The answer after the question still counts, with its "pls".
        let answered = self.replies(["check if i fit", "the system", "strategic influence means budgets? yes pls"])
        #expect(answered[2].body.contains("Question 3 of 5"), "\(answered[2].body)")
    }

    @Test func theResultAskedInHinglishAfterTheResultIsRecalled() {
        let replies = replies(["check if i fit", "system", "yes", "no", "yes", "5 years", "so kya result hai basically, one line me bolo"])
        #expect(replies.last?.intent == "fit.assess")
        #expect(replies.last?.body.contains("fit") == true)
    }

    // MARK: Off the subject, in the field's words

    @Test func theJobHuntTheWorkplaceAndOtherSpecialisationsAreOffTheSubject() {
        for line in [
            "give me interview questions for quality engineer post", "how to negotiate hike with my hr, they offered only 8 percent",
            "my manager takes credit for my kaizen ideas, how to handle him", "best iim for marketing specialisation",
            "is an mba in finance better for investment banking", "difference between pmp and prince2 certification exam",
            "latest news on semiconductor fab in gujarat", "how to make a gantt chart in excel",
            "how to do root cause analysis for a weld porosity problem in our robot cell", "explain how a 4 stroke diesel engine works",
            "how to start my own small cnc job shop business, what loan schemes are there", "lean body",
        ] {
            #expect(intents([line]) == ["fallback"], "\(line)")
        }
        // The same words beside the degree stay in scope.
        #expect(intents(["with 7 yrs exp how much hike will i get after this, what package"]) == ["info.unknown"])
        #expect(intents(["will i learn project mgmt like PMP style stuff in this program"]) == ["curriculum.plant_project"])
    }

    @Test func anOffTopicRequestThatNamesTheUserIsNotAnIntroduction() {
        #expect(intents(["write my linkedin headline as a production engineer"]) == ["fallback"])
        #expect(intents(["my two-wheeler is giving low mileage what to check"]) == ["fallback"])
        #expect(intents(["im a production engineer in a two-wheeler plant"]) == ["chat.greeting"])
    }

    @Test func aQuestionInScopeBesideAnAsideTheFallbackReadsIsAnswered() {
        #expect(intents(["can i do this part time or online while working, i cant leave my job in the cement plant bcoz of home loan emi"])
            == ["info.unknown"])
    }

    // MARK: Several questions in one long message

    @Test func questionsInARowAreEachAnswered() {
        let line = "ok sir three quick things i wanted to ask since my wife is also asking me daily about future plans so i need clarity - "
            + "what is taught in plant mgmt module, what does supply chain manager do, and which college is best for this"
        #expect(intents([line]) == ["curriculum.plant_project + roles.supply_chain_manager + info.unknown"])
        // A clause that leans on the one before by a pronoun stays with it.
        #expect(intents(["what is a smart factory then, is it fully automatic with no workers"]) == ["industry40.smart_factory"])
    }

    @Test func aPronounQuestionMeansTheThingNamedLast() {
        let line = "now company is getting EV scooter customers also and our GM talks about digital supply chain daily in review meeting "
            + "with supplier portals and all, what is it exactly? i dont want to look dumb in front of him"
        #expect(intents([line]) == ["industry40.digital_supply_chain"])
    }

    @Test func specialisingTechnicallyIsTheOtherRoute() {
        #expect(intents(["should i specialise technically instead?"]) == ["fit.who_for"])
        #expect(intents(["is it better to do MS in polymer engg instead?"]) == ["fit.who_for"])
        #expect(intents(["MS in Manufacturing Management meaning"]) == ["program.overview"])
    }

    @Test func whatSomeoneEarnsToldIsNotAPayQuestion() {
        let line = "last thing sir, one of my friends is in a big4 doing manufacturing consulting for auto clients and he travels a lot "
            + "and earns good, what does a manufacturing consultant actually do day to day"
        #expect(intents([line]) == ["roles.consultant"])
        #expect(intents(["what does a consultant do", "which one earns more"]).last == "info.unknown")
    }

    @Test func commonWordsAreNotCorrectedIntoOthers() {
        let normaliser = engine.knowledge.normaliser
        for (word, wrong) in [("never", "fever"), ("taking", "talking"), ("managed", "manager"), ("dyeing", "dying"), ("resin", "resign")] {
            #expect(!normaliser.normalise("i \(word) it").tokens.contains { $0.word == wrong }, "\(word)")
        }
        let line = "ok so tell me the roles after this course and also the lean manufacturing part, we have a lean team in our plant "
            + "but i never understood what they do apart from putting stickers and 5S boards, kya wo bhi padhate hai in detail"
        #expect(intents([line]) == ["roles.overview + curriculum.lean"])
    }

    @Test func aJudgementOfAReportedClaimIsAskedOfTheClaimAcrossItsSentences() {
        let message = "one more thing that is bothering me. my mama works in a bank in Mumbai and he says manufacturing is just for starting "
            + "career, after 5-6 yrs everybody smart shifts to IT, factory people stay stuck. he says dont waste mba on manufacturing. "
            + "is he right or is this thinking old"
        #expect(intents([message]) == ["career.perception"])
    }

    @Test func numberedQuestionsLeadInAndFiguresAmongThem() {
        let message = "accha one more. my cousin did general MBA and now he is in sales, not happy. i am confused between that and this "
            + "manufacturing wala MBA. so tell me 1) what is the real difference between the two 2) which colleges are ranked best for the manufacturing one"
        #expect(intents([message]) == ["program.vs_general_mba + info.unknown"])
    }

    @Test func allThatTheNamedRoleHandlesIsThatRole() {
        let message = "ok. my boss said quality people never become plant head. anyway i want to understand the role first, what does a plant "
            + "manager actually handle day to day, like what all comes under him"
        #expect(intents(["what roles does it lead to", message]).last == "roles.plant_manager")
    }
}
