import AdvisorEngine
import AdvisorRuntime

/// How many turns of a transcript resolved to their expected intents.
public struct IntentScore {
    public var turns = 0
    public var right = 0
    /// One line per turn that missed: its step, the expected and actual intents, the message.
    public var misses: [String] = []

    public init(expected: Transcript, actual: Transcript) {
        for (number, (want, got)) in zip(expected.steps, actual.steps).enumerated() {
            guard case .say(let text, let intent?, _) = want, case .say(_, let actualIntent, _) = got else { continue }
            turns += 1
            // "a + b": a turn that asks two things must answer both, in any order.
            if Transcript.sameIntent(intent, actualIntent ?? "") {
                right += 1
            } else {
                misses.append("step \(number + 1): expected \(intent), got \(actualIntent ?? "none"): \(text)")
            }
        }
    }
}

/// Which intents, and which intents' "more" texts, the replayed transcripts reached.
public struct TranscriptCoverage {
    private let intents: [String]
    private let withMore: [String]
    private var reached: Set<String> = []
    private var moreReached: Set<String> = []

    public init(knowledge: KnowledgeBase) {
        intents = knowledge.intents.map(\.id)
        withMore = knowledge.intents.filter { !$0.more.isEmpty }.map(\.id)
    }

    public mutating func add(_ turns: [TranscriptReplayer.ReplayedTurn]) {
        for turn in turns {
            for part in turn.intent.components(separatedBy: " + ") { reached.insert(part.trimmed) }
            if let shown = turn.moreShown { moreReached.insert(shown) }
        }
    }

    public var report: String {
        let missing = intents.filter { !reached.contains($0) }
        let missingMore = withMore.filter { !moreReached.contains($0) }
        func list(_ ids: [String]) -> String { ids.isEmpty ? "" : ":\n" + ids.map { "  \($0)" }.joined(separator: "\n") }
        return """
            coverage: \(intents.count - missing.count) of \(intents.count) intents reached by a turn; \(missing.count) not reached\(list(missing))
            "more" texts: \(withMore.count - missingMore.count) of \(withMore.count) shown; \(missingMore.count) never shown\(list(missingMore))
            """
    }
}
