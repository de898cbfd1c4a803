import AdvisorRuntime
import AdvisorStore
import AdvisorTerminal
import ArgumentParser
import Foundation

extension Advisor {
    struct Chat: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Talk with the advisor (the default command).",
            discussion: """
                In a terminal: a prompt with line editing (readline; ~/.inputrc sections \
                "$if advisor" apply), Tab completion of topics and /commands, and a history \
                kept per user. Ctrl-C clears the line; Ctrl-D or /quit ends the conversation, \
                which is saved after every turn. With standard input not a terminal, each line \
                gets one reply in plain text, or one JSON object with --json.
                """)

        @OptionGroup var knowledge: KnowledgeOptions

        @Option(help: "Who is talking: conversations are kept per user (default: your login name).")
        var user: String?

        @Option(name: .customLong("state-dir"), help: ArgumentHelp(
            "The directory for saved conversations (default: $XDG_STATE_HOME/advisor or ~/.local/state/advisor).",
            valueName: "dir"))
        var stateDirectory: String?

        @Flag(help: "Print one JSON object per turn: text, intent, confidence, reply (and notices).")
        var json = false

        mutating func validate() throws {
            guard let name = user ?? ChatDefaults.systemUserName() else {
                throw ValidationError("Cannot tell who you are from the system; name yourself with --user NAME.")
            }
            do {
                _ = try UserFileName(user: name)
            } catch {
                throw ValidationError("The user name is not usable: \(error)")
            }
            user = name
            if stateDirectory?.isEmpty == true {
                throw ValidationError("The state directory cannot be empty; name one with --state-dir DIR.")
            }
            guard let directory = stateDirectory ?? ChatDefaults.stateDirectory(environment: ProcessInfo.processInfo.environment)?.path else {
                throw ValidationError("Cannot find a place to keep conversations: set HOME or XDG_STATE_HOME, or pass --state-dir DIR.")
            }
            stateDirectory = directory
        }

        func run() throws {
            let base = try knowledge.load()
            let user = user ?? ""
            let store: FileSessionStore
            let history: URL
            do {
                store = try FileSessionStore(directory: URL(fileURLWithPath: stateDirectory ?? ".", isDirectory: true))
                history = try store.fileURL(user: user, extension: "history")
            } catch {
                FileHandle.printError("advisor: \(error)")
                throw ExitCode(1)
            }
            let service = ConversationService(knowledge: KnowledgeHolder(base), store: store)
            let status: Int32
            do {
                status = try ChatFrontEnd.run(service: service, user: user, historyFile: history, json: json)
            } catch {
                FileHandle.printError("advisor: \(error)")
                throw ExitCode(1)
            }
            if status != 0 { throw ExitCode(status) }
        }
    }
}
