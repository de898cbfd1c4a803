@testable import AdvisorEngine
@testable import AdvisorStore
import Foundation
import Testing
import Glibc

@Suite struct FileSessionStoreRoundTrip {
    /// A file written before `Profile.interests` went (it was never filled) still loads, profile and all.
    @Test func aStateFileWithTheRetiredInterestsFieldLoads() throws {
        try withTemporaryDirectory { directory in
            let store = try FileSessionStore(directory: directory)
            let file = directory.appendingPathComponent("alice.json")
            try UnreadableFile.state { $0["profile"] = ["name": "Alice", "role": "quality engineer", "interests": [String]()] }.write(to: file)
            let loaded = try store.load(user: "alice")
            #expect(loaded.notices.isEmpty, "\(loaded.notices)")
            #expect(loaded.value?.profile.name == "Alice" && loaded.value?.profile.role == "quality engineer")
            #expect(loaded.value?.turns.count == 1)
        }
    }

    @Test func savedStateLoadsBackEqualInAnotherInstance() throws {
        try withTemporaryDirectory { directory in
            let store = try FileSessionStore(directory: directory)
            var expected: SessionState?
            _ = try store.update(user: "alice") { state in
                state.profile.name = "Alice"
                state.profile.role = "plant manager"
                state.context.topic = "program-overview"
                state.context.choices = [Choice(intent: "fees", label: "Fees")]
                state.createdAt = Date(timeIntervalSince1970: 1_700_000_000)
                state.record(turn("hello"))
                state.record(turn("what is the program?", second: 5))
                expected = state
            }
            let loaded = try FileSessionStore(directory: directory).load(user: "alice")
            #expect(loaded.value == expected)
            #expect(loaded.notices.isEmpty)
        }
    }

    @Test func updateReturnsTheBodysValue() throws {
        try withTemporaryDirectory { directory in
            let store = try FileSessionStore(directory: directory)
            let result = try store.update(user: "alice") { state -> String in
                state.record(turn("hi"))
                return "answered \(state.turnCount)"
            }
            #expect(result.value == "answered 1")
            #expect(result.notices.isEmpty)
        }
    }

    @Test func throwingBodyWritesNothing() throws {
        struct Refused: Error {}
        try withTemporaryDirectory { directory in
            let store = try FileSessionStore(directory: directory)
            _ = try store.update(user: "alice") { $0.record(turn("first")) }
            let before = try store.load(user: "alice").value

            #expect(throws: Refused.self) {
                try store.update(user: "alice") { state in
                    state.record(turn("second"))
                    throw Refused()
                }
            }
            #expect(try store.load(user: "alice").value == before)

            #expect(throws: Refused.self) {
                try store.update(user: "bob") { _ in throw Refused() }
            }
            #expect(try store.load(user: "bob").value == nil)
            #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("bob.json").path))
        }
    }

    @Test func loadingAnUnknownUserIsNilAndCreatesNothing() throws {
        try withTemporaryDirectory { directory in
            let store = try FileSessionStore(directory: directory)
            let result = try store.load(user: "nobody")
            #expect(result.value == nil)
            #expect(result.notices.isEmpty)
            #expect(try fileNames(in: directory).isEmpty)
        }
    }

    @Test func directoryAndFilesArePrivate() throws {
        try withTemporaryDirectory { directory in
            let nested = directory.appendingPathComponent("state/advisor", isDirectory: true)
            let store = try FileSessionStore(directory: nested)
            _ = try store.update(user: "alice") { $0.record(turn("hi")) }
            #expect(permissions(of: directory) == 0o700)
            #expect(permissions(of: nested) == 0o700)
            #expect(permissions(of: nested.appendingPathComponent("alice.json")) == 0o600)
            #expect(permissions(of: nested.appendingPathComponent("alice.lock")) == 0o600)
        }
    }

    @Test func aFileInPlaceOfTheDirectoryIsRefused() throws {
        try withTemporaryDirectory { directory in
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let file = directory.appendingPathComponent("not-a-directory")
            try Data("x".utf8).write(to: file)
            #expect(throws: SessionStoreError.self) { try FileSessionStore(directory: file) }
        }
    }

    @Test func fileIsCompactSortedJSONWithISODates() throws {
        try withTemporaryDirectory { directory in
            let store = try FileSessionStore(directory: directory)
            _ = try store.update(user: "alice") { $0.record(turn("hi")) }
            let text = try String(contentsOf: directory.appendingPathComponent("alice.json"), encoding: .utf8)
            #expect(text.contains("\"updatedAt\":\"2023-11-14T22:13:20Z\""))
            #expect(!text.contains("\n"))
            // createdAt is nil, and nil values are left out; top-level keys come sorted.
            #expect(text.hasPrefix("{\"context\":"))
            #expect(text.contains("\"turnCount\":1,\"turns\":["))
            #expect(text.hasSuffix("\"updatedAt\":\"2023-11-14T22:13:20Z\",\"user\":\"alice\",\"version\":1}"))
        }
    }

    @Test func unchangedStateIsNotRewritten() throws {
        try withTemporaryDirectory { directory in
            let store = try FileSessionStore(directory: directory)
            _ = try store.update(user: "alice") { $0.record(turn("hi")) }
            let file = directory.appendingPathComponent("alice.json")
            let before = inode(of: file)
            let count = try store.update(user: "alice") { $0.turnCount }
            #expect(count.value == 1)
            #expect(inode(of: file) == before)
        }
    }
}

