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
        Transcript(steps: zip(steps, replayed.steps).map { original, new in
            if case .say(let text, let intent, _) = original, case .say(_, _, let expected) = new {
                return .say(text, intent: intent, expected: expected)
            }
            return new
        })
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

    /// The transcript as the advisor answers it now: same user lines, actual replies and
    /// intents (an intent line is written only where the original had one).
    public func replay(_ transcript: Transcript) throws -> Transcript {
        let store = InMemorySessionStore()
        let holder = KnowledgeHolder(knowledge)
        func makeService() -> ConversationService {
            ConversationService(knowledge: holder, store: store, clock: { nil }, seed: 0)
        }
        var service = makeService()
        var user = "student"
        var steps: [Transcript.Step] = []
        for step in transcript.steps {
            switch step {
            case .comment, .user:
                if case .user(let name) = step { user = name }
                steps.append(step)
            case .open:
                steps.append(.open(expected: Self.lines(try service.open(user: user))))
            case .restart:
                service = makeService()
                steps.append(.restart(expected: Self.lines(try service.open(user: user))))
            case .say(let text, let intent, _):
                let output = try service.send(user: user, text: text)
                steps.append(.say(text, intent: intent == nil ? nil : output.intent, expected: Self.lines(output)))
            }
        }
        return Transcript(steps: steps)
    }

    static func lines(_ output: ConversationOutput) -> [String] {
        let text = (output.notices.map { "! \($0)" } + [output.text]).joined(separator: "\n")
        return text.components(separatedBy: "\n").map { $0.replacingOccurrences(of: "\t", with: "    ") }
    }
}

/// A unified diff of two texts, line by line.
public enum UnifiedDiff {
    /// The first hunk that differs, with `context` lines around it, or nil if equal.
    public static func firstHunk(expected: String, actual: String, expectedName: String, actualName: String, context: Int = 3) -> String? {
        let a = expected.components(separatedBy: "\n")
        let b = actual.components(separatedBy: "\n")
        if a == b { return nil }
        // Longest common subsequence table, from the end.
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                table[i][j] = a[i] == b[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        enum Edit { case same(String), removed(String), added(String) }
        var edits: [(Edit, Int, Int)] = []
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] {
                edits.append((.same(a[i]), i, j)); i += 1; j += 1
            } else if i < a.count, j == b.count || table[i + 1][j] >= table[i][j + 1] {
                // Removals before additions, as diff(1) shows them.
                edits.append((.removed(a[i]), i, j)); i += 1
            } else {
                edits.append((.added(b[j]), i, j)); j += 1
            }
        }
        guard let firstChange = edits.firstIndex(where: { if case .same = $0.0 { return false } else { return true } }) else { return nil }
        var lastChange = firstChange
        var index = firstChange
        while index < edits.count {
            if case .same = edits[index].0 {
                // A run of more than 2×context equal lines ends the hunk.
                let run = edits[index...].prefix { if case .same = $0.0 { return true } else { return false } }.count
                if run > context * 2 || index + run == edits.count { break }
                index += run
            } else {
                lastChange = index
                index += 1
            }
        }
        let start = max(0, firstChange - context)
        let end = min(edits.count, lastChange + context + 1)
        let slice = edits[start..<end]
        let oldStart = slice.first.map { $0.1 + 1 } ?? 1
        let newStart = slice.first.map { $0.2 + 1 } ?? 1
        let oldCount = slice.filter { if case .added = $0.0 { return false } else { return true } }.count
        let newCount = slice.filter { if case .removed = $0.0 { return false } else { return true } }.count
        var lines = ["--- \(expectedName)", "+++ \(actualName)", "@@ -\(oldStart),\(oldCount) +\(newStart),\(newCount) @@"]
        for (edit, _, _) in slice {
            switch edit {
            case .same(let line): lines.append(" \(line)")
            case .removed(let line): lines.append("-\(line)")
            case .added(let line): lines.append("+\(line)")
            }
        }
        return lines.joined(separator: "\n")
    }
}
