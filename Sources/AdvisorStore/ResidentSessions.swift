import AdvisorEngine
import Foundation
import Synchronization
import Glibc

/// The sessions a `JournaledSessionStore` keeps in memory, and how their turns reach
/// the disk: one appended journal line per turn, the state file rewritten every
/// `compactEvery` turns.
///
/// The files are the truth at every moment: a session that leaves memory costs no I/O, and
/// comes back by reading its state file and replaying its journal. Only this process
/// writes the directory (it holds the directory's exclusive lock), so a session in memory
/// is always what its files say. Calls for one user are serialised by a lock stripe.
final class ResidentSessions: Sendable {
    /// A session in memory and the state of its files.
    struct Resident {
        let name: UserFileName
        var state: SessionState?
        /// The header value naming the current state file.
        var base: String
        /// Entries in the journal; 0 when there is none.
        var entries: Int
        /// Bytes in the journal, all of them whole lines; nil when there is no journal.
        var length: Int?
    }

    let compactEvery: Int
    private let stripes: [NSLock]
    private let residents: LeastRecentlyUsed<Resident>
    /// Journals kept open between turns: opening the file was a tenth of a turn's cost.
    private let journals = OpenJournals(limit: OpenJournals.defaultLimit)
    /// Bytes appended to journals and state files rewritten since the store opened.
    private let journalBytes = Atomic<Int>(0)
    private let compactions = Atomic<Int>(0)

    /// What the store has done, for the daemon's metrics.
    var figures: StoreFigures {
        StoreFigures(sessionsInMemory: residents.count, journalBytes: journalBytes.load(ordering: .relaxed), compactions: compactions.load(ordering: .relaxed))
    }

    /// - Parameter limit: the estimated bytes of sessions kept in memory.
    init(limit: Int, compactEvery: Int) {
        self.compactEvery = max(1, compactEvery)
        self.stripes = (0..<64).map { _ in NSLock() }
        self.residents = LeastRecentlyUsed(limit: limit)
    }

    private func stripe(_ name: UserFileName) -> NSLock {
        var hasher = Hasher()
        hasher.combine(name.baseName)
        return stripes[Int(UInt(bitPattern: hasher.finalize()) % UInt(stripes.count))]
    }

    // MARK: - SessionStore

    func update<T>(files: StateDirectory, user: String, _ body: (inout SessionState) throws -> T) throws -> StoreResult<T> {
        let name = try UserFileName(user: user)
        let lock = stripe(name)
        lock.lock()
        defer { lock.unlock() }

        var resident: Resident
        var unreadable: StateDirectory.Unreadable?
        var notices: [String] = []
        if let cached = residents.value(for: name.baseName) {
            resident = cached
        } else {
            let notice: String?
            (resident, unreadable, notice) = try read(files: files, name)
            if let notice { notices.append(notice) }
        }
        let original = resident.state
        var state = original ?? SessionState(user: user)
        let value = try body(&state)
        if unreadable == nil, let original, original == state {
            residents.insert(resident, for: name.baseName, cost: Self.cost(of: state))
            return StoreResult(value: value, notices: notices)
        }

        if let unreadable {
            journals.close(name.baseName)
            let destination = try files.quarantine(name)
            notices.append(StateDirectory.notice(unreadable, movedTo: destination))
            resident = Resident(name: name, state: nil, base: SessionJournal.noBase, entries: 0, length: nil)
        }
        do {
            if resident.entries >= compactionPoint(name) {
                try compact(files: files, name, &resident, to: state, keepingJournalOpen: true)
            } else {
                try append(files: files, name, &resident, from: original ?? SessionState(user: user), to: state)
            }
        } catch let error as SessionStoreError {
            // The files are as they were (or end in an unfinished line, which is ignored):
            // read them again next time.
            residents.remove(name.baseName)
            journals.close(name.baseName)
            throw SessionStoreError((notices + [error.message]).joined(separator: " "))
        }
        resident.state = state
        residents.insert(resident, for: name.baseName, cost: Self.cost(of: state))
        return StoreResult(value: value, notices: notices)
    }

