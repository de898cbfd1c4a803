import Foundation

/// How one intent scored against a message.
public struct Candidate: Sendable, Hashable, Codable {
    public var intent: String
    /// The confidence in [0, 1].
    public var score: Double

    public init(intent: String, score: Double) {
        self.intent = intent
        self.score = score
    }
}

/// The result of classifying one message.
public struct IntentMatch: Sendable {
    /// The chosen intent, `fallback` when nothing passed the threshold.
    public var intent: String
    public var confidence: Double
    /// The best candidates, best first (at most three), before the threshold is applied.
    public var candidates: [Candidate]
    public var text: NormalisedText
    /// Whether the matcher chose fallback because nothing passed the threshold (rather
    /// than because the fallback intent's own terms matched).
    public var isBelowThreshold: Bool
}

/// Why an intent scored as it did: each matched term, its weight and where it was written.
public struct Explanation: Sendable {
    public struct Contribution: Sendable {
        public var term: String
        public var role: TermRole
        public var weight: Double
        public var location: SourceLocation
    }

    public var intent: String
    public var confidence: Double
    public var rawScore: Double
    public var coverage: Double
    public var contributions: [Contribution]
    /// Why the intent could not match, if it could not (no required term, an excluded term).
    public var blockedBy: String?
}

/// The part a term plays in an intent.
public enum TermRole: String, Sendable, Codable {
    case require, keyword, exclude
}

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

    /// The features (stem sequences) the normaliser must find, and their names.
    let features: PhraseTrie<Int32>
    let featureNames: [String]
    private let terms: [Term]
    /// The hot part of each term, kept apart so that matching copies no strings.
    private let termParts: [[Int32]]
    private let termIntents: [Int32]
    private let termRoles: [TermRole]
    private let termWeights: [Double]
    /// Terms by their first part: a term is looked at only when its first part is present,
    /// so it is looked at once at most.
    private let postings: [[Int32]]
    private let intentInfo: [IntentInfo]
    private let fallbackIndex: Int?

    init(definition: KnowledgeBaseDefinition, phrases: PhraseStems) throws(KnowledgeBaseErrors) {
        var errors: [KnowledgeBaseError] = []
        var featureIDs: [String: Int32] = [:]
        var featureNames: [String] = []
        var trie = PhraseTrie<Int32>()
        func feature(named name: String, stems: [String]) -> Int32 {
            if let id = featureIDs[name] { return id }
            let id = Int32(featureNames.count)
            featureIDs[name] = id
            featureNames.append(name)
            trie.insert(stems, id)
            return id
        }

        // Concepts first, so that terms can refer to them.
        var conceptLocations: [String: SourceLocation] = [:]
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
                    trie.insert(stems, id)
                }
            }
        }

        func compile(_ source: Located<String>) -> [Int32]? {
            var parts: [Int32] = []
            for part in Self.parts(of: source.value) {
                if part.hasPrefix("@") {
                    guard let id = featureIDs[part] else {
                        errors.append(KnowledgeBaseError("unknown concept '\(part)'", at: source.location))
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
        var postings = [[Int32]](repeating: [], count: featureNames.count)
        for (index, term) in terms.enumerated() {
            postings[Int(term.parts[0])].append(Int32(index))
        }
        self.termParts = terms.map(\.parts)
        self.termIntents = terms.map(\.intent)
        self.termRoles = terms.map(\.role)
        self.termWeights = terms.map(\.weight)
        self.features = trie
        self.featureNames = featureNames
        self.terms = terms
        self.postings = postings
        self.intentInfo = intentInfo
        self.fallbackIndex = definition.intents.firstIndex { $0.id == KnowledgeBase.fallbackID }
    }

    /// The parts of a term as written ("plant manager + @india" → "plant manager", "@india").
    static func parts(of term: String) -> [String] {
        // In ASCII a "+" is a character of its own, so the bytes can be split.
        guard term.utf8.allSatisfy({ $0 < 0x80 }) else { return term.split(separator: "+").map(\.trimmed) }
        return term.utf8.split(separator: UInt8(ascii: "+")).map { term[$0.startIndex..<$0.endIndex].trimmed }
    }

    private struct Tally {
        var intent: Int32
        var required = false
        var excluded = false
        var raw = 0.0
        var mask: UInt64 = 0
        var matched: [Int32] = []
    }

    /// Scores every intent that any feature of `text` touches.
    private func tallies(_ text: NormalisedText, keepTerms: Bool) -> [Tally] {
        var tallies: [Tally] = []
        for occurrence in text.occurrences {
            for termIndex in postings[Int(occurrence.feature)] {
                let term = Int(termIndex)
                var mask = occurrence.mask
                var complete = true
                for part in termParts[term].dropFirst() {
                    guard let found = text.occurrences.first(where: { $0.feature == part }) else {
                        complete = false
                        break
                    }
                    mask |= found.mask
                }
                guard complete else { continue }
                let intent = termIntents[term]
                let slot: Int
                if let existing = tallies.firstIndex(where: { $0.intent == intent }) {
                    slot = existing
                } else {
                    tallies.append(Tally(intent: intent))
                    slot = tallies.count - 1
                }
                switch termRoles[term] {
                case .require:
                    tallies[slot].required = true
                    tallies[slot].raw += termWeights[term]
                    tallies[slot].mask |= mask
                case .keyword:
                    tallies[slot].raw += termWeights[term]
                    tallies[slot].mask |= mask
                case .exclude:
                    tallies[slot].excluded = true
                }
                if keepTerms { tallies[slot].matched.append(termIndex) }
            }
        }
        return tallies
    }

    private func coverage(_ mask: UInt64, _ text: NormalisedText) -> Double {
        let informative = text.informativeMask.nonzeroBitCount
        guard informative > 0 else { return mask == 0 ? 0 : 1 }
        return Double((mask & text.informativeMask).nonzeroBitCount) / Double(informative)
    }

    private func confidence(_ tally: Tally, _ text: NormalisedText) -> Double {
        let strength = 1 - exp(-tally.raw / Self.strengthScale)
        let covered = pow(coverage(tally.mask, text), Self.coverageExponent)
        return min(1, strength * covered * intentInfo[Int(tally.intent)].weight)
    }

    /// Classifies a normalised message.
    public func match(_ text: NormalisedText) -> IntentMatch {
        var candidates: [(candidate: Candidate, raw: Double)] = []
        for tally in tallies(text, keepTerms: false) where tally.required && !tally.excluded {
            let score = confidence(tally, text)
            candidates.append((Candidate(intent: intentInfo[Int(tally.intent)].id, score: score), tally.raw))
        }
        candidates.sort {
            if $0.candidate.score != $1.candidate.score { return $0.candidate.score > $1.candidate.score }
            if $0.raw != $1.raw { return $0.raw > $1.raw }
            return $0.candidate.intent < $1.candidate.intent
        }
        let top = candidates.prefix(3).map(\.candidate)
        guard let best = top.first, best.score >= Self.threshold else {
            return IntentMatch(
                intent: KnowledgeBase.fallbackID, confidence: 1 - (top.first?.score ?? 0),
                candidates: top, text: text, isBelowThreshold: true
            )
        }
        return IntentMatch(intent: best.intent, confidence: best.score, candidates: top, text: text, isBelowThreshold: false)
    }

    /// Explains how each of the given intents scored (all touched intents when `intents` is nil).
    public func explain(_ text: NormalisedText, intents: [String]? = nil) -> [Explanation] {
        tallies(text, keepTerms: true).compactMap { tally in
            let id = intentInfo[Int(tally.intent)].id
            if let intents, !intents.contains(id) { return nil }
            let contributions = tally.matched.map { index in
                let term = terms[Int(index)]
                return Explanation.Contribution(
                    term: term.source.value, role: term.role, weight: term.weight, location: term.source.location
                )
            }
            let blockedBy: String? =
                tally.excluded ? "an excluded term is present" : (tally.required ? nil : "no required term is present")
            return Explanation(
                intent: id, confidence: tally.required && !tally.excluded ? confidence(tally, text) : 0,
                rawScore: tally.raw, coverage: coverage(tally.mask, text),
                contributions: contributions, blockedBy: blockedBy
            )
        }
        .sorted { $0.confidence != $1.confidence ? $0.confidence > $1.confidence : $0.intent < $1.intent }
    }
}
