import Foundation

/// The immutable, validated knowledge base: intents, vocabulary and the matcher built from them.
///
/// Built once from a `KnowledgeBaseDefinition`; a reload builds a new one and swaps it whole.
/// Its parts live in one immutable object, so that a copy (the dialogue engine passes it
/// around many times a turn) is one retain rather than one per part.
public struct KnowledgeBase: Sendable {
    /// The id of the intent used when nothing matches well enough.
    public static let fallbackID = "fallback"

    private final class Storage: Sendable {
        let intents: [Intent]
        let normaliser: Normaliser
        let matcher: Matcher
        let dialogue: DialogueRoles
        let sources: [SourceDocument]
        let claims: [SourceClaim]
        let unknownFacets: [UnknownFacet]
        let assessment: FitAssessment
        let claimByID: [String: Int]
        let indexByID: [String: Int]
        let entityIndex: PhraseTrie<Int32>

        init(
            intents: [Intent], normaliser: Normaliser, matcher: Matcher, dialogue: DialogueRoles, sources: [SourceDocument],
            claims: [SourceClaim], unknownFacets: [UnknownFacet], assessment: FitAssessment, claimByID: [String: Int],
            indexByID: [String: Int], entityIndex: PhraseTrie<Int32>
        ) {
            self.intents = intents
            self.normaliser = normaliser
            self.matcher = matcher
            self.dialogue = dialogue
            self.sources = sources
            self.claims = claims
            self.unknownFacets = unknownFacets
            self.assessment = assessment
            self.claimByID = claimByID
            self.indexByID = indexByID
            self.entityIndex = entityIndex
        }
    }

    private let storage: Storage

    // Each part is read in place (`_read`), never copied out of the storage.

