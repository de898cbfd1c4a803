import AdvisorEngine
import AdvisorKnowledge
import Foundation
import Testing

/// The grounding rules: claims, blocks with provenance, and what lint refuses.
struct GroundingTests {
    /// A knowledge base of one source with two claims and the given intent YAML.
    func load(_ intents: String, claims: String = "  - {id: a, section: S, claim: The first point.}\n  - {id: b, section: S, claim: The second point.}\n")
        throws -> (knowledge: KnowledgeBase, findings: [LintFinding])
    {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("grounding-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("source:\n  id: s\n  name: Source\n  date: 1 May 2026\n  background_label: \"Background:\"\nclaims:\n\(claims)".utf8)
            .write(to: directory.appendingPathComponent("source.yaml"))
        try Data("intents:\n\(intents)".utf8).write(to: directory.appendingPathComponent("intents.yaml"))
        return try Lint.load(directory: directory)
    }

    func intent(_ answer: String, id: String = "x.topic") -> String {
        """
          - id: \(id)
            require: [topic]
            examples: [topic]
            answer:
        \(answer)
          - id: fallback
            answer:
              - advisor: Sorry.

        """
    }

    func grounding(_ findings: [LintFinding]) -> [String] {
        findings.filter { $0.severity == .error && !$0.message.contains("examples") && !$0.message.contains("catalog") }.map(\.message)
    }

    @Test func blocksRenderWithTheBackgroundLabelAndKeepTheirClaims() throws {
        let (knowledge, findings) = try load(intent("""
                  - source: [a, b]
                    text: The source says so.
                  - background: Lean removes waste.
            """))
        #expect(grounding(findings).isEmpty, "\(grounding(findings))")
        let topic = try #require(knowledge["x.topic"])
        #expect(topic.answer == "The source says so.\n\nBackground:\nLean removes waste.")
        #expect(topic.answerBlocks.map(\.provenance) == [.source, .background])
        #expect(topic.answerBlocks[0].claims == ["a", "b"])
    }

    @Test func plainTextAndUncitedClaimsFailLint() throws {
        let (_, findings) = try load(intent("      The whole answer, with no provenance."))
        let messages = grounding(findings)
        #expect(messages.contains { $0.contains("'answer' of 'x.topic' is plain text") })
        #expect(messages.contains { $0.contains("claim 'a' is cited by no answer") })
    }

    @Test func backgroundThatSaysWhatTheProgrammeTeachesFailsLint() throws {
        let (_, findings) = try load(intent("""
                  - source: [a, b]
                    text: The source says so.
                  - background: A lean module typically covers kaizen and 5S.
                  - advisor: The course teaches Six Sigma too.
            """))
        let messages = grounding(findings)
        #expect(messages.contains { $0.contains("background text in 'answer' of 'x.topic' says what the programme teaches") })
        #expect(messages.contains { $0.contains("advisor text in 'answer' of 'x.topic' says what the programme teaches") })
    }

    @Test func anAdvisorQuestionAboutTheModuleIsNotAClaim() throws {
        let (_, findings) = try load(intent("""
                  - source: [a, b]
                    text: The source names the module.
                  - advisor: It doesn't list what the module covers; ask the programme for its syllabus.
            """))
        #expect(grounding(findings).isEmpty, "\(grounding(findings))")
    }

    @Test func unknownClaimsAndSourceBlocksWithoutClaimsDoNotLoad() throws {
        #expect {
            _ = try load(intent("""
                      - source: [nope]
                        text: Made up.
                      - source: []
                        text: Uncited.
                """))
        } throws: { error in
            let text = "\(error)"
            return text.contains("cites unknown claim 'nope'") && text.contains("a source block of 'x.topic' answer cites no claim")
        }
    }
}
