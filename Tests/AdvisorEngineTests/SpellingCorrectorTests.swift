@testable import AdvisorEngine
import Testing

struct SpellingCorrectorTests {
    let corrector = SpellingCorrector(targets: ["manufacturing", "management", "manager", "plant", "kaizen", "lean"])

    @Test func correctsTyposWithinTheAllowedDistance() {
        #expect(corrector.correction(for: "maufacturing") == "manufacturing")
        #expect(corrector.correction(for: "managment") == "management")
        #expect(corrector.correction(for: "mangaer") == "manager")
    }

    @Test func neverCorrectsAKnownWord() {
        #expect(corrector.correction(for: "manager") == nil)
    }

    @Test func leavesShortWordsAlone() {
        #expect(corrector.correction(for: "plan") == nil)
        #expect(corrector.correction(for: "leen") == nil)
    }

    @Test func readsAShortWordTypedWithoutItsVowelsByItsConsonants() {
        #expect(corrector.correction(for: "plnt") == "plant")
        #expect(corrector.correction(for: "mngr") == "manager")
        // The letters must be the target's, in order, and fewer of them.
        #expect(corrector.correction(for: "lnea") == nil)
        #expect(corrector.correction(for: "kzn") == "kaizen")
        #expect(corrector.correction(for: "pl") == nil)
    }

    @Test func doesNotReachTooFar() {
        #expect(corrector.correction(for: "mangoes") == nil)
        #expect(corrector.correction(for: "kaizan") == "kaizen")
        #expect(corrector.correction(for: "kxizxn") == nil)
    }

    @Test func editDistanceCountsASwapAsOne() {
        #expect(EditDistance.between(Array("abcd".unicodeScalars), Array("abdc".unicodeScalars)) == 1)
        #expect(EditDistance.between(Array("".unicodeScalars), Array("abc".unicodeScalars)) == 3)
    }
}
