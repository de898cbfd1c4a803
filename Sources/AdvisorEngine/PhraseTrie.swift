/// A trie over word sequences, for finding every known phrase that starts at a position.
struct PhraseTrie<Payload: Sendable>: Sendable {
    private var children: [[String: Int32]] = [[:]]
    private var payloads: [[Payload]] = [[]]

    mutating func insert(_ words: [String], _ payload: Payload) {
        var node = 0
        for word in words {
            if let next = children[node][word] {
                node = Int(next)
            } else {
                children.append([:])
                payloads.append([])
                let next = children.count - 1
                children[node][word] = Int32(next)
                node = next
            }
        }
        payloads[node].append(payload)
    }

    func contains(_ words: [String]) -> Bool {
        var node = 0
        for word in words {
            guard let next = children[node][word] else { return false }
            node = Int(next)
        }
        return !payloads[node].isEmpty
    }

    /// Calls `body` for every phrase that starts at `start`, with its length and payloads.
    func forEachMatch(in words: [String], from start: Int, _ body: (Int, [Payload]) -> Void) {
        var node = 0
        var index = start
        while index < words.count, let next = children[node][words[index]] {
            node = Int(next)
            index += 1
            if !payloads[node].isEmpty { body(index - start, payloads[node]) }
        }
    }

    /// The longest phrase that starts at `start`: its length and payloads.
    func longestMatch(in words: [String], from start: Int) -> (length: Int, payloads: [Payload])? {
        var best: (Int, [Payload])?
        forEachMatch(in: words, from: start) { length, payloads in best = (length, payloads) }
        return best
    }
}
