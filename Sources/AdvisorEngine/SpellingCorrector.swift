/// Corrects misspelt words against the knowledge base's own vocabulary.
///
/// Built once: every target word's deletions (up to two characters) are indexed, so a
/// look-up generates the deletions of the unknown word and verifies the few candidates
/// with a real edit distance (optimal string alignment, so a swap of two letters costs 1).
/// Known words are never corrected, and short words are left alone: the allowed distance
/// grows with the word's length.
public struct SpellingCorrector: Sendable {
    private let targets: [String]
    private let rank: [String: Int]
    private let deletions: [String: [Int32]]

    /// - Parameters:
    ///   - targets: the words a typo may be corrected to, most important first (ties in
    ///     distance go to the earlier word).
    public init(targets: [String]) {
        var unique: [String] = []
        var rank: [String: Int] = [:]
        for word in targets where rank[word] == nil && word.count >= 4 {
            rank[word] = unique.count
            unique.append(word)
        }
        var deletions: [String: [Int32]] = [:]
        for (index, word) in unique.enumerated() {
            let distance = Self.allowedDistance(forLength: word.count)
            for variant in Self.deletions(of: word, upTo: distance) {
                deletions[variant, default: []].append(Int32(index))
            }
        }
        self.targets = unique
        self.rank = rank
        self.deletions = deletions
    }

    /// Longer words are never corrected: they are not misspellings of anything we know,
    /// and their deletion sets would be large.
    public static let maximumWordLength = 24

    /// The edit distance a word of `length` characters may be corrected across.
    public static func allowedDistance(forLength length: Int) -> Int {
        switch length {
        case ..<5: 0
        case 5...7: 1
        case 8...maximumWordLength: 2
        default: 0
        }
    }

    /// The closest target to `word` within the allowed distance, or nil.
    public func correction(for word: String) -> String? {
        let distanceLimit = Self.allowedDistance(forLength: word.count)
        guard distanceLimit > 0, rank[word] == nil else { return nil }
        var best: (word: String, distance: Int, rank: Int)?
        var seen = Set<Int32>()
        for variant in Self.deletions(of: word, upTo: distanceLimit) {
            for index in deletions[variant] ?? [] where seen.insert(index).inserted {
                let candidate = targets[Int(index)]
                let limit = min(distanceLimit, Self.allowedDistance(forLength: candidate.count))
                guard limit > 0, abs(candidate.count - word.count) <= limit else { continue }
                let distance = Self.editDistance(Array(word.unicodeScalars), Array(candidate.unicodeScalars))
                guard distance <= limit else { continue }
                let candidateRank = rank[candidate] ?? Int.max
                if best == nil || distance < best!.distance
                    || (distance == best!.distance && candidateRank < best!.rank)
                {
                    best = (candidate, distance, candidateRank)
                }
            }
        }
        return best?.word
    }

    static func deletions(of word: String, upTo distance: Int) -> Set<String> {
        var result: Set<String> = [word]
        var frontier: Set<[Unicode.Scalar]> = [Array(word.unicodeScalars)]
        for _ in 0..<distance {
            var next: Set<[Unicode.Scalar]> = []
            for scalars in frontier where scalars.count > 1 {
                for index in scalars.indices {
                    var shorter = scalars
                    shorter.remove(at: index)
                    next.insert(shorter)
                }
            }
            for scalars in next {
                var view = String.UnicodeScalarView()
                view.append(contentsOf: scalars)
                result.insert(String(view))
            }
            frontier = next
        }
        return result
    }

    /// Optimal string alignment distance: insertions, deletions, substitutions and
    /// transpositions of adjacent characters each cost 1.
    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previousPrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, previousPrevious[j - 2] + 1)
                }
                current[j] = value
            }
            (previousPrevious, previous, current) = (previous, current, previousPrevious)
        }
        return previous[b.count]
    }
}
