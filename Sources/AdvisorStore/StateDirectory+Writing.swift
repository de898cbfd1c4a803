import AdvisorEngine
import Foundation
import Glibc

extension StateDirectory {
    // MARK: - Writing

    /// A state file's bytes, by `JSONEncoder`: a state file is written once every 64 to 128
    /// turns by the daemon (its turns go to the journal), so only the journal line is written
    /// by hand.
    func encode(_ state: SessionState) throws -> Data {
        let data = try Self.encodeWithFoundation(state)
        // A file that could not be read back must not replace one that can.
        guard data.count <= FileSessionStore.maximumFileSize else {
            throw SessionStoreError("Could not save your conversation: it would be larger than the limit of \(Self.sizeLimitDescription).")
        }
        return data
    }

    /// A state file by `JSONEncoder`, compact with sorted keys.
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
}
