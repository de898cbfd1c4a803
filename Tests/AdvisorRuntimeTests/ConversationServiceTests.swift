import AdvisorEngine
import AdvisorKnowledge
import AdvisorRuntime
import AdvisorStore
import Foundation
import Testing

struct ConversationServiceTests {
    let service: ConversationService
    let store = InMemorySessionStore()

    init() throws {
        let knowledge = try KnowledgeBaseLoader.load(directory: RepositoryPaths.intents)
        service = ConversationService(knowledge: KnowledgeHolder(knowledge), store: store, clock: { nil })
    }

    @Test func aReplyIsSavedBeforeItIsReturned() throws {
        let output = try service.send(user: "asha", text: "what does a plant manager do?")
        #expect(output.intent == "roles.plant_manager")
        let state = try #require(try store.load(user: "asha").value)
        #expect(state.turns.last?.intent == "roles.plant_manager")
        #expect(state.turns.last?.reply == output.text)
    }

    @Test func tooLongAndEmptyMessagesAreRefusedWithASentence() throws {
        let long = try service.send(user: "asha", text: String(repeating: "a", count: MessageLimits.maximumMessageBytes + 1))
        #expect(long.reply?.kind == .refusal)
        #expect(long.text.contains("limit is \(MessageLimits.maximumMessageBytes)"))
        let empty = try service.send(user: "asha", text: "   ")
        #expect(empty.reply?.kind == .refusal)
        #expect(try store.load(user: "asha").value == nil)
    }

    @Test func welcomeBackNamesWhereTheConversationWas() throws {
        #expect(try service.welcome(user: "ravi").text.hasPrefix("Hello"))
        _ = try service.send(user: "ravi", text: "what is lean manufacturing")
        #expect(try service.welcome(user: "ravi").text.contains("Welcome back! Last time we were talking about"))
    }

    /// The audit's bug 7: /export passed HTML, links and bidi marks through to the Markdown.
    @Test func exportShowsWhatWasTypedWithoutRenderingIt() throws {
        _ = try service.send(user: "x", text: "<img src=x onerror=alert(1)> [click](javascript:alert(1)) a\u{200F}b & c")
        let export = try service.send(user: "x", text: "/export").text
        #expect(export.contains("**You:** &lt;img src=x onerror=alert(1)&gt; \\[click\\](javascript:alert(1)) ab &amp; c"), "\(export)")
    }

    @Test func slashCommands() throws {
        #expect(try service.send(user: "u", text: "/help").text.contains("/forget"))
        let topics = try service.send(user: "u", text: "/topics").text
        #expect(topics.contains("Industry 4.0") && topics.contains(" 12. "), "\(topics)")
        // A number picks a topic from the list, as it picks a numbered suggestion.
        let numbered = topics.split(separator: "\n").first { $0.hasPrefix(" 12. ") }.map { String($0.dropFirst(5)) } ?? ""
        let picked = try service.send(user: "u", text: "12")
        #expect(picked.kind == .reply && picked.reply?.intent != "fallback", "12 → \(picked.intent) for \(numbered)")
        #expect(try service.send(user: "u", text: "/hlep").text.contains("Did you mean /help?"))
        #expect(try service.send(user: "u", text: "/quit").kind == .quit)
        _ = try service.send(user: "u", text: "I'm Priya, a mechanical engineer")
        #expect(try service.send(user: "u", text: "/profile").text.contains("Priya"))
        // /history shows the exchanges readably, never intent ids; /history N the last N.
        let history = try service.send(user: "u", text: "/history").text
        #expect(history.contains("you: I'm Priya, a mechanical engineer") && history.contains("advisor: Nice to meet you"), "\(history)")
        #expect(!history.contains("→") && !history.contains("chat.greeting"), "\(history)")
        _ = try service.send(user: "u", text: "what is lean manufacturing")
        let last = try service.send(user: "u", text: "/history 1").text
        #expect(last.hasPrefix("The last 1 of 3 turns") && !last.contains("Priya"), "\(last)")
        #expect(try service.send(user: "u", text: "/export").text.contains("**You:** I'm Priya"))
        #expect(try service.send(user: "u", text: "/forget").text.contains("/forget yes"))
        #expect(try store.load(user: "u").value != nil)
        _ = try service.send(user: "u", text: "/forget yes")
        #expect(try store.load(user: "u").value == nil)
    }

    @Test func resetKeepsTheProfileButNotTheTurns() throws {
        _ = try service.send(user: "u", text: "I'm Priya, a mechanical engineer")
        _ = try service.send(user: "u", text: "what is lean")
        _ = try service.send(user: "u", text: "/reset")
        let state = try #require(try store.load(user: "u").value)
        #expect(state.turns.isEmpty)
        #expect(state.profile.name == "Priya")
    }

    @Test func completionsIncludeCommandsAndTopics() {
        let words = service.completions()
        #expect(words.contains("/help"))
        #expect(words.contains("plant manager"))
    }
}
