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
    public var answer: AnswerDefinition
    public var more: AnswerDefinition
    /// The source's reasoning, for "why?" right after the answer.
    public var why: AnswerDefinition
    public var suggest: [Located<String>]
    /// The intents the answer lists, in the order it lists them: "the second one" after it
    /// means the second.
    public var lists: [Located<String>] = []
    /// The catalog intent a turn answered by this one is reported as (a small-talk reply
    /// reported as the catalog's help or thanks); nil for itself.
    public var countsAs: Located<String>?
    /// The intent the answer offers, which a "yes" accepts ("shall I check whether it fits you?").
    public var offer: Located<String>?
    /// A line for the user's background, `{profile}` and `{title}` filled in; overrides the area's.
    public var personal: String?
    public var location: SourceLocation

    public init(
        id: String, title: String = "", question: String = "",
        require: [Located<String>] = [], keywords: [Located<String>] = [], exclude: [Located<String>] = [],
        weight: Double = 1, entities: [Located<String>] = [], examples: [Located<String>] = [],
        answer: AnswerDefinition = "", more: AnswerDefinition = "", why: AnswerDefinition = "", suggest: [Located<String>] = [],
        offer: Located<String>? = nil, personal: String? = nil, location: SourceLocation
    ) {
        self.personal = personal
        self.why = why
        self.offer = offer
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
    public var dialogue: DialogueDefinition
    /// The sources and their claims (`source:` and `claims:`).
    public var sources: [SourceDefinition] = []
    /// What the source does not give, facet by facet (`unknown_facets:`).
    public var unknownFacets: [UnknownFacetDefinition] = []
    /// The guided fit assessment (`assessment:`).
    public var assessment = AssessmentDefinition()
    /// The intent ids this knowledge base promises to define (`catalog:`), checked by lint;
    /// retiring an intent means removing it here too.
    public var catalog: [Located<String>] = []

    public init(
        synonyms: [SynonymDefinition] = [],
        concepts: [ConceptDefinition] = [],
        stopwords: [Located<String>] = [],
        stems: [SynonymDefinition] = [],
        knownWords: [Located<String>] = [],
        intents: [IntentDefinition] = [],
        dialogue: DialogueDefinition = DialogueDefinition()
    ) {
        self.synonyms = synonyms
        self.concepts = concepts
        self.stopwords = stopwords
        self.stems = stems
        self.knownWords = knownWords
        self.intents = intents
        self.dialogue = dialogue
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

/// What the dialogue layer needs of a knowledge base, as declared in its `dialogue:` section:
/// the intents that play a part in the conversation, the areas, and which intent an
/// ambiguous topic word means in each area.
public struct DialogueDefinition: Sendable {
    /// Role name (`fallback`, `unknown`, `more`, ...) → the intent that plays it.
    public var roles: [(role: Located<String>, intent: Located<String>)]
    public var areas: [AreaDefinition]
    public var readings: [ReadingDefinition]
    /// Intents that answer a comparison themselves ("general MBA or this one?"), so that a
    /// message they match is not split into two topics.
    public var comparisons: [Located<String>] = []
    /// What to offer after a fit result that speaks for the path.
    public var afterResult: [Located<String>] = []
    /// Where the section was written (the first file that declares one).
    public var location: SourceLocation?

    public init(
        roles: [(role: Located<String>, intent: Located<String>)] = [], areas: [AreaDefinition] = [],
        readings: [ReadingDefinition] = [], location: SourceLocation? = nil
    ) {
        self.roles = roles
        self.areas = areas
        self.readings = readings
        self.location = location
    }
}

/// One area of the knowledge base (the part of an intent id before the dot).
public struct AreaDefinition: Sendable {
    public var name: Located<String>
    /// How `/topics` names the area.
    public var title: String
    /// How the fallback names the area in a sentence; the title when not given.
    public var about: String?
    /// A line for the user's background added to the area's answers (`{profile}`, `{title}`).
    public var personal: String?
    /// The intent that gives the area's overview.
    public var overview: Located<String>?
    /// The curriculum module that teaches the area's topics, if any.
    public var taughtBy: Located<String>?
    /// The intent a kind word alone asks for ("sectors?" is the growth sectors), when it is
    /// not the overview.
    public var kindTopic: Located<String>?
    /// Words that name a thing of this area ("role", "module", "sector"): "that role" means
    /// the entity in focus, read in this area.
    public var kinds: [Located<String>]
    /// Whether a follow-up naming only this area's topic ("and in India?") qualifies a
    /// question about figures rather than changing the subject.
    public var qualifiesUnknown: Bool

    public init(
        name: Located<String>, title: String, overview: Located<String>? = nil, taughtBy: Located<String>? = nil,
        kinds: [Located<String>] = [], qualifiesUnknown: Bool = false
    ) {
        self.name = name
        self.qualifiesUnknown = qualifiesUnknown
        self.title = title
        self.overview = overview
        self.taughtBy = taughtBy
        self.kinds = kinds
    }
}

/// Topic words that name a different intent in each area ("operations" is the module in a
/// curriculum conversation and the role in a roles conversation).
public struct ReadingDefinition: Sendable {
    public var words: [Located<String>]
    /// Area → the intent the words mean there.
    public var intents: [(area: String, intent: Located<String>)]
    /// The reading outside those areas.
    public var defaultIntent: Located<String>
    public var location: SourceLocation

    public init(
        words: [Located<String>], intents: [(area: String, intent: Located<String>)], defaultIntent: Located<String>,
        location: SourceLocation
    ) {
        self.words = words
        self.intents = intents
        self.defaultIntent = defaultIntent
        self.location = location
    }
}