    func load(files: StateDirectory, user: String) throws -> StoreResult<SessionState?> {
        let name = try UserFileName(user: user)
        let lock = stripe(name)
        lock.lock()
        defer { lock.unlock() }
        if let cached = residents.value(for: name.baseName) { return StoreResult(value: cached.state) }
        let (resident, unreadable, notice) = try read(files: files, name)
        if let unreadable {
            journals.close(name.baseName)
            let destination = try files.quarantine(name)
            return StoreResult(value: nil, notices: (notice.map { [$0] } ?? []) + [StateDirectory.notice(unreadable, movedTo: destination)])
        }
        residents.insert(resident, for: name.baseName, cost: resident.state.map(Self.cost(of:)) ?? 256)
        return StoreResult(value: resident.state, notices: notice.map { [$0] } ?? [])
    }

    func delete(files: StateDirectory, user: String) throws {
        let name = try UserFileName(user: user)
        let lock = stripe(name)
        lock.lock()
        defer { lock.unlock() }
        residents.remove(name.baseName)
        journals.close(name.baseName)
        try files.deleteFiles(name)
    }

    /// Rewrites the state file of every session in memory that has a journal, and removes
    /// their journals.
    func compactAll(files: StateDirectory) throws {
        var firstError: (any Error)?
        for name in residents.values.map(\.name) {
            let key = name.baseName
            let lock = stripe(name)
            lock.lock()
            defer { lock.unlock() }
            guard var resident = residents.value(for: key), let state = resident.state else { continue }
            guard resident.entries > 0 else {
                // A journal that compaction emptied in place, if any, goes.
                journals.close(key)
                if resident.length == nil { unlink(files.journalURL(name).path) }
                continue
            }
            do {
                try compact(files: files, name, &resident, to: state)
                residents.insert(resident, for: key, cost: Self.cost(of: state))
            } catch {
                residents.remove(key)
                if firstError == nil { firstError = error }
            }
        }
        if let firstError { throw firstError }
    }

    // MARK: - Files

    /// Reads the user's files; trims an unfinished last journal line, removes a stale journal
    /// and sets aside one that does not belong to the state file (saying so in `notice`).
    private func read(files: StateDirectory, _ name: UserFileName) throws -> (Resident, StateDirectory.Unreadable?, notice: String?) {
        // The journal may be trimmed, removed or replaced below: write it afresh afterwards.
        journals.close(name.baseName)
        let snapshot = try files.readFiles(name)
        var resident = Resident(name: name, state: nil, base: snapshot.base, entries: 0, length: nil)
        let journal = files.journalURL(name).path
        var notice: String?
        switch snapshot.journal {
        case .none, .damaged:
            break
        case .orphaned(let turns):
            notice = StateDirectory.orphanNotice(turns: turns, movedTo: try files.setJournalAside(name))
        case .stale:
            // Its turns are in the state file; a new journal will be started at this name.
            guard unlink(journal) == 0 || errno == ENOENT else {
                throw SessionStoreError("Could not remove the old journal \(journal): \(StateDirectory.describe(errno)).")
            }
        case .current(let entries, let length, let trailing):
            if entries == 0 {
                // A header alone: start a new journal.
                guard unlink(journal) == 0 || errno == ENOENT else {
                    throw SessionStoreError("Could not remove the empty journal \(journal): \(StateDirectory.describe(errno)).")
                }
            } else {
                if trailing > 0 {
                    // A write that never finished (its reply was never sent): the next line
                    // must not be glued to it.
                    guard truncate(journal, off_t(length)) == 0 else {
                        throw SessionStoreError("Could not repair the journal \(journal): \(StateDirectory.describe(errno)).")
                    }
                }
                resident.entries = entries
                resident.length = length
            }
        }
        switch snapshot.contents {
        case .missing:
            return (resident, nil, notice)
        case .readable(let state):
            resident.state = state
            return (resident, nil, notice)
        case .unreadable(let reason):
            return (resident, reason, notice)
        }
    }

