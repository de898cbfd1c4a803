import AdvisorEngine
import AdvisorStore
import Foundation

/// A scripted conversation: what the user says, and what the advisor is expected to answer.
///
/// The format, one line at a time:
/// - `# text`: a comment, kept as it is.
/// - `@user NAME`: the user for what follows (default `student`).
/// - `@open`: open the conversation; the welcome is recorded as `< ` lines.
/// - `@restart`: quit and come back (a new service on the same store), then open.
/// - `> text`: the user's line (a message or a slash command).
/// - `= intent`: optional, after `> `: the intent the turn must resolve to.
/// - `< text`: a line of the advisor's reply (`<` alone for a blank line).
public struct Transcript: Equatable, Sendable {
    public enum Step: Equatable, Sendable {
        case comment(String)
        case user(String)
        case open(expected: [String])
        case restart(expected: [String])
        case say(String, intent: String?, expected: [String])
    }

    public var steps: [Step]

    /// A line that cannot be parsed.
    public struct ParseError: Error, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }
    }

    public init(steps: [Step]) {
        self.steps = steps
    }

    public init(parsing text: String) throws {
        var steps: [Step] = []
        var lines = text.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        for (offset, line) in lines.enumerated() {
            let number = offset + 1
            if line.hasPrefix("#") {
                steps.append(.comment(line))
            } else if line.isBlank {
                continue
            } else if line.hasPrefix("@user ") {
                steps.append(.user(String(line.dropFirst(6)).trimmed))
            } else if line == "@open" {
                steps.append(.open(expected: []))
            } else if line == "@restart" {
                steps.append(.restart(expected: []))
            } else if line.hasPrefix("> ") || line == ">" {
                steps.append(.say(String(line.dropFirst(2)), intent: nil, expected: []))
            } else if line.hasPrefix("= ") {
                guard case .say(let text, nil, let expected)? = steps.last, expected.isEmpty else {
                    throw ParseError(line: number, message: "'= intent' must follow a '> ' line directly")
                }
                steps[steps.count - 1] = .say(text, intent: String(line.dropFirst(2)).trimmed, expected: expected)
            } else if line.hasPrefix("< ") || line == "<" {
                let content = line == "<" ? "" : String(line.dropFirst(2))
                switch steps.last {
                case .say(let text, let intent, let expected)?:
                    steps[steps.count - 1] = .say(text, intent: intent, expected: expected + [content])
                case .open(let expected)?:
                    steps[steps.count - 1] = .open(expected: expected + [content])
                case .restart(let expected)?:
                    steps[steps.count - 1] = .restart(expected: expected + [content])
                default:
                    throw ParseError(line: number, message: "a '< ' reply line must follow '> ', '@open' or '@restart'")
                }
            } else {
                throw ParseError(line: number, message: "unknown line; expected '#', '@user', '@open', '@restart', '> ', '= ' or '< '")
            }
        }
        self.steps = steps
    }

    /// `replayed`'s replies with this transcript's expected intents.
    public func keepingIntents(of replayed: Transcript) -> Transcript {
        updated(from: replayed, acceptingIntents: false).transcript
    }

    /// This transcript with `replayed`'s replies, for `replay --update`.
    ///
    /// A turn whose intent changed is a regression to look at, not to record: it is left as
    /// it was (its old reply too) and counted, unless `acceptingIntents`, which records the
    /// new intent and reply.
    public func updated(from replayed: Transcript, acceptingIntents: Bool) -> (transcript: Transcript, leftAlone: Int) {
        var leftAlone = 0
        let steps = zip(steps, replayed.steps).map { original, new -> Step in
            guard case .say(let text, let intent, _) = original, case .say(_, let newIntent, let expected) = new else { return new }
            if let intent, !Self.sameIntent(intent, newIntent ?? "") {
                if acceptingIntents { return new }
                leftAlone += 1
                return original
            }
            return .say(text, intent: intent, expected: expected)
        }
        return (Transcript(steps: steps), leftAlone)
    }

    /// Whether two intent labels name the same destination: "a + b" is "b + a".
    public static func sameIntent(_ a: String, _ b: String) -> Bool {
        let parts = { (intent: String) in Set(intent.components(separatedBy: " + ").map(\.trimmed)) }
        return a == b || parts(a) == parts(b)
    }

    /// The transcript as text, in the format it is parsed from.
    public var text: String {
        var lines: [String] = []
        func reply(_ expected: [String]) {
            lines += expected.map { $0.isEmpty ? "<" : "< \($0)" }
        }
        for step in steps {
            switch step {
            case .comment(let text):
                lines.append(text)
            case .user(let name):
                lines.append("@user \(name)")
            case .open(let expected):
                lines.append("@open")
                reply(expected)
            case .restart(let expected):
                lines.append("@restart")
                reply(expected)
            case .say(let text, let intent, let expected):
                if !lines.isEmpty && !(lines.last?.hasPrefix("#") ?? false) && !(lines.last?.hasPrefix("@user") ?? false) { lines.append("") }
                lines.append(text.isEmpty ? ">" : "> \(text)")
                if let intent { lines.append("= \(intent)") }
                reply(expected)
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// Replays transcripts through the real `ConversationService`, from a fresh session.
public struct TranscriptReplayer: Sendable {
    public let knowledge: KnowledgeBase

    public init(knowledge: KnowledgeBase) {
        self.knowledge = knowledge
    }

    /// What one user line of a replayed transcript came to.
    public struct ReplayedTurn: Sendable, Equatable {
        /// The intent the turn resolved to (`command` for a slash command).
        public var intent: String
        /// The intent whose "more" text the reply showed, if it did: by the reply's blocks, not
        /// its wording (a second "tell me more", a why or a rewording are not it).
        public var moreShown: String?
        /// The conversation's topic after the turn.
        public var topic: String?
    }

    /// The transcript as the advisor answers it now: same user lines, actual replies and
    /// intents (an intent line is written only where the original had one).
    public func replay(_ transcript: Transcript) throws -> Transcript {
        try replayRecordingTurns(transcript).transcript
    }

    /// `replay`, and what each user line came to, in order.
    public func replayRecordingTurns(_ transcript: Transcript) throws -> (transcript: Transcript, turns: [ReplayedTurn]) {
        let store = InMemorySessionStore()
        let holder = KnowledgeHolder(knowledge)
        func makeService() -> ConversationService {
            ConversationService(knowledge: holder, store: store, clock: { nil }, seed: 0)
        }
        var service = makeService()
        var user = "student"
        var steps: [Transcript.Step] = []
        var turns: [ReplayedTurn] = []
        for step in transcript.steps {
            switch step {
            case .comment, .user:
                if case .user(let name) = step { user = name }
                steps.append(step)
            case .open:
                steps.append(.open(expected: Self.lines(try service.welcome(user: user))))
            case .restart:
                service = makeService()
                steps.append(.restart(expected: Self.lines(try service.welcome(user: user))))
            case .say(let text, let intent, _):
                let output = try service.send(user: user, text: text)
                steps.append(.say(text, intent: intent == nil ? nil : output.intent, expected: Self.lines(output)))
                let topic = try store.load(user: user).value?.context.topic
                let shown = output.reply?.blocks.flatMap { blocks in
                    knowledge.intents.first { !$0.moreBlocks.isEmpty && $0.moreBlocks == blocks }?.id
                }
                turns.append(ReplayedTurn(intent: output.intent, moreShown: shown, topic: topic))
            }
        }
        return (Transcript(steps: steps), turns)
    }

    static func lines(_ output: ConversationOutput) -> [String] {
        let text = (output.notices.map { "! \($0)" } + [output.text]).joined(separator: "\n")
        return text.components(separatedBy: "\n").map { $0.replacingOccurrences(of: "\t", with: "    ") }
    }
}
