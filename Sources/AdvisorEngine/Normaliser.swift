/// One word of a normalised message.
public struct NormalisedToken: Sendable, Hashable, Codable {
    /// The word as typed, folded (lower case, no diacritics).
    public var original: String
    /// The word after spelling correction and synonyms.
    public var word: String
    /// The word's Snowball stem.
    public var stem: String
    /// Whether the word is a stop word, which does not count towards coverage.
    public var isStopword: Bool
}

/// A feature of the message (a word's stem, a phrase or a concept) and the positions it spans.
struct FeatureOccurrence: Sendable {
    var feature: Int32
    var mask: UInt64
}

/// A message after folding, spelling correction, synonyms, stemming and concept detection.
public struct NormalisedText: Sendable {
    public var tokens: [NormalisedToken]
    /// Misspelt words and what they were corrected to.
    public var corrections: [Correction]
    /// The names of the concepts found (without "@").
    public var concepts: [String]
    var occurrences: [FeatureOccurrence]
    /// The positions of the words that count towards coverage.
    var informativeMask: UInt64

    public var isEmpty: Bool { tokens.isEmpty }
    public var stems: [String] { tokens.map(\.stem) }
}

/// A spelling correction made while normalising.
public struct Correction: Sendable, Hashable, Codable {
    public var from: String
    public var to: String

    public init(from: String, to: String) {
        self.from = from
        self.to = to
    }
}

/// Turns text into features, using the knowledge base's vocabulary.
///
/// Built once from the knowledge base; `normalise` is pure and safe to call from any thread.
/// Every word the knowledge base knows has an id, so that a word of a message is hashed
/// once: its id answers "known?", "stop word?" and "stem?", and the synonyms and features
/// are found by ids.
public struct Normaliser: Sendable {
    /// Words beyond this many in one message are not considered.
    public static let maximumTokens = 64

    private let synonyms: Synonyms
    /// The synonyms by word ids: each phrase's payload is the ids of its replacement.
    private let synonymIndex: IndexedPhraseTrie
    private var features: Features
    /// The ids of the words the knowledge base knows and of the words of its synonyms.
    private let wordIDs: [String: Int32]
    /// Each word by its id, and what the knowledge base knows of it.
    private let words: [WordInfo]
    /// The stem id (`Features.stemIDs`) of each word's cached stem (`WordInfo.stem`), or -1.
    private var wordStemIDs: [Int32]
    private let corrector: SpellingCorrector
    private let stemmer: Stemmer

    struct Vocabulary {
        var synonyms: Synonyms
        var stopwords: Set<String>
        /// Words a typo may be corrected to, most important first.
        var correctionTargets: [String]
        /// Words that are never corrected (targets are known too).
        var knownWords: Set<String>
        /// Stems that replace Snowball's for these words.
        var stemOverrides: [String: String] = [:]
    }

    init(vocabulary: Vocabulary, stemmer: Stemmer) {
        self.synonyms = vocabulary.synonyms
        self.features = Features(trie: IndexedPhraseTrie.Builder().build(), stemIDs: [:], names: [])
        self.wordStemIDs = []
        self.corrector = SpellingCorrector(targets: vocabulary.correctionTargets)
        self.stemmer = stemmer
        var wordIDs: [String: Int32] = [:]
        var words: [WordInfo] = []
        wordIDs.reserveCapacity(vocabulary.knownWords.count + vocabulary.correctionTargets.count)
        words.reserveCapacity(vocabulary.knownWords.count + vocabulary.correctionTargets.count)
        func set(_ word: String, stem: String?, isStopword: Bool) {
            let info = WordInfo(word: word, isKnown: true, stem: stem, isStopword: isStopword)
            if let id = wordIDs[word] {
                words[Int(id)] = info
            } else {
                wordIDs[word] = Int32(words.count)
                words.append(info)
            }
        }
        for word in vocabulary.knownWords { set(word, stem: nil, isStopword: false) }
        for word in vocabulary.correctionTargets { set(word, stem: stemmer.stem(word), isStopword: false) }
        for word in vocabulary.stopwords { set(word, stem: stemmer.stem(word), isStopword: true) }
        for (word, stem) in vocabulary.stemOverrides {
            set(word, stem: stem, isStopword: wordIDs[word].map { words[Int($0)].isStopword } ?? false)
        }
        // The words of synonyms get ids too, known or not ("4ir").
        self.synonymIndex = vocabulary.synonyms.indexed { word in
            if let id = wordIDs[word] { return id }
            wordIDs[word] = Int32(words.count)
            words.append(WordInfo(word: word, isKnown: false, stem: nil, isStopword: false))
            return Int32(words.count - 1)
        }
        self.wordIDs = wordIDs
        self.words = words
    }

