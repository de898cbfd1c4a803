/// A `LineReader` that plays back a fixed list of events, for tests.
///
/// Once the events run out it reports `.end`, as a terminal does at Ctrl-D.
public final class InMemoryLineReader: LineReader {
    private var events: [LineEvent]
    /// Every prompt shown, in order.
    public private(set) var prompts: [String] = []
    /// The lines kept in the history, oldest first.
    public private(set) var history: [String]

    public init(_ events: [LineEvent], history: [String] = []) {
        self.events = events
        self.history = history
    }

    /// A reader that enters `lines` one after the other.
    public convenience init(lines: [String], history: [String] = []) {
        self.init(lines.map(LineEvent.line), history: history)
    }

    public func readLine(prompt: String) -> LineEvent {
        prompts.append(prompt)
        return events.isEmpty ? .end : events.removeFirst()
    }

    public func remember(_ line: String) {
        if Self.shouldRemember(line, after: history.last) { history.append(line) }
    }

    public func forgetHistory() {
        history.removeAll()
    }
}
