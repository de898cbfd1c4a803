import AdvisorEngine
import Testing

struct MatcherTests {
    let knowledge: KnowledgeBase

    init() throws {
        knowledge = try TestKnowledge.small()
    }

    @Test func matchesAConceptPhrase() {
        #expect(knowledge.classify("What does a plant head do?").intent == "roles.plant_manager")
        #expect(knowledge.classify("plant managers role").intent == "roles.plant_manager")
    }

    @Test func aGenericWordAloneFallsBack() {
        #expect(knowledge.classify("plant a tree in my garden").intent == "fallback")
        #expect(knowledge.classify("how do I manage my time").intent == "fallback")
        #expect(knowledge.classify("manager").intent == "fallback")
    }

    @Test func synonymsExpandAbbreviations() {
        #expect(knowledge.classify("ops manager job").intent == "roles.operations_manager")
        #expect(knowledge.classify("scm manager").intent == "roles.supply_chain_manager")
    }

    @Test func conjunctionNeedsEveryPart() {
        #expect(knowledge.classify("supply chain").intent == "fallback")
    }

    @Test func excludedTermVetoesTheIntent() {
        #expect(knowledge.classify("lean meat").intent == "fallback")
        #expect(knowledge.classify("lean waste").intent == "curriculum.lean")
    }

    @Test func weightMakesTheMoreSpecificIntentWin() {
        #expect(knowledge.classify("how much does a plant manager earn").intent == "info.unknown")
    }

    @Test func typosAreCorrected() {
        let match = knowledge.classify("what does a plant manger do")
        #expect(match.intent == "roles.plant_manager")
        #expect(match.text.corrections == [Correction(from: "manger", to: "manager")])
    }

    @Test func confidenceIsWithinUnitIntervalAndCandidatesAreRanked() {
        let match = knowledge.classify("plant manager salary")
        #expect(match.confidence >= 0 && match.confidence <= 1)
        #expect(match.candidates.count <= 3)
        #expect(zip(match.candidates, match.candidates.dropFirst()).allSatisfy { $0.score >= $1.score })
    }

    @Test func unknownWordsLowerConfidence() {
        let focused = knowledge.classify("plant manager role").confidence
        let diluted = knowledge.classify("plant manager role banana rocket zebra galaxy").confidence
        #expect(diluted < focused)
    }

    @Test func fallbackIntentTermsRejectOutOfScope() {
        #expect(knowledge.classify("tell me a joke").intent == "fallback")
        #expect(knowledge.classify("tell me a joke").isBelowThreshold == false)
    }

    @Test func badInputNeverCrashes() {
        for text in ["", "   ", "\u{0}\u{1B}[2J", "🚀🚀🚀", "नमस्ते", String(repeating: "x", count: 1 << 20)] {
            #expect(knowledge.classify(text).intent == "fallback")
        }
    }

    @Test func explainNamesTheTermsAndTheirLocations() {
        let explanations = knowledge.matcher.explain(knowledge.normaliser.normalise("plant manager role"))
        let top = explanations.first
        #expect(top?.intent == "roles.plant_manager")
        #expect(top?.contributions.contains { $0.term == "@plant_manager" && $0.location.file == "test.yaml" } == true)
    }
}

struct KnowledgeBaseValidationTests {
    @Test func reportsEveryMistakeWithItsLocation() {
        let definition = KnowledgeBaseDefinition(intents: [
            TestKnowledge.intent("a", require: ["@missing"]),
            TestKnowledge.intent("a", require: ["x"], suggest: ["nowhere"]),
            IntentDefinition(id: "b", answer: "", location: TestKnowledge.location(9)),
        ])
        #expect {
            try KnowledgeBase(definition)
        } throws: { error in
            let text = "\(error)"
            return text.contains("duplicate intent id 'a'") && text.contains("unknown concept '@missing'")
                && text.contains("test.yaml:9: intent 'b' has an empty answer") && text.contains("no 'fallback' intent")
                && text.contains("suggests unknown intent 'nowhere'")
        }
    }
}

struct StemOverrideTests {
    @Test func overridesKeepWordsApartThatSnowballJoins() throws {
        func build(_ stems: [SynonymDefinition]) throws -> KnowledgeBase {
            try KnowledgeBase(KnowledgeBaseDefinition(stems: stems, intents: [
                TestKnowledge.intent("roles.operations_manager", require: ["operations manager"]),
                TestKnowledge.intent("curriculum.operations", require: ["operations management"]),
                TestKnowledge.intent("fallback", require: ["weather"]),
            ]))
        }
        let joined = try build([])
        #expect(joined.classify("operations management").candidates.count == 2)
        let apart = try build([
            SynonymDefinition(from: "manager", to: "manager", location: TestKnowledge.location()),
            SynonymDefinition(from: "managers", to: "manager", location: TestKnowledge.location()),
            SynonymDefinition(from: "management", to: "management", location: TestKnowledge.location()),
        ])
        #expect(apart.classify("operations management").intent == "curriculum.operations")
        #expect(apart.classify("operations managers").intent == "roles.operations_manager")
        #expect(apart.classify("operations management").candidates.count == 1)
    }
}
