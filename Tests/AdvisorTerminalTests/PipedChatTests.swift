import AdvisorEngine
import AdvisorRuntime
import AdvisorStore
@testable import AdvisorTerminal
import Foundation
import Testing
import Glibc

struct PipedChatTests {
    let service: ConversationService

    init() throws {
        service = ConversationService(knowledge: KnowledgeHolder(try TerminalTestKnowledge.small()), store: InMemorySessionStore(), clock: { nil })
    }

    /// Runs the piped conversation on `input` and returns standard output, standard error
    /// and the outcome.
    private func chat(_ input: String, format: PipedChat.Format, welcome: Bool = false) throws -> (String, String, PipedChat.Outcome) {
        var descriptors: [Int32] = [0, 0]
        try #require(pipe(&descriptors) == 0)
        let bytes = Array(input.utf8)
        try #require(bytes.count < 60_000, "the pipe must hold the whole input")
        _ = bytes.withUnsafeBytes { write(descriptors[1], $0.baseAddress, $0.count) }
        close(descriptors[1])
        defer { close(descriptors[0]) }
        var output = ""
        var errors = ""
        var lines = LineInput(descriptor: descriptors[0])
        let outcome = PipedChat(service: service, user: "pat", format: format, welcome: welcome, write: { output += $0 }, writeError: { errors += $0 })
            .run(input: &lines)
        return (output, errors, outcome)
    }

    @Test func printsOneReplyPerLineWithBlankLinesBetween() throws {
        let (output, _, outcome) = try chat("what does a plant manager do\n\n/quit\nnot read\n", format: .text)
        #expect(outcome == .finished)
        #expect(output.hasPrefix("[Plant Manager]\n"))
        #expect(output.hasSuffix("\n\nGoodbye! Your conversation is saved; come back any time.\n"))
    }

    /// "exit", "quit" and "bye" alone end the conversation after their goodbye, as psql does.
    @Test func aLineThatOnlySaysExitEndsTheConversation() throws {
        for word in ["exit", "QUIT", "bye!", "  quit  "] {
            let (output, _, outcome) = try chat("what does a plant manager do\n\(word)\nwhat does a plant manager do\n", format: .json)
            #expect(outcome == .finished)
            #expect(output.split(separator: "\n").count == 2, "\(word): \(output)")
        }
        #expect(!LeavingWords.isLeaving("how do i exit manufacturing"))
        #expect(!LeavingWords.isLeaving("quit my job?"))
    }

    @Test func echoPrintsEachQuestionBeforeItsReply() throws {
        var descriptors: [Int32] = [0, 0]
        try #require(pipe(&descriptors) == 0)
        let input = "what does a plant manager do\n\u{1B}[2Jhi\n"
        _ = Array(input.utf8).withUnsafeBytes { write(descriptors[1], $0.baseAddress, $0.count) }
        close(descriptors[1])
        defer { close(descriptors[0]) }
        var output = ""
        var lines = LineInput(descriptor: descriptors[0])
        _ = PipedChat(service: service, user: "echo", format: .echoedText, write: { output += $0 }, writeError: { _ in }).run(input: &lines)
        #expect(output.hasPrefix("> what does a plant manager do\n[Plant Manager]\n"), "\(output)")
        #expect(output.contains("\n\n> ?[2Jhi\n"), "the question is printable: \(output)")
    }

    @Test func jsonHasItsFieldsInOrder() throws {
        let (output, _, _) = try chat("what is lean\n/help\n", format: .json)
        let lines = output.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0].hasPrefix("{\"schemaVersion\":1,\"type\":\"reply\",\"text\":\"what is lean\",\"intent\":\"curriculum.lean\",\"confidence\":"))
        #expect(lines[0].hasSuffix(#","kind":"answer","title":"Lean manufacturing module","body":"Answer for curriculum.lean.","blocks":[{"claims":[],"provenance":"advisor","text":"Answer for curriculum.lean."}],"choices":[],"suggestions":[]}"#), "\(lines[0])")
        #expect(lines[1].hasPrefix("{\"schemaVersion\":1,\"type\":\"command\",\"text\":\"/help\",\"intent\":\"command\",\"confidence\":1,\"reply\":"))
        #expect(!lines[1].contains("\"kind\""), "a command has no structured reply")
    }

    @Test func theWelcomeComesFirstWhenAskedFor() throws {
        let (output, _, _) = try chat("what is lean\n", format: .json, welcome: true)
        let lines = output.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0].hasPrefix("{\"schemaVersion\":1,\"type\":\"welcome\",\"text\":\"\",\"intent\":"), "\(lines[0])")
        let (text, _, _) = try chat("what is lean\n", format: .echoedText, welcome: true)
        #expect(text.hasPrefix("Welcome back") && text.contains("\n\n> what is lean\n[Lean"), "\(text)")
    }

    @Test func aLineOverTheLimitIsRefusedAndTheRestAnswered() throws {
        let (output, _, outcome) = try chat(String(repeating: "a", count: 5000) + "\nwhat is lean\n", format: .text)
        #expect(outcome == .finished)
        #expect(output.split(separator: "\n").first?.contains("5000 bytes") == true)
        #expect(output.contains("[Lean manufacturing module]"))
    }

    @Test func jsonEscapesC1Controls() {
        let record = TurnRecord(type: "command", text: "a\u{9B}b\u{7F}", intent: "x", confidence: 1, reply: "r\u{2028}", notices: nil)
        #expect(record.jsonLine == #"{"schemaVersion":1,"type":"command","text":"a\u009bb\u007f","intent":"x","confidence":1,"reply":"r\u2028"}"#)
    }
}
