import Foundation

/// An intent as the advisor uses it: what it answers and how it is offered.
public struct Intent: Sendable, Identifiable {
    public let id: String
    public let title: String
    public let question: String
    public let answer: String
    public let more: String
    public let suggest: [String]
    public let entities: [String]
    public let examples: [Located<String>]
    public let location: SourceLocation

    /// The area an intent belongs to: the part of its id before the first dot.
    public var area: String { id.split(separator: ".").first.map(String.init) ?? id }
}

/// A mistake in the knowledge base, with where it was written.
public struct KnowledgeBaseError: Error, Sendable, CustomStringConvertible {
    public var location: SourceLocation?
    public var message: String

    public init(_ message: String, at location: SourceLocation?) {
        self.message = message
        self.location = location
    }

    public var description: String {
        location.map { "\($0): \(message)" } ?? message
    }
}

/// The immutable, validated knowledge base: intents, vocabulary and the matcher built from them.
///
/// Built once from a `KnowledgeBaseDefinition`; a reload builds a new one and swaps it whole.
public struct KnowledgeBase: Sendable {
    /// The id of the intent used when nothing matches well enough.
    public static let fallbackID = "fallback"

    public let intents: [Intent]
    public let normaliser: Normaliser
    public let matcher: Matcher
    private let indexByID: [String: Int]
    /// Entity names (stems) → the intents they name, for "what about X?".
    private let entityIndex: PhraseTrie<Int32>

    /// Validates and builds a knowledge base.
    ///
    /// - Throws: every `KnowledgeBaseError` found, as `KnowledgeBaseErrors`.
    public init(_ definition: KnowledgeBaseDefinition, stemmer: Stemmer = Stemmer()) throws(KnowledgeBaseErrors) {
        var errors: [KnowledgeBaseError] = []
        var indexByID: [String: Int] = [:]
        for (index, intent) in definition.intents.enumerated() {
            if intent.id.isEmpty || intent.id.contains(where: { $0.isWhitespace }) {
                errors.append(KnowledgeBaseError("intent id '\(intent.id)' must be a non-empty word", at: intent.location))
            }
            if indexByID[intent.id] != nil {
                errors.append(KnowledgeBaseError("duplicate intent id '\(intent.id)'", at: intent.location))
            }
            indexByID[intent.id] = index
            if intent.answer.isBlank {
                errors.append(KnowledgeBaseError("intent '\(intent.id)' has an empty answer", at: intent.location))
            }
            if intent.id != Self.fallbackID && intent.require.isEmpty {
                errors.append(KnowledgeBaseError("intent '\(intent.id)' has no 'require' terms", at: intent.location))
            }
            if !(intent.weight > 0 && intent.weight <= 3) {
                errors.append(KnowledgeBaseError("intent '\(intent.id)' has weight \(intent.weight); it must be in (0, 3]", at: intent.location))
            }
        }
        if indexByID[Self.fallbackID] == nil {
            errors.append(KnowledgeBaseError("there is no '\(Self.fallbackID)' intent", at: nil))
        }
        for intent in definition.intents {
            for suggestion in intent.suggest where indexByID[suggestion.value] == nil {
                errors.append(KnowledgeBaseError("intent '\(intent.id)' suggests unknown intent '\(suggestion.value)'", at: suggestion.location))
            }
        }
        let normaliser = Self.buildNormaliser(definition, stemmer: stemmer, errors: &errors)
        let matcher: Matcher
        do {
            matcher = try Matcher(definition: definition, normaliser: normaliser)
        } catch {
            errors.append(contentsOf: error.errors)
            throw KnowledgeBaseErrors(errors: errors)
        }
        guard errors.isEmpty else { throw KnowledgeBaseErrors(errors: errors) }
        self.intents = definition.intents.parallelMap {
            Intent(
                id: $0.id, title: $0.title.isEmpty ? $0.id : $0.title, question: $0.question,
                answer: TextLayout.unwrap($0.answer.trimmed),
                more: TextLayout.unwrap($0.more.trimmed),
                suggest: $0.suggest.map(\.value), entities: $0.entities.map(\.value),
                examples: $0.examples, location: $0.location
            )
        }
        self.normaliser = matcher.normaliser
        self.matcher = matcher
        self.indexByID = indexByID
        var entityIndex = PhraseTrie<Int32>()
        for (index, intent) in definition.intents.enumerated() {
            for entity in intent.entities {
                let stems = normaliser.stems(ofPhrase: entity.value)
                if !stems.isEmpty { entityIndex.insert(stems, Int32(index)) }
            }
        }
        self.entityIndex = entityIndex
    }

