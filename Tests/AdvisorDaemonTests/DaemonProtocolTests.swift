@testable import AdvisorDaemon
import AdvisorEngine
import AdvisorRuntime
import Foundation
import Testing

@Suite struct DaemonProtocolTests {
    private func decode(_ line: String) -> Result<DaemonRequest, DaemonFailure> {
        DaemonRequest.decode(Array(line.utf8))
    }

    @Test func requestsDecodeFromTheDocumentedLines() throws {
        #expect(try decode(#"{"id":1,"op":"open"}"#).get() == DaemonRequest(id: .number(1), .open(user: nil)))
        #expect(try decode(#"{"op":"open","user":"alice"}"#).get() == DaemonRequest(.open(user: "alice")))
        #expect(try decode(#"{"id":"a","op":"send","text":"hi"}"#).get() == DaemonRequest(id: .text("a"), .send(text: "hi")))
        #expect(try decode(#"{"op":"completions"}"#).get() == DaemonRequest(.completions))
        #expect(try decode(#"{"op":"close","extra":true}"#).get() == DaemonRequest(.close))
    }

    @Test func requestsEncodeToTheLinesTheyDecodeFrom() throws {
        for request in [DaemonRequest(id: .number(3), .send(text: "a \"quoted\"\nline")), DaemonRequest(.open(user: "bob")), DaemonRequest(.close)] {
            let line = JSONLines.encode(request)
            #expect(line.last == 10)
            #expect(!line.dropLast().contains(10))
            #expect(try decode(String(decoding: line.dropLast(), as: UTF8.self)).get() == request)
        }
    }

