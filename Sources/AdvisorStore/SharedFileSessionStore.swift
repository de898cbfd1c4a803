import AdvisorEngine
import Foundation
import Glibc

/// Sessions as files shared by any number of processes (the embedded `advisor chat`): each
/// `update` locks the directory shared and the user's lock file, reads the state file (and
/// any journal a daemon left), and replaces the state file whole.
final class SharedFileSessionStore: SessionStore {
    let files: StateDirectory

    init(files: StateDirectory) {
        self.files = files
    }

    /// Runs `body` on the user's state under the user's lock, then saves it atomically.
    ///
    /// A state file that cannot be read (not JSON, the wrong shape, a newer schema version
    /// or larger than `maximumFileSize`) is moved aside once `body` has succeeded, `body`
    /// gets a fresh state, and the result carries a notice saying where the file went.
    /// If `body` throws, nothing is written or moved. If `body` leaves a state it was given
    /// from the file unchanged, the file is not rewritten.
    public func update<T>(user: String, _ body: (inout SessionState) throws -> T) throws -> StoreResult<T> {
        let name = try UserFileName(user: user)
        let directoryLock = try files.sharedDirectoryLock()
        defer { close(directoryLock) }
        let held = try files.acquireLock(name)
        defer { close(held) }

        let original: SessionState?
        var unreadable: StateDirectory.Unreadable?
        let snapshot = try files.readFiles(name)
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
        let data = try files.encode(state)

        var notices: [String] = []
        if let unreadable {
            let destination = try files.quarantine(name)
            notices.append(StateDirectory.notice(unreadable, movedTo: destination))
        }
        if case .orphaned(let turns) = snapshot.journal {
            notices.append(StateDirectory.orphanNotice(turns: turns, movedTo: try files.setJournalAside(name)))
        }
        do {
            try files.replaceAtomically(files.stateURL(name), with: data, temporary: files.temporaryURL(name))
            // The new state file holds the journal's turns, and the journal no longer
            // matches it: remove it so that it is not read again for nothing.
            if snapshot.journal != .none { unlink(files.journalURL(name).path) }
            files.cache?.insert(state, for: name.baseName, contents: data)
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
        let name = try UserFileName(user: user)
        switch try files.readState(name) {
        case .missing:
            return StoreResult(value: nil)
        case .readable(let state):
            return StoreResult(value: state)
        case .unreadable:
            break
        }
        let directoryLock = try files.sharedDirectoryLock()
        defer { close(directoryLock) }
        let held = try files.acquireLock(name)
        defer { close(held) }
        // Read again: a writer may have replaced the file, or moved it aside, meanwhile.
        switch try files.readState(name) {
        case .missing:
            return StoreResult(value: nil)
        case .readable(let state):
            return StoreResult(value: state)
        case .unreadable(let reason):
            let destination = try files.quarantine(name)
            return StoreResult(value: nil, notices: [StateDirectory.notice(reason, movedTo: destination)])
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
        let name = try UserFileName(user: user)
        let directoryLock = try files.sharedDirectoryLock()
        defer { close(directoryLock) }
        try files.deleteFiles(name)
    }
}
