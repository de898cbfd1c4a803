import AdvisorEngine
import AdvisorRuntime
import AdvisorStore
@testable import AdvisorTerminal
import Testing

struct InteractiveChatTests {
    let store = InMemorySessionStore()
    let service: ConversationService

    init() throws {
        service = ConversationService(knowledge: KnowledgeHolder(try TerminalTestKnowledge.small()), store: store, clock: { nil })
    }

    private func chat(_ reader: InMemoryLineReader) throws -> String {
        var written = ""
        try InteractiveChat(
            service: service, user: "ann", reader: reader,
            renderer: { Renderer(width: 80, styled: false) }, write: { written += $0 }
        ).run()
        return written
    }

    @Test func welcomesRepliesAndSaysGoodbyeAtTheEnd() throws {
        let reader = InMemoryLineReader(lines: ["what does a plant manager do"])
        let output = try chat(reader)
        #expect(output.hasPrefix("Hello!"))
        #expect(output.contains("[Plant Manager]"))
        #expect(output.hasSuffix(InteractiveChat.goodbye + "\n"))
        #expect(reader.prompts == [InteractiveChat.prompt, InteractiveChat.prompt])
        #expect(try store.load(user: "ann").value?.turnCount == 1)
    }

    @Test func anInterruptedLineIsNotSent() throws {
        let reader = InMemoryLineReader([.interrupted, .line("   "), .line("/quit"), .line("never read")])
        let output = try chat(reader)
        #expect(output.hasSuffix("Goodbye! Your conversation is saved; come back any time.\n\n"))
        #expect(reader.prompts.count == 3, "the line after /quit is never read")
        #expect(try store.load(user: "ann").value == nil, "nothing was sent")
    }

    @Test func forgetAsksAndDeletesOnlyOnYes() throws {
        let keep = InMemoryLineReader(lines: ["what does a plant manager do", "/forget", "no"])
        let kept = try chat(keep)
        #expect(kept.contains("Nothing was deleted."))
        #expect(keep.prompts.contains(InteractiveChat.forgetQuestion))
        #expect(try store.load(user: "ann").value != nil)
        #expect(keep.history == ["what does a plant manager do", "/forget"], "the answer is not history")

        let forget = InMemoryLineReader(lines: ["/forget", "yes"], history: ["old line"])
        let forgotten = try chat(forget)
        #expect(forgotten.contains("Done: everything stored about you has been deleted."))
        #expect(try store.load(user: "ann").value == nil)
        #expect(forget.history.isEmpty, "the input history is forgotten too")
    }

    @Test func linesStartingWithASpaceOrRepeatedAreNotKept() throws {
        let reader = InMemoryLineReader(lines: ["what is lean", "what is lean", " secret question", "what is lean"])
        _ = try chat(reader)
        #expect(reader.history == ["what is lean"])
    }
}
