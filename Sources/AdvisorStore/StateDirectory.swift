import AdvisorEngine
import Foundation
import Glibc

/// The state directory and what is done to its files: paths, locks, reading, atomic
/// replacement, quarantine (the layout is described at `FileSessionStore`). Both session
/// stores work through it; it knows nothing of sessions in memory or of who may write when.
final class StateDirectory: Sendable {
    /// The directory, standardized.
    let directory: URL
    /// How saves are made durable.
    let durability: FileSessionStore.Durability
    /// Recently read states with their files' contents, for a shared store; nil for none.
    let cache: SessionStateCache?
    /// The clock of the quarantine file names.
    let now: @Sendable () -> Date

    /// Opens `directory`, creating it and its missing parents with mode 0700 (an existing
    /// directory keeps its permissions).
    ///
    /// - Throws: `SessionStoreError` if it cannot be created or is not a directory.
    init(directory: URL, durability: FileSessionStore.Durability, cache: SessionStateCache?, now: @escaping @Sendable () -> Date) throws {
        let directory = directory.standardizedFileURL
        try Self.makeDirectory(directory.path)
        self.directory = directory
        self.durability = durability
        self.cache = cache
        self.now = now
    }

    /// Creates and removes a file in the directory: the one check that sees a read-only mount,
    /// missing permissions, and a full inode table alike.
    static func checkWritable(_ path: String) throws {
        let probe = path + "/.advisor-write-check-\(getpid())"
        let descriptor = open(probe, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else {
            throw SessionStoreError("Cannot write in the state directory \(path): \(describe(errno)). Every turn would fail to save; make it writable for this account, or choose another state directory.")
        }
        close(descriptor)
        unlink(probe)
    }

    /// Locks the state directory shared, for a shared store's write; close the result to unlock.
    ///
    /// - Throws: `SessionStoreError` with a sentence when an exclusive store (the daemon) has it.
    func sharedDirectoryLock() throws -> Int32 {
        try Self.lockDirectory(directory.path, exclusive: false)
    }

    static func lockDirectory(_ path: String, exclusive: Bool) throws -> Int32 {
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
    func acquireLock(_ name: UserFileName) throws -> Int32 {
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

    // MARK: - Sentences

    static func notice(_ reason: Unreadable, movedTo destination: URL) -> String {
        "Your saved conversation could not be read (\(reason.explanation)), so it was moved to \(destination.path) and a fresh conversation was started."
    }

    /// `date` in UTC as `YYYYMMDDTHHMMSSZ`: sortable, and without characters file systems dislike.
    static func timestamp(_ date: Date) -> String {
        UTCTime(secondsSince1970: Int(date.timeIntervalSince1970.rounded(.down))).compact()
    }

    /// `maximumFileSize` for people: "1 MiB".
    static var sizeLimitDescription: String {
        let size = FileSessionStore.maximumFileSize
        if size % (1 << 20) == 0 { return "\(size >> 20) MiB" }
        if size % (1 << 10) == 0 { return "\(size >> 10) KiB" }
        return "\(size) bytes"
    }

    static func describe(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
