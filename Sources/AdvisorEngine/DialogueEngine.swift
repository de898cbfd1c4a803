import Foundation

/// The advisor's dialogue policy: turns a message and a session state into a reply and
/// the next state. Pure: the time and the seed come in as arguments.
public struct DialogueEngine: Sendable {
    public let knowledge: KnowledgeBase

    public init(knowledge: KnowledgeBase) {
        self.knowledge = knowledge
    }

    /// Answers one message, updating `state` (context, profile, turns).
    public func respond(to text: String, state: inout SessionState, now: Date? = nil, seed: UInt64 = 0) -> Reply {
        if state.createdAt == nil { state.createdAt = now }
        let match = knowledge.classify(text)
        let reply = answer(match)
        state.context.topic = match.intent == KnowledgeBase.fallbackID ? state.context.topic : match.intent
        state.record(Turn(user: text, intent: reply.intent, reply: reply.plainText, at: now))
        return reply
    }

    /// The opening line: a welcome, or a welcome back that names where the conversation was.
    public func welcome(_ state: SessionState) -> Reply {
        if state.isNew {
            return Reply(intent: "chat.greeting", confidence: 1, kind: .answer,
                         body: "Hello! I'm an advisor for engineers weighing a master's or MBA in Manufacturing Management. Ask me anything about it, or type /help.")
        }
        let topic = state.context.topic.flatMap { knowledge[$0]?.title }
        let name = state.profile.name.map { ", \($0)" } ?? ""
        let body = topic.map { "Welcome back\(name)! Last time we were talking about \($0)." } ?? "Welcome back\(name)!"
        return Reply(intent: "chat.greeting", confidence: 1, kind: .answer, body: body)
    }

    private func answer(_ match: IntentMatch) -> Reply {
        guard let intent = knowledge[match.intent] else {
            return Reply(intent: KnowledgeBase.fallbackID, confidence: match.confidence, kind: .fallback, body: "I can't help with that.")
        }
        let choices = intent.suggest.compactMap { id in knowledge[id].map { Choice(intent: id, label: $0.question.isEmpty ? $0.title : $0.question) } }
        return Reply(
            intent: intent.id, confidence: match.confidence,
            kind: intent.id == KnowledgeBase.fallbackID ? .fallback : .answer,
            title: intent.id == KnowledgeBase.fallbackID ? nil : intent.title,
            body: intent.answer, choices: choices, choicesPrompt: choices.isEmpty ? nil : "You could also ask:")
    }
}
