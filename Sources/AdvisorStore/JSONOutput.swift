import AdvisorEngine
import Foundation

/// JSON written byte by byte, as `JSONEncoder` writes it with `.withoutEscapingSlashes`:
/// no spaces; quotes, backslashes and control characters escaped; slashes, DEL and
/// non-ASCII as they are.
///
/// For the daemon's hottest paths (a journal line and a response per turn), where
/// `JSONEncoder` spends most of its time in its generic containers. The writers built on it
/// decide the order of the keys; their tests compare them with `JSONEncoder`.
public struct JSONOutput {
    public private(set) var bytes: [UInt8] = []

    public init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    /// Bytes written as they are: punctuation, `true`, a newline.
    public mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    public mutating func int(_ value: Int) {
        bytes.append(contentsOf: String(value).utf8)
    }

    public mutating func bool(_ value: Bool) {
        raw(value ? "true" : "false")
    }

    /// A finite number as `JSONEncoder` writes a `Double`: its shortest description,
    /// without a trailing ".0".
    public mutating func double(_ value: Double) {
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        bytes.append(contentsOf: text.utf8)
    }

    public mutating func string(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in
            // Copy the runs that need no escaping whole.
            var start = 0
            for index in 0..<utf8.count where utf8[index] < 0x20 || utf8[index] == UInt8(ascii: "\"") || utf8[index] == UInt8(ascii: "\\") {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                escape(utf8[index])
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
            let hex = Array("0123456789abcdef".utf8)
            bytes.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
        }
    }

    /// `date` as `JSONEncoder`'s `.iso8601` writes it: `"2023-11-14T22:13:20Z"`.
    public mutating func date(_ date: Date) {
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: UTCTime(secondsSince1970: Int(date.timeIntervalSince1970.rounded(.down))).iso8601.utf8)
        bytes.append(UInt8(ascii: "\""))
    }

    /// An array, each element written by `element`.
    public mutating func array<Element>(_ elements: [Element], _ element: (inout JSONOutput, Element) -> Void) {
        bytes.append(UInt8(ascii: "["))
        for (index, value) in elements.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            element(&self, value)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// An array of strings.
    public mutating func strings(_ values: [String]) {
        array(values) { $0.string($1) }
    }
}

/// The punctuation of one JSON object: the braces, and a comma before every key but the
/// first. Call `key` before each value, then `end`.
public struct JSONObject {
    private var started = false

    public init() {}

    public mutating func key(_ name: String, _ output: inout JSONOutput) {
        output.raw(started ? "," : "{")
        started = true
        output.string(name)
        output.raw(":")
    }

    public func end(_ output: inout JSONOutput) {
        output.raw(started ? "}" : "{}")
    }
}

extension JSONOutput {
    /// Numbered choices, each `{"intent":…,"label":…}` (declaration and sorted order agree).
    public mutating func choices(_ choices: [Choice]) {
        array(choices) { output, choice in
            var object = JSONObject()
            object.key("intent", &output); output.string(choice.intent)
            object.key("label", &output); output.string(choice.label)
            object.end(&output)
        }
    }

    /// Answer blocks as `[{"claims":[...],"provenance":"...","text":"..."}]`, keys sorted as
    /// `JSONEncoder` with `.sortedKeys` writes them.
    public mutating func blocks(_ blocks: [AnswerBlock]) {
        array(blocks) { output, block in
            var object = JSONObject()
            object.key("claims", &output); output.strings(block.claims)
            object.key("provenance", &output); output.string(block.provenance.rawValue)
            object.key("text", &output); output.string(block.text)
            object.end(&output)
        }
    }

    /// A JSON object of string values, its keys in the given order.
    public mutating func stringMap(_ map: [String: String], sortedBy areInOrder: (String, String) -> Bool) {
        var object = JSONObject()
        for key in map.keys.sorted(by: areInOrder) {
            object.key(key, &self); string(map[key] ?? "")
        }
        object.end(&self)
    }
}
