import AdvisorEngine
import Foundation
import Glibc

/// Sessions as JSON files, one per user, in a state directory.
///
/// For a user whose name encodes to `<base>` (see `UserFileName`) the directory holds:
/// - `<base>.json`: the state, replaced atomically (written to `.<base>.json.tmp`, which is
///   created with `O_EXCL` and mode 0600, synced, renamed over the old file, and the
///   directory synced), so a crash leaves the old file or the new one, never half of one.
///   With `Durability.processCrashSafe` nothing is synced and the two names are exchanged
///   rather than renamed over (the old file, then at the temporary name, is removed): a
///   killed process still leaves one whole file or the other.
/// - `<base>.lock`: locked with `flock` for every `update`, on a file descriptor of its
///   own, so store instances and processes sharing the directory never lose each other's
///   turns.
/// - `<base>.json.corrupt-<UTC time>`: a state file that could not be read, moved aside
///   (never overwritten, never deleted by the store except on `delete`); the user is told.
/// - `<base>.history`: the terminal's readline history, which only `delete` touches here.
///
/// Calls block the calling thread on file I/O and, in `update` and `delete`, on the user's
/// lock while another writer holds it.
///
/// The work is done by one of two stores over a `StateDirectory`, chosen by `Sharing`:
/// `SharedFileSessionStore` (locked per turn) or `JournaledSessionStore` (sessions in
/// memory, a journal line per turn). This type only opens the right one.
public final class FileSessionStore: SessionStore {
    /// The largest state file that is read; a larger one is treated as unreadable.
    ///
    /// Forty turns of messages at the longest allowed length stay far below it.
    public static let maximumFileSize = 1 << 20

    /// The largest journal that is read; a larger one is treated as damaged.
    ///
    /// A journal is folded into the state file every `journalEntries` turns, far below it.
    public static let maximumJournalSize = 8 << 20
    /// Journals an exclusive store keeps open between turns (file descriptors).
    public static let maximumOpenJournals = 128

    /// The state directory.
    public var directory: URL { files.directory }

    /// How hard a save works to survive a crash.
    public enum Durability: Sendable {
        /// Each save reaches the disk before `update` returns (the file and the directory
        /// are synced): a saved turn survives a power failure.
        case synced
        /// Each save is handed to the operating system, not waited for on disk: a saved
        /// turn survives the process being killed (even `kill -9`), not a power failure or
        /// a kernel crash. Many times faster.
        case processCrashSafe
    }

    /// How saves are made durable.
    public var durability: Durability { files.durability }

    /// Who else may use the state directory while this store is open.
    public enum Sharing: Sendable {
        /// Any number of processes and stores at once (the embedded `advisor chat`): every
        /// `update` locks the user's `<base>.lock` with `flock`, reads the state file and the
        /// journal, and rewrites the state file whole. The directory itself is locked shared
        /// for each `update`, so a store that owns it exclusively refuses these writes.
        case shared
        /// This store alone, for as long as it is open (the daemon): the directory is locked
        /// with `flock(LOCK_EX)`, so another exclusive store or a shared store's writes are
        /// refused with a sentence rather than racing this one. Sessions stay in memory
        /// (least recently used first out, within `cacheBytes`), and a turn is saved by
        /// appending one line to the user's journal; every so many turns (`journalEntries`)
        /// the state file is rewritten and the journal emptied.
        case exclusive
    }

    /// Turns appended to a journal, at most, before the state file is rewritten in its place
    /// (each session at its own point between half of this and all of it).
    ///
    /// Rewriting creates a file (the atomic replace), which costs the file system far more
    /// than appending a line; replaying a longer journal costs only a session's first turn
    /// after it was read from disk.
    public static let journalEntries = 128

    /// The directory's files, which both stores work through.
    let files: StateDirectory
    /// The store that does the work.
    private let store: any SessionStore
    /// The journaled store, when this one owns the directory.
    private let journaled: JournaledSessionStore?

    /// Opens the store in `directory`, creating it and its missing parents with mode 0700.
    ///
    /// An existing directory keeps its permissions.
    ///
    /// - Parameters:
    ///   - durability: `.synced` unless a faster, process-crash-safe store is wanted.
    ///   - cacheBytes: a shared store keeps recently used states in memory with their
    ///     files' contents, up to this many bytes of contents (the decoded states take about
    ///     as much again), so a turn need not decode its file again; 0 for none. A cached
    ///     state is used only while its file holds exactly the cached bytes, so what other
    ///     processes write to the directory is always seen. An exclusive store holds up to
    ///     `cacheBytes` of sessions (estimated) in memory.
    ///   - sharing: `.shared` unless this process alone will use the directory (see `Sharing`).
    /// - Throws: `SessionStoreError` if the directory cannot be created or is not a directory,
    ///   or, for an exclusive store, if another process uses it.
    public convenience init(directory: URL, durability: Durability = .synced, cacheBytes: Int = 0, sharing: Sharing = .shared) throws {
        try self.init(directory: directory, durability: durability, cacheBytes: cacheBytes, sharing: sharing, now: { Date() })
    }

    /// Opens the store with a clock for the quarantine file names, for tests.
    init(
        directory: URL, durability: Durability = .synced, cacheBytes: Int = 0, sharing: Sharing = .shared,
        now: @escaping @Sendable () -> Date
    ) throws {
        switch sharing {
        case .shared:
            files = try StateDirectory(
                directory: directory, durability: durability, cache: cacheBytes > 0 ? SessionStateCache(limit: cacheBytes) : nil, now: now)
            store = SharedFileSessionStore(files: files)
            journaled = nil
        case .exclusive:
            files = try StateDirectory(directory: directory, durability: durability, cache: nil, now: now)
            let journaled = try JournaledSessionStore(files: files, cacheBytes: cacheBytes, compactEvery: Self.journalEntries)
            store = journaled
            self.journaled = journaled
        }
    }

    public func update<T>(user: String, _ body: (inout SessionState) throws -> T) throws -> StoreResult<T> {
        try store.update(user: user, body)
    }

    public func load(user: String) throws -> StoreResult<SessionState?> {
        try store.load(user: user)
    }

    public func delete(user: String) throws {
        try store.delete(user: user)
    }

    /// What an exclusive store has done since it opened (nil for a shared one): sessions in
    /// memory now, bytes appended to journals, state files rewritten.
    public var figures: StoreFigures? { journaled?.figures }

    /// Rewrites the state file of every session in memory whose journal has turns, and
    /// removes the journal; for a clean shutdown (nothing depends on it: journals are read).
    ///
    /// - Throws: `SessionStoreError` for the first session that could not be written.
    public func compactJournals() throws {
        try journaled?.compactJournals()
    }

    /// The file for `user` with the given extension, directly inside the state directory
    /// (the terminal's history is `fileURL(user:extension: "history")`, which `delete(user:)`
    /// removes with the rest).
    ///
    /// - Throws: `SessionStoreError` if the user name is refused (see `UserFileName`) or
    ///   the extension is not lowercase ASCII letters and digits.
    public func fileURL(user: String, extension ext: String) throws -> URL {
        try files.fileURL(user: user, extension: ext)
    }
}

/// What a journaled store has done since it opened, for the daemon's metrics.
public struct StoreFigures: Sendable, Equatable {
    public var sessionsInMemory: Int
    /// Bytes appended to journals (a line per turn).
    public var journalBytes: Int
    /// State files rewritten in place of their journals.
    public var compactions: Int
}
