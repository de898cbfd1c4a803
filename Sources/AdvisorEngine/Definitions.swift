/// Where a piece of the knowledge base was written: a file and a 1-based line.
public struct SourceLocation: Hashable, Sendable, Codable, CustomStringConvertible {
    public var file: String
    public var line: Int

    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }

    public var description: String { "\(file):\(line)" }
}

/// A value together with the place in the knowledge base it was written.
public struct Located<Value: Sendable>: Sendable {
    public var value: Value
    public var location: SourceLocation

    public init(_ value: Value, at location: SourceLocation) {
        self.value = value
        self.location = location
    }
}

extension Located: Equatable where Value: Equatable {}
extension Located: Hashable where Value: Hashable {}

/// One intent as declared in `Intents/*.yaml`, before it is validated and built.
public struct IntentDefinition: Sendable {
    public var id: String
    public var title: String
    public var question: String
    public var require: [Located<String>]
    public var keywords: [Located<String>]
    public var exclude: [Located<String>]
    public var weight: Double
    public var entities: [Located<String>]
    public var examples: [Located<String>]
    public var answer: String
    public var more: String
    public var suggest: [Located<String>]
    public var location: SourceLocation

    public init(
        id: String, title: String = "", question: String = "",
        require: [Located<String>] = [], keywords: [Located<String>] = [], exclude: [Located<String>] = [],
        weight: Double = 1, entities: [Located<String>] = [], examples: [Located<String>] = [],
        answer: String = "", more: String = "", suggest: [Located<String>] = [],
        location: SourceLocation
    ) {
        self.id = id
        self.title = title
        self.question = question
        self.require = require
        self.keywords = keywords
        self.exclude = exclude
        self.weight = weight
        self.entities = entities
        self.examples = examples
        self.answer = answer
        self.more = more
        self.suggest = suggest
        self.location = location
    }
}

/// Everything the knowledge base declares, merged from all of its files.
public struct KnowledgeBaseDefinition: Sendable {
    public var synonyms: [SynonymDefinition]
    public var concepts: [ConceptDefinition]
    /// Words added to the built-in stop words.
    public var stopwords: [Located<String>]
    /// Stems that override Snowball's where it joins words the domain keeps apart
    /// ("manager" and "management" both stem to "manag").
    public var stems: [SynonymDefinition]
    /// Words spelling correction must never change (common words one letter away from a
    /// domain word); they match nothing.
    public var knownWords: [Located<String>]
    public var intents: [IntentDefinition]

    public init(
        synonyms: [SynonymDefinition] = [],
        concepts: [ConceptDefinition] = [],
        stopwords: [Located<String>] = [],
        stems: [SynonymDefinition] = [],
        knownWords: [Located<String>] = [],
        intents: [IntentDefinition] = []
    ) {
        self.synonyms = synonyms
        self.concepts = concepts
        self.stopwords = stopwords
        self.stems = stems
        self.knownWords = knownWords
        self.intents = intents
    }
}

/// A word or phrase replaced by another phrase before matching (`ops` → `operations`).
public struct SynonymDefinition: Sendable {
    public var from: String
    public var to: String
    public var location: SourceLocation

    public init(from: String, to: String, location: SourceLocation) {
        self.from = from
        self.to = to
        self.location = location
    }
}

/// A named concept and the phrases that express it; any phrase makes `@name` present.
public struct ConceptDefinition: Sendable {
    public var name: String
    public var phrases: [Located<String>]
    public var location: SourceLocation

    public init(name: String, phrases: [Located<String>], location: SourceLocation) {
        self.name = name
        self.phrases = phrases
        self.location = location
    }
}