@Suite struct AtomicReplacement {
    @Test func noTemporaryFilesRemainAfterSaving() throws {
        try withTemporaryDirectory { directory in
            let store = try FileSessionStore(directory: directory)
            for index in 0..<3 {
                _ = try store.update(user: "alice") { $0.record(turn("message \(index)")) }
            }
            #expect(try fileNames(in: directory) == ["alice.json", "alice.lock"])
        }
    }

    @Test func halfWrittenTemporaryFilesAreIgnoredAndTheOwnIsCleanedUp() throws {
        try withTemporaryDirectory { directory in
            let store = try FileSessionStore(directory: directory)
            _ = try store.update(user: "alice") { $0.record(turn("kept")) }
            let previous = try #require(try store.load(user: "alice").value)

            // A crash mid-write: half of a newer state in the temporary file.
            var newer = previous
            newer.record(turn("lost in the crash"))
            let encoded = try JSONEncoder().encode(newer)
            let half = encoded.prefix(encoded.count / 2)
            let ownTemporary = store.files.temporaryURL(try UserFileName(user: "alice"))
            try half.write(to: ownTemporary)
            let strayTemporary = directory.appendingPathComponent(".alice.json.tmp-4242")
            try half.write(to: strayTemporary)

            let reloaded = try FileSessionStore(directory: directory)
            #expect(try reloaded.load(user: "alice").value == previous)

            let result = try reloaded.update(user: "alice") { $0.record(turn("after the crash", second: 1)) }
            #expect(result.notices.isEmpty)
            #expect(try reloaded.load(user: "alice").value?.turnCount == 2)
            #expect(!FileManager.default.fileExists(atPath: ownTemporary.path))
            #expect(FileManager.default.fileExists(atPath: strayTemporary.path))
        }
    }
}

