import Foundation

/// An intent as the advisor uses it: what it answers and how it is offered.
///
/// A class, immutable: the dialogue looks intents up many times a turn, and a copy of a
/// struct of this many strings and arrays costs a retain and a release for each of them.
public final class Intent: Sendable, Identifiable {
    public let id: String
    public let title: String
    public let question: String
    public let answer: String
    public let more: String
    /// The source's reasoning, for "why?"; empty when the intent has none.
    public let why: String
    /// The blocks `answer`, `more` and `why` are rendered from, with their provenance.
    public let answerBlocks: [AnswerBlock]
    public let moreBlocks: [AnswerBlock]
    public let whyBlocks: [AnswerBlock]
    public let suggest: [String]
    /// The intents the answer lists, in its order, which ordinals after it point into.
    public let lists: [String]
    /// The catalog intent a turn answered by this one is reported as; nil for itself.
    public let countsAs: String?
    /// The intent the answer offers, which a "yes" accepts.
    public let offer: String?
    /// The line for the user's background (`{profile}`, `{title}`), if the intent has its own.
    public let personal: String?
    public let entities: [String]
    public let examples: [Located<String>]
    public let location: SourceLocation
    /// The area an intent belongs to: the part of its id before the first dot.
    public let area: String

    init(
        id: String, title: String, question: String, answer: [AnswerBlock], more: [AnswerBlock], why: [AnswerBlock], backgroundLabel: String,
        suggest: [String], offer: String?, personal: String? = nil, entities: [String], examples: [Located<String>], location: SourceLocation,
        lists: [String] = [], countsAs: String? = nil
    ) {
        self.lists = lists
        self.countsAs = countsAs
        self.personal = personal
        answerBlocks = answer
        moreBlocks = more
        whyBlocks = why
        self.why = AnswerBlock.render(why, backgroundLabel: backgroundLabel)
        self.offer = offer
        self.id = id
        self.title = title
        self.question = question
        self.answer = AnswerBlock.render(answer, backgroundLabel: backgroundLabel)
        self.more = AnswerBlock.render(more, backgroundLabel: backgroundLabel)
        self.suggest = suggest
        self.entities = entities
        self.examples = examples
        self.location = location
        self.area = id.split(separator: ".").first.map(String.init) ?? id
    }
}

