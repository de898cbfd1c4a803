import Foundation
import Testing

/// `advisor insights` on a state directory a real daemon wrote: transcripts replayed as
/// students, one of whom then ran /forget, and one whose damaged file was set aside.
@Suite(.enabled(if: AdvisorBinary.exists, "advisor is not built at \(AdvisorBinary.url.path): run swift build, or set ADVISOR_BINARY"))
struct InsightsTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    /// The user lines of a scripted conversation.
    private static func questions(_ name: String) throws -> [String] {
        let text = try String(contentsOf: AdvisorBinary.packageRoot.appendingPathComponent("Scripts/conversations/\(name)"), encoding: .utf8)
        return text.components(separatedBy: "\n").filter { $0.hasPrefix("> ") }.map { String($0.dropFirst(2)) }
    }

    @Test func theFiguresAreWhatTheStudentsWereAnswered() throws {
        let state = directory.appending("state")
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        // Dave's saved conversation is damaged: the daemon sets it aside when he comes back.
        try Data("{damaged".utf8).write(to: state.appendingPathComponent("dave.json"))
        let socket = directory.appending("d.sock").path
        let me = ProcessInfo.processInfo.environment["USER"] ?? String(cString: getpwuid(getuid())!.pointee.pw_name)
        let daemon = try BackgroundProcess(
            AdvisorBinary.url.path,
            ["serve", "--intents", AdvisorBinary.intents.path, "--socket", socket, "--state-dir", state.path, "--trust-user", me, "--rate", "0"],
            environment: ["PATH": "/usr/bin:/bin", "HOME": directory.url.path, "LANG": "C.UTF-8"], log: directory.appending("daemon.log"))
        defer { daemon.stop() }
        guard SSHTools.wait(timeout: 30, until: { SSHTools.unixSocketAnswers(socket) || daemon.hasExited }), !daemon.hasExited else {
            throw TestFailure("The daemon did not start:\n\(daemon.output)")
        }
        let students: [(name: String, lines: [String])] = [
            ("alice", try Self.questions("12-fit-assessment.txt")),
            ("bob", try Self.questions("10-fallback.txt")),
            ("carol", try Self.questions("03-roles.txt") + ["/forget yes"]),
            ("dave", ["hello", "what is lean", "tell me a joke"]),
        ]
        var intents: [String: [String]] = [:]
        for student in students {
            let run = try AdvisorBinary.run(
                ["chat", "--connect", socket, "--as", student.name, "--json"], input: student.lines.joined(separator: "\n") + "\n", home: directory.url)
            #expect(run.status == 0, "\(student.name): \(run.error)")
            intents[student.name] = try run.lines.filter { !$0.isEmpty }.map { line in
                let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                return object["intent"] as? String ?? "?"
            }.filter { $0 != "command" }
        }
        let kept = ["alice", "bob", "dave"].flatMap { intents[$0] ?? [] }

        let run = try AdvisorBinary.run(["insights", "--state-dir", state.path, "--json", "--intents", AdvisorBinary.intents.path], input: "", home: directory.url)
        #expect(run.status == 0, "\(run.error)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any], "\(run.output)")
        #expect(report["sessions"] as? Int == 3, "carol ran /forget: \(report)")
        #expect(report["turns"] as? Int == kept.count)
        #expect(report["fallbacks"] as? Int == kept.filter { $0 == "fallback" }.count)
        #expect(report["unknownFigures"] as? Int == kept.filter { $0 == "info.unknown" }.count)
        #expect((report["setAside"] as? Int ?? 0) >= 1, "dave's damaged file")
        let perIntent = (report["intents"] as? [[String: Any]] ?? []).reduce(into: [String: Int]()) { $0[$1["name"] as? String ?? ""] = $1["turns"] as? Int }
        #expect(perIntent == kept.reduce(into: [String: Int]()) { $0[$1, default: 0] += 1 }, "\(perIntent)")
        let assessment = report["assessment"] as? [String: Any] ?? [:]
        #expect(assessment["starts"] as? Int == 1 && assessment["completions"] as? Int == 1, "\(assessment)")
        let unanswered = report["unanswered"] as? [[String: Any]] ?? []
        #expect(unanswered.reduce(0) { $0 + ($1["count"] as? Int ?? 0) } == kept.filter { $0 == "fallback" }.count)
        #expect(unanswered.contains { ($0["example"] as? String) == "tell me a joke" }, "\(unanswered)")
        #expect(!run.output.contains("what does a plant manager do"), "nothing of carol's is left")

        let redacted = try AdvisorBinary.run(["insights", "--state-dir", state.path, "--redact", "--intents", AdvisorBinary.intents.path], input: "", home: directory.url)
        #expect(redacted.output.contains("unanswered (fallbacks and clarifications)"), "\(redacted.output)")
        #expect(!redacted.output.contains("\"tell me a joke\""), "examples are keywords only: \(redacted.output)")
        let bad = try AdvisorBinary.run(["insights", "--state-dir", state.path, "--since", "yesterday"], input: "", home: directory.url)
        #expect(bad.status != 0 && bad.error.contains("YYYY-MM-DD"), "\(bad.error)")
    }
}