    /// Appends the change from `old` to `new` to the journal, starting one if there is none.
    private func append(files: StateDirectory, _ name: UserFileName, _ resident: inout Resident, from old: SessionState, to new: SessionState) throws {
        var bytes: Data
        do {
            bytes = try SessionJournal.encode(SessionJournal.Entry(from: old, to: new))
            if resident.length == nil { bytes = try SessionJournal.encodeHeader(base: resident.base) + bytes }
        } catch {
            throw SessionStoreError("Could not save your conversation: it could not be encoded (\(error)).")
        }
        let creating = resident.length == nil
        let previous = resident.length ?? 0
        guard previous + bytes.count <= FileSessionStore.maximumJournalSize else {
            return try compact(files: files, name, &resident, to: new, keepingJournalOpen: true)
        }
        let journal: OpenJournals.Handle
        if let open = journals.handle(name.baseName) {
            // Open journals are the user's current one: the journal so far, or (when
            // `creating`) one that compaction emptied.
            journal = open
        } else {
            journal = try openJournal(files: files, name, creating: creating)
        }
        var failure = StateDirectory.writeAll(bytes, to: journal.descriptor)
        if failure == 0 && files.durability == .synced && fdatasync(journal.descriptor) != 0 { failure = errno }
        guard failure == 0 else {
            // Take back what was written of the line; if that fails too, the line is
            // unfinished at the end of the journal, and ignored when it is read again.
            journals.close(name.baseName)
            if creating { unlink(files.journalURL(name).path) } else { _ = ftruncate(journal.descriptor, off_t(previous)) }
            throw SessionStoreError("Could not save your conversation in \(files.journalURL(name).path): \(StateDirectory.describe(failure)).")
        }
        if creating && files.durability == .synced { try files.syncDirectory() }
        resident.length = previous + bytes.count
        resident.entries += 1
        journalBytes.add(bytes.count, ordering: .relaxed)
    }

    /// Opens the user's journal for appending (creating it when `creating`) and keeps it open.
    private func openJournal(files: StateDirectory, _ name: UserFileName, creating: Bool) throws -> OpenJournals.Handle {
        let path = files.journalURL(name).path
        var flags = O_WRONLY | O_APPEND | O_CLOEXEC | O_NOFOLLOW
        if creating { flags |= O_CREAT | O_EXCL }
        var descriptor = open(path, flags, 0o600)
        if descriptor < 0 && creating && errno == EEXIST {
            // Not ours (it was removed or never there when this session was read): a crash's.
            unlink(path)
            descriptor = open(path, flags, 0o600)
        }
        guard descriptor >= 0 else {
            throw SessionStoreError("Could not save your conversation in \(path): \(StateDirectory.describe(errno)).")
        }
        let handle = OpenJournals.Handle(descriptor: descriptor)
        journals.keep(handle, for: name.baseName)
        return handle
    }

    /// The number of journal entries at which a session's state file is rewritten: between
    /// half of `compactEvery` and all of it, by user, so that conversations that started
    /// together do not all rewrite their state files in the same moment.
    func compactionPoint(_ name: UserFileName) -> Int {
        let hash = FNV1a.hash(name.baseName.utf8)
        let half = UInt64(compactEvery / 2)
        return compactEvery - Int(hash % (half + 1))
    }

    /// Writes `state` as the state file; the journal, whose turns it holds, is emptied in
    /// place when it is open and `keepingJournalOpen` (the next turn writes a new header
    /// into it), and removed otherwise.
    private func compact(
        files: StateDirectory, _ name: UserFileName, _ resident: inout Resident, to state: SessionState, keepingJournalOpen: Bool = false
    ) throws {
        let data = try files.encode(state)
        _ = try files.replaceAtomically(files.stateURL(name), with: data, temporary: files.temporaryURL(name))
        compactions.add(1, ordering: .relaxed)
        // Once the new state file is in place the journal is stale (its header names the old
        // one), and so is an empty one: emptying or removing it only saves reading it.
        if let open = journals.handle(name.baseName), keepingJournalOpen, ftruncate(open.descriptor, 0) == 0 {
            // Kept: creating a file costs more than the rest of the compaction.
        } else {
            journals.close(name.baseName)
            if resident.length != nil { unlink(files.journalURL(name).path) }
        }
        resident.base = SessionJournal.base(contents: data)
        resident.entries = 0
        resident.length = nil
    }

    /// About how many bytes a session takes in memory.
    static func cost(of state: SessionState) -> Int {
        var bytes = 512 + state.context.lastStems.count * 24
        for turn in state.turns {
            bytes += 96 + turn.user.utf8.count + turn.intent.utf8.count + turn.reply.utf8.count
        }
        return bytes
    }
}
