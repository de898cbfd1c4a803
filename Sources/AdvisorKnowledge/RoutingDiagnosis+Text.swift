import AdvisorEngine
import Foundation

extension RoutingDiagnosis {
    /// Why the message went to the winner rather than the expected intent, in lines a
    /// maintainer can act on: the terms that pulled it there (with the concept phrase and
    /// file:line that caught each word), what the expected intent lacked, and the usual fix.
    ///
    /// `advisor explain --expect` prints these lines, and lint adds them to the finding of
    /// an example that routes elsewhere.
    public func lines(in knowledge: KnowledgeBase) -> [String] {
        var lines: [String] = []
        lines.append(winnerLine(knowledge))
        if let winnerExplanation {
            for contribution in winnerExplanation.contributions where contribution.role != .exclude {
                lines.append("  " + Self.describe(contribution))
            }
        }
        lines.append(contentsOf: expectedLines())
        lines.append("usual fix: " + fix(knowledge))
        return lines
    }

    private func winnerLine(_ knowledge: KnowledgeBase) -> String {
        if isBelowThreshold {
            return String(format: "it fell back: no intent reached the threshold %.2f", Matcher.threshold)
        }
        let weight = winnerExplanation.map(\.weight) ?? 1
        let weightText = weight == 1 ? "" : String(format: "; weight %.2f, %@", weight, knowledge[winner].map { "\($0.location)" } ?? "?")
        return String(format: "pulled to '%@' (confidence %.2f%@) by:", winner, winnerConfidence, weightText)
    }

    private func expectedLines() -> [String] {
        guard let expectedExplanation else {
            return ["'\(expected)' lacked a required term: none of its terms is in the message (require: \(requireList))"]
        }
        if !expectedExplanation.vetoes.isEmpty {
            return ["'\(expected)' was vetoed by an excluded term:"] + expectedExplanation.vetoes.map { "  " + Self.describe($0) }
        }
        if expectedExplanation.blockedBy != nil {
            var lines = ["'\(expected)' lacked a required term: none of \(requireList) is in the message"]
            let keywords = expectedExplanation.contributions.filter { $0.role == .keyword }
            if !keywords.isEmpty {
                lines.append("  (its keywords matched, but they count only with a required term:)")
                lines += keywords.map { "  " + Self.describe($0) }
            }
            return lines
        }
        let weight = expectedWeight == 1 ? "" : String(format: ", weight %.2f", expectedWeight)
        var lines = [String(format: "'%@' scored %.2f%@, %.2f below", expected, expectedExplanation.confidence, weight,
                            max(0, (isBelowThreshold ? Matcher.threshold : winnerConfidence) - expectedExplanation.confidence))
                     + (isBelowThreshold ? " the threshold; it matched:" : " '\(winner)'; it matched:")]
        lines += expectedExplanation.contributions.map { "  " + Self.describe($0) }
        if !expectedExplanation.unexplainedWords.isEmpty {
            lines.append("  words none of its terms explain: " + expectedExplanation.unexplainedWords.map { "\"\($0)\"" }.joined(separator: ", "))
        }
        return lines
    }

    private func fix(_ knowledge: KnowledgeBase) -> String {
        guard let expectedExplanation else {
            return "add a require term to '\(expected)' that this message uses, or reword the message"
        }
        if let veto = expectedExplanation.vetoes.first {
            return "remove '\(veto.term)' from the exclude of '\(expected)' (\(veto.location)), or narrow it (a longer phrase, or 'word + other word')"
        }
        if expectedExplanation.blockedBy != nil {
            return "add a require term to '\(expected)' that this message uses (for example one of its words: \(quoted(informativeWords))), or reword the message"
        }
        let missing = expectedExplanation.unexplainedWords
        if isBelowThreshold {
            return "give '\(expected)' keywords for the words it does not explain (\(quoted(missing))), so that it covers more of the message"
        }
        var fixes: [String] = []
        // The words only the expected intent matched tell the two apart best; failing
        // those, the words of its required terms.
        let ownWords = unique(expectedExplanation.contributions.flatMap(\.words))
            .filter { !(winnerExplanation?.contributions.flatMap(\.words) ?? []).contains($0) }
        let requiredWords = unique(expectedExplanation.contributions.filter { $0.role == .require }.flatMap(\.words))
        let excludable = ownWords.isEmpty ? requiredWords : ownWords
        fixes.append("add an exclude to '\(winner)' for the words that should go to '\(expected)' (\(quoted(excludable)))")
        if !missing.isEmpty { fixes.append("give '\(expected)' keywords for \(quoted(missing))") }
        if let weight = winnerExplanation?.weight, weight > 1 {
            fixes.append(String(format: "lower the weight %.2f of '%@'", weight, winner))
        }
        if let caught = winnerExplanation?.contributions.flatMap({ $0.concepts }).first {
            fixes.append("take \"\(caught.phrase.value)\" out of @\(caught.concept) (\(caught.phrase.location)) if it does not belong there")
        }
        return fixes.joined(separator: "; or ")
    }

    private var requireList: String {
        expectedRequire.isEmpty ? "none" : expectedRequire.map { "'\($0.value)' (\($0.location))" }.joined(separator: ", ")
    }

    private func unique(_ words: [String]) -> [String] {
        var seen = Set<String>()
        return words.filter { seen.insert($0).inserted }
    }

    private func quoted(_ words: [String]) -> String {
        words.isEmpty ? "none" : words.map { "\"\($0)\"" }.joined(separator: ", ")
    }

    /// One matched term: the words it caught, the concept phrase that caught them, and where
    /// the term is written ("scholarships" → @fees ("scholarships", vocabulary.yaml:173) →
    /// require @fees (info.yaml:137) +4.44).
    static func describe(_ contribution: Explanation.Contribution) -> String {
        let words = contribution.words.map { "\"\($0)\"" }.joined(separator: " ")
        let concepts = contribution.concepts.map { " → @\($0.concept) (\"\($0.phrase.value)\" at \($0.phrase.location))" }.joined()
        let weight = contribution.role == .exclude ? "veto" : String(format: "%+.2f", contribution.weight)
        return "\(words.isEmpty ? "?" : words)\(concepts) → \(contribution.role.rawValue) '\(contribution.term)' (\(contribution.location)) \(weight)"
    }
}
