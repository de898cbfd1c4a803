import AdvisorEngine
import AdvisorRuntime
import Foundation

/// Accuracy figures for a labelled set of messages (`text<TAB>intent` lines).
public struct Evaluation: Sendable {
    public struct Row: Sendable {
        public var intent: String
        public var support = 0
        public var correct = 0
        public var predicted = 0
        public var precision: Double { predicted == 0 ? 0 : Double(correct) / Double(predicted) }
        public var recall: Double { support == 0 ? 0 : Double(correct) / Double(support) }
    }

    public struct Miss: Sendable {
        public var text: String
        public var expected: String
        public var got: String
        public var confidence: Double
    }

    public var total = 0
    public var correct = 0
    public var inScopeTotal = 0
    public var inScopeCorrect = 0
    public var rows: [String: Row] = [:]
    public var confusions: [String: Int] = [:]
    public var misses: [Miss] = []

    public var accuracy: Double { ratio(correct, total) }
    public var inScopeAccuracy: Double { ratio(inScopeCorrect, inScopeTotal) }
    public var fallbackPrecision: Double { rows[KnowledgeBase.fallbackID]?.precision ?? 0 }
    public var fallbackRecall: Double { rows[KnowledgeBase.fallbackID]?.recall ?? 0 }

    /// Parses a labelled set.
    ///
    /// - Throws: `EvaluationError` naming the first malformed line.
    public static func parse(_ text: String, knownIntents: Set<String>) throws -> [(text: String, intent: String)] {
        try parseNumbered(text, knownIntents: knownIntents).map { ($0.text, $0.intent) }
    }

    /// Parses a labelled set, keeping each message's line number (from 1).
    ///
    /// - Throws: `EvaluationError` naming the first malformed line.
    public static func parseNumbered(_ text: String, knownIntents: Set<String>) throws -> [(line: Int, text: String, intent: String)] {
        var items: [(Int, String, String)] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 2 else {
                throw EvaluationError(message: "line \(number + 1): expected text<TAB>intent")
            }
            let intent = fields[1].trimmingCharacters(in: .whitespaces)
            guard knownIntents.contains(intent) else {
                throw EvaluationError(message: "line \(number + 1): unknown intent '\(intent)'")
            }
            items.append((number + 1, String(fields[0]), intent))
        }
        return items
    }

    /// How each message is read: by the classifier alone, or as the first message of a
    /// fresh conversation (the dialogue layer around the classifier).
    public enum Reading: Sendable {
        case classifier, conversation
    }

    public init(knowledge: KnowledgeBase, items: [(text: String, intent: String)], reading: Reading = .classifier) {
        let engine = DialogueEngine(knowledge: knowledge)
        for (text, expected) in items {
            var match = knowledge.classify(text)
            // Scored as the catalog intent it reports (a small-talk reply as help or thanks).
            if let reported = knowledge[match.intent]?.countsAs { match.intent = reported }
            if reading == .conversation {
                var state = SessionState(user: "eval")
                let reply = engine.respond(to: text, state: &state)
                match.intent = reply.intent
                match.confidence = reply.confidence
            }
            total += 1
            rows[expected, default: Row(intent: expected)].support += 1
            rows[match.intent, default: Row(intent: match.intent)].predicted += 1
            if expected != KnowledgeBase.fallbackID { inScopeTotal += 1 }
            if match.intent == expected {
                correct += 1
                rows[expected]?.correct += 1
                if expected != KnowledgeBase.fallbackID { inScopeCorrect += 1 }
            } else {
                confusions["\(expected) → \(match.intent)", default: 0] += 1
                misses.append(Miss(text: text, expected: expected, got: match.intent, confidence: match.confidence))
            }
        }
    }

    /// The report `advisor eval` prints.
    public func report(showMisses: Bool) -> String {
        var lines: [String] = []
        lines.append("messages: \(total)")
        lines.append(String(format: "overall accuracy: %.1f%% (%d/%d)", accuracy * 100, correct, total))
        lines.append(String(format: "in-scope top-1 accuracy: %.1f%% (%d/%d)", inScopeAccuracy * 100, inScopeCorrect, inScopeTotal))
        let fallback = rows[KnowledgeBase.fallbackID] ?? Row(intent: KnowledgeBase.fallbackID)
        lines.append(String(format: "out-of-scope rejected (fallback recall): %.1f%% (%d/%d)", fallback.recall * 100, fallback.correct, fallback.support))
        lines.append(String(format: "fallback precision: %.1f%% (%d/%d)", fallback.precision * 100, fallback.correct, fallback.predicted))
        lines.append("")
        lines.append("intent".padding(toLength: 34, withPad: " ", startingAt: 0) + " support  correct  precision  recall")
        for row in rows.values.sorted(by: { $0.intent < $1.intent }) {
            lines.append(
                row.intent.padding(toLength: 34, withPad: " ", startingAt: 0)
                    + String(format: " %7d  %7d  %8.1f%%  %5.1f%%", row.support, row.correct, row.precision * 100, row.recall * 100))
        }
        lines.append("")
        lines.append("most frequent confusions (expected → got):")
        let top = confusions.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(10)
        if top.isEmpty { lines.append("  none") }
        for (pair, count) in top { lines.append("  \(count)  \(pair)") }
        if showMisses {
            lines.append("")
            lines.append("misclassified:")
            for miss in misses {
                lines.append(String(format: "  %@ → %@ (%.2f): %@", miss.expected, miss.got, miss.confidence, miss.text))
            }
        }
        return lines.joined(separator: "\n")
    }

    private func ratio(_ a: Int, _ b: Int) -> Double { b == 0 ? 0 : Double(a) / Double(b) }
}

/// A labelled set that cannot be read.
public struct EvaluationError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
