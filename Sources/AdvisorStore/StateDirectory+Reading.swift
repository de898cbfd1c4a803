import AdvisorEngine
import Foundation
import Glibc

extension StateDirectory {
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
                "it is larger than the limit of \(StateDirectory.sizeLimitDescription)"
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
        let journalData = try readFile(journalURL(name).path, limit: FileSessionStore.maximumJournalSize)
        let json = try readFile(stateURL(name).path, limit: FileSessionStore.maximumFileSize)
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
}