    public var intents: [Intent] { _read { yield storage.intents } }
    public var normaliser: Normaliser { _read { yield storage.normaliser } }
    public var matcher: Matcher { _read { yield storage.matcher } }
    /// The parts intents play in the conversation, the areas and the readings of topic words.
    public var dialogue: DialogueRoles { _read { yield storage.dialogue } }
    /// The sources the answers draw on, and their claims in the order written.
    public var sources: [SourceDocument] { _read { yield storage.sources } }
    public var claims: [SourceClaim] { _read { yield storage.claims } }
    /// What the source does not give, facet by facet, in the order declared.
    public var unknownFacets: [UnknownFacet] { _read { yield storage.unknownFacets } }
    /// The guided fit assessment.
    public var assessment: FitAssessment { _read { yield storage.assessment } }
    private var claimByID: [String: Int] { _read { yield storage.claimByID } }
    private var indexByID: [String: Int] { _read { yield storage.indexByID } }
    /// Entity names (stems) → the intents they name, for "what about X?".
    private var entityIndex: PhraseTrie<Int32> { _read { yield storage.entityIndex } }

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
            if let earlier = indexByID[intent.id] {
                errors.append(KnowledgeBaseError(
                    "duplicate intent id '\(intent.id)' (also at \(definition.intents[earlier].location)): rename one of the two", at: intent.location))
            }
            indexByID[intent.id] = index
            if intent.answer.isEmpty {
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
            errors.append(.reference("there is no '\(Self.fallbackID)' intent", at: nil))
        }
        for intent in definition.intents {
            for suggestion in intent.suggest where indexByID[suggestion.value] == nil {
                errors.append(.reference("intent '\(intent.id)' suggests unknown intent '\(suggestion.value)'", at: suggestion.location))
            }
            if let reported = intent.countsAs {
                if let index = indexByID[reported.value] {
                    if definition.intents[index].countsAs != nil {
                        errors.append(KnowledgeBaseError("intent '\(intent.id)' counts as '\(reported.value)', which counts as another itself: name the intent to report directly", at: reported.location))
                    }
                } else {
                    errors.append(.reference("intent '\(intent.id)' counts as unknown intent '\(reported.value)'", at: reported.location))
                }
            }
            if let offer = intent.offer, indexByID[offer.value] == nil {
                errors.append(.reference("intent '\(intent.id)' offers unknown intent '\(offer.value)'", at: offer.location))
            }
            for item in intent.lists where indexByID[item.value] == nil {
                errors.append(.reference("intent '\(intent.id)' lists unknown intent '\(item.value)'", at: item.location))
            }
        }
        let (sources, claims, claimByID) = Self.claims(definition, errors: &errors)
        Self.checkBlocks(definition, claimByID: claimByID, errors: &errors)
        let backgroundLabel = Self.backgroundLabel(definition, errors: &errors)
        let unknownFacets = Self.unknownFacets(definition, claimByID: claimByID, backgroundLabel: backgroundLabel, errors: &errors)
        let assessment = FitAssessment.build(definition.assessment, errors: &errors)
        let vocabulary = Self.vocabulary(definition, errors: &errors)
        let phrases = Phrases(definition)
        // The matcher needs only the phrases' stems, and the normaliser only their words, so
        // the two are built at once.
        let (matched, described) = concurrently {
            let stems = phrases.stems(synonyms: vocabulary.synonyms, stemOverrides: vocabulary.stemOverrides)
            return (
                matcher: Result { () throws(KnowledgeBaseErrors) in try Matcher(definition: definition, phrases: stems) },
                entityIndex: Self.entityIndex(definition, stems)
            )
        } and: {
            (normaliser: Self.normaliser(definition, vocabulary, phrases, stemmer: stemmer), intents: Self.intents(definition, backgroundLabel: backgroundLabel))
        }
        let matcher: Matcher
        do {
            matcher = try matched.matcher.get()
        } catch {
            errors.append(contentsOf: error.errors)
            // Check the dialogue section too, so that one pass reports every mistake.
            _ = DialogueRoles.build(
                definition.dialogue, intentIDs: Set(indexByID.keys), stems: { described.normaliser.stems(ofPhrase: $0) }, errors: &errors)
            throw KnowledgeBaseErrors(errors: errors)
        }
        let normaliser = described.normaliser.withFeatures(matcher.features)
        let dialogue = DialogueRoles.build(
            definition.dialogue, intentIDs: Set(indexByID.keys), stems: { normaliser.stems(ofPhrase: $0) }, errors: &errors)
        guard errors.isEmpty else { throw KnowledgeBaseErrors(errors: errors) }
        storage = Storage(
            intents: described.intents, normaliser: normaliser, matcher: matcher, dialogue: dialogue, sources: sources, claims: claims,
            unknownFacets: unknownFacets, assessment: assessment, claimByID: claimByID, indexByID: indexByID,
            entityIndex: matched.entityIndex)
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

    /// The intent whose entity name ends last in the message (the one a pronoun after it
    /// points at), of `among`; nil when none of them is named.
    public func lastNamed(in text: NormalisedText, among ids: [String]) -> String? {
        let stems = text.stems
        var best: (end: Int, id: String)?
        for start in stems.indices {
            entityIndex.forEachMatch(in: stems, from: start) { length, indices in
                for index in indices where ids.contains(intents[Int(index)].id) {
                    if best == nil || start + length > best!.end { best = (start + length, intents[Int(index)].id) }
                }
            }
        }
        return best?.id
    }

    public subscript(id: String) -> Intent? {
        indexByID[id].map { intents[$0] }
    }

    /// The area an intent belongs to, as the dialogue layer knows it.
    public func area(of id: String?) -> DialogueRoles.Area? {
        id.flatMap { self[$0] }.flatMap { dialogue.area($0.area) }
    }

    /// Classifies one message.
    public func classify(_ text: String) -> IntentMatch {
        matcher.match(normaliser.normalise(text))
    }

    /// A claim by id.
    public func claim(_ id: String) -> SourceClaim? {
        claimByID[id].map { claims[$0] }
    }

    /// The source a claim comes from.
    /// Whether `parts` is the list some answer gives (`lists:`), in its order: ordinals
    /// then keep counting in it after one item was answered.
    public func isListing(_ parts: [String]) -> Bool {
        intents.contains { $0.lists == parts }
    }

    public func source(of claim: SourceClaim) -> SourceDocument? {
        sources.first { $0.id == claim.source }
    }

