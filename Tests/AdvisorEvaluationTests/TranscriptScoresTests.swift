import AdvisorEvaluation
import AdvisorKnowledge
import AdvisorRuntime
import Foundation
import Testing

/// How `advisor replay --intents-only` scores a transcript, and what `--coverage` reports.
struct TranscriptScoresTests {
    static let intents = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Intents")

    @Test func onlyLabelledTurnsCountAndATwoPartLabelMatchesInAnyOrder() throws {
        let expected = try Transcript(parsing: """
            > what does a plant manager do
            = roles.plant_manager
            > plant vs ops manager?
            = roles.operations_manager + roles.plant_manager
            > not labelled
            > what is lean
            = curriculum.lean
            """)
        let actual = Transcript(steps: [
            .say("what does a plant manager do", intent: "roles.plant_manager", expected: []),
            .say("plant vs ops manager?", intent: "roles.plant_manager + roles.operations_manager", expected: []),
            .say("not labelled", intent: "fallback", expected: []),
            .say("what is lean", intent: "curriculum.overview", expected: []),
        ])
        let score = IntentScore(expected: expected, actual: actual)
        #expect(score.turns == 3)
        #expect(score.right == 2)
        #expect(score.misses == ["step 4: expected curriculum.lean, got curriculum.overview: what is lean"])
    }

    @Test func coverageNamesTheIntentsNoTurnReachedAndTheMoreTextsNeverShown() throws {
        let knowledge = try KnowledgeBaseLoader.load(directory: Self.intents)
        let replayer = TranscriptReplayer(knowledge: knowledge)
        let (_, turns) = try replayer.replayRecordingTurns(try Transcript(parsing: "> what is lean\n> tell me more\n"))
        var coverage = TranscriptCoverage(knowledge: knowledge)
        coverage.add(turns)
        let report = coverage.report
        #expect(report.hasPrefix("coverage: 2 of \(knowledge.intents.count) intents reached by a turn"), "\(report)")
        #expect(!report.contains("  curriculum.lean\n"), "lean was reached: \(report)")
        #expect(report.contains("  roles.plant_manager"), "\(report)")
        #expect(report.contains("\"more\" texts: 1 of"), "lean's more text was shown: \(report)")
    }
}
