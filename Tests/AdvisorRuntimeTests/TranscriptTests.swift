import AdvisorEngine
import AdvisorKnowledge
@testable import AdvisorRuntime
import Foundation
import Testing

enum RepositoryPaths {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let intents = root.appendingPathComponent("Intents")
    static let conversations = root.appendingPathComponent("Scripts/conversations")

    static func transcripts() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: conversations.path)) ?? []
        return names.filter { $0.hasSuffix(".txt") }.sorted()
    }
}

struct TranscriptFormatTests {
    @Test func parsesAndRendersBackTheSameText() throws {
        let text = """
            # A comment
            @user priya
            @open
            < Hello!
            <
            < Ask me.

            > what is lean?
            = curriculum.lean
            < [Lean]
            @restart
            < Welcome back!

            > thanks

            """
        let transcript = try Transcript(parsing: text)
        #expect(transcript.steps.count == 6)
        #expect(transcript.steps[4] == .restart(expected: ["Welcome back!"]))
        #expect(transcript.text == text)
    }

    @Test func rejectsAReplyLineWithoutATurn() {
        #expect(throws: Transcript.ParseError.self) { try Transcript(parsing: "< orphan\n") }
        #expect(throws: Transcript.ParseError.self) { try Transcript(parsing: "= roles.overview\n") }
        #expect(throws: Transcript.ParseError.self) { try Transcript(parsing: "what is this\n") }
    }

    @Test func diffShowsTheFirstDifferenceWithContext() throws {
        let expected = "a\nb\nc\nd\ne\nf\ng\nh\n"
        let actual = "a\nb\nc\nD\ne\nf\ng\nh\n"
        let diff = try #require(UnifiedDiff.firstHunk(expected: expected, actual: actual, expectedName: "x", actualName: "y"))
        #expect(diff.contains("-d\n+D"))
        #expect(diff.hasPrefix("--- x\n+++ y\n@@ -1,7 +1,7 @@"))
        #expect(UnifiedDiff.firstHunk(expected: expected, actual: expected, expectedName: "x", actualName: "y") == nil)
    }

    @Test func aChangedReplyShowsAsADiff() throws {
        let knowledge = try KnowledgeBaseLoader.load(directory: RepositoryPaths.intents)
        let transcript = try Transcript(parsing: "> what is lean manufacturing?\n= curriculum.lean\n< Something the advisor never says.\n")
        let replayed = try TranscriptReplayer(knowledge: knowledge).replay(transcript)
        let diff = UnifiedDiff.firstHunk(expected: transcript.text, actual: replayed.text, expectedName: "a", actualName: "b")
        #expect(diff?.contains("-< Something the advisor never says.") == true)
    }
}

/// Every transcript in Scripts/conversations replays exactly.
struct GoldenTranscriptTests {
    static let knowledge = Result { try KnowledgeBaseLoader.load(directory: RepositoryPaths.intents) }

    @Test func thereAreTranscripts() {
        #expect(RepositoryPaths.transcripts().count >= 12)
    }

    @Test(arguments: RepositoryPaths.transcripts())
    func replaysExactly(_ name: String) throws {
        let url = RepositoryPaths.conversations.appendingPathComponent(name)
        let expected = try String(contentsOf: url, encoding: .utf8)
        let replayed = try TranscriptReplayer(knowledge: Self.knowledge.get()).replay(Transcript(parsing: expected))
        let diff = UnifiedDiff.firstHunk(expected: expected, actual: replayed.text, expectedName: name, actualName: "\(name) (replayed)")
        #expect(diff == nil, "\(diff ?? "")")
    }
}
