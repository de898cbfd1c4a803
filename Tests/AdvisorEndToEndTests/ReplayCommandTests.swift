import Foundation
import Testing

/// `advisor replay` as a maintainer's safety net: every difference once, changed words
/// marked, `--update` that never records a changed intent by accident, `--coverage`.
@Suite(.enabled(if: AdvisorBinary.exists, "advisor is not built at \(AdvisorBinary.url.path): run swift build, or set ADVISOR_BINARY"))
struct ReplayCommandTests {
    let directory: TemporaryDirectory
    let intents: URL
    let transcripts: URL

    init() throws {
        directory = try TemporaryDirectory()
        intents = directory.appending("Intents")
        transcripts = directory.appending("transcripts")
        let manager = FileManager.default
        try manager.copyItem(at: AdvisorBinary.intents, to: intents)
        try manager.createDirectory(at: transcripts.appendingPathComponent("sub"), withIntermediateDirectories: true)
        let scripts = AdvisorBinary.intents.deletingLastPathComponent().appendingPathComponent("Scripts/conversations")
        try manager.copyItem(at: scripts.appendingPathComponent("21-anaphora.txt"), to: transcripts.appendingPathComponent("a.txt"))
        try manager.copyItem(at: scripts.appendingPathComponent("21-anaphora.txt"), to: transcripts.appendingPathComponent("sub/b.txt"))
        try manager.copyItem(at: scripts.appendingPathComponent("03-roles.txt"), to: transcripts.appendingPathComponent("c.txt"))
    }

    private func advisor(_ arguments: [String]) throws -> AdvisorBinary.Run {
        try AdvisorBinary.run(arguments + ["--intents", intents.path], input: "", home: directory.url)
    }

    /// Rewords the background of two roles, as a maintainer would.
    private func reword() throws {
        let roles = intents.appendingPathComponent("roles.yaml")
        var text = try String(contentsOf: roles, encoding: .utf8)
        text = text.replacingOccurrences(of: "A Plant Manager usually leads a whole manufacturing site", with: "A Plant Manager usually runs a whole manufacturing site")
        text = text.replacingOccurrences(of: "An Operations Manager is usually responsible for", with: "An Operations Manager usually answers for")
        try Data(text.utf8).write(to: roles)
    }

    @Test func everyDifferenceIsShownOnceWithItsChangedWordsAndSubfoldersAreSearched() throws {
        try reword()
        let run = try advisor(["replay", transcripts.path])
        #expect(run.status == 1, "\(run.error)")
        let a = transcripts.appendingPathComponent("a.txt").path
        // c.txt differs in two places: the operations manager's answer, then the plant manager's, seen in a.txt already.
        #expect(run.output.contains("~ < An Operations Manager [-is-] usually [-responsible-] {+answers+} for how production performs"), "\(run.output)")
        #expect(run.output.contains("~ < A Plant Manager usually [-leads-] {+runs+} a whole manufacturing site"), "\(run.output)")
        #expect(run.output.components(separatedBy: "[-leads-] {+runs+}").count == 2, "shown once: \(run.output)")
        #expect(run.output.contains("@@ -6,7 +6,7 @@ the same difference as at \(a):6"), "sub/b.txt names a.txt: \(run.output)")
        #expect(run.output.contains("--- \(transcripts.appendingPathComponent("sub/b.txt").path)"))
        #expect(run.lines.filter { $0.hasPrefix("@@") }.count == 4, "\(run.output)")
        #expect(run.output.hasSuffix("0 passed, 3 failed\n"), "\(run.output)")
    }

    @Test func updateWritesOnlyFilesThatChangedAndNeverRecordsAChangedIntentUnlessAsked() throws {
        let unchanged = try advisor(["replay", "--update", transcripts.path])
        #expect(unchanged.status == 0 && !unchanged.output.contains("updated /"), "\(unchanged.output)")
        #expect(unchanged.output.contains("updated 0 of 3 file(s)"), "\(unchanged.output)")

        try reword()
        let drift = transcripts.appendingPathComponent("drift.txt")
        try Data("> what does a plant manager do?\n= roles.plant_manager\n< old reply\n\n> will it rain tomorrow\n= curriculum.lean\n< Old lean answer.\n".utf8).write(to: drift)
        let update = try advisor(["replay", "--update", transcripts.path])
        #expect(update.status == 1, "\(update.output)")
        #expect(update.output.contains("updated \(drift.path)"))
        #expect(update.output.contains("\(drift.path): step 2: expected curriculum.lean, got fallback: will it rain tomorrow (left as it was)"), "\(update.output)")
        #expect(update.output.contains("updated 4 of 4 file(s)"), "\(update.output)")
        #expect(update.output.contains("1 turn(s) in 1 file(s) left as they were"), "\(update.output)")
        let kept = try String(contentsOf: drift, encoding: .utf8)
        #expect(kept.contains("= curriculum.lean\n< Old lean answer.") && kept.contains("usually runs a whole manufacturing site") && !kept.contains("old reply"), "\(kept)")

        let accepted = try advisor(["replay", "--update", "--accept-intents", drift.path])
        #expect(accepted.status == 0, "\(accepted.output)")
        #expect(try String(contentsOf: drift, encoding: .utf8).contains("> will it rain tomorrow\n= fallback\n"))
        let clean = try advisor(["replay", transcripts.path])
        #expect(clean.status == 0 && clean.output.hasSuffix("4 passed, 0 failed\n"), "\(clean.output)")
    }

    @Test func coverageListsIntentsAndMoreTextsNoTranscriptReached() throws {
        let run = try advisor(["replay", "--coverage", transcripts.appendingPathComponent("a.txt").path])
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains(" intents reached by a turn; "), "\(run.output)")
        #expect(run.output.contains("\n  india.sectors\n"), "a.txt never asks about sectors: \(run.output)")
        #expect(!run.output.contains("\n  roles.plant_manager\n"), "a.txt asks about the plant manager: \(run.output)")
        #expect(run.output.contains("\"more\" texts: "), "\(run.output)")
        let more = run.output.components(separatedBy: "\"more\" texts: ").last ?? ""
        #expect(more.contains("\n  curriculum.lean"), "\(more)")
    }

    @Test func aTranscriptsEscapesAreShownNotSentToTheTerminal() throws {
        let hostile = transcripts.appendingPathComponent("sub/hostile.txt")
        try Data("> hi\n< \u{1B}]0;owned\u{07}\u{1B}[2J\n".utf8).write(to: hostile)
        let run = try advisor(["replay", hostile.path])
        #expect(run.status == 1)
        #expect(run.output.contains("-< ?]0;owned??[2J"), "\(run.output)")
        #expect(!run.output.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 })
    }

    @Test func acceptIntentsWithoutUpdateIsRefused() throws {
        let run = try advisor(["replay", "--accept-intents", transcripts.path])
        #expect(run.status == 64 && run.error.contains("--accept-intents goes with --update."), "\(run.error)")
    }
}
