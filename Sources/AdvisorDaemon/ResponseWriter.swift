import AdvisorEngine
import AdvisorRuntime
import AdvisorWire

/// Writes a `DaemonResponse` as one JSON line, byte for byte what `JSONEncoder` writes with
/// `.sortedKeys` and `.withoutEscapingSlashes` but for `JSONOutput`'s escapes of DEL, C1
/// controls and U+2028/U+2029, at a fraction of its cost.
///
/// The daemon writes one response per turn, and the generic encoder (an intermediate tree,
/// boxed containers, a key sort per object) was the largest single cost of a turn after the
/// engine. The keys of each object are written in sorted (byte) order by hand; a test
/// compares this writer with `JSONEncoder` over every kind of response, control
/// characters, non-ASCII text and many numbers.
struct ResponseWriter {
    private var output: JSONOutput

    private init(capacity: Int) {
        output = JSONOutput(capacity: capacity)
    }

    /// The response as a JSON line with its newline, or nil if it cannot be written as
    /// JSON (a confidence that is not a finite number), which `JSONEncoder` reports too.
    static func line(_ response: DaemonResponse) -> [UInt8]? {
        var writer = ResponseWriter(capacity: estimate(response))
        guard writer.write(response) else { return nil }
        writer.output.raw("\n")
        return writer.output.bytes
    }

    private static func estimate(_ response: DaemonResponse) -> Int {
        guard let output = response.output else { return 256 }
        return 384 + output.text.utf8.count + (output.reply.map { $0.body.utf8.count + 64 * $0.choices.count } ?? 0)
    }

    // MARK: - Objects, keys in sorted order

    private mutating func write(_ response: DaemonResponse) -> Bool {
        var object = JSONObject()
        switch response.body {
        case .opened(let user, let output, let idleTimeout):
            writeID(response.id, &object)
            if let idleTimeout { object.key("idleTimeoutSeconds", &self.output); self.output.int(idleTimeout) }
            guard writeOutputFields(output, &object, operation: "open") else { return false }
            object.key("user", &self.output); self.output.string(user)
        case .sent(let output):
            writeID(response.id, &object)
            guard writeOutputFields(output, &object, operation: "send") else { return false }
        case .completions(let words):
            object.key("completions", &output); output.strings(words)
            writeID(response.id, &object)
            writeOK(true, operation: "completions", &object)
        case .closed:
            writeID(response.id, &object)
            writeOK(true, operation: "close", &object)
        case .reloaded, .status:
            // Rare, and not on any hot path: the generic encoder writes it.
            return false
        case .failure(let error):
            object.key("error", &output)
            write(error)
            writeID(response.id, &object)
            writeOK(false, operation: nil, &object)
        }
        object.end(&output)
        return true
    }

    private mutating func writeID(_ id: RequestID?, _ object: inout JSONObject) {
        guard let id else { return }
        object.key("id", &output)
        switch id {
        case .number(let number): output.int(number)
        case .text(let text): output.string(text)
        }
    }

    private mutating func writeOK(_ ok: Bool, operation: String?, _ object: inout JSONObject) {
        object.key("ok", &output); output.bool(ok)
        if let operation { object.key("op", &output); output.string(operation) }
    }

    /// The fields of a `ConversationOutput` merged with `ok` and `op`, between `id` and `user`.
    private mutating func writeOutputFields(_ conversation: ConversationOutput, _ object: inout JSONObject, operation: String) -> Bool {
        object.key("kind", &output); output.string(conversation.kind.rawValue)
        object.key("notices", &output); output.strings(conversation.notices)
        writeOK(true, operation: operation, &object)
        if let reply = conversation.reply {
            object.key("reply", &output)
            guard write(reply) else { return false }
        }
        object.key("text", &output); output.string(conversation.text)
        return true
    }

    private mutating func write(_ reply: Reply) -> Bool {
        guard reply.confidence.isFinite else { return false }
        var object = JSONObject()
        if let blocks = reply.blocks { object.key("blocks", &output); output.blocks(blocks) }
        object.key("body", &output); output.string(reply.body)
        object.key("choices", &output); output.choices(reply.choices)
        if let prompt = reply.choicesPrompt { object.key("choicesPrompt", &output); output.string(prompt) }
        object.key("confidence", &output); output.double(reply.confidence)
        object.key("intent", &output); output.string(reply.intent)
        object.key("kind", &output); output.string(reply.kind.rawValue)
        object.key("schemaVersion", &output); output.int(Reply.schemaVersion)
        object.key("suggestions", &output); output.strings(reply.suggestions)
        if let title = reply.title { object.key("title", &output); output.string(title) }
        object.end(&output)
        return true
    }

    private mutating func write(_ error: DaemonError) {
        var object = JSONObject()
        object.key("code", &output); output.string(error.code.rawValue)
        object.key("message", &output); output.string(error.message)
        if let wait = error.retryAfterMilliseconds { object.key("retryAfterMilliseconds", &output); output.int(wait) }
        object.end(&output)
    }
}
