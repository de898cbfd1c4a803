import Foundation
import Testing
import Glibc

/// `advisor chat` in a real terminal (tmux): readline editing, completion, history, signals,
/// saving and wrapping.
@Suite(
    .enabled(if: TmuxTerminal.isInstalled, "tmux is not installed: the terminal tests need it (apt-get install tmux)"),
    .enabled(if: AdvisorBinary.exists, "advisor is not built at \(AdvisorBinary.url.path): run swift build, or set ADVISOR_BINARY")
)
struct TerminalChatTests {
    let directory: TemporaryDirectory
    let terminal: TmuxTerminal
    let prompt = "you> "

    init() throws {
        directory = try TemporaryDirectory()
        terminal = try TmuxTerminal(directory: directory.url)
        try FileManager.default.createDirectory(at: directory.appending("home"), withIntermediateDirectories: true)
    }

    var stateDirectory: URL { directory.appending("state") }

    /// Starts `advisor chat` for alice with a HOME of its own, so the user's ~/.inputrc and
    /// state are not involved, and waits for the first prompt.
    private func startChat(columns: Int = 80, rows: Int = 40) throws -> String {
        let session = try terminal.start(
            [AdvisorBinary.url.path, "chat", "--user", "alice", "--state-dir", stateDirectory.path,
             "--intents", AdvisorBinary.intents.path],
            environment: ["HOME": directory.appending("home").path, "TERM": "xterm-256color",
                          "LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"],
            columns: columns, rows: rows)
        try terminal.waitForLastLine(prompt, in: session)
        return session
    }

    @Test func aQuestionIsAnswered() throws {
        let session = try startChat()
        let screen = try terminal.screen(of: session)
        #expect(screen.first?.hasPrefix("Hello!") == true, "the welcome comes first: \(screen)")
        let answered = try terminal.ask("what does a plant manager do", prompt: prompt, in: session).joined(separator: "\n")
        #expect(answered.contains("Plant Manager"))
        #expect(answered.contains("manufacturing site"))
        #expect(answered.contains("You could also ask:"))
        #expect(try terminal.isRunning(session))
    }

    @Test func tabCompletesATopicPhrase() throws {
        let session = try startChat()
        try terminal.completePlantManager("what does a plant ma", prompt: prompt, in: session)
        try terminal.type("do", into: session)
        try terminal.press("Enter", in: session)
        try terminal.waitFor(text: "manufacturing site", in: session)
    }

    @Test func tabCompletesAWholePhraseAtOnce() throws {
        let session = try startChat()
        try terminal.type("tell me about Supply Chain Ma", into: session)
        try terminal.press("Tab", in: session)
        try terminal.waitForLastLine(prompt + "tell me about Supply Chain Manager ", in: session)
    }