    @Test func badRequestsSayWhatIsWrongAndKeepTheirID() {
        guard case .failure(let unknown) = decode(#"{"id":9,"op":"dance"}"#),
              case .failure(let missing) = decode(#"{"id":"x","op":"send"}"#),
              case .failure(let notJSON) = decode("{nope"),
              case .failure(let array) = decode("[]")
        else {
            Issue.record("expected failures")
            return
        }
        #expect(unknown == DaemonFailure(id: .number(9), error: DaemonError(.unknownOperation, "Unknown op \"dance\"; the daemon knows open, send, completions, close, reload, status.")))
        // An op's echo carries no escapes or bidirectional controls.
        guard case .failure(let hostile) = DaemonRequest.decode(Array(#"{"op":"\u001b[2J\u202Edance"}"#.utf8)) else {
            Issue.record("an unknown op was accepted")
            return
        }
        #expect(hostile.error.message.hasPrefix("Unknown op \"?[2Jdance\";"), "\(hostile.error.message)")
        #expect(missing.id == .text("x"))
        #expect(missing.error == DaemonError(.malformedRequest, "The request needs a \"text\" field."))
        #expect(notJSON.error.code == .malformedRequest)
        #expect(array.error.message == "A request must be a JSON object, such as {\"op\":\"open\"}.")
    }

    @Test func responsesRoundTripWithTheOutputFieldsAtTopLevel() throws {
        let reply = Reply(intent: "roles.plant_manager", confidence: 0.7, kind: .answer, title: "Plant Manager", body: "Runs the site.")
        let output = ConversationOutput(kind: .reply, reply: reply, text: reply.plainText, notices: ["moved"])
        let responses = [
            DaemonResponse(id: .number(1), .opened(user: "alice", output: output, idleTimeoutSeconds: 600)),
            DaemonResponse(id: .text("2"), .sent(output)),
            DaemonResponse(id: nil, .completions(["/help", "lean"])),
            DaemonResponse(id: .number(4), .closed),
            DaemonResponse(id: nil, .failure(DaemonError(.rateLimited, "Wait.", retryAfterMilliseconds: 20))),
        ]
        for response in responses {
            let line = JSONLines.encode(response)
            #expect(try JSONDecoder().decode(DaemonResponse.self, from: Data(line)) == response)
        }
        let sent = String(decoding: JSONLines.encode(responses[1]), as: UTF8.self)
        #expect(sent.hasPrefix(#"{"id":"2","kind":"reply","notices":["moved"],"ok":true,"op":"send","reply":{"#))
        let failure = String(decoding: JSONLines.encode(responses[4]), as: UTF8.self)
        #expect(failure == #"{"error":{"code":"rate_limited","message":"Wait.","retryAfterMilliseconds":20},"ok":false}"# + "\n")
    }

    @Test func unknownErrorCodesFromANewerDaemonStillDecode() throws {
        let line = #"{"ok":false,"error":{"code":"something_new","message":"Later."}}"#
        let response = try JSONDecoder().decode(DaemonResponse.self, from: Data(line.utf8))
        #expect(response.errorCode == .unknown)
    }

    @Test func tcpAddressesMustBeOnLoopback() throws {
        #expect(try LoopbackAddress(parsing: "127.0.0.1:8080") == LoopbackAddress.with(try LoopbackAddress(parsing: "127.0.0.1:0"), port: 8080))
        #expect(try LoopbackAddress(parsing: "127.1.2.3:0").host == "127.1.2.3")
        #expect(try LoopbackAddress(parsing: "[::1]:9000").host == "::1")
        #expect(try LoopbackAddress(parsing: "localhost:1").host == "127.0.0.1")
        for refused in ["0.0.0.0:80", "192.168.1.5:80", "[::]:80", "example.com:80", "10.0.0.1:1"] {
            #expect(throws: DaemonStartError.self, "\(refused)") { try LoopbackAddress(parsing: refused) }
        }
        for malformed in ["127.0.0.1", "127.0.0.1:70000", "::1:80", "[::1]80"] {
            #expect(throws: DaemonStartError.self, "\(malformed)") { try LoopbackAddress(parsing: malformed) }
        }
    }

    @Test func tokenBucketAllowsABurstThenTheRate() {
        var bucket = TokenBucket(rate: 10, burst: 3)
        let start = NIODeadlineForTests.start
        #expect(bucket.take(now: start) == nil)
        #expect(bucket.take(now: start) == nil)
        #expect(bucket.take(now: start) == nil)
        #expect(bucket.take(now: start) == .milliseconds(100))
        #expect(bucket.take(now: start + .milliseconds(100)) == nil)
        var unlimited = TokenBucket(rate: 0, burst: 1)
        for _ in 0..<1000 { #expect(unlimited.take(now: start) == nil) }
    }
}

import NIOCore

enum NIODeadlineForTests {
    static let start = NIODeadline.uptimeNanoseconds(1_000_000_000)
}

@Suite struct ResponseWriterTests {
    /// What `JSONEncoder` writes, with the escapes of the one policy it lacks (DEL, C1
    /// controls, U+2028/U+2029, which it leaves raw and which only occur inside strings): the
    /// reference the hand-written writer must match byte for byte.
    private func reference(_ response: DaemonResponse) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let text = String(decoding: try! encoder.encode(response), as: UTF8.self)
        var escaped = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x7F...0x9F, 0x2028, 0x2029: escaped.append(contentsOf: String(format: "\\u%04x", scalar.value).unicodeScalars)
            default: escaped.append(scalar)
            }
        }
        return String(escaped) + "\n"
    }

    private func written(_ response: DaemonResponse) -> String? {
        ResponseWriter.line(response).map { String(decoding: $0, as: UTF8.self) }
    }

    private static let awkward: [String] = [
        "", "plain", "a/b", "quote \" and backslash \\", "tab\tnew\nline\rcr", "\u{8}\u{c}",
        String((0..<32).map { Character(Unicode.Scalar(UInt8($0))) }), "del \u{7f}", "é, ü, ñ, 中文, हिन्दी",
        "emoji 😀👍🏽", "line sep \u{2028} para \u{2029}", "nul \u{0} end", "\u{1b}[31mred\u{1b}[0m",
        "c1 \u{80}\u{85}\u{9b}31m\u{9f} and \u{a0} after", "\u{7f}\u{c2}\u{2028}",
    ]

    @Test func everyKindOfResponseIsWrittenAsJSONEncoderWritesIt() {
        var responses: [DaemonResponse] = []
        let ids: [RequestID?] = [nil, .number(0), .number(-12), .number(Int.max), .text(""), .text("x\"/\n")]
        for (index, text) in Self.awkward.enumerated() {
            let choices = (0..<(index % 4)).map { Choice(intent: "i.\($0)", label: text + "\($0)") }
            let reply = Reply(
                intent: "roles.plant_manager", confidence: Double(index) / 7, kind: [.answer, .clarification, .fallback, .refusal][index % 4],
                title: index.isMultiple(of: 2) ? text : nil, body: text, choices: choices,
                choicesPrompt: index.isMultiple(of: 3) ? nil : "Pick: \(text)")
            let output = ConversationOutput(kind: index.isMultiple(of: 5) ? .command : .reply, reply: index.isMultiple(of: 5) ? nil : reply, text: text, notices: Array(repeating: text, count: index % 3))
            let id = ids[index % ids.count]
            responses += [
                DaemonResponse(id: id, .opened(user: text, output: output, idleTimeoutSeconds: index.isMultiple(of: 2) ? nil : index * 100)),
                DaemonResponse(id: id, .sent(output)),
                DaemonResponse(id: id, .completions(index.isMultiple(of: 3) ? [] : [text, "/help"])),
                DaemonResponse(id: id, .closed),
                DaemonResponse(id: id, .failure(DaemonError([.rateLimited, .unknown, .storeFailed][index % 3], text, retryAfterMilliseconds: index.isMultiple(of: 2) ? index : nil))),
            ]
        }
        for response in responses {
            #expect(written(response) == reference(response))
        }
    }

    @Test func confidencesAreWrittenAsJSONEncoderWritesNumbers() {
        var generator = SeededGenerator()
        var values: [Double] = [0, -0.0, 1, 0.5, 0.1, 1e-7, 1e-300, .leastNonzeroMagnitude, 123456789.123, 1e15, 1e16, 1e21, 2.0 / 3, 0.35, 0.999999, 1.0000000000000002]
        for _ in 0..<2000 { values.append(Double.random(in: 0...1, using: &generator)) }
        for _ in 0..<500 { values.append(Double(bitPattern: generator.next() & 0x7FEF_FFFF_FFFF_FFFF)) }
        for value in values {
            let reply = Reply(intent: "x", confidence: value, kind: .answer, body: "b")
            let response = DaemonResponse(id: nil, .sent(ConversationOutput(kind: .reply, reply: reply, text: "t", notices: [])))
            #expect(written(response) == reference(response), "\(value), \(generator)")
        }
    }

    /// What the generic encoder writes (a reload's report) follows the same escaping policy.
    @Test func theGenericEncodersLinesAreEscapedTheSameWay() throws {
        let reload = KnowledgeReload(
            reloaded: false, directory: "/i\u{85}n\u{2028}", files: 1, intents: nil, summary: "del \u{7f} c1 \u{9b}31m", errors: [], findings: [])
        let response = DaemonResponse(id: .number(1), .reloaded(reload))
        let line = String(decoding: JSONLines.encode(response), as: UTF8.self)
        #expect(line == reference(response), "\(line)")
        #expect(!line.unicodeScalars.contains { (0x7F...0x9F).contains($0.value) || $0.value == 0x2028 })
        #expect(try JSONDecoder().decode(DaemonResponse.self, from: Data(line.utf8)) == response)
    }

    @Test func aConfidenceThatIsNotANumberFallsBackToTheEncodersError() {
        let reply = Reply(intent: "x", confidence: .nan, kind: .answer, body: "b")
        let response = DaemonResponse(id: nil, .sent(ConversationOutput(kind: .reply, reply: reply, text: "t", notices: [])))
        #expect(written(response) == nil)
        #expect(String(decoding: JSONLines.encode(response), as: UTF8.self).contains("internal_error"))
    }
}

@Suite struct RequestScannerTests {
    private func decoded(_ line: [UInt8]) -> DaemonRequest? {
        try? JSONDecoder().decode(DaemonRequest.self, from: Data(line))
    }

