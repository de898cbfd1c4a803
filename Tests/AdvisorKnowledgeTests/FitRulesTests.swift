import AdvisorEngine
import AdvisorKnowledge
import Foundation
import Testing

/// The fit assessment of the real `Intents/`: every combination of answers, run through the
/// verdict rules and through the conversation, against the source's criteria.
struct FitRulesTests {
    let knowledge: KnowledgeBase
    var fit: FitAssessment { knowledge.assessment }

    init() throws {
        knowledge = try KnowledgeBaseLoader.load(directory: BundledKnowledgeTests.directory)
    }

    /// Every combination of the answers the questions accept (years: none, and four).
    var combinations: [[String: String]] {
        var all: [[String: String]] = [[:]]
        for question in fit.questions {
            let values = question.kind == .years ? ["0", "4"] : question.values.sorted()
            all = all.flatMap { answers in values.map { answers.merging([question.id: $0]) { $1 } } }
        }
        return all
    }

    @Test func theQuestionsAreTheSourcesCriteria() {
        #expect(fit.questions.map(\.id) == ["scale", "lead", "research", "industry", "experience"])
        #expect(fit.verdicts.map(\.id) == ["strong", "could", "another"])
    }

    @Test func notWantingToLeadOrWantingResearchIsNeverAStrongFit() {
        for answers in combinations where answers["lead"] == "no" || answers["research"] == "yes" {
            #expect(fit.verdict(answers) == "another", "\(answers)")
        }
    }

    @Test func aStrongFitMeetsEveryCriterionOutright() {
        for answers in combinations where fit.verdict(answers) == "strong" {
            #expect(answers["scale"] == "system" && answers["lead"] == "yes" && answers["research"] == "no" && answers["industry"] == "yes", "\(answers)")
        }
        #expect(combinations.contains { fit.verdict($0) == "strong" })
    }

    @Test func beingUnsureNeverGivesMoreThanAClearYes() {
        for answers in combinations where answers["lead"] == "unsure" {
            let sure = answers.merging(["lead": "yes"]) { $1 }
            #expect(fit.strength(fit.verdict(answers)) <= fit.strength(fit.verdict(sure)), "\(answers)")
        }
        // Unsure about leading, the source's central test, is never a strong fit.
        for answers in combinations where answers["lead"] == "unsure" {
            #expect(fit.verdict(answers) != "strong", "\(answers)")
        }
    }

    @Test func yearsOfExperienceDoNotChangeTheVerdict() {
        for answers in combinations where answers["experience"] == "0" {
            #expect(fit.verdict(answers) == fit.verdict(answers.merging(["experience": "4"]) { $1 }), "\(answers)")
        }
    }

    /// Equal answers in other words give equal verdicts: every combination is answered twice
    /// through the conversation, tersely and in a sentence, and the conclusions agree with
    /// the rules.
    @Test func equalAnswersInOtherWordsGiveEqualVerdicts() {
        let terse: [String: String] = [
            "system": "the system", "component": "the component", "both": "both", "neither": "neither",
            "yes": "yes", "no": "no", "unsure": "not sure", "0": "none yet", "4": "4 years",
        ]
        let wordy: [String: String] = [
            "system": "how the whole plant runs, for sure", "component": "designing one part properly", "both": "a bit of both honestly",
            "neither": "neither of them really", "yes": "definitely, i want that", "no": "nope, not for me", "unsure": "maybe, hard to say",
            "0": "still a student", "4": "around 4 yrs",
        ]
        let engine = DialogueEngine(knowledge: knowledge)
        for answers in combinations {
            var verdicts: [String] = []
            for words in [terse, wordy] {
                var state = SessionState(user: "t")
                _ = engine.respond(to: "is this right for me?", state: &state)
                for question in fit.questions {
                    _ = engine.respond(to: words[answers[question.id] ?? ""] ?? "", state: &state)
                }
                verdicts.append(state.context.conclusion?.verdict ?? "none")
            }
            #expect(verdicts == [fit.verdict(answers), fit.verdict(answers)], "\(answers): \(verdicts)")
        }
    }

    @Test func anotherRouteNeverSuggestsTheProgrammesFigures() {
        let suggestions = fit.suggestions("another", knowledge: knowledge)
        #expect(!suggestions.contains(knowledge.dialogue[.unknown] ?? ""))
        var state = SessionState(user: "t")
        let engine = DialogueEngine(knowledge: knowledge)
        for line in ["is this right for me?", "the component", "no", "yes", "no", "2 years"] {
            _ = engine.respond(to: line, state: &state)
        }
        #expect(state.context.conclusion?.verdict == "another")
        #expect(!(state.turns.last?.reply.contains("Fees") ?? true))
    }
}
