@testable import AdvisorEngine
@testable import AdvisorStore
import Foundation
import Testing
import Glibc

/// The exclusive store: sessions in memory, each turn one journal line, compaction.
@Suite struct ResidentSessionsTests {
    static func exclusive(_ directory: URL, cacheBytes: Int = 1 << 20) throws -> FileSessionStore {
        try FileSessionStore(directory: directory, durability: .processCrashSafe, cacheBytes: cacheBytes, sharing: .exclusive)
    }

    static func journal(_ directory: URL, _ user: String = "alice") -> URL {
        directory.appendingPathComponent(user + ".journal")
    }

    static func lines(_ url: URL) throws -> [Substring] {
        try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
    }

    @Test func eachTurnIsOneJournalLineThatAnotherStoreReads() throws {
        try withTemporaryDirectory { directory in
            let store = try Self.exclusive(directory)
            for number in 0..<5 {
                _ = try store.update(user: "alice") { $0.record(turn("message \(number)", second: number)) }
                let read = try FileSessionStore(directory: directory).load(user: "alice").value
                #expect(read?.turns.map(\.user) == (0...number).map { "message \($0)" })
                #expect(read?.turnCount == number + 1)
            }
            // A header, five entries, and nothing after the last newline.
            let lines = try Self.lines(Self.journal(directory))
            #expect(lines.count == 7 && lines.last == "")
            #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("alice.json").path))
            #expect(permissions(of: Self.journal(directory)) == 0o600)
        }
    }

    @Test func journalIsFoldedIntoTheStateFileEverySoOften() throws {
        try withTemporaryDirectory { directory in
            let store = try Self.exclusive(directory)
            let total = FileSessionStore.journalEntries * 2 + 5
            for number in 0..<total {
                _ = try store.update(user: "alice") { $0.record(turn("message \(number)", second: number)) }
            }
            let read = try #require(try FileSessionStore(directory: directory).load(user: "alice").value)
            #expect(read.turnCount == total)
            #expect(read.turns.count == SessionState.maximumTurns)
            #expect(read.turns.last?.user == "message \(total - 1)")
            // The state file decodes on its own; the journal holds only the turns after it.
            let data = try Data(contentsOf: directory.appendingPathComponent("alice.json"))
            #expect(StateDirectory.decode(data) != .unreadable(.notJSON))
            #expect(try Self.lines(Self.journal(directory)).count < FileSessionStore.journalEntries + 2)
        }
    }

    @Test func journalsEmptiedInPlaceReadBackAtEveryTurnAndGoAtAStop() throws {
        try withTemporaryDirectory { directory in
            let store = try Self.exclusive(directory)
            let users = ["alice", "bob", "carol"]
            for number in 0..<(FileSessionStore.journalEntries + 10) {
                for user in users {
                    _ = try store.update(user: user) { $0.record(turn("\(user) \(number)", second: number)) }
                    let read = try FileSessionStore(directory: directory).load(user: user).value
                    #expect(read?.turnCount == number + 1, "\(user) after \(number + 1) turns")
                    #expect(read?.turns.last?.user == "\(user) \(number)")
                }
            }
            try store.compactJournals()
            #expect(try fileNames(in: directory) == ["alice.json", "bob.json", "carol.json"])
        }
    }

    @Test func sessionsFoldTheirJournalsAtDifferentTurns() throws {
        let sessions = ResidentSessions(limit: 1 << 20, compactEvery: 64)
        let points = try (0..<200).map { try sessions.compactionPoint(UserFileName(user: "student-\($0)")) }
        #expect(points.allSatisfy { (32...64).contains($0) })
        #expect(Set(points).count > 20)
    }

