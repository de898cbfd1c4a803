import AdvisorEngine
import AdvisorStore
import Foundation

/// What one line from the user produced.
public struct ConversationOutput: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable {
        /// The advisor answered a message.
        case reply
        /// A slash command printed something.
        case command
        /// The user asked to end the conversation (`/quit`); the state is saved.
        case quit
    }

    public var kind: Kind
    /// The advisor's reply, for `.reply`.
    public var reply: Reply?
    /// The text to show: the reply as plain text, or the command's output.
    public var text: String
    /// Things the user must be told first (a state file that was moved aside, a refusal).
    public var notices: [String]

    public init(kind: Kind, reply: Reply?, text: String, notices: [String]) {
        self.kind = kind
        self.reply = reply
        self.text = text
        self.notices = notices
    }

    /// The intent the turn resolved to (`command` for slash commands).
    public var intent: String { reply?.intent ?? "command" }
    public var confidence: Double { reply?.confidence ?? 1 }
}

/// What a front end talks to: the conversation service in this process, or a daemon's.
public protocol ConversationEndpoint: Sendable {
    /// Opens (or resumes) `user`'s conversation: the conversation to send lines to, and its
    /// opening (a welcome, or a welcome back naming where it was). A daemon may open another
    /// user's than the one named (the connecting account's own): the conversation says whose.
    func open(user: String) throws -> OpenedConversation
    /// Words and phrases worth completing with Tab (slash commands, topics).
    func completions() throws -> [String]
}

/// One user's conversation, as an endpoint opened it.
public protocol Conversation: Sendable {
    /// Whose conversation this is.
    var user: String { get }
    /// Handles one line: a slash command or a message to the advisor.
    func send(_ text: String) throws -> ConversationOutput
}

/// A conversation just opened, and what to show first.
public struct OpenedConversation: Sendable {
    public var conversation: any Conversation
    public var welcome: ConversationOutput

    public init(conversation: any Conversation, welcome: ConversationOutput) {
        self.conversation = conversation
        self.welcome = welcome
    }
}

/// The one conversation service every front end goes through (REPL, pipe, daemon, replay).
///
/// Each call loads the user's state under the store's lock, runs the pure engine, saves the
/// new state, and only then returns: a reply that was shown is a turn that was saved.
public final class ConversationService: ConversationEndpoint {
    private let knowledge: KnowledgeHolder
    private let store: any SessionStore
    private let clock: @Sendable () -> Date?
    private let seed: UInt64

    /// - Parameters:
    ///   - clock: the time recorded in the state; transcripts pass one that returns nil.
    ///   - seed: the seed for any variation in replies, so that transcripts stay stable.
    public init(knowledge: KnowledgeHolder, store: any SessionStore, clock: @escaping @Sendable () -> Date? = { Date() }, seed: UInt64 = 0) {
        self.knowledge = knowledge
        self.store = store
        self.clock = clock
        self.seed = seed
    }

    public var knowledgeBase: KnowledgeBase { knowledge.current }

    /// Opens `user`'s conversation: a welcome, or a welcome back naming where it was.
    public func open(user: String) throws -> OpenedConversation {
        OpenedConversation(conversation: UserConversation(service: self, user: user), welcome: try welcome(user: user))
    }

    /// The opening of `user`'s conversation: a welcome, or a welcome back naming where it was.
    public func welcome(user: String) throws -> ConversationOutput {
        let loaded = try store.load(user: user)
        let engine = DialogueEngine(knowledge: knowledge.current)
        let reply = engine.welcome(loaded.value ?? SessionState(user: user))
        return ConversationOutput(kind: .reply, reply: reply, text: reply.plainText, notices: loaded.notices)
    }

    /// Handles one line of `user`'s conversation: a slash command or a message to the advisor.
    /// (The service holds every user's conversations; `open` gives one of them.)
    public func send(user: String, text: String) throws -> ConversationOutput {
        guard text.utf8.count <= MessageLimits.maximumMessageBytes else {
            return refusal("That message is \(text.utf8.count) bytes long; the limit is \(MessageLimits.maximumMessageBytes). Please ask in fewer words.")
        }
        let trimmed = text.trimmed
        if trimmed.isEmpty {
            return refusal("Type a question, or /help to see what you can ask.")
        }
        if trimmed.hasPrefix("/") {
            return try SlashCommands(service: self, store: store).run(trimmed, user: user)
        }
        let engine = DialogueEngine(knowledge: knowledge.current)
        let now = clock()
        let result = try store.update(user: user) { state in
            engine.respond(to: trimmed, state: &state, now: now, seed: seed &+ UInt64(truncatingIfNeeded: state.turnCount))
        }
        return ConversationOutput(kind: .reply, reply: result.value, text: result.value.plainText, notices: result.notices)
    }

    /// Slash commands, intent titles and entity names, lower-cased and sorted.
    public func completions() -> [String] {
        var words = Set(SlashCommands.names)
        for intent in knowledge.current.intents where intent.id != KnowledgeBase.fallbackID {
            words.insert(intent.title.lowercased())
            for entity in intent.entities { words.insert(entity.lowercased()) }
        }
        return words.sorted()
    }

    private func refusal(_ message: String) -> ConversationOutput {
        let reply = Reply(intent: KnowledgeBase.fallbackID, confidence: 0, kind: .refusal, body: message)
        return ConversationOutput(kind: .reply, reply: reply, text: message, notices: [])
    }
}

/// One user's conversation in a `ConversationService`.
struct UserConversation: Conversation {
    let service: ConversationService
    let user: String

    func send(_ text: String) throws -> ConversationOutput {
        try service.send(user: user, text: text)
    }
}
