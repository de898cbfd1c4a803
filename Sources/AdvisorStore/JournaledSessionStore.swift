import AdvisorEngine
import Foundation
import Glibc

/// Sessions of a directory this process alone uses (the daemon): the directory is locked
/// with `flock(LOCK_EX)` for as long as the store is open, sessions stay in memory
/// (`ResidentSessions`), and a turn is saved by appending one line to the user's journal.
final class JournaledSessionStore: SessionStore {
    let files: StateDirectory
    private let sessions: ResidentSessions
    /// The directory's descriptor, holding its exclusive lock.
    private let directoryDescriptor: Int32

    /// - Throws: `SessionStoreError` when another process uses the directory, or when this
    ///   account cannot write in it (every turn would fail to save).
    init(files: StateDirectory, cacheBytes: Int, compactEvery: Int) throws {
        self.files = files
        sessions = ResidentSessions(limit: cacheBytes, compactEvery: compactEvery)
        directoryDescriptor = try StateDirectory.lockDirectory(files.directory.path, exclusive: true)
        do {
            try StateDirectory.checkWritable(files.directory.path)
        } catch {
            close(directoryDescriptor)
            throw error
        }
    }

    deinit {
        close(directoryDescriptor)
    }

    func update<T>(user: String, _ body: (inout SessionState) throws -> T) throws -> StoreResult<T> {
        try sessions.update(files: files, user: user, body)
    }

    func load(user: String) throws -> StoreResult<SessionState?> {
        try sessions.load(files: files, user: user)
    }

    func delete(user: String) throws {
        try sessions.delete(files: files, user: user)
    }

    /// What the store has done since it opened.
    var figures: StoreFigures { sessions.figures }

    /// Rewrites the state file of every session in memory whose journal has turns.
    func compactJournals() throws {
        try sessions.compactAll(files: files)
    }
}
