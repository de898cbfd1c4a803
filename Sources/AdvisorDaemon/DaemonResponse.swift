import AdvisorRuntime
import AdvisorWire
import Foundation

/// One line the daemon sends back: exactly one for each request, in the order of the requests.
///
/// ```
/// {"id":1,"ok":true,"op":"open","user":"alice","idleTimeoutSeconds":600,"kind":"reply","text":"Hello! …","notices":[],"reply":{…}}
/// {"id":2,"ok":true,"op":"send","kind":"reply","text":"[Plant manager] …","notices":[],"reply":{…}}
/// {"id":3,"ok":true,"op":"completions","completions":["/export","/forget",…]}
/// {"id":4,"ok":true,"op":"close"}
/// {"id":6,"ok":true,"op":"reload","reload":{"reloaded":true,"directory":"…","files":9,"intents":34,"summary":"…","findings":[]}}
/// {"id":5,"ok":false,"error":{"code":"not_opened","message":"Open a conversation first: send {\"op\":\"open\"}."}}
/// ```
///
/// The fields of `ConversationOutput` (`kind`, `text`, `notices`, `reply`) sit at the top
/// level of `open` and `send` responses.
public struct DaemonResponse: Sendable, Equatable, Codable {
    /// What the response says.
    public enum Body: Sendable, Equatable {
        /// The conversation is open for `user`; `output` is the welcome.
        case opened(user: String, output: ConversationOutput, idleTimeoutSeconds: Int?)
        /// What a message or slash command produced.
        case sent(ConversationOutput)
        case completions([String])
        /// The daemon closes the connection after this response.
        case closed
        /// What a reload found, and whether the new knowledge base is in use.
        case reloaded(KnowledgeReload)
        /// What the daemon has done since it started.
        case status(DaemonStatus)
        case failure(DaemonError)
    }

    public var id: RequestID?
    public var body: Body

    public init(id: RequestID?, _ body: Body) {
        self.id = id
        self.body = body
    }

    /// The conversation output an `open` or `send` response carries.
    public var output: ConversationOutput? {
        switch body {
        case .opened(_, let output, _), .sent(let output): output
        case .completions, .closed, .reloaded, .status, .failure: nil
        }
    }

