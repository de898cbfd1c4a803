import Foundation
import Testing

/// The commands a knowledge-base maintainer runs on their own copy: `lint`, `explain
/// --expect`, `serve`, which refuses what lint refuses, and `reload --connect`.
@Suite(.enabled(if: AdvisorBinary.exists, "advisor is not built at \(AdvisorBinary.url.path): run swift build, or set ADVISOR_BINARY"))
struct KnowledgeCommandsTests {
    let directory: TemporaryDirectory
    /// A copy of the repository's knowledge base, outside the source tree.
    let copy: URL

    init() throws {
        directory = try TemporaryDirectory()
        copy = directory.appending("Intents")
        try FileManager.default.copyItem(at: AdvisorBinary.intents, to: copy)
    }

    /// A new intent whose questions the bundled `info.unknown` (weight 1.3, `@fees`) takes.
    static let scholarships = """
        intents:
          - id: programme.scholarships
            title: Scholarships
            question: Are there scholarships?
            require: [scholarship, scholarships]
            examples:
              - are there scholarships?
              - how do i get a scholarship
              - scholarship for engineers
              - scholarships available
              - any scholarship
              - is there a scholarship
              - scholarship options
              - scholarships please
            answer:
              - advisor: The programme office's verified scholarship information would go here.

        """

    private func add(_ name: String, _ text: String) throws {
        try Data(text.utf8).write(to: copy.appendingPathComponent(name))
    }

    private func advisor(_ arguments: [String], in workingDirectory: URL? = nil) throws -> AdvisorBinary.Run {
        try AdvisorBinary.run(arguments, input: "", home: directory.url, workingDirectory: workingDirectory)
    }

