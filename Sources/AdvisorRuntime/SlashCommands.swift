import AdvisorEngine
import AdvisorStore
import Foundation

/// The slash commands every front end shares: /help, /topics, /history, /profile, /reset,
/// /forget, /export, /quit.
struct SlashCommands {
    let service: ConversationService
    let store: any SessionStore

    static let all: [(name: String, summary: String)] = [
        ("/help", "what you can ask and the commands"),
        ("/topics", "the topics I can talk about, grouped"),
        ("/history", "the last exchanges of this conversation (/history N for N of them)"),
        ("/profile", "what I remember about you"),
        ("/reset", "start a fresh conversation (your profile is kept)"),
        ("/forget", "delete everything stored about you (asks to confirm)"),
        ("/export", "this conversation as Markdown (/export FILE writes it, --force replaces)"),
        ("/clear", "clear the screen (in a terminal; Ctrl-L too)"),
        ("/quit", "end the conversation (it is saved)"),
    ]

    /// The names of the commands, for completion.
    static var names: [String] { all.map(\.name) }

    func run(_ line: String, user: String) throws -> ConversationOutput {
        let words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        let name = words.first?.lowercased() ?? "/"
        let argument = words.dropFirst().joined(separator: " ").lowercased()
        let knowledge = service.knowledgeBase
        switch name {
        case "/help":
            return output(Self.help)
        case "/topics":
            let (text, choices) = Self.topics(knowledge)
            // Remembered as the choices a number picks, as numbered suggestions are.
            let saved = try store.update(user: user) { state in
                state.context.choices = choices
                state.context.choicesAreClarification = false
            }
            return output(text, notices: saved.notices)
        case "/history":
            let state = try store.load(user: user)
            return output(Self.history(state.value, count: Int(argument) ?? Self.historyDefault), notices: state.notices)
        case "/profile":
            let state = try store.load(user: user)
            return output(Self.profile(state.value?.profile ?? Profile(), fit: state.value?.context.conclusion, knowledge: knowledge), notices: state.notices)
        case "/reset":
            let result = try store.update(user: user) { state in
                let profile = state.profile
                state = SessionState(user: user, createdAt: state.createdAt)
                state.profile = profile
            }
            let kept = try store.load(user: user).value.map { !$0.profile.isEmpty } ?? false
            return output("Started a fresh conversation." + (kept ? " (I still remember your profile; /forget deletes everything.)" : ""), notices: result.notices)
        case "/forget":
            guard argument == "yes" || argument == "confirm" else {
                return output("This deletes everything stored about you: the conversation, your profile and your input history. Type /forget yes to confirm.")
            }
            try store.delete(user: user)
            return output("Done: everything stored about you has been deleted.")
        case "/clear":
            // A terminal clears itself before sending it; elsewhere there is no screen.
            return output("(/clear clears the screen in a terminal; there is none here.)")
        case "/export":
            let state = try store.load(user: user)
            return output(Self.export(state.value, knowledge: knowledge), notices: state.notices)
        case "/quit", "/exit", "/bye":
            return ConversationOutput(kind: .quit, reply: nil, text: "Goodbye! Your conversation is saved; come back any time.", notices: [])
        default:
            let suggestion = Self.closest(to: name).map { " Did you mean \($0)?" } ?? ""
            return output("Unknown command \(Self.printable(name)).\(suggestion) Type /help for the list.")
        }
    }

    private func output(_ text: String, notices: [String] = []) -> ConversationOutput {
        ConversationOutput(kind: .command, reply: nil, text: text, notices: notices)
    }

    static var help: String {
        var lines = [
            "Ask me about the MBA / master's in Manufacturing Management in your own words, for example:",
            "- What is an MBA in Manufacturing Management?",
            "- What does a plant manager do?",
            "- Is this right for me?  (a short guided assessment)",
            "",
            "Say \"tell me more\" for a deeper answer, or type the number of a suggestion.",
            "",
            "Commands:",
        ]
        for command in all { lines.append("  \(command.name.padding(toLength: 9, withPad: " ", startingAt: 0)) \(command.summary)") }
        lines += [
            "",
            "Keys in the terminal: Tab completes a topic or command; Up and Ctrl-R find earlier lines; Ctrl-L clears the screen;",
            "Ctrl-C discards the line; Ctrl-D, \"exit\", \"quit\" or \"bye\" ends the conversation (it is saved).",
        ]
        return lines.joined(separator: "\n")
    }

