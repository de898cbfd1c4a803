@testable import AdvisorEngine
import AdvisorKnowledge
import Testing

/// Follow-ups that lean on the conversation, read against the bundled knowledge base: the
/// families of the blind sets probe39 and conversations-holdout-7 and -8 (session 9).
struct BundledFollowUpTests: BundledConversation {
    let engine: DialogueEngine

    init() throws {
        engine = try Self.bundledEngine()
    }

    @Test func theListStaysThroughTheAnswerAboutFiguresOfOneItem() {
        let lines = ["what jobs can i get after this degree", "and plant manager", "salary for that roughly?", "ok and the last one in ur list",
                     "do they travel a lot"]
        #expect(Array(intents(lines).suffix(2)) == ["roles.consultant", "roles.consultant"])
    }

    @Test func aPronounAfterPeopleNamedInTheSameMessageMeansThem() {
        #expect(intents(["isnt manufacturing just a stepping stone?", "so someone with engg plus mgmt both, they go up faster?"]).last
            == "career.advancement")
        // Without people named before it, "they" is the role in focus.
        #expect(intents(["what does a manufacturing consultant do", "do they travel a lot?"]).last == "roles.consultant")
    }

    @Test func partOfItIsTheModuleInFocusOrTheTechnologyInFocus() {
        #expect(intents(["what does the industry 4.0 module cover", "digital twin is part of it?"]).last == "curriculum.industry40")
        #expect(intents(["what is a smart factory", "is predictive maintenance part of that?"]).last == "industry40.smart_factory")
    }

    @Test func theOldPictureOfAFactoryAskedAboutIsTheModernFactory() {
        #expect(intents(["my dad still thinks factory means smoke and oily machines and shouting supervisors. is it still like that"])
            == ["industry40.overview"])
    }

    @Test func startingTheQuestionsStartsTheFitCheck() {
        #expect(intents(["accha. ok lets do the questions now"]) == ["fit.assess"])
        #expect(intents(["check me"]) == ["fit.assess"])
        let long = "ok my real confusion is this, i love composite material science, my manager says i should go for research. but i also "
            + "like running the infusion line and handling the layup team. check if i am suitable for this mba or not pls, i need some clarity"
        #expect(intents([long]) == ["fit.assess"])
    }

    @Test func aLongCorrectionIsReadByItsLead() {
        let correction = "no no i meant the job, operations manager role, bcoz in our factory the ops manager is the one who handles "
            + "everything from timber purchase to loading the export containers and i want to reach there in next 5 yrs"
        #expect(intents(["what is taught in the course", "operations?", correction]).last == "roles.operations_manager")
    }

    @Test func aShortAnswerBeforeAQuestionClauseAnswersTheAssessment() {
        let replies = replies(["check if i fit", "i think the whole system, how the full packing line runs"])
        #expect(replies[1].body.contains("Question 2 of 5"), "\(replies[1].body)")
    }

    @Test func aComparisonAfterAnOpenerIsTwoTopics() {
        #expect(intents(["what is lean and what does an operations manager do", "ok and plant manager vs operations manager"]).last
            == "roles.plant_manager + roles.operations_manager")
    }

    @Test func whatItIsMeantForIsTheProgrammeAndWhomItIsMeantForIsWhoItFits() {
        #expect(intents(["what is it meant for"]) == ["program.overview"])
        #expect(intents(["is it meant for design engineers or plant engineers"]) == ["fit.who_for"])
        #expect(intents(["hello, before spending lakhs on some degree i want to know honestly if this path suits me or not, can you check?"])
            == ["fit.assess"])
    }

    @Test func theDifferenceBetweenTwoModulesIsBothNotTheGeneralMBA() {
        #expect(intents(["what is the difference between lean manufacturing and operations management"])
            == ["curriculum.lean + curriculum.operations"])
        #expect(intents(["difference between general mba and this mba"]) == ["program.vs_general_mba"])
    }

    @Test func meantForSomeoneLikeMeIsWhomItFits() {
        #expect(intents(["is this manufacturing mgmt course meant for someone like me or only for ppl already working in plants"])
            == ["fit.who_for"])
        #expect(intents(["is manufacturing mgmt right for someone like me"]) == ["fit.assess"])
    }

    @Test func whichCompanyHiresIsAboutPlacements() {
        #expect(intents(["what is the outlook in india", "which company hires most in aerospace"]).last == "info.unknown")
    }

    @Test func aCareerDoneEarlyThenLeftIsThePerception() {
        #expect(intents(["People in my circle say manufacturing is something you do early and then move to a corporate or consulting job. Is that really how careers go?"])
            == ["career.perception"])
    }

    @Test func whomThisPathFitsIsTheProgrammesOwnQuestionWhateverIsInFocus() {
        #expect(intents(["which sectors are growing in india", "so what kind of person fits this path"]).last == "fit.who_for")
    }

    @Test func aComparisonTheMessageMakesIsNotOutweighedByTheTopic() {
        #expect(intents(["what does a supply chain manager do", "but would a general mba not give me the same roles"]).last
            == "program.vs_general_mba")
    }

    @Test func engineersWhoDoItOnlyNamesThem() {
        let line = "hello sir, myself Fathima, chemical engineer, 6 yrs in a leather tannery. my boss suggested an MBA kind of degree but "
            + "i am scared it will take me away from technical work completely and i will become a pure paper pusher. is that what "
            + "happens to engineers who do it?"
        #expect(intents([line]) == ["program.why_engineers"])
        #expect(intents(["what kind of engineers should do this"]) == ["fit.who_for"])
    }

    @Test func aTopicDefinedInTheMessageIsWhatItsPronounComparesNotTheFocus() {
        #expect(intents(["what is ai based quality inspection", "and what is a smart factory, how is it different from normal factory"]).last
            == "industry40.smart_factory")
        #expect(intents(["what does a plant manager do", "how is it different from ops manager"]).last
            == "roles.plant_manager + roles.operations_manager")
    }

    @Test func specialisingRatherThanManagementIsTheOtherRoute() {
        #expect(intents(["should i specialise rather than do management?"]) == ["fit.who_for"])
    }

    @Test func aCorrectionThenAQuestionAsksAboutTheCorrectedReading() {
        #expect(intents(["what is a digital supply chain", "supply chain?", "no not that, i meant the job only. does he need engg background"]).last
            == "roles.supply_chain_manager")
        #expect(intents(["what jobs can i get after this", "plant?", "no no not the job, the module. does it teach budgeting"]).last
            == "curriculum.plant_project")
    }

    @Test func compareBothComparesTheLastTwoTopics() {
        #expect(intents(["plant head", "and ops manager?", "compare both"]).last == "roles.plant_manager + roles.operations_manager")
    }

    @Test func shortPleaseIsTheLastAnswerInOtherWords() {
        #expect(intents(["what does the industry 4.0 module cover", "short pls"]).last == "curriculum.industry40")
    }

    @Test func aTechnologyAlsoAskedOfTheModuleInFocusIsThatModule() {
        #expect(intents(["ok and industry 4.0 wala bhi padhate hai?", "digital twin also?"]).last == "curriculum.industry40")
        #expect(intents(["what is a smart factory", "digital twin also?"]).last != "curriculum.industry40")
    }

    @Test func thePostsOneWouldBeEligibleForAreTheRoles() {
        #expect(intents(["after this course what kind of posts would i be eligible for"]) == ["roles.overview"])
        #expect(intents(["am i eligible for this mba with 2 yrs exp"]) == ["info.unknown"])
    }

    @Test func afterItIsAfterTheDegree() {
        #expect(intents(["what do they teach in it", "and plant", "ok and after it what jobs"]).last == "roles.overview")
    }

    @Test func careerRolesAreTheRolesAsAWhole() {
        #expect(intents(["Kindly tell me the curriculum and career roles both"]) == ["curriculum.overview + roles.overview"])
    }

    @Test func theFirstThingSaidIsTheFirstPartAndItsItemNamed() {
        #expect(intents(["Kindly tell me the curriculum and career roles both", "the first thing u said, operations one"]).last
            == "curriculum.operations")
    }

    @Test func choosingBetweenTheTwoAComparisonWeighedIsPartOfIt() {
        let line = "some say general MBA some say this manufacturing one, im confused, what is the real difference between the two, "
            + "which one is closer to what i do in plant"
        #expect(intents([line]) == ["program.vs_general_mba"])
    }

    @Test func aQuestionAskedInTheMiddleOfTheAssessmentIsReadByItsClause() {
        let replies = replies(["check if i fit", "wait first tell me what is industry 4.0 exactly, people keep saying it"])
        #expect(replies[1].intent == "industry40.overview" && replies[1].body.contains("We paused the fit assessment"))
    }

    @Test func theyWhoTeachAreTheProgrammes() {
        #expect(intents(["hi, QA engineer at a seat belt plant near chennai, 3 yrs. what all subjects they teach in this program"])
            == ["curriculum.overview"])
    }

    @Test func whatNounCanIAsks() {
        #expect(TurnContext.isQuestion(clause: "after doing this course what jobs can i actualy get"))
        #expect(!TurnContext.isQuestion(clause: "i know what jobs are there"))
    }

    @Test func sectorsAloneAreTheGrowthSectors() {
        #expect(intents(["is there scope in india", "sectors"]).last == "india.sectors")
        #expect(intents(["my colleagues say manufacturing is only a place to spend the first few years before moving to something better. is that true?"])
            == ["career.perception"])
    }

    @Test func hinglishAndIsMoreAndTheRestIsTheArea() {
        #expect(intents(["what all subjects are there", "lean?", "aur?"]).last == "chat.more")
        #expect(intents(["what all subjects are there", "lean?", "and the rest?"]).last == "curriculum.overview")
        #expect(intents(["what all subjects are there", "lean?", "what else"]).last == "chat.more")
    }

    @Test func theJobInTheSingularIsTheTopicsOwnRole() {
        #expect(intents(["what all subjects are there", "plant?", "ok the job then"]).last == "roles.plant_manager")
        #expect(intents(["what all subjects are there", "plant?", "and the jobs?"]).last == "roles.overview")
    }

    @Test func whyAFactoryPaysOutsidersIsAboutTheRole() {
        #expect(intents(["what does a manufacturing consultant do", "how so, why would a factory pay outside ppl to tell them what to do"]).last
            == "roles.consultant")
    }

    @Test func jobLossIsAboutTheTechnology() {
        #expect(intents(["what is ai based quality inspection", "so quality inspectors will lose job or what"]).last == "industry40.ai_quality")
    }

    @Test func isItJustHypeQuestionsTheClaimNotAThing() {
        let line = "myself priya, EEE, 4 yrs in SMT line at an electronics company in noida. is there really scope for manufacturing "
            + "leaders in india or is it just hype"
        #expect(intents([line]) == ["india.outlook"])
    }

    @Test func indiaNeedingSuchPeopleIsTheOutlookAndTheWeathersItIsNothing() {
        #expect(intents(["what jobs can i get after this", "and is india really needing such people or its just hype"]).last == "india.outlook")
        #expect(intents(["what jobs can i get after this", "btw will it rain in kolhapur tomorrow, we have cane arrival"]).last == "fallback")
    }

    @Test func whatTheRoleInFocusNeedsIsAboutTheRole() {
        #expect(intents(["what does a plant manager do", "does that role need an engg background"]).last == "roles.plant_manager")
        #expect(intents(["what does a supply chain manager do", "do they also need to know the technical side"]).last
            == "roles.supply_chain_manager")
        #expect(intents(["what does a supply chain manager do", "why should engineers do this mba"]).last == "program.why_engineers")
    }

    @Test func whatAWordOfTheLastAnswerMeansExplainsThatAnswer() {
        #expect(intents(["who should actually do this masters in mfg management?", "what do you mean by system at scale"]).last == "fit.who_for")
    }

    @Test func hinglishClaimsAndTheirQuestionAreThePerception() {
        #expect(intents(["bhai sab log bolte hai manufacturing is just for first 2-3 yrs then switch to IT or consulting. kya ye sach hai?"])
            == ["career.perception"])
        #expect(intents(["working on SMT line in noida since 2 yrs (electronics). is manufacturing in india really growing or is it just govt hype??"])
            == ["india.outlook"])
    }

    @Test func whichManufacturingSectorsAreTheSectorsAndTheWholeSectorIsTheOutlook() {
        #expect(intents(["which manufacturing sectors in india are growing right now"]) == ["india.sectors"])
        #expect(intents(["is the manufacturing sector in india growing"]) == ["india.outlook"])
    }

    @Test func aShortClauseAfterAPartAboutTheReferentAsksAboutItToo() {
        #expect(intents(["supply chain manager kya karta hai exactly", "wo kaisa hota hai day to day, lot of travel hai kya"]).last
            == "roles.supply_chain_manager")
        #expect(intents(["supply chain manager kya karta hai exactly", "wo kaisa hota hai day to day, lot of travel hai kya",
                         "do they need strong data skills or mostly vendor handling"]).last == "roles.supply_chain_manager")
    }

    @Test func anOverviewOfAnotherAreaReadWithConfidenceIsWhatIsAsked() {
        #expect(intents(["what does an operations manager do", "how fast do ppl grow from there if they have both engg and mgmt"]).last
            == "career.advancement")
    }

    @Test func whereTheUserWorksAndWhoToldThemAreNotTheQuestion() {
        #expect(intents(["kindly guide me, i am in a steel plant maintenance dept, is this mba right for me or should i do something else"])
            == ["fit.assess"])
        #expect(intents(["hi, can u tell me what exactly this masters in manufacturing management is, a friend from college suggested it to me"])
            == ["program.overview"])
        #expect(intents(["what roles can i get", "hmm and?"]).last == "chat.more")
    }
}
