import AdvisorEngine
import Foundation

/// The one JSON writer of the project's hot paths (a journal line and a daemon response per
/// turn, and `advisor chat --json`), byte by byte, as `JSONEncoder` writes JSON with
/// `.withoutEscapingSlashes`, with one escaping policy: no spaces; quotes, backslashes and
/// C0 controls escaped as `JSONEncoder` does, and also DEL, the C1 controls (U+0080–U+009F)
/// and U+2028/U+2029, which `JSONEncoder` leaves raw although some terminals act on the
/// first two and some JSON readers break on the last two; slashes and other non-ASCII as
/// they are. The writers built on it decide the order of the keys; their tests compare them
/// with `JSONEncoder` (seeded, the seed printed on failure).
package struct JSONOutput {
    package var bytes: [UInt8] = []

    @inlinable
    package init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    /// Bytes written as they are: punctuation, `true`, a newline.
    @inlinable
    package mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    @inlinable
    package mutating func int(_ value: Int) {
        bytes.append(contentsOf: String(value).utf8)
    }

    @inlinable
    package mutating func bool(_ value: Bool) {
        raw(value ? "true" : "false")
    }

    /// A finite number as `JSONEncoder` writes a `Double`: its shortest description,
    /// without a trailing ".0".
    @inlinable
    package mutating func double(_ value: Double) {
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        bytes.append(contentsOf: text.utf8)
    }

    /// The bytes that may start something to escape: C0, `"`, `\\`, DEL, and the lead bytes
    /// of C1 controls (0xC2) and of U+2028/U+2029 (0xE2). One load per byte of a string.
    @usableFromInline
    static let mayEscape: [Bool] = (0...255).map { byte in
        byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x7F || byte == 0xC2 || byte == 0xE2
    }

    @inlinable
    package mutating func string(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in
            // Copy the runs that need no escaping whole.
            var start = 0
            var index = 0
            let count = utf8.count
            Self.mayEscape.withUnsafeBufferPointer { mayEscape in
                while index < count {
                    let byte = utf8[index]
                    guard mayEscape[Int(byte)] else {
                        index += 1
                        continue
                    }
                    // Raw in JSONEncoder's output, escaped here: DEL, C1 (0xC2 0x80–0x9F) and
                    // U+2028/U+2029 (0xE2 0x80 0xA8/0xA9); other 0xC2 and 0xE2 sequences are text.
                    let width: Int
                    if byte == 0xC2 {
                        guard index + 1 < count, utf8[index + 1] >= 0x80, utf8[index + 1] <= 0x9F else { index += 1; continue }
                        width = 2
                    } else if byte == 0xE2 {
                        guard index + 2 < count, utf8[index + 1] == 0x80, utf8[index + 2] == 0xA8 || utf8[index + 2] == 0xA9 else { index += 1; continue }
                        width = 3
                    } else {
                        width = 1
                    }
                    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                    switch width {
                    case 1: escape(byte)
                    case 2: unicodeEscape(UInt16(utf8[index + 1]))
                    default: unicodeEscape(utf8[index + 2] == 0xA8 ? 0x2028 : 0x2029)
                    }
                    index += width
                    start = index
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// `json` (as `JSONEncoder` writes it) with the escapes of this writer's policy that the
    /// encoder leaves out: DEL, C1 controls and U+2028/U+2029, which occur only inside
    /// strings there. For the rare lines written by the generic encoder.
    @inlinable
    package static func escapingRawControls(_ json: some Collection<UInt8>) -> [UInt8] {
        var output = JSONOutput(capacity: json.count + 16)
        var bytes = Array(json)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x7F {
                output.unicodeEscape(0x7F)
                index += 1
            } else if byte == 0xC2, index + 1 < bytes.count, (0x80...0x9F).contains(bytes[index + 1]) {
                output.unicodeEscape(UInt16(bytes[index + 1]))
                index += 2
            } else if byte == 0xE2, index + 2 < bytes.count, bytes[index + 1] == 0x80, bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9 {
                output.unicodeEscape(bytes[index + 2] == 0xA8 ? 0x2028 : 0x2029)
                index += 3
            } else {
                output.bytes.append(byte)
                index += 1
            }
        }
        bytes = output.bytes
        return bytes
    }

    /// `\uXXXX`, lower-case hex as `JSONEncoder` writes it.
    @inlinable
    mutating func unicodeEscape(_ value: UInt16) {
        let hex = Array("0123456789abcdef".utf8)
        bytes.append(contentsOf: [
            UInt8(ascii: "\\"), UInt8(ascii: "u"), hex[Int(value >> 12)], hex[Int((value >> 8) & 0xF)], hex[Int((value >> 4) & 0xF)], hex[Int(value & 0xF)],
        ])
    }

    @inlinable
    mutating func escape(_ byte: UInt8) {
        bytes.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
        case 0x08: bytes.append(UInt8(ascii: "b"))
        case 0x0C: bytes.append(UInt8(ascii: "f"))
        case 0x0A: bytes.append(UInt8(ascii: "n"))
        case 0x0D: bytes.append(UInt8(ascii: "r"))
        case 0x09: bytes.append(UInt8(ascii: "t"))
        default:
            let hex = Array("0123456789abcdef".utf8)
            bytes.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
        }
    }

    /// `date` as `JSONEncoder`'s `.iso8601` writes it: `"2023-11-14T22:13:20Z"`.
    @inlinable
    package mutating func date(_ date: Date) {
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: UTCTime(secondsSince1970: Int(date.timeIntervalSince1970.rounded(.down))).iso8601.utf8)
        bytes.append(UInt8(ascii: "\""))
    }

    /// An array, each element written by `element`.
    @inlinable
    package mutating func array<Element>(_ elements: [Element], _ element: (inout JSONOutput, Element) -> Void) {
        bytes.append(UInt8(ascii: "["))
        for (index, value) in elements.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            element(&self, value)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// An array of strings.
    @inlinable
    package mutating func strings(_ values: [String]) {
        array(values) { $0.string($1) }
    }
}

/// The punctuation of one JSON object: the braces, and a comma before every key but the
/// first. Call `key` before each value, then `end`.
package struct JSONObject {
    @usableFromInline
    var started = false

    @inlinable
    package init() {}

    /// A key known when the program is written: plain ASCII, written as it is, unescaped.
    @inlinable
    package mutating func key(_ name: StaticString, _ output: inout JSONOutput) {
        output.raw(started ? "," : "{")
        started = true
        output.bytes.append(UInt8(ascii: "\""))
        output.raw(name)
        output.raw("\":")
    }

    /// A key made at run time, escaped as any string.
    @inlinable
    package mutating func key(string name: String, _ output: inout JSONOutput) {
        output.raw(started ? "," : "{")
        started = true
        output.string(name)
        output.raw(":")
    }

    @inlinable
    package func end(_ output: inout JSONOutput) {
        output.raw(started ? "}" : "{}")
    }
}

extension JSONOutput {
    /// Numbered choices, each `{"intent":…,"label":…}` (declaration and sorted order agree).
    @inlinable
    package mutating func choices(_ choices: [Choice]) {
        array(choices) { output, choice in
            var object = JSONObject()
            object.key("intent", &output); output.string(choice.intent)
            object.key("label", &output); output.string(choice.label)
            object.end(&output)
        }
    }

    /// Answer blocks as `[{"claims":[...],"provenance":"...","text":"..."}]`, keys sorted as
    /// `JSONEncoder` with `.sortedKeys` writes them.
    @inlinable
    package mutating func blocks(_ blocks: [AnswerBlock]) {
        array(blocks) { output, block in
            var object = JSONObject()
            object.key("claims", &output); output.strings(block.claims)
            object.key("provenance", &output); output.string(block.provenance.rawValue)
            object.key("text", &output); output.string(block.text)
            object.end(&output)
        }
    }

    /// A JSON object of string values, its keys in the given order.
    @inlinable
    package mutating func stringMap(_ map: [String: String], sortedBy areInOrder: (String, String) -> Bool) {
        var object = JSONObject()
        for key in map.keys.sorted(by: areInOrder) {
            object.key(string: key, &self); string(map[key] ?? "")
        }
        object.end(&self)
    }
}