    /// The topics by area, numbered across areas; the numbers pick them ("12" asks it).
    static func topics(_ knowledge: KnowledgeBase) -> (text: String, choices: [Choice]) {
        var lines = ["You can ask me about (type a number to ask it):"]
        var choices: [Choice] = []
        // The areas the knowledge base declares with an overview: its topics, not the
        // conversation's own intents.
        for area in knowledge.dialogue.areas where area.overview != nil {
            let title = area.title
            let intents = knowledge.intents.filter { $0.area == area.name }
            guard !intents.isEmpty else { continue }
            lines.append("")
            lines.append(title.hasSuffix("?") ? title : "\(title):")
            for intent in intents {
                let label = intent.question.isEmpty ? intent.title : intent.question
                choices.append(Choice(intent: intent.id, label: label))
                lines.append(String(format: "%3d. ", choices.count) + label)
            }
        }
        return (lines.joined(separator: "\n"), choices)
    }

    /// How many exchanges `/history` shows without a number.
    static let historyDefault = 10

    /// The last `count` exchanges, readably: what was asked, the reply's title and its
    /// first line (never internal intent ids).
    static func history(_ state: SessionState?, count: Int = historyDefault) -> String {
        guard let state, !state.turns.isEmpty else { return "No conversation yet." }
        let shown = state.turns.suffix(max(1, count))
        var lines = ["The last \(shown.count) of \(state.turnCount) turn\(state.turnCount == 1 ? "" : "s") (/history N for more, up to \(state.turns.count)):"]
        for turn in shown {
            lines.append("")
            lines.append("you: \(turn.user)")
            let replyLines = turn.reply.split(separator: "\n").map { String($0).trimmed }.filter { !$0.isEmpty }
            var gist = replyLines.first ?? ""
            if gist.hasPrefix("["), gist.hasSuffix("]"), replyLines.count > 1 {
                gist = "\(gist) \(replyLines[1])"
            }
            let words = gist.split(separator: " ")
            lines.append("advisor: " + (words.count > 24 ? words.prefix(24).joined(separator: " ") + " …" : gist))
        }
        return lines.joined(separator: "\n")
    }

    static func profile(_ profile: Profile, fit conclusion: Conclusion? = nil, knowledge: KnowledgeBase? = nil) -> String {
        guard !profile.isEmpty || conclusion != nil else {
            return "I don't know anything about you yet. Tell me, for example: \"I'm Priya, a mechanical engineer, 4 years in an auto plant\"."
        }
        var lines = ["What I remember about you:"]
        if let conclusion, let knowledge {
            lines.append("- fit check: " + knowledge.assessment.verdictLine(conclusion.verdict))
        }
        if let name = profile.name { lines.append("- name: \(name)") }
        if let discipline = profile.discipline { lines.append("- discipline: \(discipline) engineering") }
        if let years = profile.experienceYears { lines.append("- experience: \(years) year\(years == 1 ? "" : "s")") }
        if let industry = profile.industry { lines.append("- industry: \(industry)") }
        if let role = profile.role { lines.append("- role: \(role)") }
        lines.append("(/forget deletes it.)")
        return lines.joined(separator: "\n")
    }

    static func export(_ state: SessionState?, knowledge: KnowledgeBase) -> String {
        guard let state, !state.turns.isEmpty else { return "# Conversation with the advisor\n\nNo conversation yet." }
        var lines = ["# Conversation with the advisor", ""]
        for turn in state.turns {
            lines.append("**You:** \(markdownText(turn.user))")
            lines.append("")
            for line in turn.reply.split(separator: "\n", omittingEmptySubsequences: false) {
                // A reply's "[Title]" line becomes a Markdown heading.
                if line.hasPrefix("["), line.hasSuffix("]") {
                    lines.append("### " + line.dropFirst().dropLast())
                } else {
                    lines.append(String(line))
                }
            }
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }

    /// What a user typed, as inert Markdown text: HTML and links are shown, never rendered
    /// (`<img onerror=…>`, `[x](javascript:…)`), and control characters and bidirectional
    /// controls, which could hide what the text says, are dropped or shown as "?".
    static func markdownText(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x26: result += "&amp;"
            case 0x3C: result += "&lt;"
            case 0x3E: result += "&gt;"
            case 0x5B, 0x5D, 0x60, 0x5C: result += "\\" + String(scalar)
            default:
                if ControlCharacters.isBidirectional(scalar) { continue }
                result += ControlCharacters.isControl(scalar) ? "?" : String(scalar)
            }
        }
        return result
    }

    static func closest(to name: String) -> String? {
        EditDistance.closest(to: name, in: names, within: 3)
    }

    /// A user's word made safe to print: control characters shown as "?", length bounded.
    static func printable(_ text: String) -> String {
        ControlCharacters.shown(text, limit: 40)
    }
}

extension ConversationService {
    /// The slash commands and what they do, for completion and help.
    public static var slashCommands: [(name: String, summary: String)] { SlashCommands.all }
}
