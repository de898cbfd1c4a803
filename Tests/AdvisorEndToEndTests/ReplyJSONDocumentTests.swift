import Foundation
import Testing

/// The README's "Reply JSON" tables against what the real binary prints with `--json` and
/// what a real daemon answers: every documented field appears, and nothing else does.
@Suite(.enabled(if: AdvisorBinary.exists, "advisor is not built at \(AdvisorBinary.url.path): run swift build, or set ADVISOR_BINARY"))
struct ReplyJSONDocumentTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    /// The questions whose replies, together, have every field: an answer with a title,
    /// blocks and suggestions, a fallback, a slash command, a line over the limit.
    private static let questions = ["what is lean manufacturing", "what is the weather today", "/profile", String(repeating: "z", count: 5000)]

    /// The first-column names of the README table whose header starts with `header`.
    static func documentedFields(_ header: String) throws -> Set<String> {
        let readme = try String(contentsOf: AdvisorBinary.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let lines = readme.components(separatedBy: "\n")
        guard let start = lines.firstIndex(where: { $0.hasPrefix("| \(header) |") }) else {
            throw TestFailure("README.md has no table headed '\(header)'")
        }
        var fields: Set<String> = []
        for line in lines[(start + 2)...] {
            guard line.hasPrefix("| `") else { break }
            fields.insert(String(line.dropFirst(3).prefix { $0 != "`" }))
        }
        return fields
    }

    private static func object(_ line: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not a JSON object: \(line)")
    }

    @Test func everyTurnFieldOfTheREADMEAppearsAndNoOther() throws {
        let documented = try Self.documentedFields("Turn field")
        #expect(documented.count >= 10, "\(documented)")
        // A state file that cannot be read: the welcome carries the notice that it was moved aside.
        let state = directory.appending("state")
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        try Data("{not json".utf8).write(to: state.appendingPathComponent("doc.json"))
        let run = try AdvisorBinary.run(
            ["chat", "--json", "--welcome", "--user", "doc", "--state-dir", state.path, "--intents", AdvisorBinary.intents.path],
            input: Self.questions.joined(separator: "\n") + "\n", home: directory.url)
        #expect(run.status == 0, "\(run.error)")
        let objects = try run.lines.filter { !$0.isEmpty }.map(Self.object)
        try #require(objects.count == Self.questions.count + 1, "the welcome and one object per line: \(run.output)")
        #expect(objects[0]["type"] as? String == "welcome" && objects[0]["text"] as? String == "")
        #expect((objects[0]["notices"] as? [String])?.isEmpty == false, "the moved-aside file is told in the welcome: \(objects[0])")
        #expect(objects.allSatisfy { $0["schemaVersion"] as? Int == 1 })
        #expect(objects[3]["type"] as? String == "command" && objects[3]["kind"] == nil, "a command has no structured reply")
        let seen = objects.reduce(into: Set<String>()) { $0.formUnion($1.keys) }
        #expect(documented.subtracting(seen).isEmpty, "documented but never printed: \(documented.subtracting(seen).sorted())")
        #expect(seen.subtracting(documented).isEmpty, "printed but not documented: \(seen.subtracting(documented).sorted())")
    }

    @Test func everyReplyFieldOfTheREADMEAppearsInTheDaemonsRepliesAndNoOther() throws {
        let documented = try Self.documentedFields("Reply field")
        let socket = directory.appending("d.sock").path
        let daemon = try BackgroundProcess(
            AdvisorBinary.url.path,
            ["serve", "--intents", AdvisorBinary.intents.path, "--socket", socket, "--state-dir", directory.appending("served").path],
            environment: ["PATH": "/usr/bin:/bin", "HOME": directory.url.path, "LANG": "C.UTF-8"], log: directory.appending("daemon.log"))
        defer { daemon.stop() }
        guard SSHTools.wait(timeout: 30, until: { SSHTools.unixSocketAnswers(socket) || daemon.hasExited }), !daemon.hasExited else {
            throw TestFailure("The daemon did not start:\n\(daemon.output)")
        }
        let requests = [#"{"id":0,"op":"open"}"#] + Self.questions.dropLast().enumerated().map { index, text in
            String(decoding: try! JSONSerialization.data(withJSONObject: ["id": index + 1, "op": "send", "text": text]), as: UTF8.self)
        }
        let output = directory.appending("socat.out")
        let status = try ChildProcess.run(
            "/bin/sh", ["-c", "printf '%s\\n' \"$@\" | socat -t 5 - UNIX-CONNECT:'\(socket)'", "sh"] + requests,
            environment: ["PATH": "/usr/bin:/bin"], output: output.path, error: directory.appending("socat.err").path, timeout: 30)
        #expect(status == 0)
        let responses = try String(contentsOf: output, encoding: .utf8).split(separator: "\n").map { try Self.object(String($0)) }
        try #require(responses.count == requests.count, "one response per request: \(responses)")
        let replies = responses.compactMap { $0["reply"] as? [String: Any] }
        #expect(replies.count == 3, "open, the answer and the fallback carry a reply; the command does not")
        let seen = replies.reduce(into: Set<String>()) { $0.formUnion($1.keys) }
        #expect(documented.subtracting(seen).isEmpty, "documented but never sent: \(documented.subtracting(seen).sorted())")
        #expect(seen.subtracting(documented).isEmpty, "sent but not documented: \(seen.subtracting(documented).sorted())")
    }
}