/// Bytes that cannot be read as a state, and why.
enum UnreadableFile: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case garbage, wrongShape, futureVersion, oversized, zeroVersion
    // Well-formed files holding values no conversation produces: the daemon used to trap on them.
    case negativeTurnCount, hugeTurnCount, assessmentStep99, negativeAssessmentStep, hugeExperience, negativeDepth

    /// A valid state file of one turn, with `edit` applied to its JSON object.
    static func state(_ edit: (inout [String: Any]) -> Void) -> Data {
        var state = SessionState(user: "alice")
        state.record(turn("hello"))
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        // swiftlint:disable:next force_try force_cast
        var object = try! JSONSerialization.jsonObject(with: try! encoder.encode(state)) as! [String: Any]
        edit(&object)
        // swiftlint:disable:next force_try
        return try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }

    static func context(_ edit: @escaping (inout [String: Any]) -> Void) -> Data {
        state { object in
            var context = object["context"] as? [String: Any] ?? [:]
            edit(&context)
            object["context"] = context
        }
    }

    var bytes: Data {
        switch self {
        case .garbage:
            Data([0xFF, 0x00, 0x7B, 0x22, 0xC3, 0x28, 0x0A])
        case .wrongShape:
            Data(#"{"version": 1, "user": ["not", "a", "string"]}"#.utf8)
        case .futureVersion:
            Data(#"{"version": \#(SessionState.schemaVersion + 1), "user": "alice", "somethingNew": true}"#.utf8)
        case .oversized:
            Data(#"{"version": 1, "padding": ""#.utf8) + Data(repeating: 0x61, count: FileSessionStore.maximumFileSize) + Data(#""}"#.utf8)
        case .zeroVersion:
            Data(#"{"version": 0}"#.utf8)
        case .negativeTurnCount: Self.state { $0["turnCount"] = -1 }
        case .hugeTurnCount: Self.state { $0["turnCount"] = Int.max }
        case .assessmentStep99: Self.context { $0["assessment"] = ["step": 99, "answers": [String: String](), "isPaused": true] }
        case .negativeAssessmentStep: Self.context { $0["assessment"] = ["step": -1, "answers": [String: String](), "isPaused": false] }
        case .hugeExperience: Self.state { $0["profile"] = ["experienceYears": Int.max, "interests": [String]()] }
        case .negativeDepth: Self.context { $0["depth"] = -3 }
        }
    }

    var reason: String {
        switch self {
        case .garbage: "not valid JSON"
        case .wrongShape, .zeroVersion: "not in the format"
        case .futureVersion: "newer version"
        case .oversized: "larger than the limit of 1 MiB"
        case .negativeTurnCount: "a value out of range (turnCount is -1)"
        case .hugeTurnCount: "a value out of range (turnCount is \(Int.max))"
        case .assessmentStep99: "a value out of range (the assessment's step is 99)"
        case .negativeAssessmentStep: "a value out of range (the assessment's step is -1)"
        case .hugeExperience: "a value out of range (experienceYears is \(Int.max))"
        case .negativeDepth: "a value out of range (context.depth is -3)"
        }
    }

    var testDescription: String { rawValue }
}

@Suite struct UnreadableStateFiles {
    static let clock: @Sendable () -> Date = { Date(timeIntervalSince1970: 1_700_000_000) }
    static let quarantineName = "alice.json.corrupt-20231114T221320Z"

    @Test(arguments: UnreadableFile.allCases)
    func isMovedAsideAndReportedOnce(file: UnreadableFile) throws {
        try withTemporaryDirectory { directory in
            let store = try FileSessionStore(directory: directory, now: Self.clock)
            try file.bytes.write(to: directory.appendingPathComponent("alice.json"))

            let first = try store.update(user: "alice") { $0.record(turn("hello again")) }
            let quarantined = directory.appendingPathComponent(Self.quarantineName)
            #expect(first.notices.count == 1)
            let notice = try #require(first.notices.first)
            #expect(notice.contains("Your saved conversation could not be read"))
            #expect(notice.contains(file.reason))
            #expect(notice.contains(quarantined.path))
            #expect(notice.contains("a fresh conversation was started"))
            #expect(try Data(contentsOf: quarantined) == file.bytes)

            let state = try #require(try store.load(user: "alice").value)
            #expect(state.turnCount == 1)
            #expect(state.turns.map(\.user) == ["hello again"])

            let second = try store.update(user: "alice") { $0.record(turn("and again", second: 1)) }
            #expect(second.notices.isEmpty)
            #expect(try store.load(user: "alice").value?.turnCount == 2)
            #expect(try fileNames(in: directory) == ["alice.json", Self.quarantineName, "alice.lock"].sorted())
        }
    }

    @Test(arguments: UnreadableFile.allCases)
    func loadMovesAsideOnceThenReturnsNil(file: UnreadableFile) throws {
        try withTemporaryDirectory { directory in
            let store = try FileSessionStore(directory: directory, now: Self.clock)
            try file.bytes.write(to: directory.appendingPathComponent("alice.json"))

            let first = try store.load(user: "alice")
            #expect(first.value == nil)
            #expect(first.notices.count == 1)
            #expect(first.notices.first?.contains(file.reason) == true)
            #expect(try Data(contentsOf: directory.appendingPathComponent(Self.quarantineName)) == file.bytes)

            let second = try store.load(user: "alice")
            #expect(second.value == nil)
            #expect(second.notices.isEmpty)
        }
    }

    @Test func aThrowingBodyLeavesTheUnreadableFileWhereItIs() throws {
        struct Refused: Error {}
        try withTemporaryDirectory { directory in
            let store = try FileSessionStore(directory: directory, now: Self.clock)
            let file = directory.appendingPathComponent("alice.json")
            try UnreadableFile.garbage.bytes.write(to: file)
            #expect(throws: Refused.self) {
                try store.update(user: "alice") { _ in throw Refused() }
            }
            #expect(try Data(contentsOf: file) == UnreadableFile.garbage.bytes)
            #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent(Self.quarantineName).path))

            // The user is told on the next turn that does go through.
            let result = try store.update(user: "alice") { $0.record(turn("hi")) }
            #expect(result.notices.count == 1)
        }
    }

    @Test func anEarlierQuarantinedFileIsNeverOverwritten() throws {
        try withTemporaryDirectory { directory in
            let store = try FileSessionStore(directory: directory, now: Self.clock)
            let earlier = Data("an earlier unreadable file".utf8)
            try earlier.write(to: directory.appendingPathComponent(Self.quarantineName))
            try UnreadableFile.garbage.bytes.write(to: directory.appendingPathComponent("alice.json"))

            let result = try store.update(user: "alice") { $0.record(turn("hi")) }
            let second = directory.appendingPathComponent(Self.quarantineName + "-1")
            #expect(result.notices.first?.contains(second.path) == true)
            #expect(try Data(contentsOf: directory.appendingPathComponent(Self.quarantineName)) == earlier)
            #expect(try Data(contentsOf: second) == UnreadableFile.garbage.bytes)
        }
    }
}

@Suite struct ConcurrentWriters {
    @Test func separateInstancesLoseNoTurns() throws {
        try withTemporaryDirectory { directory in
            _ = try FileSessionStore(directory: directory)
            let errors = ErrorLog()
            DispatchQueue.concurrentPerform(iterations: 8) { writer in
                do {
                    let store = try FileSessionStore(directory: directory)
                    for index in 0..<50 {
                        _ = try store.update(user: "alice") { $0.record(turn("writer \(writer) turn \(index)")) }
                    }
                } catch {
                    errors.record(error)
                }
            }
            #expect(errors.all.isEmpty)
            let state = try #require(try FileSessionStore(directory: directory).load(user: "alice").value)
            #expect(state.turnCount == 400)
            #expect(state.turns.count == SessionState.maximumTurns)
            // Each writer's kept turns are in the order it took them.
            for writer in 0..<8 {
                let indexes = state.turns.compactMap { turn -> Int? in
                    let prefix = "writer \(writer) turn "
                    return turn.user.hasPrefix(prefix) ? Int(turn.user.dropFirst(prefix.count)) : nil
                }
                #expect(indexes == indexes.sorted())
            }
            #expect(try fileNames(in: directory) == ["alice.json", "alice.lock"])
        }
    }

    @Test func writersKeepWorkingWhileTheUserIsDeleted() throws {
        try withTemporaryDirectory { directory in
            _ = try FileSessionStore(directory: directory)
            let errors = ErrorLog()
            DispatchQueue.concurrentPerform(iterations: 4) { worker in
                do {
                    let store = try FileSessionStore(directory: directory)
                    for index in 0..<30 {
                        if worker == 0 {
                            try store.delete(user: "alice")
                        } else {
                            _ = try store.update(user: "alice") { $0.record(turn("writer \(worker) turn \(index)")) }
                        }
                    }
                } catch {
                    errors.record(error)
                }
            }
            // No writer failed or saw its lock file vanish from under it.
            #expect(errors.all.isEmpty)
            let state = try FileSessionStore(directory: directory).load(user: "alice").value
            #expect((state?.turnCount ?? 0) <= 90)
        }
    }
}

@Suite struct DeletingAUser {
    @Test func deleteRemovesEverythingStoredAboutTheUserAndNothingElse() throws {
        try withTemporaryDirectory { directory in
            let store = try FileSessionStore(directory: directory)
            // Users whose files start like alice's, because dots are kept in file names.
            let neighbours = ["bob", "alice.json", "alice.json.corrupt-20231114T221320Z", "alice.history"]
            for user in ["alice"] + neighbours {
                _ = try store.update(user: user) { $0.record(turn("hi")) }
                try Data("history".utf8).write(to: try store.fileURL(user: user, extension: "history"))
            }
            try Data("unreadable".utf8).write(to: directory.appendingPathComponent("alice.json.corrupt-20231114T221320Z"))
            try Data("unreadable".utf8).write(to: directory.appendingPathComponent("alice.json.corrupt-20231114T221320Z-3"))
            try Data("half".utf8).write(to: store.files.temporaryURL(try UserFileName(user: "alice")))
            let before = try fileNames(in: directory)

            try store.delete(user: "alice")

            let removed = Set(before).subtracting(try fileNames(in: directory))
            #expect(removed == [
                "alice.json", "alice.lock", "alice.history", ".alice.json.tmp",
                "alice.json.corrupt-20231114T221320Z", "alice.json.corrupt-20231114T221320Z-3",
            ])
            #expect(try store.load(user: "alice").value == nil)
            for user in neighbours {
                #expect(try store.load(user: user).value?.turnCount == 1)
            }
        }
    }

    @Test func deletingAnUnknownUserSucceedsAndLeavesNoFiles() throws {
        try withTemporaryDirectory { directory in
            let store = try FileSessionStore(directory: directory)
            try store.delete(user: "nobody")
            #expect(try fileNames(in: directory).isEmpty)
        }
    }

    @Test func aDeletedUserStartsFresh() throws {
        try withTemporaryDirectory { directory in
            let store = try FileSessionStore(directory: directory)
            _ = try store.update(user: "alice") { $0.profile.name = "Alice" }
            try store.delete(user: "alice")
            let result = try store.update(user: "alice") { $0 }
            #expect(result.value == SessionState(user: "alice"))
        }
    }
}