    @Test func tabCompletesSlashCommandsAndListsChoices() throws {
        let session = try startChat()
        try terminal.type("/hi", into: session)
        try terminal.press("Tab", in: session)
        try terminal.waitForLastLine(prompt + "/history ", in: session)
        try terminal.press("C-u", in: session)
        // "industry 4." has several completions: Tab completes what they share ("4.0"),
        // and as that changed the line, it takes two more Tabs to list them, as phrases.
        try terminal.type("tell me about industry 4.", into: session)
        try terminal.press("Tab", in: session)
        try terminal.waitForLastLine(prompt + "tell me about industry 4.0", in: session)
        try terminal.press("Tab", in: session)
        try terminal.press("Tab", in: session)
        let screen = try terminal.waitFor(text: "industry 4.0 module", in: session)
        #expect(!screen.contains { $0.contains("tell me about industry 4.0 module") && !$0.hasPrefix(prompt) },
                "the list shows phrases, not whole lines: \(screen)")
    }

    @Test func inputrcSectionsForAdvisorApply() throws {
        // Readline reads ~/.inputrc itself; `$if advisor` holds for our readline name only.
        try """
            $if advisor
            "\\C-xp": "what does a plant manager do"
            $endif
            $if other
            "\\C-xq": "not for advisor"
            $endif
            """.write(to: directory.appending("home").appendingPathComponent(".inputrc"), atomically: true, encoding: .utf8)
        let session = try startChat()
        try terminal.press("C-x", "p", in: session)
        try terminal.waitForLastLine(prompt + "what does a plant manager do", in: session)
        try terminal.press("C-u", "C-x", "q", in: session)
        try terminal.type("done", into: session)
        try terminal.waitForLastLine(prompt + "done", in: session)
    }

    @Test func upRecallsALineFromAPreviousRun() throws {
        let first = try startChat()
        _ = try terminal.ask("what is lean manufacturing", prompt: prompt, in: first)
        try terminal.press("C-d", in: first)
        #expect(try terminal.waitForExit(of: first) == 0)

        let second = try startChat()
        try terminal.press("Up", in: second)
        try terminal.waitForLastLine(prompt + "what is lean manufacturing", in: second)
        let history = stateDirectory.appendingPathComponent("alice.history")
        let attributes = try FileManager.default.attributesOfItem(atPath: history.path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600, "the history is private")
    }

    /// The audit's bug 5: a history file that is a link must not be followed (what the user
    /// types was appended to the target, which was then cut to 500 lines).
    @Test func aHistoryFileThatIsASymbolicLinkIsNeitherFollowedNorUsed() throws {
        try FileManager.default.createDirectory(at: stateDirectory, withIntermediateDirectories: true)
        let target = directory.appending("precious.txt")
        let precious = (1...600).map { "line \($0)" }.joined(separator: "\n") + "\n"
        try Data(precious.utf8).write(to: target)
        try FileManager.default.createSymbolicLink(
            atPath: stateDirectory.appendingPathComponent("alice.history").path, withDestinationPath: target.path)
        let session = try startChat()
        _ = try terminal.waitFor(text: "Your input history is not kept this time: ", in: session)
        #expect(try terminal.screen(of: session, joined: true).joined().contains("alice.history is a symbolic link."))
        _ = try terminal.ask("what is lean manufacturing", prompt: prompt, in: session)
        try terminal.press("C-d", in: session)
        #expect(try terminal.waitForExit(of: session) == 0)
        #expect(try String(contentsOf: target, encoding: .utf8) == precious, "the link's target is untouched")
    }

    /// The audit's bug 6: Ctrl-\ (SIGQUIT) crashed the client with a Swift crash report.
    @Test func ctrlBackslashDoesNotEndTheSession() throws {
        let session = try startChat()
        try terminal.press("C-\\", in: session)
        usleep(300_000)
        #expect(try terminal.isRunning(session))
        let answered = try terminal.ask("what does a plant manager do", prompt: prompt, in: session)
        #expect(answered.joined(separator: "\n").contains("manufacturing site"))
        #expect(!(try terminal.screen(of: session).joined().contains("crashed")))
    }

    /// "exit" alone says goodbye and ends the REPL (it used to leave the prompt open).
    @Test func exitOnItsOwnLineEndsTheSession() throws {
        let session = try startChat()
        try terminal.type("exit", into: session)
        try terminal.press("Enter", in: session)
        #expect(try terminal.waitForExit(of: session) == 0)
    }

    @Test func slashClearClearsTheScreenAndTheSessionGoesOn() throws {
        let session = try startChat()
        _ = try terminal.ask("what is lean manufacturing", prompt: prompt, in: session)
        try terminal.type("/clear", into: session)
        try terminal.press("Enter", in: session)
        try terminal.waitForLastLine(prompt, in: session)
        let screen = try terminal.screen(of: session).filter { !$0.isEmpty }
        #expect(screen == [prompt.trimmingCharacters(in: .whitespaces)] || screen == [prompt], "\(screen)")
        #expect(try terminal.isRunning(session))
    }

    @Test func ctrlCClearsTheLineAndKeepsTheSession() throws {
        let session = try startChat()
        try terminal.type("half a li", into: session)
        try terminal.waitForLastLine(prompt + "half a li", in: session)
        try terminal.press("C-c", in: session)
        let cleared = try terminal.waitForLastLine(prompt, in: session)
        #expect(cleared.contains(prompt + "half a li^C"))
        #expect(try terminal.isRunning(session))
        let answered = try terminal.ask("what does a plant manager do", prompt: prompt, in: session)
        #expect(answered.joined(separator: "\n").contains("manufacturing site"))
        // The discarded line was never sent: one turn is saved, the question.
        let state = try String(contentsOf: stateDirectory.appendingPathComponent("alice.json"), encoding: .utf8)
        #expect(state.contains("\"turnCount\":1"), "\(state)")
        #expect(!state.contains("half a li"))
    }

    @Test func ctrlDSavesAndTheNextSessionIsGreetedBack() throws {
        let first = try startChat()
        _ = try terminal.ask("what does a plant manager do", prompt: prompt, in: first)
        try terminal.press("C-d", in: first)
        #expect(try terminal.waitForExit(of: first) == 0)
        #expect(try terminal.screen(of: first).joined(separator: "\n").contains("Goodbye!"))
        let state = try String(contentsOf: stateDirectory.appendingPathComponent("alice.json"), encoding: .utf8)
        #expect(state.contains("what does a plant manager do"))

        let second = try startChat()
        let greeting = try terminal.screen(of: second).joined(separator: "\n")
        #expect(greeting.contains("Welcome back"), "\(greeting)")
        #expect(greeting.contains("Plant Manager"), "it names where the conversation was: \(greeting)")
    }

    @Test func quitEndsTheSessionAndForgetAsksFirst() throws {
        let session = try startChat()
        _ = try terminal.ask("what does a plant manager do", prompt: prompt, in: session)
        try terminal.type("/forget", into: session)
        try terminal.press("Enter", in: session)
        try terminal.waitFor(text: "(yes/no)", in: session)
        try terminal.type("no", into: session)
        try terminal.press("Enter", in: session)
        try terminal.waitFor(text: "Nothing was deleted.", in: session)
        #expect(FileManager.default.fileExists(atPath: stateDirectory.appendingPathComponent("alice.json").path))
        try terminal.waitForLastLine(prompt, in: session)
        try terminal.type("/quit", into: session)
        try terminal.press("Enter", in: session)
        #expect(try terminal.waitForExit(of: session) == 0)
        #expect(try terminal.screen(of: session).joined(separator: "\n").contains("Goodbye!"))
    }

    /// `/export` in the REPL: a named file in the state directory (said where), a file the
    /// user names (mode 0600), and a question before an existing file is replaced.
    @Test func exportWritesAFileAndAsksBeforeReplacingOne() throws {
        let session = try startChat(columns: 200)
        _ = try terminal.ask("what does a plant manager do", prompt: prompt, in: session)
        let saved = try terminal.ask("/export", prompt: prompt, in: session).joined(separator: "\n")
        let exports = try FileManager.default.contentsOfDirectory(atPath: stateDirectory.path).filter { $0.hasPrefix("advisor-export-alice-") }
        try #require(exports.count == 1, "\(saved)")
        #expect(saved.contains("Saved the conversation (1 exchange) as Markdown to \(stateDirectory.appendingPathComponent(exports[0]).path)"), "\(saved)")

        let named = directory.appending("notes.md")
        _ = try terminal.ask("/export \(named.path)", prompt: prompt, in: session)
        let attributes = try FileManager.default.attributesOfItem(atPath: named.path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(try String(contentsOf: named, encoding: .utf8).contains("**You:** what does a plant manager do"))

        try Data("keep me".utf8).write(to: named)
        try terminal.type("/export \(named.path)", into: session)
        try terminal.press("Enter", in: session)
        try terminal.waitFor(text: "exists. Replace it? (yes/no)", in: session)
        try terminal.type("no", into: session)
        try terminal.press("Enter", in: session)
        try terminal.waitFor(text: "Nothing was written.", in: session)
        #expect(try String(contentsOf: named, encoding: .utf8) == "keep me")
        try terminal.waitForLastLine(prompt, in: session)
        try terminal.type("/export \(named.path)", into: session)
        try terminal.press("Enter", in: session)
        try terminal.waitFor(text: "Replace it? (yes/no) ", in: session)
        try terminal.type("yes", into: session)
        try terminal.press("Enter", in: session)
        try terminal.waitForLastLine(prompt, in: session)
        #expect(try String(contentsOf: named, encoding: .utf8).hasPrefix("# Conversation with the advisor"))
    }

    /// /help names the keys; /history shows the exchanges readably (never an intent id);
    /// /topics is numbered and a number asks that topic.
    @Test func helpNamesTheKeysHistoryIsReadableAndTopicsArePickedByNumber() throws {
        let session = try startChat(columns: 200, rows: 80)
        let help = try terminal.ask("/help", prompt: prompt, in: session).joined(separator: "\n")
        for key in ["Tab", "Ctrl-R", "Ctrl-L", "Ctrl-C", "Ctrl-D"] {
            #expect(help.contains(key), "\(key) in /help: \(help)")
        }
        _ = try terminal.ask("what does a plant manager do", prompt: prompt, in: session)
        let history = try terminal.ask("/history", prompt: prompt, in: session).joined(separator: "\n")
        #expect(history.contains("what does a plant manager do") && history.contains("Plant Manager"), "\(history)")
        #expect(!history.contains("roles.plant_manager") && !history.contains("→"), "no internal ids: \(history)")
        let topics = try terminal.ask("/topics", prompt: prompt, in: session).joined(separator: "\n")
        #expect(topics.contains("  7. What is lean manufacturing?"), "\(topics)")
        let picked = try terminal.ask("7", prompt: prompt, in: session).joined(separator: "\n")
        #expect(picked.contains("Lean manufacturing module"), "\(picked)")
    }

    /// Leaving in the middle of the fit assessment: the welcome back shows the question itself.
    @Test func theWelcomeBackShowsThePendingAssessmentQuestion() throws {
        let first = try startChat(columns: 200)
        _ = try terminal.ask("is this right for me?", prompt: prompt, in: first)
        _ = try terminal.ask("the whole system", prompt: prompt, in: first)
        try terminal.press("C-d", in: first)
        #expect(try terminal.waitForExit(of: first) == 0)
        let second = try startChat(columns: 200)
        let welcome = try terminal.screen(of: second).joined(separator: "\n")
        #expect(welcome.contains("question 2 of 5"), "\(welcome)")
        #expect(welcome.contains("Question 2 of 5: Do you want to lead"), "the question itself: \(welcome)")
    }

    @Test func sigtermEndsTheSessionWithAGoodbye() throws {
        let session = try startChat()
        try terminal.type("half a question", into: session)
        try terminal.waitForLastLine(prompt + "half a question", in: session)
        // The pane runs a shell that waits for advisor: signal its child.
        let shell = try terminal.panePID(of: session)
        let advisor = try #require(Self.children(of: shell).first, "advisor's process")
        Glibc.kill(advisor, SIGTERM)
        #expect(try terminal.waitForExit(of: session) == 0)
        #expect(try terminal.screen(of: session).joined(separator: "\n").contains("Goodbye!"))
    }

    @Test func aHangUpEndsTheProcess() throws {
        let session = try startChat()
        let advisor = try #require(Self.children(of: try terminal.panePID(of: session)).first, "advisor's process")
        try terminal.kill(session)
        let deadline = Date().addingTimeInterval(TmuxTerminal.timeout)
        while Glibc.kill(advisor, 0) == 0 && Date() < deadline { usleep(20_000) }
        #expect(Glibc.kill(advisor, 0) != 0, "advisor \(advisor) still runs after its terminal hung up")
    }

    /// The processes whose parent is `parent`, from /proc.
    private static func children(of parent: pid_t) -> [pid_t] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { pid_t($0) }.filter { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return false }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 1 && pid_t(fields[1]) == parent
        }
    }

    @Test func repliesWrapToNarrowAndWideWindows() throws {
        var heights: [Int: Int] = [:]
        for columns in [40, 120] {
            let session = try startChat(columns: columns, rows: 100)
            _ = try terminal.ask("what does a plant manager do", prompt: prompt, in: session)
            let lines = try terminal.screen(of: session, joined: true)
            for line in lines {
                let shown = line.replacingOccurrences(of: " +$", with: "", options: .regularExpression)
                #expect(shown.count <= columns, "wider than \(columns) columns: \"\(line)\"")
            }
            heights[columns] = lines.count
        }
        let narrow = try #require(heights[40])
        let wide = try #require(heights[120])
        #expect(narrow > wide, "40 columns take more lines (\(narrow)) than 120 (\(wide))")
    }
}