    /// The sources and their claims, checked: ids unique and non-empty, every claim with text.
    private static func claims(
        _ definition: KnowledgeBaseDefinition, errors: inout [KnowledgeBaseError]
    ) -> ([SourceDocument], [SourceClaim], [String: Int]) {
        var sources: [SourceDocument] = []
        var claims: [SourceClaim] = []
        var byID: [String: Int] = [:]
        for source in definition.sources {
            if sources.contains(where: { $0.id == source.document.id }) {
                errors.append(KnowledgeBaseError("duplicate source id '\(source.document.id)'", at: source.location))
            }
            sources.append(source.document)
            for claim in source.claims {
                if let earlier = byID[claim.id.value] {
                    errors.append(KnowledgeBaseError("duplicate claim id '\(claim.id.value)' (also at \(claims[earlier].location))", at: claim.id.location))
                    continue
                }
                if claim.text.isBlank {
                    errors.append(KnowledgeBaseError("claim '\(claim.id.value)' has no text", at: claim.id.location))
                }
                byID[claim.id.value] = claims.count
                claims.append(SourceClaim(id: claim.id.value, source: source.document.id, section: claim.section, text: claim.text, location: claim.id.location))
            }
        }
        return (sources, claims, byID)
    }

    /// Every block's claims exist, and a block from the source names at least one.
    private static func checkBlocks(_ definition: KnowledgeBaseDefinition, claimByID: [String: Int], errors: inout [KnowledgeBaseError]) {
        for intent in definition.intents {
            for (field, answer) in [("answer", intent.answer), ("more", intent.more), ("why", intent.why)] {
                checkClaims(of: answer, "'\(intent.id)' \(field)", claimByID: claimByID, errors: &errors)
            }
        }
    }

    private static func checkClaims(of answer: AnswerDefinition, _ owner: String, claimByID: [String: Int], errors: inout [KnowledgeBaseError]) {
        for block in answer.blocks {
            if block.provenance == .source && block.claims.isEmpty {
                errors.append(KnowledgeBaseError("a source block of \(owner) cites no claim", at: block.location))
            }
            for claim in block.claims where claimByID[claim.value] == nil {
                errors.append(.reference("\(owner) cites unknown claim '\(claim.value)'", at: claim.location))
            }
        }
    }

    /// The one label that introduces background in every answer, whichever source the
    /// answer cites: declared by one source (or the same text by several), else the default.
    private static func backgroundLabel(_ definition: KnowledgeBaseDefinition, errors: inout [KnowledgeBaseError]) -> String {
        let declaring = definition.sources.filter(\.declaresBackgroundLabel)
        guard let first = declaring.first else { return SourceDocument.defaultBackgroundLabel }
        for other in declaring.dropFirst() where other.document.backgroundLabel != first.document.backgroundLabel {
            errors.append(KnowledgeBaseError(
                "a second background_label (\"\(other.document.backgroundLabel)\"); the first, \"\(first.document.backgroundLabel)\", is at \(first.location). One label introduces the background of every answer, whatever source it cites: declare it on one source only",
                at: other.location))
        }
        return first.document.backgroundLabel
    }

    /// The facets of the unknown answer, checked: unique ids, known concepts and claims.
    private static func unknownFacets(
        _ definition: KnowledgeBaseDefinition, claimByID: [String: Int], backgroundLabel: String, errors: inout [KnowledgeBaseError]
    ) -> [UnknownFacet] {
        let concepts = Set(definition.concepts.map(\.name))
        var facets: [UnknownFacet] = []
        for facet in definition.unknownFacets {
            if facets.contains(where: { $0.id == facet.id.value }) {
                errors.append(KnowledgeBaseError("unknown facet '\(facet.id.value)' is declared twice", at: facet.id.location))
            }
            for concept in facet.concepts where !concepts.contains(concept.value) {
                errors.append(.reference("unknown facet '\(facet.id.value)' names unknown concept '\(concept.value)'", at: concept.location))
            }
            if facet.concepts.isEmpty || facet.answer.isEmpty || facet.ask.isEmpty {
                errors.append(KnowledgeBaseError("unknown facet '\(facet.id.value)' needs concepts, an answer and what to ask", at: facet.id.location))
            }
            checkClaims(of: facet.answer, "unknown facet '\(facet.id.value)'", claimByID: claimByID, errors: &errors)
            let blocks = blocks(facet.answer)
            facets.append(UnknownFacet(
                id: facet.id.value, title: facet.title, name: facet.name, concepts: Set(facet.concepts.map(\.value)), blocks: blocks,
                text: AnswerBlock.render(blocks, backgroundLabel: backgroundLabel), ask: facet.ask.map { TextLayout.unwrap($0.trimmed) }))
        }
        return facets
    }

