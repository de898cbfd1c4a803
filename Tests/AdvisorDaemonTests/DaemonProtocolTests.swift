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
        #expect(unknown == DaemonFailure(id: .number(9), error: DaemonError(.unknownOperation, "Unknown op \"dance\"; the daemon knows open, send, completions, close.")))
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