    /// A word the knowledge base knows: what a look-up of its id answers.
    struct WordInfo: Sendable {
        var word: String
        /// Whether spelling correction leaves the word alone.
        var isKnown: Bool
        /// The word's stem, where it was worth caching.
        var stem: String?
        var isStopword: Bool
    }

    /// A copy that recognises these features.
    func withFeatures(_ features: Features) -> Normaliser {
        var copy = self
        copy.features = features
        copy.wordStemIDs = words.map { info in info.stem.flatMap { features.stemIDs[$0] } ?? -1 }
        return copy
    }

    /// The features a normaliser finds (a word's stem, a phrase or a concept), by stem ids.
    struct Features: Sendable {
        /// The stem sequences, by the ids of their stems; the payloads are feature ids.
        let trie: IndexedPhraseTrie
        /// The ids of the stems the features are written in: a stem without one matches
        /// no feature.
        let stemIDs: [String: Int32]
        /// For each feature, the name of its concept (without "@"), or nil if it is not one.
        let conceptNames: [String?]

        /// - Parameters:
        ///   - names: each feature's name: its stems, or "@" and the concept's name.
        init(trie: IndexedPhraseTrie, stemIDs: [String: Int32], names: [String]) {
            self.trie = trie
            self.stemIDs = stemIDs
            self.conceptNames = names.map { $0.hasPrefix("@") ? String($0.dropFirst()) : nil }
        }
    }

    /// What the knowledge base knows of `word`, if it is known (not merely a synonym's word).
    private func knownInfo(_ word: String) -> WordInfo? {
        guard let id = wordIDs[word], words[Int(id)].isKnown else { return nil }
        return words[Int(id)]
    }

    func stem(_ word: String) -> String {
        knownInfo(word)?.stem ?? stemmer.stem(word)
    }

    /// The words of a phrase written in the knowledge base, with synonyms applied (no
    /// spelling correction: the knowledge base is the reference).
    func words(ofPhrase phrase: String) -> [String] {
        synonyms.apply(TextFolding.tokens(phrase))
    }

    func stems(ofPhrase phrase: String) -> [String] {
        words(ofPhrase: phrase).map(stem)
    }

    /// Normalises one message.
    public func normalise(_ text: String) -> NormalisedText {
        var corrections: [Correction] = []
        var folded = TextFolding.tokens(text, limit: Self.maximumTokens)
        // Each word's id, -1 for a word the knowledge base does not have.
        var ids: [Int32] = []
        ids.reserveCapacity(folded.count)
        for index in folded.indices {
            var id = wordIDs[folded[index]] ?? -1
            if (id < 0 || !words[Int(id)].isKnown) && !TextFolding.hasNumeral(folded[index]),
               let corrected = corrector.correction(for: folded[index]) {
                corrections.append(Correction(from: folded[index], to: corrected))
                folded[index] = corrected
                id = wordIDs[corrected] ?? -1
            }
            ids.append(id)
        }

        var tokens: [NormalisedToken] = []
        var stems: [Int32] = []
        tokens.reserveCapacity(folded.count)
        stems.reserveCapacity(folded.count)
        var informative: UInt64 = 0
        func append(_ word: String, id: Int32, original: String) {
            let info = id >= 0 && words[Int(id)].isKnown ? words[Int(id)] : nil
            let stem = info?.stem ?? stemmer.stem(word)
            let isStopword = info?.isStopword ?? false
            if !isStopword { informative |= 1 << UInt64(tokens.count) }
            tokens.append(NormalisedToken(original: original, word: word, stem: stem, isStopword: isStopword))
            stems.append(info?.stem != nil ? wordStemIDs[Int(id)] : (features.stemIDs[stem] ?? -1))
        }
        var index = 0
        replacing: while index < ids.count {
            if let match = synonymIndex.longestMatch(in: ids, from: index) {
                let original = match.length == 1 ? folded[index] : folded[index..<(index + match.length)].joined(separator: " ")
                for id in match.payloads {
                    guard tokens.count < Self.maximumTokens else { break replacing }
                    append(words[Int(id)].word, id: id, original: original)
                }
                index += match.length
            } else {
                guard tokens.count < Self.maximumTokens else { break }
                append(folded[index], id: ids[index], original: folded[index])
                index += 1
            }
        }

        var occurrences: [FeatureOccurrence] = []
        var concepts: [String] = []
        for start in stems.indices {
            features.trie.forEachMatch(in: stems, from: start) { length, ids in
                let mask = Self.mask(from: start, length: length)
                for id in ids {
                    if let existing = occurrences.firstIndex(where: { $0.feature == id }) {
                        occurrences[existing].mask |= mask
                    } else {
                        occurrences.append(FeatureOccurrence(feature: id, mask: mask))
                        if let concept = features.conceptNames[Int(id)] { concepts.append(concept) }
                    }
                }
            }
        }
        return NormalisedText(
            tokens: tokens, corrections: corrections, concepts: concepts,
            occurrences: occurrences, informativeMask: informative
        )
    }

