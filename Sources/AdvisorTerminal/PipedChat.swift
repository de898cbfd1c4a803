import AdvisorEngine
import AdvisorRuntime
import Foundation

/// The conversation without a terminal: one reply per line of input, for scripts and
/// other programs.
///
/// No prompt, no welcome and no styling. Blank lines are skipped. As text, each reply is
/// the plain text (as transcripts have it), with a blank line between replies and any
/// notice on standard error; as JSON, each turn is one object on one line:
/// `{"text", "intent", "confidence", "reply"}`, plus `"notices"` when there are any, with
/// intent `"command"` for slash commands. A line longer than the message limit gets a
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

    /// - Parameters:
    ///   - write: prints on standard output; it must not hold output back, since the other
    ///     side may wait for each reply before it sends the next line.
    ///   - writeError: prints on standard error.
    public init(
        service: any ConversationEndpoint, user: String, format: Format,
        write: @escaping (String) -> Void, writeError: @escaping (String) -> Void
    ) {
        self.service = service
        self.user = user
        self.format = format
        self.write = write
        self.writeError = writeError
    }

    /// Answers every line of `input` until its end or `/quit`.
    public func run(input: inout LineInput) -> Outcome {
        var first = true
        var opened = false
        while let line = input.next() {
            if !opened, case .text(let message) = line, !message.isBlank {
                // A daemon needs the conversation opened; its welcome is not printed here,
                // but anything the user must be told (a state file moved aside) is.
                do {
                    let opening = try service.open(user: user)
                    for notice in opening.notices { writeError(TerminalText.printable("advisor: \(notice)") + "\n") }
                } catch {
                    writeError(TerminalText.printable("advisor: \(error)") + "\n")
                    return .failed
                }
                opened = true
            }
            let output: ConversationOutput
            let text: String
            switch line {
            case .text(let message):
                guard !message.isBlank else { continue }
                do {
                    output = try service.send(user: user, text: message)
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

    private func print(_ output: ConversationOutput, for text: String, first: Bool) {
        switch format {
        case .json:
            write(TurnRecord(text: text, output: output).jsonLine + "\n")
        case .text, .echoedText:
            for notice in output.notices { writeError(TerminalText.printable("Note: " + notice) + "\n") }
            let question = format == .echoedText ? "> " + TerminalText.printable(text).replacingOccurrences(of: "\n", with: " ") + "\n" : ""
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
