import Glibc

/// The journals of recently used sessions, open for appending, at most `limit` of them.
///
/// A handle closes its descriptor when the last reference goes, so a turn writing to a
/// journal that another thread's turn pushes out of the set still writes to an open file.
/// Only the user's own turns (under their lock stripe) open, close or write their journal.
final class OpenJournals: Sendable {
    static let defaultLimit = FileSessionStore.maximumOpenJournals

    typealias Handle = JournalHandle

    private let handles: LeastRecentlyUsed<Handle>

    init(limit: Int) {
        handles = LeastRecentlyUsed(limit: limit)
    }

    var count: Int { handles.count }

    func handle(_ key: String) -> Handle? {
        handles.value(for: key)
    }

    func keep(_ handle: Handle, for key: String) {
        handles.insert(handle, for: key, cost: 1)
    }

    /// Forgets the user's journal: it is about to be removed, replaced or read afresh.
    func close(_ key: String) {
        handles.remove(key)
    }
}

/// An open journal; the descriptor closes with the last reference.
final class JournalHandle: Sendable {
    let descriptor: Int32

    init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }
}
