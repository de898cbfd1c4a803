import AdvisorEngine
import Foundation

/// Every conversation saved in a state directory, read for reports (`advisor diff-kb
/// --state-dir`): never written, never locked, never moved aside, so it is safe while a
/// daemon or chats use the directory.
///
/// Each user's state file is read with its journal replayed on it, as the store reads it;
/// a file the store would quarantine is only named in `unreadable`.
public struct SavedConversations: Sendable {
    /// The states that could be read, ordered by file name.
    public var states: [SessionState]
    /// The base names of the users whose files could not be read, and why.
    public var unreadable: [String]
    /// Files the store set aside (unreadable states and journals, orphaned journals): kept,
    /// never read here.
    public var setAside = 0

    /// Reads every user's files in `directory`.
    ///
    /// - Throws: `SessionStoreError` if the directory does not exist or cannot be listed.
    /// - Parameter progress: called every 1,000 users with the number read and the total.
    public static func read(directory: URL, progress: ((Int, Int) -> Void)? = nil) throws -> SavedConversations {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw SessionStoreError("\(directory.path) is not a state directory (it does not exist or is not a directory).")
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw SessionStoreError("Could not list the state directory \(directory.path): \(error.localizedDescription)")
        }
        // A user has a state file, a journal, or both (a daemon's first turns are journaled).
        var bases = Set<String>()
        for name in names {
            for suffix in [".json", ".journal"] where name.hasSuffix(suffix) {
                bases.insert(String(name.dropLast(suffix.count)))
            }
        }
        // Only `readFiles`: no lock, no quarantine, no directory lock, nothing written.
        let files = try StateDirectory(directory: directory, durability: .synced, cache: nil, now: { Date() })
        var result = SavedConversations(states: [], unreadable: [])
        result.setAside = names.filter { $0.contains(".corrupt-") || $0.contains(".orphaned-") }.count
        let sorted = bases.sorted()
        for (index, base) in sorted.enumerated() {
            if let progress, index > 0, index.isMultiple(of: 1000) { progress(index, sorted.count) }
            guard let name = UserFileName(baseName: base) else { continue }
            do {
                switch try files.readFiles(name).contents {
                case .missing: continue
                case .readable(let state): result.states.append(state)
                case .unreadable(let reason): result.unreadable.append("\(base): \(reason.explanation)")
                }
            } catch {
                result.unreadable.append("\(base): \(error)")
            }
        }
        return result
    }
}
