import AdvisorEngine
import AdvisorRuntime
import Foundation

/// One turn as `advisor chat --json` prints it: the fields the README's "Reply JSON"
/// section documents, in that order.
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

    /// The record as one line of JSON, with its fields in a fixed order and every control
    /// character escaped.
    ///
    /// The fields are encoded one by one because the encoder does not keep the order of
    /// keys. It escapes C0 controls but leaves DEL and C1 controls (U+0080–U+009F) as they
    /// are, and some terminals act on those; U+2028 and U+2029 break some JSON readers.
    var jsonLine: String {
        var fields = [
            ("schemaVersion", Self.json(Reply.schemaVersion)), ("type", Self.json(type)),
            ("text", Self.json(text)), ("intent", Self.json(intent)),
            ("confidence", Self.json(confidence)), ("reply", Self.json(reply)),
        ]
        if let notices { fields.append(("notices", Self.json(notices))) }
        if let structured {
            fields.append(("kind", Self.json(structured.kind)))
            if let title = structured.title { fields.append(("title", Self.json(title))) }
            fields.append(("body", Self.json(structured.body)))
            if let blocks = structured.blocks { fields.append(("blocks", Self.json(blocks))) }
            fields.append(("choices", Self.json(structured.choices)))
            if let prompt = structured.choicesPrompt { fields.append(("choicesPrompt", Self.json(prompt))) }
            fields.append(("suggestions", Self.json(structured.suggestions)))
        }
        let line = "{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
        var escaped = String.UnicodeScalarView()
        for scalar in line.unicodeScalars {
            switch scalar.value {
            case 0x7F...0x9F, 0x2028, 0x2029:
                escaped.append(contentsOf: String(format: "\\u%04x", scalar.value).unicodeScalars)
            default:
                escaped.append(scalar)
            }
        }
        return String(escaped)
    }

    private static func json(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        // Sorted keys: the objects inside a record (blocks, choices) always read the same.
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        guard let data = try? encoder.encode(value) else { return "null" }
        return String(decoding: data, as: UTF8.self)
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
