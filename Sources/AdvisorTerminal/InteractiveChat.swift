import AdvisorEngine
import AdvisorRuntime

/// The conversation in a terminal: a prompt, a reply to every line, until Ctrl-D or /quit.
///
/// Lines come from a `LineReader` and every reply is rendered again for the terminal's
/// current width. The state is saved by the service after every turn, so ending (Ctrl-D,
/// /quit, a hang-up) only says goodbye.
public struct InteractiveChat {
    /// The prompt in front of what the user types.
    public static let prompt = "you> "
    /// What `/forget` explains, and the question it asks, before deleting anything.
    public static let forgetWarning = "This deletes the conversation, your profile and your input history."
    public static let forgetQuestion = "Delete everything stored about you? (yes/no) "
    /// What is said at Ctrl-D (the same as /quit's goodbye).
    public static let goodbye = "Goodbye! Your conversation is saved; come back any time."

    private let service: any ConversationEndpoint
    private let user: String
    private let reader: any LineReader
    private let renderer: () -> Renderer
    private let write: (String) -> Void
    private let exportPolicy: ExportPolicy

    /// - Parameters:
    ///   - renderer: called for every reply, so that a resized window is wrapped anew.
    ///   - write: prints text on the terminal.
    ///   - exportPolicy: where `/export` may write.
    public init(
        service: any ConversationEndpoint, user: String, reader: any LineReader,
        renderer: @escaping () -> Renderer, write: @escaping (String) -> Void,
        exportPolicy: ExportPolicy = .files(defaultDirectory: nil)
    ) {
        self.exportPolicy = exportPolicy
        self.service = service
        self.user = user
        self.reader = reader
        self.renderer = renderer
        self.write = write
    }

    /// Runs the conversation until the user ends it.
    ///
    /// A turn that cannot be saved is reported and the conversation goes on; the reply is
    /// not shown, since a reply shown is a turn saved.
    ///
    /// - Throws: when the conversation cannot be opened (the saved state cannot be read).
    public func run() throws {
        let opened = try service.open(user: user)
        let conversation = opened.conversation
        write(renderer().render(opened.welcome) + "\n")
        while true {
            switch reader.readLine(prompt: Self.prompt) {
            case .end:
                write("\n" + renderer().render(text: Self.goodbye))
                return
            case .interrupted:
                continue
            case .line(let line):
                guard !line.isBlank else { continue }
                reader.remember(line)
                if line.trimmed.lowercased() == "/clear" {
                    // Home and erase, as Ctrl-L does: nothing else reaches the terminal.
                    write("\u{1B}[H\u{1B}[2J")
                    continue
                }
                guard let output = turn(line, in: conversation) else { continue }
                write(renderer().render(output) + "\n")
                if output.kind == .quit || LeavingWords.isLeaving(line) { return }
            }
        }
    }

    /// Sends one line, asking first if it is a bare `/forget`; nil when nothing was sent.
    private func turn(_ line: String, in conversation: any Conversation) -> ConversationOutput? {
        if let export = ExportCommand(line) {
            do {
                return try export.run(in: conversation, policy: exportPolicy, interactive: true) { path in
                    guard case .line(let answer) = reader.readLine(prompt: "\(TerminalText.printable(path)) exists. Replace it? (yes/no) ") else {
                        write("\n")
                        return false
                    }
                    return ["yes", "y"].contains(answer.trimmed.lowercased())
                }
            } catch {
                write(renderer().render(notice: "\(error)") + "\n")
                return nil
            }
        }
        var text = line
        let words = line.split(separator: " ").map { $0.lowercased() }
        let forgetting = words.first == "/forget"
        if forgetting && words.count == 1 {
            guard confirmForget() else {
                write(renderer().render(text: "Nothing was deleted.") + "\n")
                return nil
            }
            text = "/forget yes"
        }
        do {
            let output = try conversation.send(text)
            if forgetting && ["yes", "confirm"].contains(text.split(separator: " ").dropFirst().joined(separator: " ").lowercased()) {
                reader.forgetHistory()
            }
            return output
        } catch {
            write(renderer().render(notice: "\(error)") + "\n")
            return nil
        }
    }

    private func confirmForget() -> Bool {
        write(renderer().render(text: Self.forgetWarning))
        guard case .line(let answer) = reader.readLine(prompt: Self.forgetQuestion) else {
            write("\n")
            return false
        }
        return ["yes", "y"].contains(answer.trimmed.lowercased())
    }
}