    @Test func lintTakesIntentsAndSaysWhatItChecked() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: copy.path).filter { $0.hasSuffix(".yaml") }
        let run = try advisor(["lint", "--intents", copy.path])
        #expect(run.status == 0, "\(run.output)\(run.error)")
        #expect(run.lines.first == "Checking \(copy.path) (named with --intents): \(files.count) file(s)", "\(run.output)")
        #expect(run.output.contains(" 0 error(s)"), "\(run.output)")
    }

    @Test func lintInACopyChecksThatCopyNotTheSourceTree() throws {
        try add("scholarships.yaml", Self.scholarships)
        let run = try advisor(["lint"], in: directory.url)
        #expect(run.lines.first?.hasPrefix("Checking \(copy.path) (./Intents in the current directory):") == true, "\(run.output)")
        #expect(run.output.contains("of 'programme.scholarships' classifies to 'info.unknown'"), "the copy's new intent is checked: \(run.output)")
        #expect(run.status == 1)
    }

    @Test func lintRefusesTwoDirectories() throws {
        let run = try advisor(["lint", "--intents", copy.path, copy.path])
        #expect(run.status == 64)
        #expect(run.error.contains("Name the knowledge base once"), "\(run.error)")
    }

    @Test func explainExpectSaysWhyTheExpectedIntentLost() throws {
        try add("scholarships.yaml", Self.scholarships)
        let run = try advisor(["explain", "--intents", copy.path, "--expect", "programme.scholarships", "are there scholarships?"])
        #expect(run.status == 0, "\(run.error)")
        let output = run.output
        #expect(output.contains("info.unknown  confidence 1.000  raw 4.51  coverage 1.00  weight 1.30"), "weights are shown: \(output)")
        #expect(output.contains("←") && output.contains("\"scholarships\" @fees has \"scholarship\" (vocabulary.yaml:"), "the concept phrase and where: \(output)")
        let why = try #require(output.range(of: "why not programme.scholarships:\n").map { String(output[$0.upperBound...]) }, "\(output)")
        #expect(why.contains("pulled to 'info.unknown' (confidence 1.00; weight 1.30, info.yaml:"), "\(why)")
        #expect(why.contains("\"scholarships\" → @fees (\"scholarship\" at vocabulary.yaml:"), "\(why)")
        #expect(why.contains("'programme.scholarships' scored 0.95, 0.05 below 'info.unknown'; it matched:"), "the score gap: \(why)")
        #expect(why.contains("usual fix: add an exclude to 'info.unknown' for the words that should go to 'programme.scholarships' (\"scholarships\")"), "\(why)")
    }

    @Test func explainExpectNamesAMissingRequiredTerm() throws {
        let run = try advisor(["explain", "--intents", copy.path, "--expect", "roles.plant_manager", "what is lean manufacturing"])
        #expect(run.status == 0, "\(run.error)")
        #expect(run.output.contains("why not roles.plant_manager:\n  pulled to 'curriculum.lean'"), "\(run.output)")
        #expect(run.output.contains("'roles.plant_manager' lacked a required term"), "\(run.output)")
        #expect(run.output.contains("usual fix: add a require term to 'roles.plant_manager'"), "\(run.output)")
    }

    @Test func explainExpectRefusesAnUnknownIntent() throws {
        let run = try advisor(["explain", "--intents", copy.path, "--expect", "roles.plant_manger", "hello"])
        #expect(run.status == 64)
        #expect(run.error.contains("--expect names unknown intent 'roles.plant_manger'"), "\(run.error)")
    }

    @Test func serveRefusesAKnowledgeBaseThatFailsLint() throws {
        try add("scholarships.yaml", Self.scholarships)
        let socket = directory.url.appendingPathComponent("advisor.sock")
        let run = try advisor([
            "serve", "--intents", copy.path, "--socket", socket.path, "--state-dir", directory.appending("state").path,
        ])
        #expect(run.status == 2, "\(run.output)\(run.error)")
        #expect(run.error.contains("advisor serve: the knowledge base in \(copy.path) does not pass lint; not starting."), "\(run.error)")
        #expect(run.error.contains("scholarships.yaml:7: error: example \"are there scholarships?\" of 'programme.scholarships' classifies to 'info.unknown'"), "\(run.error)")
        #expect(run.error.contains("Fix the errors (advisor lint --intents \(copy.path)) and start again."), "\(run.error)")
        #expect(!FileManager.default.fileExists(atPath: socket.path), "it never listened")
    }

    @Test func serveRefusesAKnowledgeBaseThatDoesNotLoad() throws {
        try add("broken.yaml", "intents:\n  - id: x.y\n    require: [@fees]\n")
        let socket = directory.url.appendingPathComponent("advisor.sock")
        let run = try advisor([
            "serve", "--intents", copy.path, "--socket", socket.path, "--state-dir", directory.appending("state").path,
        ])
        #expect(run.status == 2, "\(run.output)\(run.error)")
        #expect(run.error.contains("broken.yaml:3: error: invalid YAML: '@fees' starts with '@'"), "\(run.error)")
        #expect(!FileManager.default.fileExists(atPath: socket.path))
    }

    @Test func reloadConnectPrintsTheLintResultAndFailsWhenTheDaemonRefuses() throws {
        let socket = directory.url.appendingPathComponent("advisor.sock")
        let daemon = try BackgroundProcess(
            AdvisorBinary.url.path,
            ["serve", "--intents", copy.path, "--socket", socket.path, "--state-dir", directory.appending("state").path],
            environment: ["HOME": directory.url.path, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"],
            log: directory.appending("daemon.log"))
        defer { daemon.stop() }
        let socketPath = socket.path
        guard SSHTools.wait(timeout: 30, until: { SSHTools.unixSocketAnswers(socketPath) || daemon.hasExited }), !daemon.hasExited else {
            throw TestFailure("The daemon did not start:\n\(daemon.output)")
        }

        let accepted = try advisor(["reload", "--connect", socket.path])
        #expect(accepted.status == 0, "\(accepted.output)\(accepted.error)")
        #expect(accepted.output.contains("\(copy.path): "), "\(accepted.output)")
        #expect(accepted.output.contains(" 0 error(s)"), "\(accepted.output)")
        #expect(accepted.output.contains("reloaded: the daemon now serves "), "\(accepted.output)")

        // The new intent is refused by lint (its examples go to info.unknown): exit 1, the
        // finding printed, the old knowledge base still serving.
        try add("scholarships.yaml", Self.scholarships)
        let refused = try advisor(["reload", "--connect", socket.path])
        #expect(refused.status == 1, "\(refused.output)\(refused.error)")
        #expect(refused.output.contains("scholarships.yaml:7: error: example \"are there scholarships?\""), "\(refused.output)")
        #expect(refused.output.contains("refused: the daemon still serves the previous knowledge base"), "\(refused.output)")
        let chat = try AdvisorBinary.run(["chat", "--connect", socket.path], input: "what does a plant manager do?\n", home: directory.url)
        #expect(chat.status == 0 && chat.output.contains("[Plant Manager]"), "\(chat.output)\(chat.error)")

        let absent = try advisor(["reload", "--connect", directory.appending("nothing.sock").path])
        #expect(absent.status == 2 && absent.error.contains("is not running"), "\(absent.error)")
    }

    @Test func theSystemdUnitReloadsThroughTheCommandSoAFailureShows() throws {
        let unit = try String(contentsOf: AdvisorBinary.intents.deletingLastPathComponent().appendingPathComponent("Scripts/deploy/advisor.service"), encoding: .utf8)
        let reload = unit.split(separator: "\n").filter { $0.hasPrefix("ExecReload=") }
        #expect(reload == ["ExecReload=/usr/local/bin/advisor reload --connect /run/advisor/advisor.sock"])
        #expect(unit.contains("--socket /run/advisor/advisor.sock"))
    }

    /// A rule widened too far: `engineers` with a high weight takes questions about engineers.
    static let overBroad = """
        intents:
          - id: programme.scholarships
            title: Scholarships
            question: Are there scholarships?
            require: [scholarship, scholarships, waiver, waived, engineers]
            weight: 2.0
            examples:
              - are there scholarships?
              - how do i get a scholarship
              - scholarship for engineers
              - scholarships available
              - any scholarship
              - is there a fee waiver
              - scholarship options
              - is the fee waived for merit
            answer:
              - advisor: The programme office's verified scholarship information would go here.

        """

    @Test func evalCompareListsEveryQuestionThatMovedAndFailsOnABrokenOne() throws {
        try add("scholarships.yaml", Self.overBroad)
        let questions = directory.appending("questions.tsv")
        try Data("what does a plant manager do?\troles.plant_manager\nwhy is this one better for a engineer like me\tprogram.why_engineers\n".utf8).write(to: questions)
        let transcripts = directory.appending("transcripts")
        try FileManager.default.createDirectory(at: transcripts, withIntermediateDirectories: true)
        try Data("> hi\n= chat.greeting\n> is gmat waived for engineers\n= info.unknown\n".utf8).write(to: transcripts.appendingPathComponent("t1.txt"))

        let run = try advisor(["eval", "--compare", AdvisorBinary.intents.path, copy.path, questions.path, transcripts.path])
        #expect(run.status == 1, "\(run.output)\(run.error)")
        #expect(run.lines.first == "compared \(AdvisorBinary.intents.path) (old) with \(copy.path) (new) on 4 question(s)", "\(run.output)")
        #expect(run.output.contains("destination changed: 2"), "\(run.output)")
        #expect(run.output.contains("\(questions.path):2: \"why is this one better for a engineer like me\"\n      program.why_engineers → programme.scholarships  [broken; expected program.why_engineers]"), "\(run.output)")
        #expect(run.output.contains("t1.txt step 2: \"is gmat waived for engineers\"\n      info.unknown → programme.scholarships  [broken"), "\(run.output)")
        #expect(run.output.contains("labelled questions right: old 4 of 4 (100.0%), new 2 of 4 (50.0%); fixed 0, broken 2"), "\(run.output)")

        // The same knowledge base on both sides: nothing moves, exit 0; a minimum accuracy still applies.
        let same = try advisor(["eval", "--compare", copy.path, copy.path, questions.path])
        #expect(same.status == 0 && same.output.contains("destination changed: 0"), "\(same.output)\(same.error)")
        let below = try advisor(["eval", "--compare", copy.path, copy.path, questions.path, "--min-accuracy", "90"])
        #expect(below.status == 1 && below.output.contains("below the minimum accuracy of 90%: 50.0%"), "\(below.output)")
    }

    @Test func evalMinAccuracyFailsBelowTheFigureAndRefusesAFraction() throws {
        let questions = directory.appending("questions.tsv")
        try Data("what does a plant manager do?\troles.plant_manager\nwhat is the weather today\troles.plant_manager\n".utf8).write(to: questions)
        let passing = try advisor(["eval", "--min-accuracy", "50%", questions.path])
        #expect(passing.status == 0, "\(passing.output)\(passing.error)")
        let failing = try advisor(["eval", "--min-accuracy", "51", questions.path])
        #expect(failing.status == 1 && failing.output.contains("below the minimum accuracy of 51%: \(questions.path): 50.0%"), "\(failing.output)")
        let fraction = try advisor(["eval", "--min-accuracy", "0.95", questions.path])
        #expect(fraction.status == 64 && fraction.error.contains("looks like a fraction; give a percentage, such as 95"), "\(fraction.error)")
    }

    @Test func diffKBReplaysWhatStudentsAskedFromTheStateDirectory() throws {
        let state = directory.appending("state")
        for (user, lines) in [("ravi", "hi im ravi\nwhat does a plant manager do\n"), ("priya k", "is gmat waived for engineers\n")] {
            let chat = try AdvisorBinary.run(["chat", "--state-dir", state.path, "--user", user], input: lines, home: directory.url)
            #expect(chat.status == 0, "\(chat.error)")
        }
        try add("scholarships.yaml", Self.overBroad)
        let run = try advisor(["diff-kb", AdvisorBinary.intents.path, copy.path, "--state-dir", state.path])
        #expect(run.status == 0, "\(run.output)\(run.error)")
        #expect(run.output.contains("\(state.path): 2 saved conversation(s), 3 turn(s) kept"), "\(run.output)")
        #expect(run.output.contains("destination changed: 1\n  priya k (saved) step 1: \"is gmat waived for engineers\"\n      info.unknown → programme.scholarships"), "\(run.output)")
        let strict = try advisor(["diff-kb", AdvisorBinary.intents.path, copy.path, "--state-dir", state.path, "--exit-code"])
        #expect(strict.status == 1)
        let missing = try advisor(["diff-kb", AdvisorBinary.intents.path, copy.path, "--state-dir", directory.appending("nowhere").path])
        #expect(missing.status == 2 && missing.error.contains("is not a state directory"), "\(missing.error)")
    }

    @Test func versionNamesTheKnowledgeBaseByItsContent() throws {
        let bundled = try advisor(["--version", "--intents", copy.path])
        #expect(bundled.status == 0 && bundled.lines.first?.hasPrefix("advisor ") == true, "\(bundled.output)\(bundled.error)")
        #expect(bundled.output.contains("knowledge base: \(copy.path), "), "\(bundled.output)")
        let first = bundled.lines.dropFirst().first ?? ""
        // The same files give the same identity; one changed byte gives another.
        #expect(try advisor(["--version", "--intents", copy.path]).lines.dropFirst().first == first)
        let chat = copy.appendingPathComponent("chat.yaml")
        try (String(contentsOf: chat, encoding: .utf8) + "\n# changed\n").write(to: chat, atomically: true, encoding: .utf8)
        #expect(try advisor(["--version", "--intents", copy.path]).lines.dropFirst().first != first)
        let missing = try advisor(["--version", "--intents", directory.appending("nowhere").path])
        #expect(missing.status == 2 && missing.output.contains("not loadable"), "\(missing.output)")
    }
}
