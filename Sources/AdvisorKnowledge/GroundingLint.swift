import AdvisorEngine
import Foundation

/// The grounding rules `advisor lint` enforces on answers:
///
/// - every answer, `more` and `why` is written as blocks, each with a provenance
///   (`source:` with claim ids, `background:` or `advisor:`); plain text is refused;
/// - every claim of every source is cited by at least one block (every point of the
///   article is reachable);
/// - background and the advisor's own words never say what the programme teaches: a
///   background block names no programme, course, module, curriculum or syllabus and no
///   teaching ("taught", "you will learn"); an advisor block may name the programme (to
///   say what to ask it) but never says what it teaches, covers or includes ("ask what the
///   module covers" is a question, not a claim, and passes).
///
/// (Unknown claim ids and source blocks without ids are refused when the knowledge base is
/// built, so a daemon never loads them.)
enum GroundingLint {
    /// Words that, in background text, speak of the programme or its teaching.
    static let programmeInBackground = try! NSRegularExpression(
        pattern: #"\b(the|this|that|a|its|your|each|every|any)\s+(course|programme|program|degree|mba|module|modules|curriculum|syllabus)\b|\b(taught|teaches|teaching|typically covers)\b|\byou('ll| will) (learn|study|cover)\b"#,
        options: [.caseInsensitive])

    /// Words that, in the advisor's own text, claim what the programme contains.
    static let programmeClaim = try! NSRegularExpression(
        pattern: #"(?<!what )(?<!whether )(?<!how )\b(the|this|that)\s+(course|programme|program|degree|mba|module|curriculum)('s)?\s+(teaches|covers|includes|offers|gives you|trains)\b|(?<!whether )(?<!what )\byou('ll| will) (learn|study)\b|\btypically covers\b"#,
        options: [.caseInsensitive])

    static func check(_ definition: KnowledgeBaseDefinition, knowledge: KnowledgeBase) -> [LintFinding] {
        var findings: [LintFinding] = []
        var cited = Set<String>()
        for intent in definition.intents {
            for (field, answer) in [("answer", intent.answer), ("more", intent.more), ("why", intent.why)] {
                for block in answer.blocks {
                    cited.formUnion(block.claims.map(\.value))
                    guard let provenance = block.provenance else {
                        findings.append(LintFinding(
                            severity: .error, location: block.location.line > 0 ? block.location : intent.location,
                            message: "'\(field)' of '\(intent.id)' is plain text: write it as blocks (source: [claims] + text, background: or advisor:)"))
                        continue
                    }
                    let pattern: NSRegularExpression
                    switch provenance {
                    case .source: continue
                    case .background: pattern = programmeInBackground
                    case .advisor: pattern = programmeClaim
                    }
                    if let phrase = firstMatch(pattern, in: block.text) {
                        findings.append(LintFinding(
                            severity: .error, location: block.location,
                            message: "\(provenance.rawValue) text in '\(field)' of '\(intent.id)' says what the programme teaches (\"\(phrase)\"): only a source block citing a claim may"))
                    }
                }
            }
        }
        for claim in knowledge.claims where !cited.contains(claim.id) {
            findings.append(LintFinding(severity: .error, location: claim.location, message: "claim '\(claim.id)' is cited by no answer"))
        }
        if knowledge.sources.isEmpty {
            findings.append(LintFinding(severity: .error, location: nil, message: "the knowledge base declares no source (a file with 'source:' and 'claims:')"))
        }
        return findings
    }

    private static func firstMatch(_ pattern: NSRegularExpression, in text: String) -> String? {
        let range = NSRange(text.startIndex..., in: text)
        guard let match = pattern.firstMatch(in: text, range: range), let found = Range(match.range, in: text) else { return nil }
        return String(text[found])
    }
}
