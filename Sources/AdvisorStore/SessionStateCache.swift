import AdvisorEngine
import Foundation

/// Recently used session states with the file contents they were read from or saved as, so
/// that a turn need not decode its user's file again.
///
/// A cached state is used only when the file's bytes are exactly the cached bytes, so a
/// file changed by another process (or another store) is always decoded afresh: reading a
/// file is cheap, decoding it is what costs. Bounded by the size of the cached files, the
/// least recently used first out: idle sessions leave memory and come back from disk.
final class SessionStateCache: Sendable {
    private struct Entry {
        let state: SessionState
        let data: Data
    }

    private let entries: LeastRecentlyUsed<Entry>

    init(limit: Int) {
        self.entries = LeastRecentlyUsed(limit: limit)
    }

    /// The most bytes of file contents held.
    var limit: Int { entries.limit }
    var count: Int { entries.count }
    var bytes: Int { entries.total }

    /// The state cached for `key`, if it was read from or saved as exactly `data`.
    func state(for key: String, contents data: Data) -> SessionState? {
        // A mismatch drops the entry: its file has changed, so it will never match again.
        entries.value(for: key, where: { $0.data == data })?.state
    }

    /// Caches `state`, which is what `data` decodes to, as the latest for `key`.
    func insert(_ state: SessionState, for key: String, contents data: Data) {
        entries.insert(Entry(state: state, data: data), for: key, cost: data.count)
    }

    func remove(_ key: String) {
        entries.remove(key)
    }
}
