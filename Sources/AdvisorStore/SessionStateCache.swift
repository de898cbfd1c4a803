import AdvisorEngine
import Foundation

/// Recently used session states with the file contents they were read from or saved as, so
/// that a turn need not decode its user's file again.
///
/// A cached state is used only when the file's bytes are exactly the cached bytes, so a
/// file changed by another process (or another store) is always decoded afresh: reading a
/// file is cheap, decoding it is what costs. Bounded by the size of the cached files, the
/// least recently used first out: idle sessions leave memory and come back from disk.
final class SessionStateCache: @unchecked Sendable {
    private final class Node {
        let key: String
        let state: SessionState
        let data: Data
        var newer: Node?
        var older: Node?

        init(key: String, state: SessionState, data: Data) {
            self.key = key
            self.state = state
            self.data = data
        }
    }

    /// The most bytes of file contents held.
    let limit: Int
    private let lock = NSLock()
    private var nodes: [String: Node] = [:]
    private var newest: Node?
    private var oldest: Node?
    private(set) var bytes = 0

    init(limit: Int) {
        self.limit = limit
    }

    var count: Int { lock.withLock { nodes.count } }

    /// The state cached for `key`, if it was read from or saved as exactly `data`.
    func state(for key: String, contents data: Data) -> SessionState? {
        lock.withLock {
            guard let node = nodes[key] else { return nil }
            unlink(node)
            guard node.data == data else { return nil }
            push(node)
            return node.state
        }
    }

    /// Caches `state`, which is what `data` decodes to, as the latest for `key`.
    func insert(_ state: SessionState, for key: String, contents data: Data) {
        lock.withLock {
            if let node = nodes[key] { unlink(node) }
            guard data.count <= limit else { return }
            push(Node(key: key, state: state, data: data))
            while bytes > limit, let victim = oldest { unlink(victim) }
        }
    }

    func remove(_ key: String) {
        lock.withLock {
            if let node = nodes[key] { unlink(node) }
        }
    }

    private func push(_ node: Node) {
        nodes[node.key] = node
        bytes += node.data.count
        node.older = newest
        node.newer = nil
        newest?.newer = node
        newest = node
        if oldest == nil { oldest = node }
    }

    private func unlink(_ node: Node) {
        nodes[node.key] = nil
        bytes -= node.data.count
        if let newer = node.newer { newer.older = node.older } else { newest = node.older }
        if let older = node.older { older.newer = node.newer } else { oldest = node.newer }
        node.newer = nil
        node.older = nil
    }
}
