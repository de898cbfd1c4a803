@testable import AdvisorEngine
@testable import AdvisorStore
import Foundation
import Testing

/// The daemon's options of the file store: process-crash-safe saves and the state cache.
@Suite struct FileSessionStoreOptionsTests {
    @Test func processCrashSafeSavesReplaceTheFileWholeAndLeaveNoTemporaryFile() throws {
        try withTemporaryDirectory { directory in
            let store = try FileSessionStore(directory: directory, durability: .processCrashSafe)
            for number in 0..<5 {
                _ = try store.update(user: "alice") { $0.record(turn("message \(number)", second: number)) }
                let saved = try FileSessionStore(directory: directory).load(user: "alice").value
                #expect(saved?.turnCount == number + 1)
            }
            #expect(try fileNames(in: directory) == ["alice.json", "alice.lock"])
            let reread = try FileSessionStore(directory: directory).load(user: "alice").value
            #expect(reread?.turns.map(\.user) == (0..<5).map { "message \($0)" })
            #expect(permissions(of: directory.appendingPathComponent("alice.json")) == 0o600)
        }
    }

    @Test func cachedStoreSeesWhatAnotherStoreWrote() throws {
        try withTemporaryDirectory { directory in
            let cached = try FileSessionStore(directory: directory, durability: .processCrashSafe, cacheBytes: 1 << 20)
            let other = try FileSessionStore(directory: directory)
            _ = try cached.update(user: "alice") { $0.record(turn("first")) }
            _ = try other.update(user: "alice") { $0.record(turn("second", second: 1)) }
            #expect(try cached.load(user: "alice").value?.turns.map(\.user) == ["first", "second"])
            _ = try cached.update(user: "alice") { $0.record(turn("third", second: 2)) }
            #expect(try other.load(user: "alice").value?.turns.map(\.user) == ["first", "second", "third"])
        }
    }

    @Test func cachedStoreForgetsUsersDeletedByAnyStore() throws {
        try withTemporaryDirectory { directory in
            let cached = try FileSessionStore(directory: directory, cacheBytes: 1 << 20)
            _ = try cached.update(user: "alice") { $0.record(turn("hello")) }
            _ = try cached.update(user: "bob") { $0.record(turn("hello")) }
            try cached.delete(user: "alice")
            #expect(try cached.load(user: "alice").value == nil)
            try FileSessionStore(directory: directory).delete(user: "bob")
            #expect(try cached.load(user: "bob").value == nil)
        }
    }

    @Test func cachedStoreNoticesAFileBrokenBehindItsBack() throws {
        try withTemporaryDirectory { directory in
            let cached = try FileSessionStore(directory: directory, cacheBytes: 1 << 20)
            _ = try cached.update(user: "alice") { $0.record(turn("hello")) }
            try Data("{ not json".utf8).write(to: directory.appendingPathComponent("alice.json"))
            let loaded = try cached.load(user: "alice")
            #expect(loaded.value == nil)
            #expect(loaded.notices.count == 1)
        }
    }

    @Test func cacheKeepsTheMostRecentlyUsedStatesWithinItsLimit() {
        let cache = SessionStateCache(limit: 300)
        let contents = Data(repeating: 0x20, count: 100)
        for name in ["a", "b", "c"] { cache.insert(SessionState(user: name), for: name, contents: contents) }
        #expect(cache.state(for: "a", contents: contents)?.user == "a")
        cache.insert(SessionState(user: "d"), for: "d", contents: contents)
        #expect(cache.count == 3)
        #expect(cache.state(for: "b", contents: contents) == nil)
        #expect(cache.state(for: "a", contents: contents) != nil)
        #expect(cache.state(for: "c", contents: Data("other".utf8)) == nil)
        #expect(cache.count == 2)
        cache.insert(SessionState(user: "huge"), for: "huge", contents: Data(count: 1000))
        #expect(cache.state(for: "huge", contents: Data(count: 1000)) == nil)
        #expect(cache.bytes <= 300)
    }
}
