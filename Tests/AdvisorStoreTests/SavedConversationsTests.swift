@testable import AdvisorEngine
@testable import AdvisorStore
import Foundation
import Testing

/// Reading every saved conversation for a report, while the daemon's store holds the directory.
@Suite struct SavedConversationsTests {
    @Test func readsJournaledAndSharedConversationsWithoutLockingOrMovingAnything() throws {
        try withTemporaryDirectory { directory in
            // The daemon's store: its turns are only in journals, and it holds the directory.
            let daemon = try FileSessionStore(directory: directory, durability: .processCrashSafe, cacheBytes: 1 << 20, sharing: .exclusive)
            for number in 0..<3 {
                _ = try daemon.update(user: "alice") { $0.record(turn("alice \(number)", second: number)) }
            }
            _ = try daemon.update(user: "priya k") { $0.record(turn("is gmat waived", second: 9)) }
            // A damaged state file of a third user, and files that are not conversations.
            try Data("{not json".utf8).write(to: directory.appendingPathComponent("bob.json"))
            try Data("x".utf8).write(to: directory.appendingPathComponent(".alice.json.tmp"))
            try Data("{}".utf8).write(to: directory.appendingPathComponent("carol.json.corrupt-20260101T000000Z"))
            let before = try fileNames(in: directory)

            let saved = try SavedConversations.read(directory: directory)
            #expect(saved.states.map(\.user) == ["alice", "priya k"])
            #expect(saved.states.first?.turns.map(\.user) == ["alice 0", "alice 1", "alice 2"])
            #expect(saved.unreadable == ["bob: it is not valid JSON"])
            // Nothing was moved aside or created, and the daemon's store still works.
            #expect(try fileNames(in: directory) == before)
            _ = try daemon.update(user: "alice") { $0.record(turn("alice 3", second: 3)) }
            #expect(try SavedConversations.read(directory: directory).states.first?.turns.count == 4)
        }
    }

    @Test func aMissingDirectoryIsASentenceNotAnEmptyReport() throws {
        try withTemporaryDirectory { directory in
            #expect(throws: SessionStoreError.self) { try SavedConversations.read(directory: directory.appendingPathComponent("absent")) }
            #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("absent").path))
        }
    }

    @Test func fileNamesAreDecodedOnlyWhenAUserNameEncodesToThem() throws {
        #expect(UserFileName(baseName: "priya%20k")?.baseName == "priya%20k")
        #expect(UserFileName(baseName: try UserFileName(user: "दीपा").baseName) != nil)
        for bad in ["", ".hidden", "a b", "a%2", "a%zz", "a/b"] { #expect(UserFileName(baseName: bad) == nil, "\(bad)") }
    }
}
