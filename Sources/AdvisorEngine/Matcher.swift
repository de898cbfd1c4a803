import Foundation

/// Scores intents against normalised messages. Built once; matching is pure.
///
/// A term is a conjunction of features (a word's stem, a phrase, a concept). An intent is
/// a candidate when one of its required terms matched and none of its excluded terms did.
/// Its raw score adds the weights of its matched terms, where a term's weight is its
/// inverse intent frequency (rare terms weigh more); its confidence then rewards
/// coverage: the share of the message's informative words that its terms explain.
public struct Matcher: Sendable {
    /// The confidence below which a message falls back.
    public static let threshold = 0.35
    /// Two candidates whose confidences differ by less than this are "close".
    public static let closeMargin = 0.08
    static let strengthScale = 3.0
    static let coverageExponent = 0.75
    static let requireBoost = 1.25

    struct Term: Sendable {
        var parts: [Int32]
        var intent: Int32
        var role: TermRole
        var weight: Double
        var source: Located<String>
    }

    struct IntentInfo: Sendable {
        var id: String
        var weight: Double
    }

    /// A phrase of a concept, for saying which phrase caught a word.
    struct ConceptPhrase: Sendable {
        var stems: [String]
        var source: Located<String>
    }

    /// The features (stem sequences) the normaliser must find.
    let features: Normaliser.Features
    private let terms: [Term]
    /// The hot part of each term, kept apart so that matching copies no strings, grouped by
    /// the term's first part: a term is looked at only when its first part is present, so
    /// it is looked at once at most.
    private let postings: [ScoringTerm]
    /// Where each feature's terms are in `postings`: from `postingStarts[feature]` to
    /// `postingStarts[feature + 1]`.
    private let postingStarts: [Int32]
    /// The parts of every term after its first, one term after another.
    private let laterParts: [Int32]
    private let intentInfo: [IntentInfo]
    /// Each concept's phrases by feature id, for explanations only.
    private let conceptPhrases: [Int32: (name: String, phrases: [ConceptPhrase])]

