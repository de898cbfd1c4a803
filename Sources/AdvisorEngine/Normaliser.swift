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
public struct Normaliser: Sendable {
    /// Words beyond this many in one message are not considered.
    public static let maximumTokens = 64

    private let synonyms: Synonyms
    private let features: PhraseTrie<Int32>
    private let featureNames: [String]
    /// Every word the knowledge base knows, with its stem where it was worth caching:
    /// one hash look-up a word answers "known?", "stop word?" and "stem?".
    private let lexicon: [String: WordInfo]
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
        self.features = PhraseTrie()
        self.featureNames = []
        self.corrector = SpellingCorrector(targets: vocabulary.correctionTargets)
        self.stemmer = stemmer
        var lexicon: [String: WordInfo] = [:]
        lexicon.reserveCapacity(vocabulary.knownWords.count + vocabulary.correctionTargets.count)
        for word in vocabulary.knownWords { lexicon[word] = WordInfo(stem: nil, isStopword: false) }
        for word in vocabulary.correctionTargets { lexicon[word] = WordInfo(stem: stemmer.stem(word), isStopword: false) }
        for word in vocabulary.stopwords { lexicon[word] = WordInfo(stem: stemmer.stem(word), isStopword: true) }
        for (word, stem) in vocabulary.stemOverrides {
            lexicon[word] = WordInfo(stem: stem, isStopword: lexicon[word]?.isStopword ?? false)
        }
        self.lexicon = lexicon
    }

    struct WordInfo: Sendable {
        var stem: String?
        var isStopword: Bool
    }

    private init(copying other: Normaliser, features: PhraseTrie<Int32>, featureNames: [String]) {
        self.synonyms = other.synonyms
        self.features = features
        self.featureNames = featureNames
        self.lexicon = other.lexicon
        self.corrector = other.corrector
        self.stemmer = other.stemmer
    }

    /// A copy that recognises these features (stem sequences and their ids).
    func withFeatures(_ features: PhraseTrie<Int32>, names: [String]) -> Normaliser {
        Normaliser(copying: self, features: features, featureNames: names)
    }

    func stem(_ word: String) -> String {
        lexicon[word]?.stem ?? stemmer.stem(word)
    }

    /// The words of a phrase written in the knowledge base, with synonyms applied (no
    /// spelling correction: the knowledge base is the reference).
    func words(ofPhrase phrase: String) -> [String] {
        synonyms.apply(TextFolding.tokens(phrase))
    }

    func stems(ofPhrase phrase: String) -> [String] {
        words(ofPhrase: phrase).map(stem)
    }

    func featureName(_ feature: Int32) -> String { featureNames[Int(feature)] }

    /// Normalises one message.
    public func normalise(_ text: String) -> NormalisedText {
        var corrections: [Correction] = []
        var folded = TextFolding.tokens(text, limit: Self.maximumTokens)
        for index in folded.indices where lexicon[folded[index]] == nil && !TextFolding.hasNumeral(folded[index]) {
            if let corrected = corrector.correction(for: folded[index]) {
                corrections.append(Correction(from: folded[index], to: corrected))
                folded[index] = corrected
            }
        }
        var tokens = applySynonyms(folded)
        if tokens.count > Self.maximumTokens { tokens.removeLast(tokens.count - Self.maximumTokens) }
        for index in tokens.indices {
            let info = lexicon[tokens[index].word]
            tokens[index].stem = info?.stem ?? stemmer.stem(tokens[index].word)
            tokens[index].isStopword = info?.isStopword ?? false
        }
        var informative: UInt64 = 0
        for (index, token) in tokens.enumerated() where !token.isStopword {
            informative |= 1 << UInt64(index)
        }
        let stems = tokens.map(\.stem)
        var occurrences: [FeatureOccurrence] = []
        var concepts: [String] = []
        for start in stems.indices {
            features.forEachMatch(in: stems, from: start) { length, ids in
                let mask = Self.mask(from: start, length: length)
                for id in ids {
                    if let existing = occurrences.firstIndex(where: { $0.feature == id }) {
                        occurrences[existing].mask |= mask
                    } else {
                        occurrences.append(FeatureOccurrence(feature: id, mask: mask))
                        let name = featureNames[Int(id)]
                        if name.hasPrefix("@") { concepts.append(String(name.dropFirst())) }
                    }
                }
            }
        }
        return NormalisedText(
            tokens: tokens, corrections: corrections, concepts: concepts,
            occurrences: occurrences, informativeMask: informative
        )
    }

    private func applySynonyms(_ words: [String]) -> [NormalisedToken] {
        var tokens: [NormalisedToken] = []
        tokens.reserveCapacity(words.count)
        synonyms.forEachReplacement(in: words) { range, replacement in
            let original = range.count == 1 ? words[range.lowerBound] : words[range].joined(separator: " ")
            for word in replacement {
                tokens.append(NormalisedToken(original: original, word: word, stem: word, isStopword: false))
            }
        }
        return tokens
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
