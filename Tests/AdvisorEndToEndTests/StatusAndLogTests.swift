import Foundation
import Testing

/// `advisor status --connect` against a real daemon, and its `--log-format json` lines.
@Suite(.enabled(if: AdvisorBinary.exists, "advisor is not built at \(AdvisorBinary.url.path): run swift build, or set ADVISOR_BINARY"))
struct StatusAndLogTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    @Test func statusCountsWhatTheDaemonDidAndTheLogIsJSON() throws {
        let socket = directory.appending("d.sock").path
        let log = directory.appending("daemon.log")
        let me = String(cString: getpwuid(getuid())!.pointee.pw_name)
        let daemon = try BackgroundProcess(
            AdvisorBinary.url.path,
            ["serve", "--intents", AdvisorBinary.intents.path, "--socket", socket, "--state-dir", directory.appending("state").path,
             "--trust-user", me, "--log-format", "json"],
            environment: ["PATH": "/usr/bin:/bin", "HOME": directory.url.path, "LANG": "C.UTF-8"], log: log)
        defer { daemon.stop() }
        guard SSHTools.wait(timeout: 30, until: { SSHTools.unixSocketAnswers(socket) || daemon.hasExited }), !daemon.hasExited else {
            throw TestFailure("The daemon did not start:\n\(daemon.output)")
        }
        let chat = try AdvisorBinary.run(["chat", "--connect", socket, "--as", "zed"], input: "what is lean\nweather today?\n", home: directory.url)
        #expect(chat.status == 0, "\(chat.error)")
        let status = try AdvisorBinary.run(["status", "--connect", socket, "--json"], input: "", home: directory.url)
        #expect(status.status == 0, "\(status.error)")
        let figures = try #require(try JSONSerialization.jsonObject(with: Data(status.output.utf8)) as? [String: Any], "\(status.output)")
        // The open and two messages.
        #expect(figures["turns"] as? Int == 3, "\(figures)")
        #expect(figures["failedTurns"] as? Int == 0)
        #expect(figures["intents"] as? Int ?? 0 > 30)
        #expect((figures["knowledgeHash"] as? String)?.count == 16)
        let version = try AdvisorBinary.run(["--version"], input: "", home: directory.url).output
        #expect(version.contains("content \(figures["knowledgeHash"] as? String ?? "?")"), "the daemon serves what --version names: \(version)")
        #expect(!status.output.contains("zed") && !status.output.contains("lean"), "counts only")

        let text = try AdvisorBinary.run(["status", "--connect", socket], input: "", home: directory.url)
        #expect(text.output.contains("turns: 3 answered, 0 failed"), "\(text.output)")
        let missing = try AdvisorBinary.run(["status", "--connect", directory.appending("none.sock").path], input: "", home: directory.url)
        #expect(missing.status == 2 && missing.error.contains("is not running"), "\(missing.error)")

        daemon.stop()
        let lines = try String(contentsOf: log, encoding: .utf8).split(separator: "\n").filter { $0.hasPrefix("{") }
        #expect(lines.count >= 4, "\(lines)")
        for line in lines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
            #expect(object["time"] is String && object["level"] is String && object["message"] is String, "\(line)")
        }
        let starting = lines.first { $0.contains(#""message":"starting""#) } ?? ""
        #expect(starting.contains(#""knowledge_hash":"\#(figures["knowledgeHash"] as? String ?? "?")""#), "\(starting)")
        #expect(lines.contains { $0.contains(#""message":"turn""#) && $0.contains(#""intent":"curriculum.lean""#) })
        #expect(!lines.contains { $0.contains("what is lean") }, "no message text at info")
    }
}
