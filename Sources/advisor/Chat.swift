import AdvisorEngine
import AdvisorDaemon
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
                gets one reply in plain text, or one JSON object with --json. With a question \
                (advisor "what is lean?"), it is answered once, in the user's conversation, and \
                the command exits.
                """)

        @OptionGroup var knowledge: KnowledgeOptions

        @Option(help: "Who is talking: conversations are kept per user (default: your login name).")
        var user: String?

        @Option(name: .customLong("state-dir"), help: ArgumentHelp(
            "The directory for saved conversations (default: $XDG_STATE_HOME/advisor or ~/.local/state/advisor).",
            valueName: "dir"))
        var stateDirectory: String?

        @Flag(help: "Print one JSON object per turn (the fields are in the README's \"Reply JSON\" section).")
        var json = false

        @Flag(help: "With standard input not a terminal: print the opening (greeting or welcome back) first; with --json, as an object of type \"welcome\".")
        var welcome = false

        @Flag(help: "With standard input not a terminal: print each question (as '> question') before its reply.")
        var echo = false

        @Option(help: ArgumentHelp("Talk to the advisor daemon listening on this Unix socket instead of running the advisor here.", valueName: "socket"))
        var connect: String?

        @Option(name: .customLong("as"), help: ArgumentHelp(
            "With --connect: open this student's conversation. Only the daemon's trusted account may do this (SSH forced commands).",
            valueName: "name"))
        var speakingFor: String?

        @Argument(help: ArgumentHelp("A question to answer once, then exit (it is a turn of your conversation).", valueName: "question"))
        var question: [String] = []

        /// The one-shot question, if one was given.
        var oneShot: String? { question.isEmpty ? nil : question.joined(separator: " ") }

        mutating func validate() throws {
            if speakingFor != nil && connect == nil {
                throw ValidationError("--as only works with --connect: the daemon decides who may speak for a student.")
            }
            if let speakingFor, speakingFor.isEmpty || ControlCharacters.occur(in: speakingFor) {
                throw ValidationError("The name given with --as is empty or has control characters.")
            }
            if welcome && oneShot != nil {
                throw ValidationError("--welcome is for a conversation on standard input; a question given as an argument is answered alone.")
            }
            if echo && json {
                throw ValidationError("--echo and --json do not go together: every JSON object has the question in its \"text\" field.")
            }
            if connect != nil && user != nil {
                throw ValidationError("--user does not apply with --connect: the daemon knows who you are (or use --as from a trusted account).")
            }
            guard let name = speakingFor ?? user ?? ChatDefaults.systemUserName() else {
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
            if let connect {
                try runConnected(to: connect)
                return
            }
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
                if let oneShot {
                    status = try ChatFrontEnd.askOnce(
                        service: service, user: user, text: oneShot, json: json, fromSSH: false, exportPolicy: .files(defaultDirectory: nil))
                } else {
                    status = try ChatFrontEnd.run(
                        service: service, user: user, historyFile: history, json: json, echo: echo, welcome: welcome,
                        exportPolicy: .files(defaultDirectory: history.deletingLastPathComponent()))
                }
            } catch {
                FileHandle.printError("advisor: \(error)")
                throw ExitCode(1)
            }
            if status != 0 { throw ExitCode(status) }
        }
    
        /// Talks to the daemon: the same REPL, pipe and --json modes as embedded, and a
        /// command sent over SSH (SSH_ORIGINAL_COMMAND) asked once as a question.
        private func runConnected(to socket: String) throws {
            let sshCommand = ProcessInfo.processInfo.environment["SSH_ORIGINAL_COMMAND"].flatMap { $0.isEmpty ? nil : $0 }
            if let sshCommand, !ChatFrontEnd.isAskable(sshCommand) {
                // Refused before anything reaches the daemon.
                FileHandle.printError("advisor: the command sent over SSH has a line break or control character; it was neither run nor asked.")
                throw ExitCode(2)
            }
            let endpoint: DaemonConversation
            do {
                endpoint = DaemonConversation(client: try DaemonClient(socketPath: socket), speakingFor: speakingFor)
            } catch {
                FileHandle.printError("advisor: \(error)")
                throw ExitCode(1)
            }
            let name = user ?? ""
            // The history stays on this side, per student (the shared SSH account serves many).
            let history = stateDirectory.flatMap { directory -> URL? in
                try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
                return try? UserFileName(user: name).url(in: URL(fileURLWithPath: directory, isDirectory: true), extension: "history")
            }
            // Speaking for a student is the SSH forced command: files would land on the server.
            let exportPolicy: ExportPolicy = speakingFor != nil || sshCommand != nil
                ? .screenOnly : .files(defaultDirectory: history?.deletingLastPathComponent())
            let status: Int32
            do {
                if let command = sshCommand {
                    status = try ChatFrontEnd.askOnce(service: endpoint, user: name, text: command)
                } else if let oneShot {
                    status = try ChatFrontEnd.askOnce(service: endpoint, user: name, text: oneShot, json: json, fromSSH: false, exportPolicy: exportPolicy)
                } else {
                    status = try ChatFrontEnd.run(
                        service: endpoint, user: name, historyFile: history, json: json, echo: echo, welcome: welcome, exportPolicy: exportPolicy)
                }
            } catch {
                FileHandle.printError("advisor: \(error)")
                throw ExitCode(1)
            }
            if status != 0 { throw ExitCode(status) }
        }
    }
}