    @Test func unfinishedLastLineIsIgnoredAndCutOffBeforeTheNextTurn() throws {
        try withTemporaryDirectory { directory in
            do {
                let store = try Self.exclusive(directory)
                _ = try store.update(user: "alice") { $0.record(turn("one")) }
                _ = try store.update(user: "alice") { $0.record(turn("two", second: 1)) }
            }
            // A write that was cut short (by a power failure: kill -9 cannot cut a write).
            let handle = try FileHandle(forWritingTo: Self.journal(directory))
            handle.seekToEndOfFile()
            handle.write(Data(#"{"keep":2,"add":[{"user":"thr"#.utf8))
            try handle.close()
            #expect(try FileSessionStore(directory: directory).load(user: "alice").value?.turnCount == 2)

            let store = try Self.exclusive(directory)
            _ = try store.update(user: "alice") { $0.record(turn("three", second: 2)) }
            let read = try FileSessionStore(directory: directory).load(user: "alice")
            #expect(read.value?.turns.map(\.user) == ["one", "two", "three"])
            #expect(read.notices.isEmpty)
            #expect(try Self.lines(Self.journal(directory)).last == "")
        }
    }

    @Test func damagedJournalIsMovedAsideWithTheStateFileNeverOverwritten() throws {
        try withTemporaryDirectory { directory in
            do {
                let store = try Self.exclusive(directory)
                for number in 0..<3 { _ = try store.update(user: "alice") { $0.record(turn("m\(number)", second: number)) } }
            }
            var lines = try Self.lines(Self.journal(directory))
            lines[2] = "{ not an entry"
            let damaged = lines.joined(separator: "\n")
            try Data(damaged.utf8).write(to: Self.journal(directory))

            let store = try Self.exclusive(directory)
            let result = try store.update(user: "alice") { $0.record(turn("fresh", second: 9)) }
            #expect(result.notices.count == 1)
            #expect(result.notices.first?.contains("journal") == true)
            let aside = try fileNames(in: directory).filter { $0.hasPrefix("alice.journal.corrupt-") }
            #expect(aside.count == 1)
            #expect(try String(contentsOf: directory.appendingPathComponent(aside[0]), encoding: .utf8) == damaged)
            #expect(try store.load(user: "alice").value?.turns.map(\.user) == ["fresh"])
            #expect(try FileSessionStore(directory: directory).load(user: "alice").value?.turns.map(\.user) == ["fresh"])
            try store.delete(user: "alice")
            #expect(try fileNames(in: directory).isEmpty)
        }
    }

    @Test func staleJournalIsIgnored() throws {
        try withTemporaryDirectory { directory in
            do {
                let store = try Self.exclusive(directory)
                for number in 0..<3 { _ = try store.update(user: "alice") { $0.record(turn("m\(number)", second: number)) } }
            }
            let journal = try Data(contentsOf: Self.journal(directory))
            // A shared store rewrites the state file with the journal's turns folded in...
            _ = try FileSessionStore(directory: directory).update(user: "alice") { $0.record(turn("m3", second: 3)) }
            #expect(!FileManager.default.fileExists(atPath: Self.journal(directory).path))
            // ...and a journal left behind by a crash before its removal is not replayed again.
            try journal.write(to: Self.journal(directory))
            let read = try FileSessionStore(directory: directory).load(user: "alice").value
            #expect(read?.turns.map(\.user) == ["m0", "m1", "m2", "m3"])
            let store = try Self.exclusive(directory)
            _ = try store.update(user: "alice") { $0.record(turn("m4", second: 4)) }
            #expect(try FileSessionStore(directory: directory).load(user: "alice").value?.turnCount == 5)
        }
    }

    @Test func resetAndForgetAreJournalledOrDeleteEverything() throws {
        try withTemporaryDirectory { directory in
            let store = try Self.exclusive(directory)
            for number in 0..<3 { _ = try store.update(user: "alice") { $0.record(turn("m\(number)", second: number)) } }
            _ = try store.update(user: "alice") { state in state = SessionState(user: "alice") }
            _ = try store.update(user: "alice") { $0.record(turn("after", second: 5)) }
            #expect(try FileSessionStore(directory: directory).load(user: "alice").value?.turns.map(\.user) == ["after"])
            try store.delete(user: "alice")
            #expect(try store.load(user: "alice").value == nil)
            #expect(try fileNames(in: directory).isEmpty)
        }
    }

    @Test func sessionsLeaveMemoryAndComeBackFromTheFiles() throws {
        try withTemporaryDirectory { directory in
            // Room for a few sessions only.
            let store = try Self.exclusive(directory, cacheBytes: 4096)
            for round in 0..<3 {
                for user in 0..<20 {
                    _ = try store.update(user: "user\(user)") { $0.record(turn("r\(round)", second: round)) }
                }
            }
            for user in 0..<20 {
                #expect(try store.load(user: "user\(user)").value?.turns.map(\.user) == ["r0", "r1", "r2"])
            }
        }
    }

    @Test func compactingOnShutdownLeavesOnlyStateFiles() throws {
        try withTemporaryDirectory { directory in
            let store = try Self.exclusive(directory)
            for user in ["alice", "bob"] { _ = try store.update(user: user) { $0.record(turn("hi")) } }
            try store.compactJournals()
            #expect(try fileNames(in: directory) == ["alice.json", "bob.json"])
            #expect(try FileSessionStore(directory: directory).load(user: "bob").value?.turnCount == 1)
        }
    }

    @Test func anExclusiveStoreShutsOutOtherWriters() throws {
        try withTemporaryDirectory { directory in
            let store = try Self.exclusive(directory)
            _ = try store.update(user: "alice") { $0.record(turn("hi")) }
            #expect(throws: SessionStoreError.self) { try Self.exclusive(directory) }
            let shared = try FileSessionStore(directory: directory)
            let refusal = #expect(throws: SessionStoreError.self) { try shared.update(user: "alice") { $0.record(turn("no")) } }
            #expect(refusal?.message.contains("advisor chat --connect") == true)
            #expect(throws: SessionStoreError.self) { try shared.delete(user: "alice") }
            // Reading is allowed, and sees the journal.
            #expect(try shared.load(user: "alice").value?.turnCount == 1)
        }
        try withTemporaryDirectory { directory in
            // The other way round: a shared store's write is refused only while the exclusive store is open.
            do { _ = try Self.exclusive(directory) }
            _ = try FileSessionStore(directory: directory).update(user: "alice") { $0.record(turn("hi")) }
        }
    }

    @Test func concurrentUsersAndTurnsLoseNothing() throws {
        try withTemporaryDirectory { directory in
            let store = try Self.exclusive(directory, cacheBytes: 16 << 10)
            let errors = ErrorLog()
            DispatchQueue.concurrentPerform(iterations: 8) { thread in
                for number in 0..<50 {
                    do {
                        _ = try store.update(user: "user\(thread % 4)") { $0.record(turn("t\(thread)-\(number)", second: number)) }
                    } catch {
                        errors.record(error)
                    }
                }
            }
            #expect(errors.all.isEmpty)
            for user in 0..<4 {
                #expect(try FileSessionStore(directory: directory).load(user: "user\(user)").value?.turnCount == 100)
            }
        }
    }

    @Test func moreUsersThanOpenJournalsLoseNothingAndHoldFewDescriptors() throws {
        try withTemporaryDirectory { directory in
            let store = try Self.exclusive(directory, cacheBytes: 64 << 10)
            let users = FileSessionStore.maximumOpenJournals * 2 + 7
            let errors = ErrorLog()
            // Journals are pushed out of the open set while other threads write to them.
            DispatchQueue.concurrentPerform(iterations: 4) { thread in
                for round in 0..<3 {
                    for user in stride(from: thread, to: users, by: 4) {
                        do {
                            _ = try store.update(user: "user\(user)") { $0.record(turn("r\(round)", second: round)) }
                        } catch {
                            errors.record(error)
                        }
                    }
                }
            }
            #expect(errors.all.isEmpty)
            let open = try openJournals(in: directory)
            #expect(open > 0 && open <= FileSessionStore.maximumOpenJournals)
            let reader = try FileSessionStore(directory: directory)
            for user in 0..<users {
                #expect(try reader.load(user: "user\(user)").value?.turns.map(\.user) == ["r0", "r1", "r2"], "user\(user)")
            }
            // Deleting and compacting close what they remove: the next turns start new files.
            try store.delete(user: "user0")
            _ = try store.update(user: "user0") { $0.record(turn("again")) }
            try store.compactJournals()
            #expect(try reader.load(user: "user0").value?.turns.map(\.user) == ["again"])
            #expect(!FileManager.default.fileExists(atPath: Self.journal(directory, "user0").path))
        }
    }

    /// How many of this process's descriptors are journals in `directory` (other tests run
    /// at the same time, so the process's total says nothing).
    private func openJournals(in directory: URL) throws -> Int {
        try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count { descriptor in
            let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/" + descriptor)) ?? ""
            return target.hasPrefix(directory.resolvingSymlinksInPath().path + "/") && target.hasSuffix(".journal")
        }
    }

    /// A state with every field set, and text that needs escaping.
    static func richState(turns: Int) -> SessionState {
        var state = SessionState(user: "al\"ice\\ é名前 \u{1}\n\t/", createdAt: Date(timeIntervalSince1970: 1_700_000_000.75))
        for number in 0..<turns {
            state.record(Turn(
                user: "what's \"lean\"? \(number)\r\n\u{8}\u{c}", intent: "x.y", reply: "Line one\nline two – “quoted” 🙂 \u{7f}",
                at: number % 5 == 1 ? nil : Date(timeIntervalSince1970: 1_700_000_123 + Double(number) * 61.5)))
        }
        state.profile.name = "Priya"
        state.profile.discipline = "mechanical"
        state.profile.experienceYears = 4
        state.profile.industry = "automotive, \"two-wheeler\""
        state.profile.role = "quality engineer"
        state.context.topic = "roles.overview"
        state.context.depth = 2
        state.context.choices = [Choice(intent: "a", label: "A \"one\""), Choice(intent: "b", label: "B")]
        state.context.choicesAreClarification = true
        var assessment = Assessment()
        assessment.step = 3
        assessment.answers = ["scale": "yes", "lead": "sort of", "Zed": "z", "a10": "x", "a9": "y"]
        assessment.isPaused = true
        state.context.assessment = assessment
        state.context.misses = 1
        state.context.lastStems = ["lean", "manufactur"]
        return state
    }

    @Test func handWrittenJournalLinesReadBackAsJSONEncodersDo() throws {
        #expect(JournalLineWriter.knowsTheEngineTypes, "the engine's types changed: teach JournalLineWriter their fields")
        let old = SessionState(user: "alice")
        let new = Self.richState(turns: 2)
        let entry = SessionJournal.Entry(from: old, to: new)
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        var states: [SessionState] = []
        for line in [JournalLineWriter.line(entry), try SessionJournal.encodeWithFoundation(entry)] {
            #expect(line.last == UInt8(ascii: "\n") && !line.dropLast().contains(UInt8(ascii: "\n")))
            var state = old
            #expect(try decoder.decode(SessionJournal.Entry.self, from: line).apply(to: &state))
            states.append(state)
        }
        #expect(states[0] == states[1])
        #expect(states[0].turns.first?.reply == new.turns.first?.reply)
        #expect(states[0].context == new.context)
        #expect(states[0].user == new.user)
    }

    @Test func entryRoundTripsEveryKindOfChange() {
        var old = SessionState(user: "alice")
        for number in 0..<SessionState.maximumTurns { old.record(turn("m\(number)", second: number)) }
        var appended = old
        appended.record(turn("new", second: 99))
        var reset = SessionState(user: "alice")
        reset.profile.name = "Alice"
        var unchangedTurns = old
        unchangedTurns.context.topic = "roles.overview"
        for new in [appended, reset, unchangedTurns, old] {
            var replayed = old
            #expect(SessionJournal.Entry(from: old, to: new).apply(to: &replayed))
            #expect(replayed == new)
        }
        #expect(SessionJournal.Entry(from: old, to: appended).add.count == 1)
    }
}

/// A journal line with a value no conversation produces is a damaged journal, never a trap.
@Suite struct OutOfRangeJournalTests {
    @Test func aJournalEntryWithANegativeTurnCountIsMovedAsideAndTheUserTold() throws {
        try withTemporaryDirectory { directory in
            do {
                let store = try ResidentSessionsTests.exclusive(directory)
                for number in 0..<3 { _ = try store.update(user: "alice") { $0.record(turn("message \(number)", second: number)) } }
            }
            let journal = ResidentSessionsTests.journal(directory)
            let text = try String(contentsOf: journal, encoding: .utf8)
            #expect(text.contains("\"turnCount\":3"))
            try Data(text.replacingOccurrences(of: "\"turnCount\":3", with: "\"turnCount\":-7").utf8).write(to: journal)

            let store = try ResidentSessionsTests.exclusive(directory)
            let result = try store.update(user: "alice") { $0.record(turn("hello again", second: 9)) }
            #expect(result.notices.count == 1)
            #expect(result.notices.first?.contains("it holds a value out of range (turnCount is -7)") == true, "\(result.notices)")
            #expect(try store.load(user: "alice").value?.turnCount == 1)
            let names = try fileNames(in: directory)
            #expect(names.contains { $0.hasPrefix("alice.journal.corrupt-") }, "\(names)")
        }
    }
}

/// The audit's bug 3: a journal was bound to its state file's inode, so after `cp -a`,
/// rsync, tar or a restore it counted as stale and the next turn deleted it (2 of 3 turns
/// gone, user not told). It is bound by content now.
@Suite struct JournalCopyTests {
    @Test func aCopiedStateDirectoryKeepsItsJournaledTurns() throws {
        try withTemporaryDirectory { directory in
            let original = directory.appendingPathComponent("original")
            do {
                let store = try FileSessionStore(directory: original)
                _ = try store.update(user: "alice") { $0.record(turn("saved in the state file")) }
            }
            do {
                let daemon = try ResidentSessionsTests.exclusive(original)
                for number in 1...2 { _ = try daemon.update(user: "alice") { $0.record(turn("journaled \(number)", second: number)) } }
            }
            #expect(FileManager.default.fileExists(atPath: ResidentSessionsTests.journal(original).path))
            // A copy: every file under a new inode.
            let copy = directory.appendingPathComponent("copy")
            try FileManager.default.copyItem(at: original, to: copy)
            let restored = try ResidentSessionsTests.exclusive(copy)
            #expect(try restored.load(user: "alice").value?.turns.map(\.user) == ["saved in the state file", "journaled 1", "journaled 2"])
            let next = try restored.update(user: "alice") { $0.record(turn("after the copy", second: 9)) }
            #expect(next.notices.isEmpty)
            #expect(try restored.load(user: "alice").value?.turnCount == 4)
        }
    }

    @Test func aJournalThatDoesNotBelongToItsStateFileIsSetAsideAndTheUserTold() throws {
        try withTemporaryDirectory { root in
            let directory = root.appendingPathComponent("base")
            let state = directory.appendingPathComponent("alice.json")
            do {
                let store = try FileSessionStore(directory: directory)
                _ = try store.update(user: "alice") { $0.record(turn("one")) }
            }
            let older = try Data(contentsOf: state)
            do {
                let store = try FileSessionStore(directory: directory)
                _ = try store.update(user: "alice") { $0.record(turn("two", second: 1)) }
                let daemon = try ResidentSessionsTests.exclusive(directory)
                for number in 3...5 { _ = try daemon.update(user: "alice") { $0.record(turn("turn \(number)", second: number)) } }
            }
            // The state file restored from an older backup than the journal.
            try older.write(to: state)
            for reopen in [false, true] {
                let directoryCopy = root.appendingPathComponent("run-\(reopen)")
                try FileManager.default.copyItem(at: directory, to: directoryCopy)
                let store = reopen ? try FileSessionStore(directory: directoryCopy) : try ResidentSessionsTests.exclusive(directoryCopy)
                let result = try store.update(user: "alice") { $0.record(turn("after the restore", second: 9)) }
                #expect(result.notices.count == 1, "\(result.notices)")
                #expect(result.notices.first?.contains("the journal of your latest 4 turns do not belong together") == true, "\(result.notices)")
                #expect(try store.load(user: "alice").value?.turns.map(\.user) == ["one", "after the restore"])
                let names = try fileNames(in: directoryCopy)
                #expect(names.contains { $0.hasPrefix("alice.journal.orphaned-") }, "\(names)")
            }
        }
    }
}
