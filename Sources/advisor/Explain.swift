import AdvisorEngine
import AdvisorKnowledge
import ArgumentParser
import Foundation

extension Advisor {
    struct Explain: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show how a message is normalised and why each intent scored as it did.")

        @OptionGroup var knowledge: KnowledgeOptions

        @Option(help: "How many intents to explain.")
        var top = 3

        @Option(name: .customLong("after"), help: "A message said before, in order (repeat for several): the dialogue layer then reads the message in that context.")
        var previous: [String] = []

        @Option(name: .customLong("expect"), help: "The intent the message should go to: explain why it did not (what it lacked, what vetoed it, the score gap, the usual fix).")
        var expected: String?

        @Argument(help: "The message to explain.")
        var text: [String]

        func validate() throws {
            if text.joined().trimmingCharacters(in: .whitespaces).isEmpty {
                throw ValidationError("Give the message to explain, for example: advisor explain what does a plant manager do")
            }
            if top < 1 { throw ValidationError("--top must be at least 1.") }
        }

        func run() throws {
            let base = try knowledge.load()
            if let expected, base[expected] == nil {
                throw ValidationError("--expect names unknown intent '\(expected)'. Intents: \(base.intents.map(\.id).joined(separator: ", ")).")
            }
            let message = text.joined(separator: " ")
            let normalised = base.normaliser.normalise(message)
            let match = base.matcher.match(normalised)
            print("tokens:      \(normalised.tokens.map(\.original).joined(separator: " "))")
            print("words:       \(normalised.tokens.map { $0.isStopword ? "(\($0.word))" : $0.word }.joined(separator: " "))")
            print("stems:       \(normalised.stems.joined(separator: " "))")
            let corrections = normalised.corrections.map { "\($0.from) → \($0.to)" }
            print("corrections: \(corrections.isEmpty ? "none" : corrections.joined(separator: ", "))")
            print("concepts:    \(normalised.concepts.isEmpty ? "none" : normalised.concepts.map { "@" + $0 }.joined(separator: " "))")
            print(String(format: "intent:      %@ (confidence %.3f; threshold %.2f)", match.intent, match.confidence, Matcher.threshold))
            // The dialogue layer's decision, in the context of the messages before.
            let engine = DialogueEngine(knowledge: base)
            var state = SessionState(user: "explain")
            for line in previous { _ = engine.respond(to: line, state: &state) }
            let frame = state.context
            let reply = engine.respond(to: message, state: &state)
            print("dialogue:    \(reply.intent) by \(reply.resolution ?? "the classifier")")
            for block in reply.blocks ?? [] {
                let claims = block.claims.isEmpty ? "" : " [" + block.claims.joined(separator: ", ") + "]"
                print("block:       \(block.provenance.rawValue)\(claims): \(block.text.prefix(70))\(block.text.count > 70 ? "..." : "")")
            }
            if !previous.isEmpty {
                print("frame:       topic \(frame.topic ?? "-"), area \(frame.area ?? "-"), focus \(frame.focus ?? "-"), offer \(frame.offer ?? "-")\(frame.conclusion.map { ", conclusion \($0.verdict)" } ?? "")")
            }
            var explanations = Array(base.matcher.explain(normalised).prefix(top))
            if let expected, !explanations.contains(where: { $0.intent == expected }),
               let own = base.matcher.explain(normalised, intents: [expected]).first {
                explanations.append(own)
            }
            for explanation in explanations {
                print("")
                var heading = String(format: "%@  confidence %.3f  raw %.2f  coverage %.2f  weight %.2f",
                                     explanation.intent, explanation.confidence, explanation.rawScore, explanation.coverage, explanation.weight)
                if let blocked = explanation.blockedBy { heading += "  (cannot match: \(blocked))" }
                print(heading)
                for contribution in explanation.contributions {
                    let weight = contribution.role == .exclude ? "   veto" : String(format: "%+7.2f", contribution.weight)
                    let concepts = contribution.concepts.map { " @\($0.concept) has \"\($0.phrase.value)\" (\($0.phrase.location))" }.joined()
                    let words = contribution.words.isEmpty ? "" : "  ← \(contribution.words.map { "\"\($0)\"" }.joined(separator: " "))\(concepts)"
                    print("  \(weight)  \(contribution.role.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \(contribution.term)  (\(contribution.location))\(words)")
                }
            }
            if let expected { printWhyNot(expected, normalised, base) }
        }

        /// Why the message did not go to the intent the user expected.
        private func printWhyNot(_ expected: String, _ normalised: NormalisedText, _ base: KnowledgeBase) {
            print("")
            guard let diagnosis = base.matcher.diagnose(normalised, expected: expected) else { return }
            guard diagnosis.winner != expected else {
                print(String(format: "expected:    %@ is the intent chosen (confidence %.3f)", expected, diagnosis.winnerConfidence))
                return
            }
            print("why not \(expected):")
            for line in diagnosis.lines(in: base) { print("  " + line) }
        }
    }
}
