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
    public let directory: URL

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
    public let durability: Durability

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

    private let now: @Sendable () -> Date
    let cache: SessionStateCache?
    /// The sessions in memory of an exclusive store; nil for a shared one.
    private let sessions: ResidentSessions?
    /// The directory's file descriptor, locked exclusively, of an exclusive store.
    private let directoryDescriptor: Int32

    /// Opens the store in `directory`, creating it and its missing parents with mode 0700.
    ///
    /// An existing directory keeps its permissions.
    ///
    /// - Parameters:
    ///   - durability: `.synced` unless a faster, process-crash-safe store is wanted.
    ///   - cacheBytes: keep recently used states in memory with their files' contents, up
    ///     to this many bytes of contents (the decoded states take about as much again),
    ///     so a turn need not decode its file again; 0 for none. A cached state is used
    ///     only while its file holds exactly the cached bytes, so what other processes
    ///     write to the directory is always seen.
    /// - Throws: `SessionStoreError` if the directory cannot be created or is not a directory.
    ///   - sharing: `.shared` unless this process alone will use the directory (see `Sharing`);
    ///     an exclusive store holds up to `cacheBytes` of sessions (estimated) in memory.
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
        let directory = directory.standardizedFileURL
        try Self.makeDirectory(directory.path)
        self.directory = directory
        self.durability = durability
        self.now = now
        switch sharing {
        case .shared:
            self.cache = cacheBytes > 0 ? SessionStateCache(limit: cacheBytes) : nil
            self.sessions = nil
            self.directoryDescriptor = -1
        case .exclusive:
            self.cache = nil
            self.sessions = ResidentSessions(limit: cacheBytes, compactEvery: Self.journalEntries)
            self.directoryDescriptor = try Self.lockDirectory(directory.path, exclusive: true)
            // A daemon that cannot write would start and then fail every student's every turn.
            try Self.checkWritable(directory.path)
        }
    }

    /// Creates and removes a file in the directory: the one check that sees a read-only mount,
    /// missing permissions, and a full inode table alike.
    private static func checkWritable(_ path: String) throws {
        let probe = path + "/.advisor-write-check-\(getpid())"
        let descriptor = open(probe, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else {
            throw SessionStoreError("Cannot write in the state directory \(path): \(describe(errno)). Every turn would fail to save; make it writable for this account, or choose another state directory.")
        }
        close(descriptor)
        unlink(probe)
    }

    deinit {
        if directoryDescriptor >= 0 { close(directoryDescriptor) }
    }

    /// Rewrites the state file of every session in memory whose journal has turns, and
    /// removes the journal; for a clean shutdown (nothing depends on it: journals are read).
    ///
    /// - Throws: `SessionStoreError` for the first session that could not be written.
    public func compactJournals() throws {
        try sessions?.compactAll(store: self)
    }

    /// Locks the state directory shared, for a shared store's write; close the result to unlock.
    ///
    /// - Throws: `SessionStoreError` with a sentence when an exclusive store (the daemon) has it.
    func sharedDirectoryLock() throws -> Int32 {
        try Self.lockDirectory(directory.path, exclusive: false)
    }

    private static func lockDirectory(_ path: String, exclusive: Bool) throws -> Int32 {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw SessionStoreError("Could not open the state directory \(path): \(describe(errno)).")
        }
        var result: Int32
        repeat { result = flock(descriptor, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) } while result != 0 && errno == EINTR
        if result == 0 { return descriptor }
        let code = errno
        close(descriptor)
        guard code == EWOULDBLOCK else {
            throw SessionStoreError("Could not lock the state directory \(path): \(describe(code)).")
        }
        if exclusive {
            throw SessionStoreError(
                "Another advisor process is using the state directory \(path) (a daemon, or an advisor chat saving a turn); stop it first, or choose another state directory.")
        }
        throw SessionStoreError(
            "The advisor daemon is using the state directory \(path), so this process may not write to it; talk to the daemon with advisor chat --connect SOCKET, or stop it first.")
    }

    /// The file for `user` with the given extension, directly inside the state directory.
    ///
    /// The terminal keeps its history at `fileURL(user:extension: "history")`, which
    /// `delete(user:)` removes with the rest.
    ///
    /// - Throws: `SessionStoreError` if the user name is refused (see `UserFileName`) or
    ///   the extension is not lowercase ASCII letters and digits.
    public func fileURL(user: String, extension ext: String) throws -> URL {
        try UserFileName(user: user).url(in: directory, extension: ext)
    }

    /// Runs `body` on the user's state under the user's lock, then saves it atomically.
    ///
    /// A state file that cannot be read (not JSON, the wrong shape, a newer schema version
    /// or larger than `maximumFileSize`) is moved aside once `body` has succeeded, `body`
    /// gets a fresh state, and the result carries a notice saying where the file went.
    /// If `body` throws, nothing is written or moved. If `body` leaves a state it was given
    /// from the file unchanged, the file is not rewritten.
    public func update<T>(user: String, _ body: (inout SessionState) throws -> T) throws -> StoreResult<T> {
        if let sessions { return try sessions.update(store: self, user: user, body) }
        let name = try UserFileName(user: user)
        let directoryLock = try sharedDirectoryLock()
        defer { close(directoryLock) }
        let held = try acquireLock(name)
        defer { close(held) }

        let original: SessionState?
        var unreadable: Unreadable?
        let snapshot = try readFiles(name)
        switch snapshot.contents {
        case .missing:
            original = nil
        case .readable(let state):
            original = state
        case .unreadable(let reason):
            original = nil
            unreadable = reason
        }
        var state = original ?? SessionState(user: user)
        let value = try body(&state)
        if let original, original == state {
            return StoreResult(value: value)
        }
        let data = try encode(state)

        var notices: [String] = []
        if let unreadable {
            let destination = try quarantine(name)
            notices.append(Self.notice(unreadable, movedTo: destination))
        }
        if case .orphaned(let turns) = snapshot.journal {
            notices.append(Self.orphanNotice(turns: turns, movedTo: try setJournalAside(name)))
        }
        do {
            try replaceAtomically(stateURL(name), with: data, temporary: temporaryURL(name))
            // The new state file holds the journal's turns, and the journal no longer
            // matches it: remove it so that it is not read again for nothing.
            if snapshot.journal != .none { unlink(journalURL(name).path) }
            cache?.insert(state, for: name.baseName, contents: data)
        } catch let error as SessionStoreError {
            // The notice would be lost with the result: put it in the error the user sees.
            throw SessionStoreError((notices + [error.message]).joined(separator: " "))
        }
        return StoreResult(value: value, notices: notices)
    }

    /// The user's state, or nil if there is none.
    ///
    /// Reads without the user's lock (files are replaced atomically). A file that cannot be
    /// read is moved aside under the lock and reported once; later calls return nil.
    public func load(user: String) throws -> StoreResult<SessionState?> {
        if let sessions { return try sessions.load(store: self, user: user) }
        let name = try UserFileName(user: user)
        switch try readState(name) {
        case .missing:
            return StoreResult(value: nil)
        case .readable(let state):
            return StoreResult(value: state)
        case .unreadable:
            break
        }
        let directoryLock = try sharedDirectoryLock()
        defer { close(directoryLock) }
        let held = try acquireLock(name)
        defer { close(held) }
        // Read again: a writer may have replaced the file, or moved it aside, meanwhile.
        switch try readState(name) {
        case .missing:
            return StoreResult(value: nil)
        case .readable(let state):
            return StoreResult(value: state)
        case .unreadable(let reason):
            let destination = try quarantine(name)
            return StoreResult(value: nil, notices: [Self.notice(reason, movedTo: destination)])
        }
    }

    /// Deletes everything stored about the user: state, lock, history and moved-aside files.
    ///
    /// Unreadable files moved aside are deleted too: `/forget` promises that nothing about
    /// the user is left, and a quarantined file is the user's conversation as much as the
    /// state file is. Other users' files are never touched, whatever their names.
    ///
    /// - Throws: `SessionStoreError` naming the files that could not be deleted.
    public func delete(user: String) throws {
        if let sessions { return try sessions.delete(store: self, user: user) }
        let name = try UserFileName(user: user)
        let directoryLock = try sharedDirectoryLock()
        defer { close(directoryLock) }
        try deleteFiles(name)
    }

    /// Deletes the user's files; the caller holds the directory lock.
    func deleteFiles(_ name: UserFileName) throws {
        let held = try acquireLock(name)
        defer { close(held) }
        cache?.remove(name.baseName)

        let entries: [String]
        do {
            entries = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw SessionStoreError("Could not list the state directory \(directory.path): \(error.localizedDescription)")
        }
        var doomed = [journalURL(name), stateURL(name), temporaryURL(name), try name.url(in: directory, extension: "history")]
        doomed += entries.filter { Self.isQuarantined($0, of: name) }.map { directory.appendingPathComponent($0) }
        // The lock file goes last, while still held: a writer waiting on it notices that it
        // is gone once it gets it, and locks a new one (see `acquireLock`).
        doomed.append(lockURL(name))

        var failures: [String] = []
        for url in doomed where unlink(url.path) != 0 && errno != ENOENT {
            failures.append("\(url.path) (\(Self.describe(errno)))")
        }
        try syncDirectory()
        if !failures.isEmpty {
            throw SessionStoreError("Could not delete everything stored about you: \(failures.joined(separator: ", ")).")
        }
    }

    // MARK: - Files

    func stateURL(_ name: UserFileName) -> URL {
        directory.appendingPathComponent(name.baseName + ".json", isDirectory: false)
    }

    func journalURL(_ name: UserFileName) -> URL {
        directory.appendingPathComponent(name.baseName + ".journal", isDirectory: false)
    }

    func lockURL(_ name: UserFileName) -> URL {
        directory.appendingPathComponent(name.baseName + ".lock", isDirectory: false)
    }

    /// The temporary file of a write in progress. Encoded names never start with ".", so
    /// it cannot be another user's file; only the holder of the user's lock writes it, so
    /// one fixed name is enough, and one left by a crash is removed by the next write.
    func temporaryURL(_ name: UserFileName) -> URL {
        directory.appendingPathComponent("." + name.baseName + ".json.tmp", isDirectory: false)
    }

    /// Whether `fileName` is one of `name`'s moved-aside state files.
    ///
    /// Matched exactly (`<base>.json.corrupt-YYYYMMDDTHHMMSSZ` with an optional `-N`),
    /// because dots are kept in encoded names: user `a.json.corrupt-x` has files that start
    /// with user `a`'s quarantine prefix.
    static func isQuarantined(_ fileName: String, of name: UserFileName) -> Bool {
        let prefixes = [name.baseName + ".json.corrupt-", name.baseName + ".journal.corrupt-"]
        guard let prefix = prefixes.first(where: { fileName.hasPrefix($0) }) else { return false }
        let suffix = Array(fileName.utf8.dropFirst(prefix.utf8.count))
        guard suffix.count >= 16 else { return false }
        func digits(_ range: Range<Int>) -> Bool {
            suffix[range].allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
        }
        guard digits(0..<8), suffix[8] == UInt8(ascii: "T"), digits(9..<15), suffix[15] == UInt8(ascii: "Z") else {
            return false
        }
        if suffix.count == 16 { return true }
        return suffix.count > 17 && suffix[16] == UInt8(ascii: "-") && digits(17..<suffix.count)
    }

    private static func makeDirectory(_ path: String) throws {
        if mkdir(path, 0o700) == 0 { return }
        let code = errno
        if code == ENOENT {
            let parent = (path as NSString).deletingLastPathComponent
            guard !parent.isEmpty, parent != path else {
                throw SessionStoreError("Could not create the state directory \(path): \(describe(code)).")
            }
            try makeDirectory(parent)
            if mkdir(path, 0o700) == 0 || errno == EEXIST { return try checkIsDirectory(path) }
            throw SessionStoreError("Could not create the state directory \(path): \(describe(errno)).")
        }
        guard code == EEXIST else {
            throw SessionStoreError("Could not create the state directory \(path): \(describe(code)).")
        }
        try checkIsDirectory(path)
    }

    private static func checkIsDirectory(_ path: String) throws {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw SessionStoreError("Could not open the state directory \(path): \(describe(errno)).")
        }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            throw SessionStoreError("The state directory \(path) exists but is not a directory.")
        }
    }

    /// Takes the user's lock and returns the descriptor that holds it; closing it unlocks.
    private func acquireLock(_ name: UserFileName) throws -> Int32 {
        let path = lockURL(name).path
        while true {
            let descriptor = open(path, O_RDONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
            guard descriptor >= 0 else {
                throw SessionStoreError("Could not open the lock file \(path): \(Self.describe(errno)).")
            }
            var result: Int32
            repeat {
                result = flock(descriptor, LOCK_EX)
            } while result != 0 && errno == EINTR
            guard result == 0 else {
                let code = errno
                close(descriptor)
                throw SessionStoreError("Could not lock \(path): \(Self.describe(code)).")
            }
            // `delete` removes the lock file while holding it: if that happened while we
            // waited, our lock is on a file nobody else will open. Lock the current one.
            var held = stat()
            var current = stat()
            guard fstat(descriptor, &held) == 0 else {
                let code = errno
                close(descriptor)
                throw SessionStoreError("Could not lock \(path): \(Self.describe(code)).")
            }
            if stat(path, &current) == 0 {
                if current.st_dev == held.st_dev && current.st_ino == held.st_ino { return descriptor }
                close(descriptor)
                continue
            }
            let code = errno
            close(descriptor)
            guard code == ENOENT else {
                throw SessionStoreError("Could not lock \(path): \(Self.describe(code)).")
            }
        }
    }

    // MARK: - Reading

    /// Why a state file could not be read.
    enum Unreadable: Equatable {
        case tooLarge
        case notJSON
        case wrongShape
        case newerVersion(Int)
        case damagedJournal
        /// Valid JSON of the right shape holding a value no conversation produces.
        case outOfRange(String)
        /// A symbolic link, a directory or another non-regular file in the file's place.
        case notRegular

        var explanation: String {
            switch self {
            case .tooLarge:
                "it is larger than the limit of \(FileSessionStore.sizeLimitDescription)"
            case .notJSON:
                "it is not valid JSON"
            case .wrongShape:
                "it is not in the format this version of advisor uses"
            case .newerVersion(let version):
                "it was saved by a newer version of advisor (format \(version); this version reads up to \(SessionState.schemaVersion))"
            case .damagedJournal:
                "the journal of its latest turns is damaged"
            case .outOfRange(let what):
                "it holds a value out of range (\(what))"
            case .notRegular:
                "it is not a regular file (a symbolic link, a directory or the like)"
            }
        }
    }

    /// What is in a user's state file.
    enum Contents: Equatable {
        case missing
        case readable(SessionState)
        case unreadable(Unreadable)
    }

    /// What `readFiles` found: the state, and what the writer needs to know about the files.
    struct Snapshot {
        var contents: Contents
        /// The header value that names the state file as it is now.
        var base: String
        /// Whether there is a journal, and what it held.
        var journal: JournalFile
    }

    enum JournalFile: Equatable {
        case none
        /// Names another state file, and holds turns this one does not: moved aside, never
        /// deleted, and the user told.
        case orphaned(turns: Int)
        /// Left from before the state file was last written (or without a whole header).
        case stale
        /// `entries` entries in the first `length` bytes; `trailing` bytes after them are
        /// an unfinished write.
        case current(entries: Int, length: Int, trailing: Int)
        /// Unreadable: moved aside with the state file.
        case damaged
    }

    func readState(_ name: UserFileName) throws -> Contents {
        try readFiles(name).contents
    }

    /// Reads the user's state file and replays the journal on it.
    func readFiles(_ name: UserFileName) throws -> Snapshot {
        let journalData = try readFile(journalURL(name).path, limit: Self.maximumJournalSize)
        let json = try readFile(stateURL(name).path, limit: Self.maximumFileSize)
        var base = SessionJournal.noBase
        var legacyBase: String?
        var contents: Contents
        switch json {
        case .missing:
            contents = .missing
        case .tooLarge:
            contents = .unreadable(.tooLarge)
        case .notRegular:
            contents = .unreadable(.notRegular)
        case .read(let data, let inode):
            base = SessionJournal.base(contents: data)
            legacyBase = SessionJournal.legacyBase(inode: inode, contents: data)
            if journalData == .missing, let cached = cache?.state(for: name.baseName, contents: data) {
                contents = .readable(cached)
            } else {
                contents = Self.decode(data)
                if journalData == .missing, case .readable(let state) = contents {
                    cache?.insert(state, for: name.baseName, contents: data)
                }
            }
        }
        switch journalData {
        case .missing:
            return Snapshot(contents: contents, base: base, journal: .none)
        case .tooLarge, .notRegular:
            if case .unreadable = contents { return Snapshot(contents: contents, base: base, journal: .damaged) }
            return Snapshot(contents: .unreadable(.damagedJournal), base: base, journal: .damaged)
        case .read(let data, _):
            if case .unreadable = contents { return Snapshot(contents: contents, base: base, journal: .damaged) }
            var state: SessionState?
            if case .readable(let decoded) = contents { state = decoded }
            switch SessionJournal.replay(data, bases: [base] + (legacyBase.map { [$0] } ?? []), onto: state) {
            case .stale(let lastTurnCount):
                // Turns the state file does not hold: the two do not belong together (say a
                // state file restored from an older backup than its journal).
                if let lastTurnCount, lastTurnCount > state?.turnCount ?? 0 {
                    return Snapshot(contents: contents, base: base, journal: .orphaned(turns: lastTurnCount - (state?.turnCount ?? 0)))
                }
                return Snapshot(contents: contents, base: base, journal: .stale)
            case .damaged:
                return Snapshot(contents: .unreadable(.damagedJournal), base: base, journal: .damaged)
            case .replayed(let replayed, let entries, let length):
                // A journal entry can carry an out-of-range value as well as the file can.
                if let what = replayed?.outOfRange {
                    return Snapshot(contents: .unreadable(.outOfRange(what)), base: base, journal: .damaged)
                }
                return Snapshot(
                    contents: replayed.map { .readable($0) } ?? .missing, base: base,
                    journal: .current(entries: entries, length: length, trailing: data.count - length))
            }
        }
    }

    enum FileRead: Equatable {
        case missing
        case tooLarge
        /// A symbolic link, a directory or another non-regular file where the file should be.
        case notRegular
        case read(Data, inode: UInt64)
    }

    /// Reads a whole regular file of at most `limit` bytes.
    private func readFile(_ path: String, limit: Int) throws -> FileRead {
        // O_NONBLOCK: a FIFO in the file's place must not hold the turn until a writer comes.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        guard descriptor >= 0 else {
            let code = errno
            if code == ENOENT { return .missing }
            if code == ELOOP { return .notRegular }
            throw SessionStoreError("Could not read your saved conversation \(path): \(Self.describe(code)).")
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            throw SessionStoreError("Could not read your saved conversation \(path): \(Self.describe(errno)).")
        }
        guard info.st_mode & S_IFMT == S_IFREG else { return .notRegular }
        if info.st_size > limit { return .tooLarge }

        // Read to the end rather than trusting st_size, but never more than the limit.
        var data = Data(count: Int(info.st_size) + 1)
        var filled = 0
        while filled <= limit {
            if filled == data.count { data.count = min(limit + 1, data.count * 2 + 4096) }
            let count = data.withUnsafeMutableBytes { read(descriptor, $0.baseAddress.map { $0 + filled }, $0.count - filled) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                throw SessionStoreError("Could not read your saved conversation \(path): \(Self.describe(errno)).")
            }
            filled += count
        }
        if filled > limit { return .tooLarge }
        data.count = filled
        return .read(data, inode: UInt64(info.st_ino))
    }

    private struct VersionProbe: Decodable {
        var version: Int
    }

    /// Decodes a state file's bytes, checking the schema version before the rest.
    static func decode(_ data: Data) -> Contents {
        guard (try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])) != nil else {
            return .unreadable(.notJSON)
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        guard let probe = try? decoder.decode(VersionProbe.self, from: data), probe.version >= 1 else {
            return .unreadable(.wrongShape)
        }
        // No older schema exists yet; when one does, migrate it here.
        guard probe.version <= SessionState.schemaVersion else {
            return .unreadable(.newerVersion(probe.version))
        }
        guard let state = try? decoder.decode(SessionState.self, from: data) else {
            return .unreadable(.wrongShape)
        }
        if let what = state.outOfRange { return .unreadable(.outOfRange(what)) }
        return .readable(state)
    }

    // MARK: - Writing

    func encode(_ state: SessionState) throws -> Data {
        let data = JournalLineWriter.knowsTheEngineTypes ? StateFileWriter.data(state) : try Self.encodeWithFoundation(state)
        // A file that could not be read back must not replace one that can.
        guard data.count <= Self.maximumFileSize else {
            throw SessionStoreError("Could not save your conversation: it would be larger than the limit of \(Self.sizeLimitDescription).")
        }
        return data
    }

    /// A state file by `JSONEncoder`: what `StateFileWriter` writes by hand.
    static func encodeWithFoundation(_ state: SessionState) throws -> Data {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        // Compact: a state file is rewritten often; sorted keys keep it stable for people and diffs.
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return try encoder.encode(state)
        } catch {
            throw SessionStoreError("Could not save your conversation: it could not be encoded (\(error)).")
        }
    }

    /// Writes all of `data` at the descriptor's offset, going on after short writes and
    /// interruptions.
    /// - Returns: 0, or the errno of the write that failed.
    static func writeAll(_ data: Data, to descriptor: Int32) -> Int32 {
        data.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let count = write(descriptor, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
                if count < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += count
            }
            return 0
        }
    }

    /// Replaces `target` with `data` so that a crash leaves the old file or the new one.
    /// - Returns: the inode of the new file.
    @discardableResult
    func replaceAtomically(_ target: URL, with data: Data, temporary: URL) throws -> UInt64 {
        let flags = O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW
        var descriptor = open(temporary.path, flags, 0o600)
        if descriptor < 0 && errno == EEXIST {
            // Left by a writer that crashed: every writer holds the user's lock, as we do now.
            unlink(temporary.path)
            descriptor = open(temporary.path, flags, 0o600)
        }
        guard descriptor >= 0 else {
            throw SessionStoreError("Could not save your conversation in \(directory.path): \(Self.describe(errno)).")
        }
        func fail(_ code: Int32, closing: Bool) -> SessionStoreError {
            if closing { close(descriptor) }
            unlink(temporary.path)
            return SessionStoreError("Could not save your conversation in \(directory.path): \(Self.describe(code)).")
        }

        let written = Self.writeAll(data, to: descriptor)
        guard written == 0 else { throw fail(written, closing: true) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw fail(errno, closing: true) }
        let inode = UInt64(info.st_ino)
        if durability == .synced {
            guard fsync(descriptor) == 0 else { throw fail(errno, closing: true) }
        }
        guard close(descriptor) == 0 else { throw fail(errno, closing: false) }
        if durability == .synced {
            guard rename(temporary.path, target.path) == 0 else { throw fail(errno, closing: false) }
            try syncDirectory()
            return inode
        } else {
            // ext4 flushes a file renamed over another to disk (auto_da_alloc), which costs
            // as much as the sync this mode skips; exchanging the two names does not.
            if Self.exchange(temporary.path, target.path) {
                unlink(temporary.path)
            } else {
                guard rename(temporary.path, target.path) == 0 else { throw fail(errno, closing: false) }
            }
            return inode
        }
    }

    private typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32

    /// Linux's renameat2, which Glibc's Swift module does not export; nil where it is missing.
    private static let renameat2: RenameAt2? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2") else { return nil }
        return unsafeBitCast(symbol, to: RenameAt2.self)
    }()

    /// Atomically swaps the files at `a` and `b`; false if either is missing or the system
    /// cannot (then nothing changed).
    private static func exchange(_ a: String, _ b: String) -> Bool {
        guard let renameat2 else { return false }
        let renameExchange: UInt32 = 2
        return renameat2(AT_FDCWD, a, AT_FDCWD, b, renameExchange) == 0
    }

    /// Makes renames and unlinks in the directory durable.
    func syncDirectory() throws {
        let descriptor = open(directory.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        // Some file systems cannot sync a directory (EINVAL); only a failed write matters.
        if fsync(descriptor) != 0 && errno == EIO {
            throw SessionStoreError("Could not save your conversation in \(directory.path): \(Self.describe(EIO)).")
        }
    }

    // MARK: - Quarantine

    /// Moves the user's state file and journal to new `<base>.json.corrupt-<UTC time>` and
    /// `<base>.journal.corrupt-<UTC time>` names; returns where the state file (or, without
    /// one, the journal) went.
    func quarantine(_ name: UserFileName) throws -> URL {
        cache?.remove(name.baseName)
        var moved: [URL] = []
        for (source, kind) in [(stateURL(name), "json"), (journalURL(name), "journal")] {
            var info = stat()
            guard lstat(source.path, &info) == 0 else { continue }
            moved.append(try moveAside(source.path, prefix: name.baseName + "." + kind + ".corrupt-"))
        }
        try syncDirectory()
        guard let first = moved.first else {
            throw SessionStoreError("Could not move your unreadable saved conversation aside: it is gone.")
        }
        return first
    }

    /// Moves the user's journal aside as `<base>.journal.orphaned-<time>`: it holds turns,
    /// so it is never deleted.
    func setJournalAside(_ name: UserFileName) throws -> URL {
        let moved = try moveAside(journalURL(name).path, prefix: name.baseName + ".journal.orphaned-")
        try syncDirectory()
        return moved
    }

    static func orphanNotice(turns: Int, movedTo destination: URL) -> String {
        "Your saved conversation and the journal of your latest \(turns == 1 ? "turn" : "\(turns) turns") do not belong together (the state directory was probably copied or restored from two different times), so the journal was kept aside at \(destination.path) and the conversation goes on from the saved state."
    }

    private func moveAside(_ source: String, prefix: String) throws -> URL {
        let stamp = Self.timestamp(now())
        for attempt in 0..<1000 {
            let suffix = attempt == 0 ? "" : "-\(attempt)"
            let destination = directory.appendingPathComponent(prefix + stamp + suffix, isDirectory: false)
            // link() never replaces an existing file, unlike rename().
            if link(source, destination.path) == 0 {
                unlink(source)
                return destination
            }
            let code = errno
            if code == EEXIST { continue }
            guard [EPERM, ENOTSUP, EOPNOTSUPP, EXDEV, EMLINK, ENOSYS].contains(code) else {
                throw SessionStoreError("Could not move your unreadable saved conversation \(source) aside: \(Self.describe(code)).")
            }
            // No hard links on this file system. Only holders of the user's lock, as we are,
            // create these names, so nothing can appear between the check and the rename.
            var info = stat()
            if lstat(destination.path, &info) == 0 { continue }
            guard rename(source, destination.path) == 0 else {
                throw SessionStoreError("Could not move your unreadable saved conversation \(source) aside: \(Self.describe(errno)).")
            }
            return destination
        }
        throw SessionStoreError("Could not move your unreadable saved conversation \(source) aside: every name for it is taken.")
    }

    static func notice(_ reason: Unreadable, movedTo destination: URL) -> String {
        "Your saved conversation could not be read (\(reason.explanation)), so it was moved to \(destination.path) and a fresh conversation was started."
    }

    /// `date` in UTC as `YYYYMMDDTHHMMSSZ`: sortable, and without characters file systems dislike.
    static func timestamp(_ date: Date) -> String {
        UTCTime(secondsSince1970: Int(date.timeIntervalSince1970.rounded(.down))).compact()
    }

    /// `maximumFileSize` for people: "1 MiB".
    static var sizeLimitDescription: String {
        let size = maximumFileSize
        if size % (1 << 20) == 0 { return "\(size >> 20) MiB" }
        if size % (1 << 10) == 0 { return "\(size >> 10) KiB" }
        return "\(size) bytes"
    }

    static func describe(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
