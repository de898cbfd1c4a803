@testable import AdvisorEngine
import AdvisorKnowledge

/// A test suite that talks to the engine over the bundled knowledge base: the lines of one
/// conversation in, its replies or their intents out.
protocol BundledConversation {
    var engine: DialogueEngine { get }
}

extension BundledConversation {
    static func bundledEngine() throws -> DialogueEngine {
        DialogueEngine(knowledge: try KnowledgeBaseLoader.load(directory: BundledKnowledgeTests.directory))
    }

    func replies(_ lines: [String]) -> [Reply] {
        var state = SessionState(user: "t")
        return lines.enumerated().map { engine.respond(to: $0.element, state: &state, seed: UInt64($0.offset)) }
    }

    func intents(_ lines: [String]) -> [String] { replies(lines).map(\.intent) }
}
