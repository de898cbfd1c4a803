import AdvisorEngine
import AdvisorRuntime
import Foundation

/// Starts the conversation the way standard input calls for: the readline REPL on a
/// terminal, one reply per line otherwise (and always with `--json`).
public enum ChatFrontEnd {
    /// Runs the conversation to its end.
    ///
    /// - Parameters:
    ///   - historyFile: where the terminal keeps the user's input history.
    ///   - json: print one JSON object per turn instead of talking to a terminal.
    ///   - welcome: without a terminal, print the opening first (a terminal always shows it).
    ///   - exportPolicy: where `/export` may write files.
    /// - Returns: the exit status: 0 when the conversation ended normally (including when
    ///   a line was refused as too long), non-zero when it could not go on.
    /// - Throws: when the conversation cannot be opened in the terminal.
    public static func run(
        service: any ConversationEndpoint, user: String, historyFile: URL?, json: Bool, echo: Bool = false, welcome: Bool = false,
        exportPolicy: ExportPolicy = .files(defaultDirectory: nil),
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> Int32 {
        if !json && TerminalSize.isTerminal(STDIN_FILENO) {
            // Ctrl-\ sends SIGQUIT, whose default (a crash report, a core) is no way for a
            // student's session to end, over SSH least of all: it is ignored, like a stray key.
            signal(SIGQUIT, SIG_IGN)
            let reader = ReadlineLineReader(completer: try TopicCompleter(endpoint: service), historyFile: historyFile)
            if let problem = reader.historyProblem { writeError(problem + "\n") }
            try InteractiveChat(
                service: service, user: user, reader: reader,
                renderer: { Renderer.forStandardOutput(environment: environment) }, write: writeOut, exportPolicy: exportPolicy
            ).run()
            return 0
        }
        var input = LineInput(descriptor: STDIN_FILENO)
        let chat = PipedChat(service: service, user: user, format: json ? .json : echo ? .echoedText : .text, welcome: welcome, exportPolicy: exportPolicy, write: writeOut, writeError: writeError)
        return chat.run(input: &input).rawValue
    }

    /// Asks one question and prints the reply: `advisor "what is lean?"`, and a command sent
    /// over SSH (`ssh host 'what roles can I get?'`), which is a question, never a command to
    /// run. The turn is saved in the user's conversation like any other.
    ///
    /// - Returns: 0, or 2 when the text has a line break or control character (refused).
    public static func askOnce(
        service: any ConversationEndpoint, user: String, text: String, json: Bool = false, fromSSH: Bool = true,
        exportPolicy: ExportPolicy = .screenOnly
    ) throws -> Int32 {
        if !isAskable(text) {
            writeError(fromSSH
                ? "advisor: the command sent over SSH has a line break or control character; it was neither run nor asked.\n"
                : "advisor: the question has a line break or control character; it was not asked (pipe several questions to advisor instead).\n")
            return 2
        }
        let opened = try service.open(user: user)
        for notice in opened.welcome.notices { writeError(TerminalText.printable("advisor: \(notice)") + "\n") }
        let conversation = opened.conversation
        let output = try ExportCommand(text).map { try $0.run(in: conversation, policy: exportPolicy, interactive: false, confirmReplace: nil) }
            ?? conversation.send(text)
        if json {
            writeOut(TurnRecord(text: text, output: output).jsonLine + "\n")
        } else {
            for notice in output.notices { writeError(TerminalText.printable("Note: " + notice) + "\n") }
            writeOut(Renderer.forStandardOutput(environment: ProcessInfo.processInfo.environment).render(output))
        }
        return 0
    }

    /// Whether a command sent over SSH may be asked: no line breaks or control characters.
    public static func isAskable(_ text: String) -> Bool {
        !ControlCharacters.occur(in: text)
    }

    private static func writeOut(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    private static func writeError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