    init(definition: KnowledgeBaseDefinition, phrases: PhraseStems) throws(KnowledgeBaseErrors) {
        var errors: [KnowledgeBaseError] = []
        var featureIDs: [String: Int32] = [:]
        var featureNames: [String] = []
        var trie = IndexedPhraseTrie.Builder()
        var stemIDs: [String: Int32] = [:]
        func insert(_ stems: [String], _ id: Int32) {
            trie.insert(stems.lazy.map { stem in
                let next = Int32(stemIDs.count)
                return stemIDs.value(for: stem, storingIfAbsent: next)
            }, id)
        }
        func feature(named name: String, stems: [String]) -> Int32 {
            if let id = featureIDs[name] { return id }
            let id = Int32(featureNames.count)
            featureIDs[name] = id
            featureNames.append(name)
            insert(stems, id)
            return id
        }

        // Concepts first, so that terms can refer to them.
        var conceptLocations: [String: SourceLocation] = [:]
        var conceptPhrases: [Int32: (name: String, phrases: [ConceptPhrase])] = [:]
        for concept in definition.concepts {
            let name = "@" + concept.name
            if let earlier = conceptLocations[name] {
                errors.append(KnowledgeBaseError("duplicate concept '\(concept.name)' (also at \(earlier))", at: concept.location))
                continue
            }
            conceptLocations[name] = concept.location
            let id = Int32(featureNames.count)
            featureIDs[name] = id
            featureNames.append(name)
            if concept.phrases.isEmpty {
                errors.append(KnowledgeBaseError("concept '\(concept.name)' has no phrases", at: concept.location))
            }
            for phrase in concept.phrases {
                let stems = phrases.stems(of: phrase.value)
                if stems.isEmpty {
                    errors.append(KnowledgeBaseError("concept '\(concept.name)' has an empty phrase", at: phrase.location))
                } else {
                    insert(stems, id)
                    conceptPhrases[id, default: (concept.name, [])].phrases.append(ConceptPhrase(stems: stems, source: phrase))
                }
            }
        }

        func compile(_ source: Located<String>) -> [Int32]? {
            var parts: [Int32] = []
            for part in Self.parts(of: source.value) {
                if part.hasPrefix("@") {
                    guard let id = featureIDs[part] else {
                        errors.append(.reference("unknown concept '\(part)'", at: source.location))
                        return nil
                    }
                    parts.append(id)
                } else {
                    let stems = phrases.stems(of: part)
                    guard !stems.isEmpty else {
                        errors.append(KnowledgeBaseError("term '\(source.value)' has an empty part", at: source.location))
                        return nil
                    }
                    parts.append(feature(named: stems.joined(separator: " "), stems: stems))
                }
            }
            return parts.isEmpty ? nil : parts
        }

        var terms: [Term] = []
        var intentInfo: [IntentInfo] = []
        for (index, intent) in definition.intents.enumerated() {
            intentInfo.append(IntentInfo(id: intent.id, weight: intent.weight))
            for (role, sources) in [(TermRole.require, intent.require), (.keyword, intent.keywords), (.exclude, intent.exclude)] {
                for source in sources {
                    guard let parts = compile(source) else { continue }
                    terms.append(Term(parts: parts, intent: Int32(index), role: role, weight: 0, source: source))
                }
            }
        }
        guard errors.isEmpty else { throw KnowledgeBaseErrors(errors: errors) }

        // A term's weight is its inverse intent frequency: rare terms weigh more.
        var intentsByKey: [[Int32]: Set<Int32>] = [:]
        for term in terms where term.role != .exclude {
            intentsByKey[term.parts.sorted(), default: []].insert(term.intent)
        }
        let intentCount = Double(max(definition.intents.count, 1))
        for index in terms.indices where terms[index].role != .exclude {
            let frequency = Double(intentsByKey[terms[index].parts.sorted()]?.count ?? 1)
            let boost = terms[index].role == .require ? Self.requireBoost : 1
            terms[index].weight = log(1 + intentCount / frequency) * boost
        }
        var termsByFeature = [[Int32]](repeating: [], count: featureNames.count)
        for (index, term) in terms.enumerated() {
            termsByFeature[Int(term.parts[0])].append(Int32(index))
        }
        var postings: [ScoringTerm] = []
        var postingStarts: [Int32] = []
        var laterParts: [Int32] = []
        postings.reserveCapacity(terms.count)
        postingStarts.reserveCapacity(featureNames.count + 1)
        for featureTerms in termsByFeature {
            postingStarts.append(Int32(postings.count))
            for index in featureTerms {
                let term = terms[Int(index)]
                let start = Int32(laterParts.count)
                laterParts += term.parts.dropFirst()
                postings.append(ScoringTerm(
                    term: index, intent: term.intent, role: term.role, weight: term.weight,
                    laterParts: start..<Int32(laterParts.count)
                ))
            }
        }
        postingStarts.append(Int32(postings.count))
        self.postingStarts = postingStarts
        self.laterParts = laterParts
        self.features = Normaliser.Features(trie: trie.build(), stemIDs: stemIDs, names: featureNames)
        self.terms = terms
        self.postings = postings
        self.intentInfo = intentInfo
        self.conceptPhrases = conceptPhrases
    }

    /// The parts of a term as written ("plant manager + @india" → "plant manager", "@india").
    static func parts(of term: String) -> [String] {
        // In ASCII a "+" is a character of its own, so the bytes can be split.
        guard term.utf8.allSatisfy({ $0 < 0x80 }) else { return term.split(separator: "+").map(\.trimmed) }
        return term.utf8.split(separator: UInt8(ascii: "+")).map { term[$0.startIndex..<$0.endIndex].trimmed }
    }

    /// What matching needs of a term, stored inline so that the scan touches one array.
    struct ScoringTerm: Sendable {
        /// The term's index in `terms`.
        var term: Int32
        var intent: Int32
        var role: TermRole
        var weight: Double
        /// Where the term's parts after the first are in `laterParts`.
        var laterParts: Range<Int32>
    }

    /// How one intent scored: its raw score and the positions its terms explain.
    private struct Tally {
        /// Whether any term of the intent matched.
        var touched = false
        var required = false
        var excluded = false
        var raw = 0.0
        var mask: UInt64 = 0

        mutating func add(_ term: ScoringTerm, mask: UInt64) {
            touched = true
            switch term.role {
            case .require:
                required = true
                raw += term.weight
                self.mask |= mask
            case .keyword:
                raw += term.weight
                self.mask |= mask
            case .exclude:
                excluded = true
            }
        }
    }

