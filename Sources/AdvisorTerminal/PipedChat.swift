import AdvisorEngine
import AdvisorRuntime
import Foundation

/// The conversation without a terminal: one reply per line of input, for scripts and
/// other programs.
///
/// No prompt and no styling; the welcome only when asked for (`--welcome`). Blank lines are
/// skipped. As text, each reply is the plain text (as transcripts have it), with a blank
/// line between replies and any notice on standard error; as JSON, each turn is one object
/// on one line, the fields of the README's "Reply JSON" section, with intent `"command"`
/// for slash commands. A line longer than the message limit gets a
/// one-line refusal (intent `"fallback"`, confidence 0) and the conversation goes on.
/// `/quit` prints its goodbye and ends the conversation; so does the end of the input.
public struct PipedChat {
    /// How replies are printed.
    public enum Format: Sendable {
        case text
        /// Each reply after its question, as `> question` (`--echo`): a transcript of the run.
        case echoedText
        case json
    }

    /// How the conversation ended, as an exit status.
    public enum Outcome: Int32, Sendable {
        /// The input ended or the user quit. Refused lines do not change this: they were
        /// answered (with a refusal) and the conversation went on.
        case finished = 0
        /// A turn could not be saved; the conversation stopped there.
        case failed = 1
    }

    private let service: any ConversationEndpoint
    private let user: String
    private let format: Format
    private let write: (String) -> Void
    private let writeError: (String) -> Void
    private let welcome: Bool
    private let exportPolicy: ExportPolicy

    /// - Parameters:
    ///   - write: prints on standard output; it must not hold output back, since the other
    ///     side may wait for each reply before it sends the next line.
    ///   - writeError: prints on standard error.
    ///   - welcome: print the opening (the greeting, or the welcome back) before the first
    ///     reply, as the REPL shows it; in JSON, as an object of type `welcome`.
    ///   - exportPolicy: where `/export FILE` may write (without FILE the Markdown is printed).
    public init(
        service: any ConversationEndpoint, user: String, format: Format, welcome: Bool = false,
        exportPolicy: ExportPolicy = .files(defaultDirectory: nil),
        write: @escaping (String) -> Void, writeError: @escaping (String) -> Void
    ) {
        self.welcome = welcome
        self.exportPolicy = exportPolicy
        self.service = service
        self.user = user
        self.format = format
        self.write = write
        self.writeError = writeError
    }

    /// Answers every line of `input` until its end or `/quit`.
    public func run(input: inout LineInput) -> Outcome {
        var first = true
        var conversation: (any Conversation)?
        if welcome {
            // The welcome's notices (a state file moved aside) are in its JSON object, or
            // on standard error before its text.
            guard let opened = open(printingNotices: format != .json) else { return .failed }
            print(opened.welcome, for: "", first: true, isWelcome: true)
            first = false
            conversation = opened.conversation
        }
        while let line = input.next() {
            if conversation == nil, case .text(let message) = line, !message.isBlank {
                // A daemon needs the conversation opened; without --welcome its welcome is
                // not printed, but anything the user must be told (a state file moved aside) is.
                guard let opened = open() else { return .failed }
                conversation = opened.conversation
            }
            let output: ConversationOutput
            let text: String
            switch line {
            case .text(let message):
                guard !message.isBlank else { continue }
                do {
                    // Opened above: the line is not blank.
                    guard let conversation else { continue }
                    if let export = ExportCommand(message) {
                        // A pipe cannot ask before replacing a file: it refuses instead.
                        output = try export.run(in: conversation, policy: exportPolicy, interactive: false, confirmReplace: nil)
                    } else {
                        output = try conversation.send(message)
                    }
                } catch {
                    writeError(TerminalText.printable("advisor: \(error)") + "\n")
                    return .failed
                }
                text = message
            case .tooLong(let bytes):
                output = Self.refusal(bytes: bytes)
                text = ""
            }
            print(output, for: text, first: first)
            first = false
            if output.kind == .quit || LeavingWords.isLeaving(text) { break }
        }
        return .finished
    }

    /// Opens the conversation and prints its notices; nil (said on standard error) when it
    /// cannot be opened.
    private func open(printingNotices: Bool = true) -> OpenedConversation? {
        do {
            let opened = try service.open(user: user)
            for notice in opened.welcome.notices where printingNotices { writeError(TerminalText.printable("advisor: \(notice)") + "\n") }
            return opened
        } catch {
            writeError(TerminalText.printable("advisor: \(error)") + "\n")
            return nil
        }
    }

    private func print(_ output: ConversationOutput, for text: String, first: Bool, isWelcome: Bool = false) {
        switch format {
        case .json:
            write(TurnRecord(text: text, output: output, welcome: isWelcome).jsonLine + "\n")
        case .text, .echoedText:
            if !isWelcome {
                for notice in output.notices { writeError(TerminalText.printable("Note: " + notice) + "\n") }
            }
            let question = format == .echoedText && !isWelcome ? "> " + TerminalText.printable(text).replacingOccurrences(of: "\n", with: " ") + "\n" : ""
            write((first ? "" : "\n") + question + TerminalText.printable(output.text) + "\n")
        }
    }

    /// The answer to a line over the limit, which was read and dropped.
    static func refusal(bytes: Int) -> ConversationOutput {
        let message = "That line is \(bytes) bytes long; the limit is \(MessageLimits.maximumMessageBytes). It was skipped: please ask in fewer words."
        let reply = Reply(intent: KnowledgeBase.fallbackID, confidence: 0, kind: .refusal, body: message)
        return ConversationOutput(kind: .reply, reply: reply, text: message, notices: [])
    }
}
