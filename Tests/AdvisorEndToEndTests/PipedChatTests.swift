import Foundation
import Testing

/// `advisor chat` with standard input not a terminal: one reply per line, plain or JSON.
@Suite(.enabled(if: AdvisorBinary.exists, "advisor is not built at \(AdvisorBinary.url.path): run swift build, or set ADVISOR_BINARY"))
struct PipedChatTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    private func chat(_ input: String, _ extra: [String] = [], user: String = "piper") throws -> AdvisorBinary.Run {
        try AdvisorBinary.run(
            ["chat", "--user", user, "--state-dir", directory.appending("state").path,
             "--intents", AdvisorBinary.intents.path] + extra,
            input: input, home: directory.url)
    }

    /// `advisor "question"` answers once and exits, as `ollama run m "prompt"` does; the turn
    /// is part of the user's conversation.
    @Test func aQuestionOnTheCommandLineIsAnsweredOnceInTheConversation() throws {
        let state = directory.appending("state").path
        let once = try AdvisorBinary.run(
            ["--user", "piper", "--state-dir", state, "--intents", AdvisorBinary.intents.path, "what does a plant manager do?"],
            input: "not read\n", home: directory.url)
        #expect(once.status == 0, "\(once.error)")
        #expect(once.output.hasPrefix("[Plant Manager]"), "\(once.output)")
        #expect(!once.output.contains("Hello!"), "no welcome: \(once.output)")
        let json = try chat("", ["do they travel a lot?", "--json"])
        #expect(json.lines.first?.contains(#""intent":"roles.plant_manager""#) == true, "the follow-up leans on the first: \(json.output)")
        let refused = try chat("", ["two\nlines"])
        #expect(refused.status == 2 && refused.error.contains("it was not asked"), "\(refused.error)")
    }

    /// `/export FILE` from a pipe writes the file (mode 0600); an existing file is never
    /// replaced without --force (a pipe cannot ask); `/export` alone prints the Markdown.
    @Test func exportWritesTheFileItNamesAndNeverReplacesOneUnasked() throws {
        let file = directory.appending("out.md")
        let run = try chat("what is lean\n/export \(file.path)\n/export \(file.path)\n/export\n")
        #expect(run.status == 0, "\(run.error)")
        #expect(run.output.contains("Saved the conversation (1 exchange) as Markdown to \(file.path)."), "\(run.output)")
        #expect(run.output.contains("already exists; nothing was written. /export --force"), "\(run.output)")
        #expect(run.output.contains("\n# Conversation with the advisor\n\n**You:** what is lean"), "\(run.output)")
        let attributes = try FileManager.default.attributesOfItem(atPath: file.path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        try Data("old".utf8).write(to: file)
        let forced = try chat("/export --force \(file.path)\n")
        #expect(forced.output.contains("Saved the conversation"), "\(forced.output)")
        #expect(try String(contentsOf: file, encoding: .utf8).contains("**You:** what is lean"))
        let missing = try chat("/export \(directory.appending("no/such/dir.md").path)\n")
        #expect(missing.output.contains("Could not write") && missing.output.contains("No such file or directory"), "\(missing.output)")
    }

    /// `--echo` prints each question before its reply, and `--welcome` the opening first: a
    /// readable transcript of a scripted run.
    @Test func echoAndWelcomeMakeAReadableTranscript() throws {
        let run = try chat("what is lean\nhmm\n", ["--echo", "--welcome"], user: "echo")
        #expect(run.status == 0, "\(run.error)")
        #expect(run.output.hasPrefix("Hello! "), "\(run.output)")
        #expect(run.output.contains("\n\n> what is lean\n[Lean manufacturing module]\n"), "\(run.output)")
        #expect(run.output.contains("\n\n> hmm\nOkay."), "\(run.output)")
        let both = try chat("", ["--echo", "--json"])
        #expect(both.status != 0 && both.error.contains("do not go together"), "\(both.error)")
    }

    @Test func eachLineGetsOneReplyAndBlankLinesAreSkipped() throws {
        let run = try chat("what does a plant manager do\n\n   \n/help\n")
        #expect(run.status == 0, "stderr: \(run.error)")
        #expect(run.output.hasPrefix("[Plant Manager]\n"), "no prompt or welcome before the first reply: \(run.output)")
        #expect(run.output.contains("\n\nAsk me about"), "a blank line separates the replies: \(run.output)")
        #expect(!run.output.contains("you>"))
        #expect(!run.output.contains("Hello!"), "no welcome in piped mode")
    }

    @Test func tooLongLineIsRefusedAndTheConversationGoesOn() throws {
        let long = String(repeating: "x", count: 5000)
        let run = try chat("\(long)\nwhat is lean manufacturing\n")
        #expect(run.status == 0, "a refused line is answered, not a failure: \(run.error)")
        let first = run.lines.first ?? ""
        #expect(first.contains("5000 bytes") && first.contains("4096"), "one-line refusal: \(first)")
        #expect(run.output.contains("[Lean manufacturing module]"), "the next line is answered: \(run.output)")
        #expect(!run.output.contains("xxxxxxxx"))
    }

    @Test func jsonPrintsOneObjectPerTurn() throws {
        let run = try chat("what does a plant manager do\n\n/topics\n\(String(repeating: "y", count: 5000))\n", ["--json"])
        #expect(run.status == 0, "stderr: \(run.error)")
        let lines = run.output.split(separator: "\n").map(String.init)
        try #require(lines.count == 3, "one line per non-blank input line: \(run.output)")
        let objects = try lines.map { line in
            try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not a JSON object: \(line)")
        }
        #expect(lines[0].hasPrefix("{\"schemaVersion\":1,\"type\":\"reply\",\"text\":\"what does a plant manager do\",\"intent\":"), "fields in order: \(lines[0])")
        #expect(objects[0]["intent"] as? String == "roles.plant_manager")
        #expect((objects[0]["confidence"] as? Double ?? 0) > 0.5)
        #expect((objects[0]["reply"] as? String)?.hasPrefix("[Plant Manager]") == true)
        #expect(objects[0]["notices"] == nil, "notices only when there are some")
        #expect(objects[1]["intent"] as? String == "command")
        #expect(objects[1]["confidence"] as? Double == 1)
        #expect((objects[1]["reply"] as? String)?.contains("You can ask me about") == true)
        #expect(objects[2]["intent"] as? String == "fallback")
        #expect(objects[2]["confidence"] as? Double == 0)
        #expect(objects[2]["text"] as? String == "")
    }

    @Test func controlCharactersAreNeverPrinted() throws {
        let hostile = "/he\u{1B}]0;pwned\u{07}lp \u{1B}[31mred\u{9B}31m\n"
        for extra in [[], ["--json"]] {
            let run = try chat(hostile + "what is \u{1B}[2Jlean\n", extra)
            #expect(run.status == 0)
            let bad = run.output.unicodeScalars.filter { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) }
            #expect(bad.isEmpty, "raw control characters in \(extra) output: \(bad.map { String($0.value, radix: 16) })")
        }
    }

    @Test func quitEndsTheConversation() throws {
        let run = try chat("/quit\nwhat does a plant manager do\n")
        #expect(run.status == 0)
        #expect(run.output == "Goodbye! Your conversation is saved; come back any time.\n")
    }

    @Test func theConversationIsKeptBetweenRuns() throws {
        _ = try chat("what does a plant manager do\n")
        let state = directory.appending("state").appendingPathComponent("piper.json")
        #expect(FileManager.default.fileExists(atPath: state.path))
        let run = try chat("/history\n")
        #expect(run.output.contains("you: what does a plant manager do"), "\(run.output)")
    }

    @Test func unusableUserNameIsRefusedWithASentence() throws {
        let run = try chat("hello\n", user: "")
        #expect(run.status != 0)
        #expect(run.error.contains("A user name cannot be empty."), "\(run.error)")
        #expect(run.output.isEmpty)
    }

    @Test func unusableStateDirectoryFailsWithASentence() throws {
        let file = directory.url.appendingPathComponent("not-a-directory")
        try Data().write(to: file)
        let run = try AdvisorBinary.run(
            ["chat", "--user", "piper", "--state-dir", file.path, "--intents", AdvisorBinary.intents.path],
            input: "hello\n", home: directory.url)
        #expect(run.status != 0)
        #expect(run.error.contains("not a directory"), "\(run.error)")
    }
}
