import AdvisorEngine
import AdvisorRuntime
import AdvisorWire
import Foundation

/// One turn as `advisor chat --json` prints it: the fields the README's "Reply JSON"
/// section documents, in that order, written by the project's one JSON writer (its escaping
/// policy keeps DEL, C1 controls and U+2028/U+2029 out of the line as raw characters).
struct TurnRecord {
    /// What the turn was: `welcome` (the opening, with `--welcome`), `reply`, `command` (a
    /// slash command's output) or `quit`.
    var type: String
    /// What the user sent ("" for a line that was too long to keep, and for the welcome).
    var text: String
    var intent: String
    var confidence: Double
    /// The reply as plain text.
    var reply: String
    var notices: [String]?
    /// The structured reply (nil for a slash command's output).
    var structured: Reply?

    /// The record as one line of JSON (without its newline).
    var jsonLine: String {
        var output = JSONOutput(capacity: 512 + reply.utf8.count * 2)
        var object = JSONObject()
        object.key("schemaVersion", &output); output.int(Reply.schemaVersion)
        object.key("type", &output); output.string(type)
        object.key("text", &output); output.string(text)
        object.key("intent", &output); output.string(intent)
        object.key("confidence", &output); output.double(confidence.isFinite ? confidence : 0)
        object.key("reply", &output); output.string(reply)
        if let notices { object.key("notices", &output); output.strings(notices) }
        if let structured {
            object.key("kind", &output); output.string(structured.kind.rawValue)
            if let title = structured.title { object.key("title", &output); output.string(title) }
            object.key("body", &output); output.string(structured.body)
            if let blocks = structured.blocks { object.key("blocks", &output); output.blocks(blocks) }
            object.key("choices", &output); output.choices(structured.choices)
            if let prompt = structured.choicesPrompt { object.key("choicesPrompt", &output); output.string(prompt) }
            object.key("suggestions", &output); output.strings(structured.suggestions)
        }
        object.end(&output)
        return String(decoding: output.bytes, as: UTF8.self)
    }
}

extension TurnRecord {
    /// The record of a turn: what was sent and what came back (confidence to 3 places).
    init(text: String, output: ConversationOutput, welcome: Bool = false) {
        self.init(
            type: welcome ? "welcome" : output.kind.rawValue, text: text, intent: output.intent,
            confidence: (output.confidence * 1000).rounded() / 1000, reply: output.text,
            notices: output.notices.isEmpty ? nil : output.notices, structured: output.reply)
    }
}