    @Test func theUsualLinesAreReadWithoutJSONDecoder() {
        let lines = [
            #"{"id":1,"op":"open"}"#, #"{"op":"open","user":"alice"}"#, #"{"id":"a-1","op":"send","text":"what does a plant manager do?"}"#,
            #" { "op" : "completions" , "id" : -7 } "#, #"{"op":"close"}"#, #"{"op":"send","text":"tab\there \"quoted\" \u00e9 \/ \\ é 😀"}"#,
        ]
        for line in lines {
            let bytes = Array(line.utf8)
            #expect(RequestScanner.request(bytes) != nil, "\(line)")
            #expect(RequestScanner.request(bytes) == decoded(bytes), "\(line)")
        }
    }

    @Test func whatItReadsIsWhatJSONDecoderReads() {
        var generator = SeededGenerator()
        let values = [
            #""""#, #""plain""#, #""a\"b\\c\/d\b\f\n\r\t""#, #""\u0041\u00e9\u4e2d\u0000""#, #""\ud83d\ude00""#, #""\udc00""#,
            #""é 😀 中""#, "\"raw\u{1}control\"", #""bad \x escape""#, "0", "-0", "42", "-17", "007", "1.5", "1e3", "9223372036854775807",
            "9223372036854775808", "-9223372036854775808", "true", "null", "[]", "{}", #""open""#, #""send""#, #""close""#,
            #""completions""#, #""dance""#,
        ]
        let keys = ["id", "op", "user", "text", "extra", "i\\u0064", "op"]
        var accepted = 0
        for _ in 0..<20_000 {
            var members: [String] = []
            for _ in 0..<Int.random(in: 0...4, using: &generator) {
                let key = keys.randomElement(using: &generator)!
                let value = key == "op" && Bool.random(using: &generator)
                    ? [#""open""#, #""send""#, #""close""#, #""completions""#].randomElement(using: &generator)!
                    : values.randomElement(using: &generator)!
                let space = [" ", "", "\t", "\r\n"].randomElement(using: &generator)!
                members.append("\"\(key)\"\(space):\(space)\(value)")
            }
            var line = Array(("{" + members.joined(separator: ",") + "}").utf8)
            if Int.random(in: 0..<4, using: &generator) == 0, !line.isEmpty {
                // A damaged line: a byte changed, dropped or doubled.
                let index = Int.random(in: 0..<line.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: line[index] = UInt8.random(in: 0...255, using: &generator)
                case 1: line.remove(at: index)
                default: line.insert(line[index], at: index)
                }
            }
            if let scanned = RequestScanner.request(line) {
                accepted += 1
                #expect(scanned == decoded(line), "\(String(decoding: line, as: UTF8.self)), \(generator)")
            }
        }
        #expect(accepted > 400)
    }
}
