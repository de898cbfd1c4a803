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

    @Test func aSentenceThatDropsTheTopicIsNotLeanedOn() {
        #expect(intents(["what is taught in operations module", "ok leave that, tell me about roles"]).last == "roles.overview")
        let check = replies(["what is taught in operations module", "ok leave that. is this right for me, can u check"])
        #expect(check.last?.body.contains("Question 1 of 5") == true, "\(check.last?.body ?? "")")
        // Alone, it drops the topic: the module is not answered again.
        let alone = replies(["what is taught in operations module", "leave it"])
        #expect(alone.last?.intent == "chat.thanks")  // chat.ack counts as chat.thanks
        #expect(alone.last?.body.hasPrefix("Okay, let's leave that.") == true)
    }

    @Test func thePausedQuestionsAreTakenUpOnlyWhenTheMessageSaysSo() {
        let interrupted = ["hey im arjun, assembly supervisor", "haan chalo", "yes system at scale, i run the whole line daily",
                           "wait before that, what does the operations mgmt module cover actually"]
        let resumed = replies(interrupted + ["accha ok. back to the quiz, yes i want to lead a team"])
        #expect(resumed.last?.body.contains("Question 3 of 5") == true, "\(resumed.last?.body ?? "")")
        // "...does it go after, like in food plants" asks about the module; thanks thank.
        let asked = ["namaste, who is this course for", "ok sure", "i like the overall flow more than one machine", "baad me karte hai, shift is starting",
                     "lean is taught in it?", "and what kind of waste does it go after, like in food plants", "thank you, very helpful"]
        let aside = replies(asked)
        #expect(aside.suffix(3).map(\.intent) == ["curriculum.lean", "curriculum.lean", "chat.thanks"])
        #expect(aside.last?.body.contains("Question") == false)
    }

    @Test func whatTheUserWillHaveToDoIsNotWhatTheyAre() {
        var state = SessionState(user: "t")
        _ = engine.respond(to: "nobody will take me at senior level and i will have to start again as trainee. will they admit someone with a gap?",
                           state: &state, seed: 0)
        #expect(state.profile.role == nil)
    }

    @Test func hinglishAndTextingShorthandAreTheActsTheyStandFor() {
        #expect(intents(["do plants use AI for quality checking", "kaise?"]).last == "industry40.ai_quality")
        #expect(intents(["what is lean manufacturing", "tx"]).last == "chat.thanks")
        #expect(intents(["what subjects are taught", "lean?", "isme AI hai?", "ok thn plant"]).suffix(2) == ["curriculum.industry40", "curriculum.plant_project"])
        let check = replies(["check if this suits me", "haan", "yes want to lead", "no research nahi", "haan ofcourse", "3", "next kya karu"])
        #expect(check.last?.title == "Next steps")
    }

    @Test func insideTheModuleInFocusIsThatModule() {
        #expect(intents(["does the course teach automation", "what all is there in that module"]).last == "curriculum.industry40")
        #expect(intents(["does the course teach automation", "and in that module what else"]).last == "curriculum.industry40")
        #expect(intents(["does the course teach automation", "what all modules r there in the course"]).last == "curriculum.overview")
    }

    @Test func aTopicAskedOfAnIndustryIsThatTopicAndTheAnswerSaysTheArticleIsSilentOnIt() {
        let replies = replies(["what is lean", "these tools work in dairy also? like on our CIP and boiler side"])
        #expect(replies.last?.intent == "curriculum.lean")
        #expect(replies.last?.body.hasPrefix("The article doesn't say how this applies in dairy") == true)
        #expect(intents(["what is lean", "is it used in two-wheeler plants also"]).last == "curriculum.lean")
        #expect(intents(["what is lean", "one min, is industry 4.0 even relevant for furniture making? cnc nesting etc"]).last == "industry40.overview")
        // Not a question of use: thanks; which module: the list.
        #expect(intents(["which sectors are growing", "Thank you, this is useful for us."]).last == "chat.thanks")
    }

    @Test func thePronounAfterTheProgrammeNamedIsTheProgramme() {
        #expect(intents(["will this mba help me grow faster", "what is this mba exactly, is it for process industry also"]).last == "program.overview")
        #expect(intents(["hi im farhan, SAP key user for PP and MM in a cable plant. whom does this program suit"]) == ["fit.who_for"])
    }

    @Test func whenTheUserAsksForSomeoneElseHeAndHimAreThatPerson() {
        var state = SessionState(user: "t")
        let lines = ["hello, myself Anjali. my husband Rohit is civil engineer in a cement plant, 5 yrs exp. he asked me to find out about this course",
                     "what is the difference between plant manager and operations manager", "and supply chain",
                     "will he grow faster than people who do normal mba", "ok check if it suits him"]
        let replies = lines.enumerated().map { engine.respond(to: $0.element, state: &state, seed: UInt64($0.offset)) }
        #expect(replies.suffix(2).map(\.intent) == ["career.advancement", "fit.assess"])
        #expect(replies.last?.body.contains("The questions are about your husband") == true)
        // What was said of the husband is not the user's.
        #expect(state.profile.experienceYears == nil && state.profile.discipline == nil)
        #expect(state.context.askingFor == "husband")
        // Who advises is not whom it is for.
        #expect(DialogueEngine.personAskedFor(TextFolding.tokens("my wife says why take risk now")) == nil)
        #expect(DialogueEngine.inFirstPerson("is this right for him? kindly check his profile") == "is this right for me? kindly check my profile")
    }

    @Test func thatRoleAfterAnAnswerInPartsIsTheRoleAmongThem() {
        let first = "one of my juniors wants to become manufacturing consultant. what does such consultant do and what will he study"
        #expect(intents([first, "what kind of decisions does that role involve day to day"]).last == "roles.consultant")
    }

    @Test func aFollowUpReachesBackAcrossAreas() {
        // The same question, of another name, in the conversation's area.
        let roles = ["ok which jobs can it lead to", "the one u said first, what does that person do all day",
                     "and which subject in the course prepares for that", "same for plant manager"]
        #expect(intents(roles).suffix(2) == ["curriculum.operations", "curriculum.plant_project"])
        // What to study for the role in focus is its module; the job a named module leads to, its role.
        #expect(intents(["what does a plant manager do", "what should i study for that"]).last == "curriculum.plant_project")
        #expect(intents(["what does the course teach, module wise?", "what job does the plant mgmt part lead to"]).last == "roles.plant_manager")
        // "where should i study this" asks for schools.
        #expect(intents(["what does a plant manager do", "where should i study this"]).last == "info.unknown")
    }

    @Test func anItemOfTheListIsPickedByItsPlaceOrByWhatItDoes() {
        let listed = ["hello sir, joined a steel plant as GET. what roles does this manufacturing mgmt masters lead to"]
        #expect(intents(listed + ["which of them actually runs the whole plant", "what all does that person handle daily",
                                  "and the one who deals with vendors and raw material flow"]).suffix(3)
            == ["roles.plant_manager", "roles.plant_manager", "roles.supply_chain_manager"])
        #expect(intents(listed + ["ok the first of those, explain"]).last == "roles.operations_manager")
    }

    @Test func whatTheLastAnswerSaidIsExplainedEvenAsAComparison() {
        #expect(intents(["who should do this mba", "what do u mean by system at scale vs component"]).last == "fit.who_for")
    }

    @Test func numberedQuestionsAreEachAnswered() {
        let message = "im vikram, 5 yrs in body shop of a car OEM, BIW line with 300+ robots. thinking of a manufacturing mgmt degree. my doubts are "
            + "1) in this degree will they actually teach the automation and digital side like our plant or only management theory 2) what exactly "
            + "is a smart factory, our plant calls itself smart but we still write downtime in excel"
        #expect(intents([message]) == ["curriculum.industry40 + industry40.smart_factory"])
        #expect(DialogueEngine.enumeratedAsSentences("i am in pharma. my questions are 1) is it growing 2) what is it") == "i am in pharma.\nis it growing?\nwhat is it?")
        // One number alone, or a number in a sentence, is no list: "industry 4.0", "2 yrs. ok".
        #expect(DialogueEngine.enumeratedAsSentences("i have 2) years and industry 4.0 is new") == "i have 2) years and industry 4.0 is new")
    }

    @Test func thanksInTheMiddleOfTheFitCheckIsNoAnswer() {
        let replies = replies(["check if this suits me", "yes the whole system", "ok thank u sir very helpful"])
        #expect(replies.last?.intent == "chat.thanks")
        #expect(replies.last?.body.contains("paused the fit assessment at question 2") == true, "\(replies.last?.body ?? "")")
    }

    @Test func aParentNamedAfterAGreetingIsAskingForTheirChild() {
        #expect(DialogueEngine.personAskedFor(TextFolding.tokens("namaste ji. beta mera tyre company mein hai chennai mein")) == "beta")
        let lines = ["namaste ji. beta mera tyre company mein hai chennai mein, mechanical. 3 saal ho gaye", "is this right for him? kindly check"]
        #expect(intents(lines).last == "fit.assess")
    }

    @Test func againAndRepeatGiveTheLastAnswerOrTheOneNamed() {
        #expect(intents(["what is lean manufacturing", "again?"]).last == "curriculum.lean")
        #expect(intents(["which sectors are growing in india", "what about fees", "repeat pls the sectors"]).last == "india.sectors")
    }

    @Test func repairsAndTerseQualifiers() {
        // "doesnt make sense" asks why; it thanks for nothing.
        #expect(intents(["isnt manufacturing a dead end", "that doesnt make sense, why?"]).last == "career.perception")
        // "in pharma?" alone qualifies the topic; "ok leave fees." drops what it names.
        #expect(intents(["do plants use AI for quality checking", "in pharma?"]).last == "industry40.ai_quality")
        #expect(intents(["which sectors are growing", "fees?", "ok leave fees. is cement or packaging also growing"]).last == "india.sectors")
        // "ok." before a question of its own accepts no offer.
        #expect(intents(["hi im ramesh, textile automation technician, 8 yrs in spinning mill",
                         "ok. in our mill they are putting auto doffers and sensors on every frame. is this what u call smart factory"]).last
            == "industry40.smart_factory")
    }

    @Test func anAnswerThatOpensWithYesIsAnAnswer() {
        let replies = replies(["check if this suits me", "yes how whole system runs interests me more"])
        #expect(replies.last?.body.contains("Question 2 of 5") == true, "\(replies.last?.body ?? "")")
    }

    @Test func oneOfTheRoleInFocusAndWhoRunsThePlant() {
        #expect(intents(["what does a manufacturing consultant do", "can i become one after this course"]).last == "roles.consultant")
        #expect(intents(["what are automated assembly lines", "who manages such a plant finally"]).last == "roles.plant_manager")
        // "now, what is it" names lean: no next steps.
        #expect(intents(["what are automated assembly lines", "lean is also coming in textile now, what is it"]).last == "curriculum.lean")
    }

    @Test func aQuestionInvertedInTheMiddleOfAnIntroductionIsAsked() {
        let message = "namaste. i am line lead in a mobile phone assembly plant in noida, 7 yrs exp, diploma then btech EEE part time. "
            + "with all these PLI scheme news does the article say anything about future of manufacturing in india"
        #expect(intents([message]) == ["india.outlook"])
    }

    @Test func theTwoOfAKindAndTheSameQuestionOfAnother() {
        let lines = ["what does a plant manager do", "what should i learn for that, is it covered in the course",
                     "ok what about supply chain manager", "difference between those two roles"]
        #expect(intents(lines).last == "roles.plant_manager + roles.supply_chain_manager")
        #expect(intents(["what is a smart factory", "is it taught in the course?", "ok and the AI quality inspection thing, same question"]).last
            == "curriculum.industry40")
        #expect(intents(["what is taught in this course", "lean?", "what jobs would use these modules", "ops one"]).suffix(2)
            == ["roles.overview", "roles.operations_manager"])
    }

    @Test func anAnswerInTheQuestionsOwnTermsTakesUpThePausedCheck() {
        let lines = ["check if i suit this", "yes the whole system", "yes i want to lead", "wait what does plant management module cover?",
                     "no research for me, i want to be in industry"]
        #expect(replies(lines).last?.body.contains("Question 4 of 5") == true)
    }

    @Test func whatAPhraseOfTheLastAnswerMeansExplainsThatAnswer() {
        #expect(intents(["is there demand for manufacturing leaders in india", "what does that gap mean for freshers like me"]).last == "india.outlook")
    }

    @Test func terseQuestionsOfTheFitArea() {
        #expect(intents(["who for"]) == ["fit.who_for"])
        let check = ["check if i fit", "yes system", "yes lead", "no research", "yes industry", "4 yrs", "next?"]
        #expect(replies(check).last?.title == "Next steps")
        // "wat" asks wherever it stands: a module asked in the middle of the check.
        #expect(intents(["check if i fit", "yes system", "wait lean module wat"]).last == "curriculum.lean")
    }

    @Test func whyDemandIsGrowingIsTheOutlook() {
        #expect(intents(["which sectors are growing in india", "why is demand growing"]).last == "india.outlook")
        #expect(intents(["which sectors are growing in india", "y demand"]).last == "india.outlook")
    }

    @Test func theyWhoSaySomethingArePeopleInGeneral() {
        #expect(intents(["what does a manufacturing consultant do", "Why do they say it suits engineers?"]).last == "program.why_engineers")
        #expect(intents(["what is lean", "great, this helps a lot. bye"]).last == "chat.goodbye")
    }
}