    /// Scores every intent against `text`, indexed by intent.
    ///
    /// Terms add up in the order of the occurrences of their first parts, then of the terms:
    /// a sum of doubles depends on its order, so this order must not change.
    ///
    /// - Parameters:
    ///   - matched: called with each term that matched, if given.
    private func tallies(_ text: NormalisedText, matched: ((ScoringTerm, UInt64) -> Void)? = nil) -> [Tally] {
        var tallies = [Tally](repeating: Tally(), count: intentInfo.count)
        for occurrence in text.occurrences {
            let feature = Int(occurrence.feature)
            terms: for term in postings[Int(postingStarts[feature])..<Int(postingStarts[feature + 1])] {
                var mask = occurrence.mask
                for part in laterParts[Int(term.laterParts.lowerBound)..<Int(term.laterParts.upperBound)] {
                    guard let found = text.occurrences.first(where: { $0.feature == part }) else { continue terms }
                    mask |= found.mask
                }
                tallies[Int(term.intent)].add(term, mask: mask)
                matched?(term, mask)
            }
        }
        return tallies
    }

    private func coverage(_ mask: UInt64, _ text: NormalisedText) -> Double {
        let informative = text.informativeMask.nonzeroBitCount
        guard informative > 0 else { return mask == 0 ? 0 : 1 }
        return Double((mask & text.informativeMask).nonzeroBitCount) / Double(informative)
    }

    private func confidence(_ tally: Tally, of intent: Int, _ text: NormalisedText) -> Double {
        let strength = 1 - exp(-tally.raw / Self.strengthScale)
        let covered = pow(coverage(tally.mask, text), Self.coverageExponent)
        return min(1, strength * covered * intentInfo[intent].weight)
    }

    /// Classifies a normalised message.
    public func match(_ text: NormalisedText) -> IntentMatch {
        // The best three candidates, kept in order as they come.
        var best: [Ranked] = []
        best.reserveCapacity(4)
        var vetoed: [String] = []
        let tallies = tallies(text)
        for (index, tally) in tallies.enumerated() where tally.excluded && tally.required {
            vetoed.append(intentInfo[index].id)
        }
        for (index, tally) in tallies.enumerated() where tally.required && !tally.excluded {
            let candidate = Ranked(intent: index, score: confidence(tally, of: index, text), raw: tally.raw)
            var position = best.count
            while position > 0 && ranksBefore(candidate, best[position - 1]) { position -= 1 }
            guard position < 3 else { continue }
            best.insert(candidate, at: position)
            if best.count > 3 { best.removeLast() }
        }
        let top = best.map { Candidate(intent: intentInfo[$0.intent].id, score: $0.score) }
        guard let first = top.first, first.score >= Self.threshold else {
            return IntentMatch(
                intent: KnowledgeBase.fallbackID, confidence: 1 - (top.first?.score ?? 0),
                candidates: top, text: text, isBelowThreshold: true, vetoed: vetoed
            )
        }
        return IntentMatch(intent: first.intent, confidence: first.score, candidates: top, text: text, isBelowThreshold: false, vetoed: vetoed)
    }

    /// The best intents when required terms are not asked for (excluded terms still veto):
    /// how a message made only of topic words ("kaizen", "ev sector") reads when no intent's
    /// required phrase is in it. Best first, at most three; only those `allowed`, if given.
    public func softCandidates(_ text: NormalisedText, among allowed: Set<String>? = nil) -> [Candidate] {
        var ranked: [Ranked] = []
        for (index, tally) in tallies(text).enumerated() where tally.touched && !tally.excluded && tally.raw > 0
            && allowed.map({ $0.contains(intentInfo[index].id) }) != false {
            ranked.append(Ranked(intent: index, score: confidence(tally, of: index, text), raw: tally.raw))
        }
        ranked.sort(by: ranksBefore)
        return ranked.prefix(3).map { Candidate(intent: intentInfo[$0.intent].id, score: $0.score) }
    }

    /// Whether every informative word of the message is part of something the knowledge base
    /// knows (a term, a phrase or a concept): a message of topic words only.
    public func isTopicWordsOnly(_ text: NormalisedText) -> Bool {
        guard text.informativeMask != 0 else { return false }
        let covered = text.occurrences.reduce(UInt64(0)) { $0 | $1.mask }
        return covered & text.informativeMask == text.informativeMask
    }

    /// A candidate intent while the best are chosen.
    private struct Ranked {
        var intent: Int
        var score: Double
        var raw: Double
    }

