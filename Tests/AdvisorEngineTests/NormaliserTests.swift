import AdvisorEngine
import Testing

struct NormaliserTests {
    let knowledge: KnowledgeBase

    init() throws {
        knowledge = try TestKnowledge.small()
    }

    @Test func eachWordIsCorrectedReplacedAndStemmed() {
        let text = knowledge.normaliser.normalise("SCM ops zzz the plant manger")
        #expect(text.tokens.map(\.original) == ["scm", "scm", "ops", "zzz", "the", "plant", "manager"])
        #expect(text.tokens.map(\.word) == ["supply", "chain", "operations", "zzz", "the", "plant", "manager"])
        #expect(text.stems == ["suppli", "chain", "oper", "zzz", "the", "plant", "manag"])
        #expect(text.tokens.map(\.isStopword) == [false, false, false, false, true, false, false])
        #expect(text.corrections == [Correction(from: "manger", to: "manager")])
        #expect(text.concepts == ["plant_manager"])
    }

    @Test func replacementsCountTowardsTheWordLimit() {
        let text = knowledge.normaliser.normalise(Array(repeating: "scm", count: 40).joined(separator: " "))
        #expect(text.tokens.count == Normaliser.maximumTokens)
        #expect(text.tokens.last?.word == "chain")
        #expect(Set(text.tokens.map(\.original)) == ["scm"])
    }
}
