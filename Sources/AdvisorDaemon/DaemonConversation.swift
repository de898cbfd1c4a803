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

    /// Opens the conversation the daemon decides on (this account's own user, or the one
    /// named with `--as`); `user` is only what the front end would have called it.
    public func open(user: String) throws -> OpenedConversation {
        let welcome = try speakingFor.map { try client.open(user: $0) } ?? client.open()
        return OpenedConversation(conversation: ClientConversation(client: client, user: client.user ?? user), welcome: welcome)
    }

    public func completions() throws -> [String] {
        try client.completions()
    }
}

/// The conversation a `DaemonClient`'s connection opened.
struct ClientConversation: Conversation {
    let client: DaemonClient
    let user: String

    func send(_ text: String) throws -> ConversationOutput {
        try client.send(text)
    }
}