    static func mask(from start: Int, length: Int) -> UInt64 {
        let bits: UInt64 = length >= 64 ? ~0 : (1 << UInt64(length)) - 1
        return start >= 64 ? 0 : bits << UInt64(start)
    }
}

/// Words and phrases replaced by other words before matching (`ops` → `operations`), the
/// longest phrase first.
struct Synonyms: Sendable {
    private var trie = PhraseTrie<[String]>()

    init(_ pairs: [(from: [String], to: [String])]) {
        for (from, to) in pairs { trie.insert(from, to) }
    }

    /// Calls `body` for each run of `words`, in order: the range of the run and the words
    /// that replace it (the word itself where no synonym applies).
    func forEachReplacement(in words: [String], _ body: (Range<Int>, ArraySlice<String>) -> Void) {
        var index = 0
        while index < words.count {
            if let match = trie.longestMatch(in: words, from: index), let replacement = match.payloads.first {
                body(index..<(index + match.length), replacement[...])
                index += match.length
            } else {
                body(index..<(index + 1), words[index...index])
                index += 1
            }
        }
    }

    /// The synonyms by word ids, giving each word its id with `id`.
    func indexed(id: (String) -> Int32) -> IndexedPhraseTrie {
        trie.indexed(id: id) { replacements in replacements[0].map(id) }
    }

    /// The words with synonyms applied.
    func apply(_ words: [String]) -> [String] {
        var result: [String] = []
        result.reserveCapacity(words.count)
        forEachReplacement(in: words) { _, replacement in result.append(contentsOf: replacement) }
        return result
    }
}

extension Normaliser {
    /// English stop words: they never count towards coverage.
    static let defaultStopwords: Set<String> = [
        "a", "about", "above", "after", "again", "all", "am", "an", "and", "any", "are", "as", "at",
        "be", "been", "being", "both", "but", "by", "can", "could", "did", "do", "does", "doing",
        "for", "from", "further", "get", "got", "had", "has", "have", "having", "he", "her", "here",
        "hers", "him", "his", "how", "i", "im", "ive", "id", "if", "in", "into", "is", "it", "its",
        "just", "kindly", "let", "lets", "me", "might", "more", "most", "must", "my", "myself", "of",
        "on", "once", "only", "or", "other", "our", "ours", "out", "over", "own", "please", "pls",
        "plz", "same", "shall", "she", "should", "so", "some", "such", "than", "that", "thats",
        "the", "their", "them", "then", "there", "these", "they", "this", "those", "through", "to",
        "too", "under", "until", "up", "us", "very", "was", "we", "were", "what", "whats", "when",
        "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your",
        "yours", "yourself", "u", "ur", "really", "actually", "also", "much", "many", "tell",
        "know", "want", "wanna", "need", "like", "thing", "things", "someone", "one", "way",
        "well", "sir", "madam", "maam", "hey", "dear", "okay", "ok", "yeah", "yes", "no", "not",
        "dont", "doesnt", "isnt", "arent", "cant", "wont", "whether", "there", "anyone", "something",
        "give", "explain", "say", "said", "go", "going", "make", "take", "see", "look", "mean",
        "means", "etc", "eg", "ie", "exactly", "basically", "currently", "now", "still", "already",
        "even", "ever", "every", "each", "being", "because", "since", "though", "although",
    ]
}

extension Normaliser {
    /// A term written in the knowledge base, as the matcher sees it ("plant managers + role"
    /// → "plant manag + role"): for comparing terms between intents.
    public func stems(ofTerm term: String) -> String {
        term.split(separator: "+").map { part in
            let trimmed = part.trimmed
            return trimmed.hasPrefix("@") ? trimmed : stems(ofPhrase: trimmed).joined(separator: " ")
        }
        .sorted().joined(separator: " + ")
    }
}