/// The audit: a link or a directory where a state file or journal should be was refused on
/// every turn and never moved aside; the user could never talk again.
@Suite struct NonRegularStateFiles {
    enum Kind: String, CaseIterable, Sendable { case linkToAFile, directory, fifo }

    static func make(_ kind: Kind, at url: URL, in directory: URL) throws {
        switch kind {
        case .linkToAFile:
            let target = directory.appendingPathComponent("elsewhere.txt")
            try Data("someone else's file".utf8).write(to: target)
            try FileManager.default.createSymbolicLink(atPath: url.path, withDestinationPath: target.path)
        case .directory:
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: false)
        case .fifo:
            #expect(mkfifo(url.path, 0o600) == 0)
        }
    }

    @Test(arguments: Kind.allCases, ["json", "journal"])
    func isMovedAsideOnceAndTheConversationGoesOn(kind: Kind, file: String) throws {
        try withTemporaryDirectory { directory in
            let store = try FileSessionStore(directory: directory, now: UnreadableStateFiles.clock)
            try Self.make(kind, at: directory.appendingPathComponent("alice." + file), in: directory)
            let first = try store.update(user: "alice") { $0.record(turn("hello")) }
            #expect(first.notices.count == 1, "\(first.notices)")
            #expect(first.notices.first?.contains("could not be read") == true)
            let second = try store.update(user: "alice") { $0.record(turn("again", second: 1)) }
            #expect(second.notices.isEmpty)
            #expect(try store.load(user: "alice").value?.turnCount == 2)
            #expect(try fileNames(in: directory).contains { $0.hasPrefix("alice.\(file).corrupt-") })
            if kind == .linkToAFile {
                #expect(try String(contentsOf: directory.appendingPathComponent("elsewhere.txt"), encoding: .utf8) == "someone else's file")
            }
        }
    }
}
