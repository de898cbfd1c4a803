import Foundation

/// The identifier a client attaches to a request; the response carries it back unchanged.
///
/// A JSON number (an integer) or a string. It is optional: a client that waits for each
/// response before sending the next request does not need it.
public enum RequestID: Sendable, Hashable, Codable, CustomStringConvertible {
    case number(Int)
    case text(String)

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int.self) {
            self = .number(number)
        } else {
            self = .text(try container.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let number): try container.encode(number)
        case .text(let text): try container.encode(text)
        }
    }

    public var description: String {
        switch self {
        case .number(let number): String(number)
        case .text(let text): text
        }
    }
}

/// One line a client sends to the daemon.
///
/// ```
/// {"id":1,"op":"open"}
/// {"id":2,"op":"open","user":"alice"}        (the trusted account only, or your own name)
/// {"id":3,"op":"send","text":"what does a plant manager do?"}
/// {"id":4,"op":"completions"}
/// {"id":5,"op":"close"}
/// {"id":6,"op":"reload"}                     (root or the daemon's own account only)
/// {"id":7,"op":"status"}                     (counts only; any connected client)
/// ```
public struct DaemonRequest: Sendable, Equatable, Codable {
    /// What the client asks for.
    public enum Operation: Sendable, Equatable {
        /// Starts (or resumes) the conversation of the connection's user, or of `user`.
        case open(user: String?)
        /// A message or a slash command in the open conversation.
        case send(text: String)
        /// Words worth completing with Tab.
        case completions
        /// Ends the connection after the response.
        case close
        /// Loads and lints the knowledge base again and swaps it in if it passes, as
        /// SIGHUP does, answering with the lint result (root or the daemon's own account).
        case reload
        /// What the daemon has done since it started: counts only, for any connected client.
        case status

        /// The name of the operation on the wire.
        public var name: String {
            switch self {
            case .open: "open"
            case .send: "send"
            case .completions: "completions"
            case .close: "close"
            case .reload: "reload"
            case .status: "status"
            }
        }
    }

    public var id: RequestID?
    public var operation: Operation

    public init(id: RequestID? = nil, _ operation: Operation) {
        self.id = id
        self.operation = operation
    }

    /// The names of the operations, for messages about an unknown one.
    public static let operationNames = ["open", "send", "completions", "close", "reload", "status"]

    enum CodingKeys: String, CodingKey {
        case id, op, user, text
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decodeIfPresent(RequestID.self, forKey: .id)
        let name = try container.decode(String.self, forKey: .op)
        switch name {
        case "open":
            operation = .open(user: try container.decodeIfPresent(String.self, forKey: .user))
        case "send":
            operation = .send(text: try container.decode(String.self, forKey: .text))
        case "completions":
            operation = .completions
        case "close":
            operation = .close
        case "reload":
            operation = .reload
        case "status":
            operation = .status
        default:
            throw DaemonRequestError.unknownOperation(name)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(id, forKey: .id)
        try container.encode(operation.name, forKey: .op)
        switch operation {
        case .open(let user): try container.encodeIfPresent(user, forKey: .user)
        case .send(let text): try container.encode(text, forKey: .text)
        case .completions, .close, .reload, .status: break
        }
    }
}

/// Why a line is not a request the daemon understands.
enum DaemonRequestError: Error, Equatable {
    case unknownOperation(String)
}

extension DaemonRequest {
    /// Decodes one line, or says in a `DaemonError` why it cannot be understood.
    ///
    /// The error keeps the line's `id` when that much could be read, so that a client
    /// matching responses by id still can.
    static func decode(_ line: some Collection<UInt8>) -> Result<DaemonRequest, DaemonFailure> {
        if let request = RequestScanner.request(line) { return .success(request) }
        let data = Data(line)
        let decoder = JSONDecoder()
        do {
            return .success(try decoder.decode(DaemonRequest.self, from: data))
        } catch DaemonRequestError.unknownOperation(let name) {
            let known = operationNames.joined(separator: ", ")
            return .failure(DaemonFailure(id: probeID(data, decoder), error: DaemonError(
                .unknownOperation, "Unknown op \(IdentityPolicy.quoted(name)); the daemon knows \(known).")))
        } catch DecodingError.dataCorrupted where (try? JSONSerialization.jsonObject(with: data)) == nil {
            return .failure(DaemonFailure(id: nil, error: DaemonError(
                .malformedRequest, "That line is not valid JSON; send one JSON object per line, such as {\"op\":\"open\"}.")))
        } catch {
            return .failure(DaemonFailure(id: probeID(data, decoder), error: DaemonError(
                .malformedRequest, Self.explain(error))))
        }
    }

    private struct IDProbe: Decodable {
        var id: RequestID?
    }

    private static func probeID(_ data: Data, _ decoder: JSONDecoder) -> RequestID? {
        (try? decoder.decode(IDProbe.self, from: data))?.id
    }

    private static func explain(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _):
            if key.stringValue == "op" {
                return "The request has no \"op\"; it must be one of \(operationNames.joined(separator: ", "))."
            }
            return "The request needs a \"\(key.stringValue)\" field."
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            let field = context.codingPath.last?.stringValue ?? "request"
            if field == "request" || context.codingPath.isEmpty {
                return "A request must be a JSON object, such as {\"op\":\"open\"}."
            }
            let expected = field == "id" ? "a number or a string" : "a string"
            return "The \"\(field)\" field must be \(expected)."
        default:
            return "The request could not be understood; send one JSON object per line, such as {\"op\":\"open\"}."
        }
    }
}
