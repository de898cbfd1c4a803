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

extension PhraseTrie {
    /// The trie frozen for matching sequences of word ids.
    ///
    /// - Parameters:
    ///   - id: the id of a word of the trie.
    ///   - payloads: what a node with payloads carries, as ids (never empty).
    func indexed(id: (String) -> Int32, payloads: ([Payload]) -> [Int32]) -> IndexedPhraseTrie {
        var roots: [Int32] = []
        var childStarts: [Int32] = [0, 0]
        var childIDs: [Int32] = []
        var childNodes: [Int32] = []
        var payloadStarts: [Int32] = [0]
        var payloadValues: [Int32] = []
        childStarts.reserveCapacity(children.count + 1)
        payloadStarts.reserveCapacity(children.count + 1)
        for (word, node) in children[0] {
            let wordID = Int(id(word))
            if wordID >= roots.count { roots += repeatElement(-1, count: wordID + 1 - roots.count) }
            roots[wordID] = node
        }
        for nodeChildren in children.dropFirst() {
            for (word, node) in nodeChildren {
                childIDs.append(id(word))
                childNodes.append(node)
            }
            childStarts.append(Int32(childIDs.count))
        }
        for nodePayloads in self.payloads {
            if !nodePayloads.isEmpty { payloadValues += payloads(nodePayloads) }
            payloadStarts.append(Int32(payloadValues.count))
        }
        return IndexedPhraseTrie(
            roots: roots, childStarts: childStarts, childIDs: childIDs, childNodes: childNodes,
            payloadStarts: payloadStarts, payloadValues: payloadValues
        )
    }
}

/// A trie over sequences of word ids, frozen from a `PhraseTrie` once its words have ids or
/// built with a `Builder`: the children of the root are found by indexing an array, the
/// others by a short scan, so matching hashes nothing.
struct IndexedPhraseTrie: Sendable {
    /// The child of the root for each word id, or -1.
    fileprivate let roots: [Int32]
    /// The children of node `n` (but the root) are `childIDs` and `childNodes` from
    /// `childStarts[n]` to `childStarts[n + 1]`; its payloads are `payloadValues` from
    /// `payloadStarts[n]` to `payloadStarts[n + 1]`.
    fileprivate let childStarts: [Int32]
    fileprivate let childIDs: [Int32]
    fileprivate let childNodes: [Int32]
    fileprivate let payloadStarts: [Int32]
    fileprivate let payloadValues: [Int32]

    /// Builds an `IndexedPhraseTrie` one phrase at a time, with no dictionary per node.
    struct Builder {
        /// The child of each node by word id, keyed by both (`edgeKey`).
        private var edges: [Int64: Int32] = [:]
        private var payloads: [(node: Int32, value: Int32)] = []

        private var nodeCount: Int { edges.count + 1 }

        private static func edgeKey(_ node: Int32, _ id: Int32) -> Int64 {
            Int64(node) << 32 | Int64(UInt32(bitPattern: id))
        }

        mutating func insert(_ ids: some Sequence<Int32>, _ payload: Int32) {
            var node: Int32 = 0
            for id in ids {
                let child = Int32(nodeCount)
                node = edges.value(for: Self.edgeKey(node, id), storingIfAbsent: child)
            }
            payloads.append((node, payload))
        }

        func build() -> IndexedPhraseTrie {
            var roots: [Int32] = []
            var childCounts = [Int32](repeating: 0, count: nodeCount + 1)
            for (key, child) in edges {
                let node = Int(key >> 32)
                let id = Int(Int32(truncatingIfNeeded: key))
                if node == 0 {
                    if id >= roots.count { roots += repeatElement(-1, count: id + 1 - roots.count) }
                    roots[id] = child
                } else {
                    childCounts[node + 1] += 1
                }
            }
            var childStarts = childCounts
            for node in 0..<nodeCount { childStarts[node + 1] += childStarts[node] }
            var childIDs = [Int32](repeating: 0, count: Int(childStarts[nodeCount]))
            var childNodes = childIDs
            var next = childStarts
            for (key, child) in edges where key >> 32 != 0 {
                let node = Int(key >> 32)
                childIDs[Int(next[node])] = Int32(truncatingIfNeeded: key)
                childNodes[Int(next[node])] = child
                next[node] += 1
            }
            // Payloads are kept in the order they were inserted.
            var payloadStarts = [Int32](repeating: 0, count: nodeCount + 1)
            for (node, _) in payloads { payloadStarts[Int(node) + 1] += 1 }
            for node in 0..<nodeCount { payloadStarts[node + 1] += payloadStarts[node] }
            var payloadValues = [Int32](repeating: 0, count: payloads.count)
            next = payloadStarts
            for (node, value) in payloads {
                payloadValues[Int(next[Int(node)])] = value
                next[Int(node)] += 1
            }
            return IndexedPhraseTrie(
                roots: roots, childStarts: childStarts, childIDs: childIDs, childNodes: childNodes,
                payloadStarts: payloadStarts, payloadValues: payloadValues
            )
        }
    }

    private func child(of node: Int32, _ id: Int32) -> Int32? {
        guard id >= 0 else { return nil }
        if node == 0 {
            guard Int(id) < roots.count else { return nil }
            let child = roots[Int(id)]
            return child < 0 ? nil : child
        }
        for slot in Int(childStarts[Int(node)])..<Int(childStarts[Int(node) + 1]) where childIDs[slot] == id {
            return childNodes[slot]
        }
        return nil
    }

    /// Calls `body` for every phrase that starts at `start` (ids of -1 match nothing), with
    /// its length and payloads.
    func forEachMatch(in ids: [Int32], from start: Int, _ body: (Int, ArraySlice<Int32>) -> Void) {
        var node: Int32 = 0
        var index = start
        while index < ids.count, let next = child(of: node, ids[index]) {
            node = next
            index += 1
            let payloads = payloadValues[Int(payloadStarts[Int(node)])..<Int(payloadStarts[Int(node) + 1])]
            if !payloads.isEmpty { body(index - start, payloads) }
        }
    }

    /// The longest phrase that starts at `start`: its length and payloads.
    func longestMatch(in ids: [Int32], from start: Int) -> (length: Int, payloads: ArraySlice<Int32>)? {
        var best: (Int, ArraySlice<Int32>)?
        forEachMatch(in: ids, from: start) { length, payloads in best = (length, payloads) }
        return best
    }
}

extension Dictionary {
    /// The value for `key`, after storing `value` there if it had none: one look-up either way.
    mutating func value(for key: Key, storingIfAbsent value: Value) -> Value {
        Self.read(&self[key, default: value])
    }

    private static func read(_ value: inout Value) -> Value { value }
}