    /// The intents whose entity names occur in the message, longest name first.
    public func entityIntents(in text: NormalisedText) -> [String] {
        let stems = text.stems
        var found: [(length: Int, id: String)] = []
        for start in stems.indices {
            entityIndex.forEachMatch(in: stems, from: start) { length, indices in
                for index in indices { found.append((length, intents[Int(index)].id)) }
            }
        }
        var seen = Set<String>()
        return found.sorted { $0.length > $1.length }.map(\.id).filter { seen.insert($0).inserted }
    }

    public subscript(id: String) -> Intent? {
        indexByID[id].map { intents[$0] }
    }

    /// Classifies one message.
    public func classify(_ text: String) -> IntentMatch {
        matcher.match(normaliser.normalise(text))
    }

    private static func buildNormaliser(
        _ definition: KnowledgeBaseDefinition, stemmer: Stemmer, errors: inout [KnowledgeBaseError]
    ) -> Normaliser {
        var synonyms: [(from: [String], to: [String])] = []
        var seenSynonyms: [String: SourceLocation] = [:]
        for synonym in definition.synonyms {
            let from = TextFolding.tokens(synonym.from)
            let to = TextFolding.tokens(synonym.to)
            if from.isEmpty || to.isEmpty {
                errors.append(KnowledgeBaseError("synonym '\(synonym.from)' → '\(synonym.to)' has an empty side", at: synonym.location))
                continue
            }
            let key = from.joined(separator: " ")
            if let earlier = seenSynonyms[key] {
                errors.append(KnowledgeBaseError("duplicate synonym '\(key)' (also at \(earlier))", at: synonym.location))
                continue
            }
            seenSynonyms[key] = synonym.location
            synonyms.append((from, to))
        }
        var stopwords = Normaliser.defaultStopwords
        for word in definition.stopwords { stopwords.formUnion(TextFolding.tokens(word.value)) }

        // Correction targets: the words that decide matching, most used first.
        var texts: [String] = []
        for intent in definition.intents {
            texts += (intent.require + intent.keywords + intent.entities).map(\.value)
        }
        for concept in definition.concepts { texts += concept.phrases.map(\.value) }
        for synonym in definition.synonyms { texts += [synonym.from, synonym.to] }
        var counts: [String: Int] = [:]
        for words in texts.parallelMap({ TextFolding.tokens($0) }) {
            for word in words where !stopwords.contains(word) { counts[word, default: 0] += 1 }
        }
        let targets = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map(\.key)
            .filter { !$0.unicodeScalars.contains { $0.properties.numericType != nil } }

        var known = Set<String>()
        for word in definition.knownWords { known.formUnion(TextFolding.tokens(word.value)) }
        // Examples are left out on purpose: they contain the typos that correction must fix.
        let prose = definition.intents.flatMap { [$0.title, $0.question, $0.answer, $0.more] }
        for words in prose.parallelMap({ TextFolding.tokens($0) }) { known.formUnion(words) }
        var stemOverrides: [String: String] = [:]
        for override in definition.stems {
            let words = TextFolding.tokens(override.from)
            guard words.count == 1, let word = words.first else {
                errors.append(KnowledgeBaseError("a stem override must be for one word, not '\(override.from)'", at: override.location))
                continue
            }
            if stemOverrides[word] != nil {
                errors.append(KnowledgeBaseError("duplicate stem override for '\(word)'", at: override.location))
            }
            stemOverrides[word] = override.to
        }
        let vocabulary = Normaliser.Vocabulary(
            synonyms: synonyms, stopwords: stopwords, correctionTargets: targets, knownWords: known,
            stemOverrides: stemOverrides
        )
        return Normaliser(vocabulary: vocabulary, stemmer: stemmer)
    }
}

/// Every mistake found while building a knowledge base.
public struct KnowledgeBaseErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [KnowledgeBaseError]

    public init(errors: [KnowledgeBaseError]) {
        self.errors = errors
    }

    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