    /// Whether candidate `a` ranks before `b`: higher score, then higher raw score, then id.
    private func ranksBefore(_ a: Ranked, _ b: Ranked) -> Bool {
        if a.score != b.score { return a.score > b.score }
        if a.raw != b.raw { return a.raw > b.raw }
        return intentInfo[a.intent].id < intentInfo[b.intent].id
    }

    /// Explains how each of the given intents scored (all touched intents when `intents` is nil).
    public func explain(_ text: NormalisedText, intents: [String]? = nil) -> [Explanation] {
        var matched = [[(term: Int32, mask: UInt64)]](repeating: [], count: intentInfo.count)
        let tallies = tallies(text) { matched[Int($0.intent)].append(($0.term, $1)) }
        var explanations: [Explanation] = []
        for (index, tally) in tallies.enumerated() where tally.touched {
            let id = intentInfo[index].id
            if let intents, !intents.contains(id) { continue }
            let contributions = matched[index].map { termIndex, mask in
                let term = terms[Int(termIndex)]
                return Explanation.Contribution(
                    term: term.source.value, role: term.role, weight: term.weight, location: term.source.location,
                    words: Self.words(in: mask, of: text), concepts: concepts(caught: term, in: text)
                )
            }
            let blockedBy: String? =
                tally.excluded ? "an excluded term is present" : (tally.required ? nil : "no required term is present")
            explanations.append(Explanation(
                intent: id, confidence: tally.required && !tally.excluded ? confidence(tally, of: index, text) : 0,
                rawScore: tally.raw, coverage: coverage(tally.mask, text), weight: intentInfo[index].weight,
                contributions: contributions, blockedBy: blockedBy,
                unexplainedWords: Self.words(in: text.informativeMask & ~tally.mask, of: text)
            ))
        }
        return explanations.sorted { $0.confidence != $1.confidence ? $0.confidence > $1.confidence : $0.intent < $1.intent }
    }

    /// Why `text` did not go to `expected`; nil when `expected` is not an intent.
    public func diagnose(_ text: NormalisedText, expected: String) -> RoutingDiagnosis? {
        guard let index = intentInfo.firstIndex(where: { $0.id == expected }) else { return nil }
        let match = match(text)
        let explanations = explain(text, intents: [expected, match.intent])
        return RoutingDiagnosis(
            expected: expected, winner: match.intent, winnerConfidence: match.confidence,
            isBelowThreshold: match.isBelowThreshold,
            winnerExplanation: match.isBelowThreshold ? nil : explanations.first { $0.intent == match.intent },
            expectedExplanation: explanations.first { $0.intent == expected },
            expectedRequire: terms(of: expected, role: .require), expectedWeight: intentInfo[index].weight,
            informativeWords: Self.words(in: text.informativeMask, of: text))
    }

    /// An intent's terms of one role, as written.
    public func terms(of intent: String, role: TermRole) -> [Located<String>] {
        guard let index = intentInfo.firstIndex(where: { $0.id == intent }) else { return [] }
        return terms.filter { $0.intent == Int32(index) && $0.role == role }.map(\.source)
    }

    /// An intent's weight (1 when it has none, or is unknown).
    public func weight(of intent: String) -> Double {
        intentInfo.first { $0.id == intent }?.weight ?? 1
    }

    /// The words at the positions of `mask`, as typed.
    private static func words(in mask: UInt64, of text: NormalisedText) -> [String] {
        var words: [String] = []
        for (position, token) in text.tokens.enumerated() where position < 64 && mask & (1 << UInt64(position)) != 0 {
            // A synonym's replacement words share the original; name it once.
            if words.last != token.original { words.append(token.original) }
        }
        return words
    }

    /// The phrase of each concept in `term` that occurs in `text`.
    private func concepts(caught term: Term, in text: NormalisedText) -> [Explanation.ConceptCatch] {
        let stems = text.stems
        var caught: [Explanation.ConceptCatch] = []
        for part in term.parts {
            guard let concept = conceptPhrases[part] else { continue }
            let found = concept.phrases.first { phrase in
                stems.indices.contains { start in
                    start + phrase.stems.count <= stems.count && Array(stems[start..<(start + phrase.stems.count)]) == phrase.stems
                }
            }
            if let found { caught.append(.init(concept: concept.name, phrase: found.source)) }
        }
        return caught
    }
}
