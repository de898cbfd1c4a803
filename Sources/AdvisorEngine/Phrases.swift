import Foundation

/// The knowledge base's own phrases (terms and their parts, entities, concept phrases and
/// synonyms), each folded once however often it is written: a concept phrase is often a
/// keyword too, and term parts recur across intents.
struct Phrases: Sendable {
    let ids: [String: Int]
    let words: [[String]]
    /// How often each phrase is written where its words are correction targets.
    let targetUses: [Int]
    /// The phrases whose stems the matcher or the entity index needs.
    let stemmed: [Int]

    init(_ definition: KnowledgeBaseDefinition) {
        var ids: [String: Int] = [:]
        ids.reserveCapacity(definition.concepts.reduce(2 * definition.synonyms.count) { $0 + $1.phrases.count }
            + definition.intents.reduce(0) { $0 + 2 * ($1.require.count + $1.keywords.count + $1.entities.count) + $1.exclude.count })
        var texts: [String] = []
        var targetUses: [Int] = []
        var isStemmed: [Bool] = []
        func add(_ text: String, asTarget: Bool = false, stemmed: Bool = false) {
            let id: Int
            if let existing = ids[text] {
                id = existing
            } else {
                id = texts.count
                ids[text] = id
                texts.append(text)
                targetUses.append(0)
                isStemmed.append(false)
            }
            if asTarget { targetUses[id] += 1 }
            if stemmed { isStemmed[id] = true }
        }
        for intent in definition.intents {
            for source in intent.require + intent.keywords + intent.entities { add(source.value, asTarget: true) }
            for source in intent.require + intent.keywords + intent.exclude {
                for part in Matcher.parts(of: source.value) where !part.hasPrefix("@") { add(part, stemmed: true) }
            }
            for entity in intent.entities { add(entity.value, stemmed: true) }
        }
        for concept in definition.concepts {
            for phrase in concept.phrases { add(phrase.value, asTarget: true, stemmed: true) }
        }
        for synonym in definition.synonyms {
            add(synonym.from, asTarget: true)
            add(synonym.to, asTarget: true)
        }
        self.ids = ids
        self.words = texts.parallelMap { TextFolding.tokens($0) }
        self.targetUses = targetUses
        self.stemmed = isStemmed.indices.filter { isStemmed[$0] }
    }

    /// Calls `body` with the words of each phrase whose words are correction targets, and
    /// how often it is written.
    func forEachTarget(_ body: ([String], Int) -> Void) {
        for (id, uses) in targetUses.enumerated() where uses > 0 { body(words[id], uses) }
    }

    /// The stems of the phrases that need them, each distinct word stemmed once.
    func stems(synonyms: Synonyms, stemOverrides: [String: String]) -> PhraseStems {
        let memo = StemMemo(overrides: stemOverrides)
        var stems = [[String]?](repeating: nil, count: words.count)
        for id in stemmed { stems[id] = synonyms.apply(words[id]).map(memo.stem) }
        return PhraseStems(ids: ids, stems: stems, synonyms: synonyms, memo: memo)
    }
}

/// The stems of the knowledge base's own phrases, with synonyms applied, as
/// `Normaliser.stems(ofPhrase:)` gives them.
struct PhraseStems {
    fileprivate let ids: [String: Int]
    fileprivate let stems: [[String]?]
    fileprivate let synonyms: Synonyms
    fileprivate let memo: StemMemo

    func stems(of phrase: String) -> [String] {
        if let id = ids[phrase], let stems = stems[id] { return stems }
        return synonyms.apply(TextFolding.tokens(phrase)).map(memo.stem)
    }
}

/// Stems words for the build, each distinct word once, as the normaliser does: a stem
/// override, else Snowball's stem. Used by one thread, with a libstemmer object of its own.
final class StemMemo {
    let stemmer = Stemmer()
    let overrides: [String: String]
    var memo: [String: String] = [:]

    init(overrides: [String: String]) {
        self.overrides = overrides
    }

    func stem(_ word: String) -> String {
        if let stem = memo[word] { return stem }
        let stem = (overrides.isEmpty ? nil : overrides[word]) ?? stemmer.stem(word)
        memo[word] = stem
        return stem
    }
}