    enum CodingKeys: String, CodingKey {
        case id, ok, op, user, idleTimeoutSeconds, completions, reload, status, error
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decodeIfPresent(RequestID.self, forKey: .id)
        if !(try container.decode(Bool.self, forKey: .ok)) {
            body = .failure(try container.decode(DaemonError.self, forKey: .error))
            return
        }
        let op = try container.decode(String.self, forKey: .op)
        switch op {
        case "open":
            body = .opened(
                user: try container.decode(String.self, forKey: .user),
                output: try ConversationOutput(from: decoder),
                idleTimeoutSeconds: try container.decodeIfPresent(Int.self, forKey: .idleTimeoutSeconds))
        case "send":
            body = .sent(try ConversationOutput(from: decoder))
        case "completions":
            body = .completions(try container.decode([String].self, forKey: .completions))
        case "close":
            body = .closed
        case "reload":
            body = .reloaded(try container.decode(KnowledgeReload.self, forKey: .reload))
        case "status":
            body = .status(try container.decode(DaemonStatus.self, forKey: .status))
        default:
            throw DecodingError.dataCorruptedError(forKey: .op, in: container, debugDescription: "unknown op \(op)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(id, forKey: .id)
        switch body {
        case .opened(let user, let output, let idleTimeout):
            try container.encode(true, forKey: .ok)
            try container.encode("open", forKey: .op)
            try container.encode(user, forKey: .user)
            try container.encodeIfPresent(idleTimeout, forKey: .idleTimeoutSeconds)
            try output.encode(to: encoder)
        case .sent(let output):
            try container.encode(true, forKey: .ok)
            try container.encode("send", forKey: .op)
            try output.encode(to: encoder)
        case .completions(let words):
            try container.encode(true, forKey: .ok)
            try container.encode("completions", forKey: .op)
            try container.encode(words, forKey: .completions)
        case .closed:
            try container.encode(true, forKey: .ok)
            try container.encode("close", forKey: .op)
        case .reloaded(let reload):
            try container.encode(true, forKey: .ok)
            try container.encode("reload", forKey: .op)
            try container.encode(reload, forKey: .reload)
        case .status(let status):
            try container.encode(true, forKey: .ok)
            try container.encode("status", forKey: .op)
            try container.encode(status, forKey: .status)
        case .failure(let error):
            try container.encode(false, forKey: .ok)
            try container.encode(error, forKey: .error)
        }
    }
}

/// Why the daemon did not do what a request asked: a stable code for programs and a
/// sentence for people.
public struct DaemonError: Error, Sendable, Equatable, Codable, CustomStringConvertible {
    /// The kinds of failure; the raw value is the `code` on the wire.
    public enum Code: String, Sendable, Codable {
        /// The line is not JSON, or not a request object.
        case malformedRequest = "malformed_request"
        case unknownOperation = "unknown_op"
        /// The line is longer than the daemon accepts; it was discarded unread.
        case lineTooLong = "line_too_long"
        /// The connection ended in the middle of a line.
        case incompleteLine = "incomplete_line"
        /// Too many requests on this connection; `retryAfterMilliseconds` says when to retry.
        case rateLimited = "rate_limited"
        /// `send` before `open`.
        case notOpened = "not_opened"
        /// The caller may not speak for the user it named.
        case forbidden
        /// The user name cannot be used (empty, too long, control characters).
        case invalidUser = "invalid_user"
        /// The daemon is at its connection limit; it closes this connection.
        case tooManyConnections = "too_many_connections"
        /// The conversation could not be loaded or saved; nothing was lost.
        case storeFailed = "store_failed"
        /// The daemon is stopping and takes no new turns.
        case shuttingDown = "shutting_down"
        case internalError = "internal_error"
        /// A code this client does not know (a newer daemon).
        case unknown

        public init(from decoder: any Decoder) throws {
            let raw = try decoder.singleValueContainer().decode(String.self)
            self = Code(rawValue: raw) ?? .unknown
        }
    }

    public var code: Code
    /// A sentence a user can act on.
    public var message: String
    /// For `rate_limited`: how long to wait before sending again.
    public var retryAfterMilliseconds: Int?

    public init(_ code: Code, _ message: String, retryAfterMilliseconds: Int? = nil) {
        self.code = code
        self.message = message
        self.retryAfterMilliseconds = retryAfterMilliseconds
    }

    public var description: String { message }
}

/// A request that failed before it reached the conversation, with the id to answer it by.
struct DaemonFailure: Error, Equatable {
    var id: RequestID?
    var error: DaemonError
}

/// Encodes responses and requests as single JSON lines.
enum JSONLines {
    /// A response as one line, written by `ResponseWriter`; the generic encoder (with the
    /// same escaping policy applied after it) writes what the writer leaves to it: a reload's
    /// report, and a confidence that is not a number (which it refuses in turn).
    static func encode(_ response: DaemonResponse) -> [UInt8] {
        ResponseWriter.line(response) ?? encode(Encoded(response))
    }

    /// Routes a response to the generic encoder.
    private struct Encoded: Encodable {
        var response: DaemonResponse

        init(_ response: DaemonResponse) {
            self.response = response
        }

        func encode(to encoder: any Encoder) throws {
            try response.encode(to: encoder)
        }
    }

    /// The value as one line of JSON followed by a newline.
    ///
    /// JSON strings never contain a raw newline, so the encoded line cannot break the framing.
    static func encode(_ value: some Encodable) -> [UInt8] {
        let encoder = JSONEncoder()
        // Sorted keys: the same response is always the same line, for tests and for people.
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return JSONOutput.escapingRawControls(try encoder.encode(value)) + [UInt8(ascii: "\n")]
        } catch {
            // Nothing we encode can fail; answer with a fixed line rather than nothing.
            return Array(#"{"ok":false,"error":{"code":"internal_error","message":"The daemon could not encode its response."}}"#.utf8) + [10]
        }
    }
}
