/// Corrects misspelt words against the knowledge base's own vocabulary.
///
/// Built once: the hashes of every target word's deletions (up to two characters) are
/// indexed, so a look-up hashes the deletions of the unknown word and verifies the few
/// candidates with a real edit distance (optimal string alignment, so a swap of two letters
/// costs 1). Hashing the deletions in place, rather than building strings, keeps both the
/// build and the look-up free of allocations per variant. Known words are never corrected,
/// and short words are left alone: the allowed distance grows with the word's length.
public struct SpellingCorrector: Sendable {
    private let targets: [[UInt8]]
    private let words: [String]
    private let rank: [String: Int]
    private let deletions: DeletionTable
    /// Words by their first letter and consonants ("plnt" for "plant"), the first in rank for each.
    private let skeletons: [[UInt8]: Int32]

    /// Longer words are never corrected: they are not misspellings of anything we know.
    public static let maximumWordLength = 24

    /// - Parameters:
    ///   - targets: the words a typo may be corrected to, most important first (ties in
    ///     distance go to the earlier word).
    public init(targets: [String]) {
        var words: [String] = []
        var rank: [String: Int] = [:]
        rank.reserveCapacity(targets.count)
        for word in targets where rank[word] == nil && word.utf8.count >= 4 {
            rank[word] = words.count
            words.append(word)
        }
        let hashes = words.parallelMap { word -> [UInt64] in
            var hashes: [UInt64] = []
            let bytes = Array(word.utf8)
            Self.forEachDeletion(of: bytes, upTo: Self.allowedDistance(forLength: bytes.count)) { hashes.append($0) }
            return hashes
        }
        var pairs: [(hash: UInt64, index: Int32)] = []
        pairs.reserveCapacity(hashes.reduce(0) { $0 + $1.count })
        for (index, wordHashes) in hashes.enumerated() {
            for hash in wordHashes { pairs.append((hash, Int32(index))) }
        }
        let deletions = DeletionTable(pairs)
        var skeletons: [[UInt8]: Int32] = [:]
        for (index, word) in words.enumerated() {
            let key = Self.skeleton(Array(word.utf8))
            if skeletons[key] == nil { skeletons[key] = Int32(index) }
        }
        self.skeletons = skeletons
        self.words = words
        self.targets = words.map { Array($0.utf8) }
        self.rank = rank
        self.deletions = deletions
    }

    /// The edit distance a word of `length` characters may be corrected across.
    public static func allowedDistance(forLength length: Int) -> Int {
        switch length {
        case ..<5: 0
        case 5...7: 1
        case 8...maximumWordLength: 2
        default: 0
        }
    }

    /// The closest target to `word` within the allowed distance, or nil; a short word typed
    /// without its vowels ("plnt", "expln", "src", "scop") is the target it keeps the
    /// letters of.
    public func correction(for word: String) -> String? {
        let bytes = Array(word.utf8)
        guard rank[word] == nil else { return nil }
        if (3...Self.maximumSkeletonLength).contains(bytes.count), let index = skeletons[Self.skeleton(bytes)],
           Self.isSubsequence(bytes, of: targets[Int(index)]), targets[Int(index)].count > bytes.count
        {
            return words[Int(index)]
        }
        let distanceLimit = Self.allowedDistance(forLength: bytes.count)
        guard distanceLimit > 0 else { return nil }
        var best: (index: Int, distance: Int)?
        var seen: [Int32] = []
        Self.forEachDeletion(of: bytes, upTo: distanceLimit) { hash in
            deletions.forEach(hash) { index in
                guard !seen.contains(index) else { return }
                seen.append(index)
                let candidate = targets[Int(index)]
                let limit = min(distanceLimit, Self.allowedDistance(forLength: candidate.count))
                guard limit > 0, abs(candidate.count - bytes.count) <= limit else { return }
                let distance = EditDistance.between(bytes, candidate)
                guard distance <= limit else { return }
                // Targets are in rank order, so a lower index wins a tie.
                if best == nil || distance < best!.distance || (distance == best!.distance && Int(index) < best!.index) {
                    best = (Int(index), distance)
                }
            }
        }
        return best.map { words[$0.index] }
    }

    /// The longest word read by its consonants.
    public static let maximumSkeletonLength = 6

    /// The first letter and the consonants after it.
    static func skeleton(_ bytes: [UInt8]) -> [UInt8] {
        guard let first = bytes.first else { return [] }
        return [first] + bytes.dropFirst().filter { !Self.vowels.contains($0) }
    }
    private static let vowels: Set<UInt8> = Set("aeiou".utf8)

    static func isSubsequence(_ short: [UInt8], of long: [UInt8]) -> Bool {
        var position = long.startIndex
        for byte in short {
            guard let found = long[position...].firstIndex(of: byte) else { return false }
            position = found + 1
        }
        return true
    }

    /// Calls `body` with the hash of the word and of every variant with up to `distance`
    /// bytes deleted (FNV-1a; a collision only adds a candidate that verification rejects).
    static func forEachDeletion(of bytes: [UInt8], upTo distance: Int, _ body: (UInt64) -> Void) {
        func hash(skipping first: Int, _ second: Int) -> UInt64 {
            var hasher = FNV1a()
            for (position, byte) in bytes.enumerated() where position != first && position != second {
                hasher.combine(byte)
            }
            return hasher.value
        }
        body(hash(skipping: -1, -1))
        guard distance >= 1 else { return }
        for first in bytes.indices {
            body(hash(skipping: first, -1))
            guard distance >= 2 else { continue }
            for second in (first + 1)..<bytes.count { body(hash(skipping: first, second)) }
        }
    }

}

/// A multimap from deletion hashes to word indices in two flat arrays (open addressing with
/// linear probing): built with no allocation per entry, which a dictionary of arrays needed.
private struct DeletionTable: Sendable {
    private let keys: [UInt64]
    private let values: [Int32]
    private let mask: Int

    init(_ pairs: [(hash: UInt64, index: Int32)]) {
        var capacity = 16
        while capacity < pairs.count * 2 { capacity <<= 1 }
        var keys = [UInt64](repeating: 0, count: capacity)
        var values = [Int32](repeating: -1, count: capacity)
        let mask = capacity - 1
        for (hash, index) in pairs {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while values[slot] >= 0 {
                if keys[slot] == hash && values[slot] == index { break }
                slot = (slot + 1) & mask
            }
            keys[slot] = hash
            values[slot] = index
        }
        self.keys = keys
        self.values = values
        self.mask = mask
    }

    /// Calls `body` with every index stored under `hash`.
    func forEach(_ hash: UInt64, _ body: (Int32) -> Void) {
        var slot = Int(truncatingIfNeeded: hash) & mask
        while values[slot] >= 0 {
            if keys[slot] == hash { body(values[slot]) }
            slot = (slot + 1) & mask
        }
    }
}
