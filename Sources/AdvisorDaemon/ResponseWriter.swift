import AdvisorEngine
import AdvisorRuntime

/// Writes a `DaemonResponse` as one JSON line, byte for byte what `JSONEncoder` writes with
/// `.sortedKeys` and `.withoutEscapingSlashes`, at a fraction of its cost.
///
/// The daemon writes one response per turn, and the generic encoder (an intermediate tree,
/// boxed containers, a key sort per object) was the largest single cost of a turn after the
/// engine. The keys of each object are written in sorted (byte) order by hand; a test
/// compares this writer with `JSONEncoder` over every kind of response, control
/// characters, non-ASCII text and many numbers.
struct ResponseWriter {
    private(set) var bytes: [UInt8] = []

    /// The response as a JSON line with its newline, or nil if it cannot be written as
    /// JSON (a confidence that is not a finite number), which `JSONEncoder` reports too.
    static func line(_ response: DaemonResponse) -> [UInt8]? {
        var writer = ResponseWriter()
        writer.bytes.reserveCapacity(writer.estimate(response))
        guard writer.write(response) else { return nil }
        writer.bytes.append(UInt8(ascii: "\n"))
        return writer.bytes
    }

    private func estimate(_ response: DaemonResponse) -> Int {
        guard let output = response.output else { return 256 }
        return 384 + output.text.utf8.count + (output.reply.map { $0.body.utf8.count + 64 * $0.choices.count } ?? 0)
    }

    // MARK: - Objects, keys in sorted order

    private mutating func write(_ response: DaemonResponse) -> Bool {
        var object = ObjectWriter()
        switch response.body {
        case .opened(let user, let output, let idleTimeout):
            writeID(response.id, &object)
            if let idleTimeout { object.key("idleTimeoutSeconds", &self); integer(idleTimeout) }
            guard writeOutputFields(output, &object, operation: "open") else { return false }
            object.key("user", &self); string(user)
        case .sent(let output):
            writeID(response.id, &object)
            guard writeOutputFields(output, &object, operation: "send") else { return false }
        case .completions(let words):
            object.key("completions", &self)
            array(words) { $0.string($1) }
            writeID(response.id, &object)
            writeOK(true, operation: "completions", &object)
        case .closed:
            writeID(response.id, &object)
            writeOK(true, operation: "close", &object)
        case .failure(let error):
            object.key("error", &self)
            write(error)
            writeID(response.id, &object)
            writeOK(false, operation: nil, &object)
        }
        object.end(&self)
        return true
    }

    private mutating func writeID(_ id: RequestID?, _ object: inout ObjectWriter) {
        guard let id else { return }
        object.key("id", &self)
        switch id {
        case .number(let number): integer(number)
        case .text(let text): string(text)
        }
    }

    private mutating func writeOK(_ ok: Bool, operation: StaticString?, _ object: inout ObjectWriter) {
        object.key("ok", &self)
        raw(ok ? "true" : "false")
        if let operation {
            object.key("op", &self)
            quoted(operation)
        }
    }

    /// The fields of a `ConversationOutput` merged with `ok` and `op`, between `id` and `user`.
    private mutating func writeOutputFields(_ output: ConversationOutput, _ object: inout ObjectWriter, operation: StaticString) -> Bool {
        object.key("kind", &self); string(output.kind.rawValue)
        object.key("notices", &self); array(output.notices) { $0.string($1) }
        writeOK(true, operation: operation, &object)
        if let reply = output.reply {
            object.key("reply", &self)
            guard write(reply) else { return false }
        }
        object.key("text", &self); string(output.text)
        return true
    }

    private mutating func write(_ reply: Reply) -> Bool {
        guard reply.confidence.isFinite else { return false }
        var object = ObjectWriter()
        object.key("body", &self); string(reply.body)
        object.key("choices", &self)
        array(reply.choices) { writer, choice in
            var inner = ObjectWriter()
            inner.key("intent", &writer); writer.string(choice.intent)
            inner.key("label", &writer); writer.string(choice.label)
            inner.end(&writer)
        }
        if let prompt = reply.choicesPrompt { object.key("choicesPrompt", &self); string(prompt) }
        object.key("confidence", &self); number(reply.confidence)
        object.key("intent", &self); string(reply.intent)
        object.key("kind", &self); string(reply.kind.rawValue)
        if let title = reply.title { object.key("title", &self); string(title) }
        object.end(&self)
        return true
    }

    private mutating func write(_ error: DaemonError) {
        var object = ObjectWriter()
        object.key("code", &self); string(error.code.rawValue)
        object.key("message", &self); string(error.message)
        if let wait = error.retryAfterMilliseconds { object.key("retryAfterMilliseconds", &self); integer(wait) }
        object.end(&self)
    }

    // MARK: - Values

    private mutating func array<Element>(_ elements: [Element], _ element: (inout ResponseWriter, Element) -> Void) {
        bytes.append(UInt8(ascii: "["))
        for (index, value) in elements.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            element(&self, value)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    fileprivate mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    fileprivate mutating func quoted(_ text: StaticString) {
        bytes.append(UInt8(ascii: "\""))
        raw(text)
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func integer(_ value: Int) {
        bytes.append(contentsOf: String(value).utf8)
    }

    /// As `JSONEncoder` writes a finite `Double`: its shortest description, without ".0".
    private mutating func number(_ value: Double) {
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        bytes.append(contentsOf: text.utf8)
    }

    /// A JSON string: quotes, backslashes and control characters escaped, everything else
    /// (slashes, DEL, non-ASCII) as it is.
    mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var start = 0
            for (index, byte) in utf8.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                escape(byte)
                start = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func escape(_ byte: UInt8) {
        bytes.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
        case 0x08: bytes.append(UInt8(ascii: "b"))
        case 0x0C: bytes.append(UInt8(ascii: "f"))
        case 0x0A: bytes.append(UInt8(ascii: "n"))
        case 0x0D: bytes.append(UInt8(ascii: "r"))
        case 0x09: bytes.append(UInt8(ascii: "t"))
        default:
            let digits = Array("0123456789abcdef".utf8)
            bytes.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
        }
    }
}

/// The punctuation of one JSON object: braces, and a comma before every key but the first.
private struct ObjectWriter {
    private var started = false

    mutating func key(_ name: StaticString, _ writer: inout ResponseWriter) {
        writer.raw(started ? "," : "{")
        started = true
        writer.quoted(name)
        writer.raw(":")
    }

    func end(_ writer: inout ResponseWriter) {
        writer.raw(started ? "}" : "{}")
    }
}
