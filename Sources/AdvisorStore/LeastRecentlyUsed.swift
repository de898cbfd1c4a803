import Foundation

/// Values by key, the least recently used first out beyond a total cost.
///
/// Sendable only for Sendable values (its lock guards the nodes, not what the values share).
final class LeastRecentlyUsed<Value> {
    private final class Node {
        let key: String
        let value: Value
        let cost: Int
        var newer: Node?
        var older: Node?

        init(key: String, value: Value, cost: Int) {
            self.key = key
            self.value = value
            self.cost = cost
        }
    }

    let limit: Int
    private let lock = NSLock()
    private var nodes: [String: Node] = [:]
    private var newest: Node?
    private var oldest: Node?
    private var held = 0

    init(limit: Int) {
        self.limit = limit
    }

    var count: Int { lock.withLock { nodes.count } }
    /// The cost of the values held.
    var total: Int { lock.withLock { held } }
    var values: [Value] { lock.withLock { nodes.values.map(\.value) } }

    func value(for key: String) -> Value? {
        value(for: key, where: { _ in true })
    }

    /// The value for `key` if `usable` accepts it; one it rejects is removed, under the same
    /// lock, so a value inserted meanwhile is never the one removed.
    func value(for key: String, where usable: (Value) -> Bool) -> Value? {
        lock.withLock {
            guard let node = nodes[key] else { return nil }
            drop(node)
            guard usable(node.value) else { return nil }
            push(node)
            return node.value
        }
    }

    func insert(_ value: Value, for key: String, cost: Int) {
        lock.withLock {
            if let node = nodes[key] { drop(node) }
            guard cost <= limit else { return }
            push(Node(key: key, value: value, cost: cost))
            while held > limit, let victim = oldest { drop(victim) }
        }
    }

    func remove(_ key: String) {
        lock.withLock {
            if let node = nodes[key] { drop(node) }
        }
    }

    /// Adds `node` as the most recently used.
    private func push(_ node: Node) {
        nodes[node.key] = node
        held += node.cost
        node.older = newest
        node.newer = nil
        newest?.newer = node
        newest = node
        if oldest == nil { oldest = node }
    }

    private func drop(_ node: Node) {
        nodes[node.key] = nil
        held -= node.cost
        if let newer = node.newer { newer.older = node.older } else { newest = node.older }
        if let older = node.older { older.newer = node.newer } else { oldest = node.newer }
        node.newer = nil
        node.older = nil
    }
}

// The nodes are classes linked to each other, which the compiler cannot prove are reached
// only under `lock`; they are, and the values themselves must be Sendable.
extension LeastRecentlyUsed: @unchecked Sendable where Value: Sendable {}
