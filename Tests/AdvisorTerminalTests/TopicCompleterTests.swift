@testable import AdvisorTerminal
import Testing

struct TopicCompleterTests {
    let completer: TopicCompleter

    init() throws {
        completer = TopicCompleter(knowledge: try TerminalTestKnowledge.small())
    }

    @Test func completesSlashCommands() {
        #expect(completer.complete("/hi") == .init(kept: "", candidates: ["/history"]))
        #expect(completer.complete("/")?.candidates.contains("/quit") == true)
        #expect(completer.complete("/help me") == nil)
    }

    @Test func completesAPhraseOfSeveralWordsAtTheEndOfTheLine() {
        let completion = completer.complete("what does a plant ma")
        #expect(completion == .init(kept: "what does a ", candidates: ["plant management", "plant manager"]))
    }

    @Test func keepsWhatTheUserTyped() {
        #expect(completer.complete("Tell me about Lean Ma") == .init(kept: "Tell me about ", candidates: ["Lean Manufacturing"]))
    }

    @Test func leavesOutPluralsAndTitlesThatStartWithAnEntity() {
        let phrases = completer.phrases
        #expect(phrases.contains("plant manager"))
        #expect(!phrases.contains("plant managers"))
        #expect(!phrases.contains("lean manufacturing module"), "the entity \"lean manufacturing\" completes instead")
        #expect(phrases.contains("industry 4.0"))
        #expect(phrases.contains("site") == false)
    }

    @Test func completesPhrasesWithDigitsAndDots() {
        #expect(completer.complete("industry 4.")?.candidates == ["industry 4.0", "industry 4.0 module"])
    }

    @Test func nothingCompletesUnknownWords() {
        #expect(completer.complete("zzz") == nil)
        #expect(completer.complete("") == nil)
        #expect(completer.complete("what is ") == nil)
    }
}