    /// The blocks of an answer as the advisor shows them, their line breaks unwrapped.
    static func blocks(_ answer: AnswerDefinition) -> [AnswerBlock] {
        answer.blocks.compactMap { block in
            let text = TextLayout.unwrap(block.text.trimmed)
            guard !text.isEmpty else { return nil }
            return AnswerBlock(block.provenance ?? .advisor, claims: block.claims.map(\.value), text: text)
        }
    }

    /// The intents as the advisor shows them, with their answers' line breaks unwrapped.
    private static func intents(_ definition: KnowledgeBaseDefinition, backgroundLabel: String) -> [Intent] {
        definition.intents.parallelMap {
            Intent(
                id: $0.id, title: $0.title.isEmpty ? $0.id : $0.title, question: $0.question,
                answer: blocks($0.answer), more: blocks($0.more), why: blocks($0.why), backgroundLabel: backgroundLabel,
                suggest: $0.suggest.map(\.value), offer: $0.offer?.value, personal: $0.personal.map { TextLayout.unwrap($0.trimmed) }, entities: $0.entities.map(\.value),
                examples: $0.examples, location: $0.location, lists: $0.lists.map(\.value), countsAs: $0.countsAs?.value
            )
        }
    }

    /// Entity names (stems) → the intents they name.
    private static func entityIndex(_ definition: KnowledgeBaseDefinition, _ phrases: PhraseStems) -> PhraseTrie<Int32> {
        var entityIndex = PhraseTrie<Int32>()
        for (index, intent) in definition.intents.enumerated() {
            for entity in intent.entities {
                let stems = phrases.stems(of: entity.value)
                if !stems.isEmpty { entityIndex.insert(stems, Int32(index)) }
            }
        }
        return entityIndex
    }

    /// The synonyms, stop words and stem overrides, which the rest of the build depends on.
    private static func vocabulary(
        _ definition: KnowledgeBaseDefinition, errors: inout [KnowledgeBaseError]
    ) -> Normaliser.Vocabulary {
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
        return Normaliser.Vocabulary(
            synonyms: Synonyms(synonyms), stopwords: stopwords, correctionTargets: [], knownWords: [],
            stemOverrides: stemOverrides
        )
    }

    /// The normaliser (without the matcher's features): the vocabulary completed with the
    /// correction targets and the known words.
    private static func normaliser(
        _ definition: KnowledgeBaseDefinition, _ vocabulary: Normaliser.Vocabulary, _ phrases: Phrases,
        stemmer: Stemmer
    ) -> Normaliser {
        var vocabulary = vocabulary
        // Correction targets: the words that decide matching, most used first.
        var counts: [String: Int] = [:]
        phrases.forEachTarget { words, uses in
            for word in words { counts[word, default: 0] += uses }
        }
        // Stop words are counted too and dropped here: once each rather than at every use.
        vocabulary.correctionTargets = counts
            .sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map(\.key)
            .filter { !vocabulary.stopwords.contains($0) && !TextFolding.hasNumeral($0) }

        var known = Set<String>(minimumCapacity: 4 * definition.knownWords.count)
        for word in definition.knownWords { known.formUnion(TextFolding.tokens(word.value)) }
        // Examples are left out on purpose: they contain the typos that correction must fix.
        let prose = definition.intents.flatMap { [$0.title, $0.question] + ($0.answer.blocks + $0.more.blocks).map(\.text) }
        for words in prose.parallelMap({ TextFolding.tokens($0) }) { known.formUnion(words) }
        vocabulary.knownWords = known
        return Normaliser(vocabulary: vocabulary, stemmer: stemmer)
    }
}

