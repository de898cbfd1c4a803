import AdvisorRuntime

/// A conversation held through the daemon, as `advisor chat --connect` holds it.
///
/// Without a name to speak for, the daemon decides who the user is (the peer's uid); with
/// one (`--as`, from a trusted account such as SSH's forced command), it opens that
/// student's conversation, and refuses if this account is not trusted.
public final class DaemonConversation: ConversationEndpoint {
    private let client: DaemonClient
    private let speakingFor: String?

    public init(client: DaemonClient, speakingFor: String?) {
        self.client = client
        self.speakingFor = speakingFor
    }

    /// The user the daemon opened the conversation for, once it is open.
    public var user: String? { client.user }

    public func open(user: String) throws -> ConversationOutput {
        if let speakingFor { return try client.open(user: speakingFor) }
        return try client.open()
    }

    public func send(user: String, text: String) throws -> ConversationOutput {
        try client.send(user: user, text: text)
    }

    public func completions() throws -> [String] {
        try client.completions()
    }
}
