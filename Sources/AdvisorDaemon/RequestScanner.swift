/// Reads the common shape of a request line without `JSONDecoder`: one flat object whose
/// members are `id` (an integer or a string), `op`, `user` and `text` (strings).
///
/// It accepts only what it reads with certainty, and the request it returns is the one
/// `JSONDecoder` would decode. Anything else (another member, a duplicate, `null`, a
/// number that is not a plain integer, an escaped surrogate, a missing field, invalid
/// UTF-8) returns nil, and the line goes to `JSONDecoder`, which also words the errors. A
/// test compares the two over generated and mutated lines.
struct RequestScanner {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0

    private init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// The members it reads, each with a bit to notice a duplicate.
    private static let memberBits: [String: UInt8] = ["id": 1, "op": 2, "user": 4, "text": 8]

    static func request(_ line: some Collection<UInt8>) -> DaemonRequest? {
        let scanned = line.withContiguousStorageIfAvailable { buffer in
            var scanner = RequestScanner(buffer)
            return scanner.object()
        }
        if let scanned { return scanned }
        return Array(line).withUnsafeBufferPointer { buffer in
            var scanner = RequestScanner(buffer)
            return scanner.object()
        }
    }

    private mutating func object() -> DaemonRequest? {
        skipSpace()
        guard take(UInt8(ascii: "{")) else { return nil }
        var id: RequestID?
        var op: String?
        var user: String?
        var text: String?
        var seen: UInt8 = 0
        skipSpace()
        if !take(UInt8(ascii: "}")) {
            repeat {
                skipSpace()
                guard let key = string(), let bit = Self.memberBits[key], seen & bit == 0 else { return nil }
                seen |= bit
                skipSpace()
                guard take(UInt8(ascii: ":")) else { return nil }
                skipSpace()
                switch key {
                case "id":
                    if peek == UInt8(ascii: "\"") {
                        guard let value = string() else { return nil }
                        id = .text(value)
                    } else {
                        guard let value = integer() else { return nil }
                        id = .number(value)
                    }
                case "op": guard let value = string() else { return nil }; op = value
                case "user": guard let value = string() else { return nil }; user = value
                case "text": guard let value = string() else { return nil }; text = value
                default: return nil
                }
                skipSpace()
            } while take(UInt8(ascii: ","))
            guard take(UInt8(ascii: "}")) else { return nil }
        }
        skipSpace()
        guard position == bytes.count else { return nil }
        switch op {
        case "open": return DaemonRequest(id: id, .open(user: user))
        case "send": return text.map { DaemonRequest(id: id, .send(text: $0)) }
        case "completions": return DaemonRequest(id: id, .completions)
        case "close": return DaemonRequest(id: id, .close)
        default: return nil
        }
    }

    private var peek: UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func take(_ byte: UInt8) -> Bool {
        guard peek == byte else { return false }
        position += 1
        return true
    }

    private mutating func skipSpace() {
        while let byte = peek, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { position += 1 }
    }

    /// A plain integer: an optional minus, then digits without a leading zero, within `Int`.
    private mutating func integer() -> Int? {
        let negative = take(UInt8(ascii: "-"))
        let start = position
        var value = 0
        while let byte = peek, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
            let (times, overflowed) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflowedAgain) = times.addingReportingOverflow(Int(byte - UInt8(ascii: "0")))
            guard !overflowed, !overflowedAgain else { return nil }
            value = sum
            position += 1
        }
        let digits = position - start
        guard digits > 0, digits == 1 || bytes[start] != UInt8(ascii: "0") else { return nil }
        // A fraction or an exponent is for JSONDecoder to judge.
        if let byte = peek, byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") { return nil }
        return negative ? -value : value
    }

    /// A string with the escapes of JSON, except escaped surrogates.
    private mutating func string() -> String? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        var utf8: [UInt8] = []
        var start = position
        while let byte = peek {
            switch byte {
            case UInt8(ascii: "\""):
                utf8.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<position]))
                position += 1
                return String(validating: utf8, as: UTF8.self)
            case UInt8(ascii: "\\"):
                utf8.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<position]))
                position += 1
                guard let escaped = peek else { return nil }
                position += 1
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escaped)
                case UInt8(ascii: "b"): utf8.append(0x08)
                case UInt8(ascii: "f"): utf8.append(0x0C)
                case UInt8(ascii: "n"): utf8.append(0x0A)
                case UInt8(ascii: "r"): utf8.append(0x0D)
                case UInt8(ascii: "t"): utf8.append(0x09)
                case UInt8(ascii: "u"):
                    guard let code = hex4(), !(0xD800...0xDFFF).contains(code), let scalar = Unicode.Scalar(code) else { return nil }
                    utf8.append(contentsOf: String(Character(scalar)).utf8)
                default:
                    return nil
                }
                start = position
            case 0..<0x20:
                return nil
            default:
                position += 1
            }
        }
        return nil
    }

    private mutating func hex4() -> UInt32? {
        guard position + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }
}
