@testable import AdvisorEngine
import Testing

struct IndexedPhraseTrieTests {
    /// Phrases over a small alphabet, so that they share prefixes and nest.
    static let phrases: [[String]] = [
        ["a"], ["a", "b"], ["a", "b", "c"], ["b", "c"], ["c"], ["a", "c", "a"], ["d", "d", "d"], ["a", "b"],
    ]
    static let words = ["a", "b", "c", "d", "e"]

    static func id(_ word: String) -> Int32 { Int32(words.firstIndex(of: word) ?? -1) }

    /// Every match of `trie` in `words`, as "start:length:payloads".
    static func matches(_ trie: PhraseTrie<Int32>, _ words: [String]) -> [String] {
        words.indices.flatMap { start in
            var found: [String] = []
            trie.forEachMatch(in: words, from: start) { found.append("\(start):\($0):\($1)") }
            return found
        }
    }

    static func matches(_ trie: IndexedPhraseTrie, _ words: [String]) -> [String] {
        let ids = words.map(id)
        return ids.indices.flatMap { start in
            var found: [String] = []
            trie.forEachMatch(in: ids, from: start) { found.append("\(start):\($0):\(Array($1))") }
            return found
        }
    }

    @Test func findsWhatThePhraseTrieFinds() {
        var trie = PhraseTrie<Int32>()
        var builder = IndexedPhraseTrie.Builder()
        for (index, phrase) in Self.phrases.enumerated() {
            trie.insert(phrase, Int32(index))
            builder.insert(phrase.map(Self.id), Int32(index))
        }
        let indexed = trie.indexed(id: Self.id) { $0 }
        let built = builder.build()
        var generator = SystemRandomNumberGenerator()
        for length in 0..<12 {
            for _ in 0..<50 {
                let words = (0..<length).map { _ in Self.words.randomElement(using: &generator) ?? "a" }
                let expected = Self.matches(trie, words)
                #expect(Self.matches(indexed, words) == expected, "\(words)")
                #expect(Self.matches(built, words) == expected, "\(words)")
            }
        }
    }

    @Test func unknownWordsMatchNothing() {
        var builder = IndexedPhraseTrie.Builder()
        builder.insert([0, 1], 7)
        let trie = builder.build()
        #expect(trie.longestMatch(in: [-1, 0, 1], from: 0) == nil)
        #expect(trie.longestMatch(in: [0, -1], from: 0) == nil)
        #expect(trie.longestMatch(in: [5, 0, 1], from: 1)?.length == 2)
        #expect(trie.longestMatch(in: [0, 1], from: 0).map { Array($0.payloads) } == [7])
    }
}
