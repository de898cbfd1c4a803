import AdvisorEngine
import Foundation

/// One thing `advisor lint` found.
public struct LintFinding: Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable {
        case error, warning
    }

    public var severity: Severity
    public var location: SourceLocation?
    public var message: String

    public var description: String {
        "\(location.map { "\($0): " } ?? "")\(severity.rawValue): \(message)"
    }
}

/// Checks a built knowledge base beyond what building it checks.
///
/// Errors: a catalog intent missing, an intent with too few examples, an example that
/// classifies to another intent, an unknown suggestion. Warnings: a required term shared
/// between intents (a sign that two intents compete for the same words).
public enum Lint {
    /// The fewest examples an intent may have.
    public static let minimumExamples = 8

    /// Loads the knowledge base in `directory` and checks it: what `advisor lint` and a
    /// reload both do before they accept a knowledge base.
    ///
    /// - Throws: `KnowledgeBaseErrors` when it cannot be loaded at all.
    public static func load(directory: URL) throws(KnowledgeBaseErrors) -> (knowledge: KnowledgeBase, findings: [LintFinding]) {
        let definition = try KnowledgeBaseLoader.loadDefinition(directory: directory)
        let knowledge = try KnowledgeBase(definition)
        return (knowledge, check(knowledge, definition: definition))
    }

    public static func check(_ knowledge: KnowledgeBase, definition: KnowledgeBaseDefinition) -> [LintFinding] {
        var findings: [LintFinding] = []
        for id in Catalog.requiredIntentIDs where knowledge[id] == nil {
            findings.append(LintFinding(severity: .error, location: nil, message: "the catalog intent '\(id)' is missing"))
        }
        for intent in knowledge.intents {
            if intent.examples.count < minimumExamples {
                findings.append(LintFinding(
                    severity: .error, location: intent.location,
                    message: "intent '\(intent.id)' has \(intent.examples.count) examples; at least \(minimumExamples) are needed"))
            }
            if intent.id != KnowledgeBase.fallbackID && intent.question.isEmpty {
                findings.append(LintFinding(severity: .warning, location: intent.location, message: "intent '\(intent.id)' has no 'question'"))
            }
            for example in intent.examples {
                let match = knowledge.classify(example.value)
                if match.intent != intent.id {
                    findings.append(LintFinding(
                        severity: .error, location: example.location,
                        message: "example \"\(example.value)\" of '\(intent.id)' classifies to '\(match.intent)' (\(String(format: "%.2f", match.confidence)))"))
                }
            }
        }
        findings += GroundingLint.check(definition, knowledge: knowledge)
        var requiredBy: [String: [(String, SourceLocation)]] = [:]
        for intent in definition.intents {
            for term in intent.require {
                let key = knowledge.normaliser.stems(ofTerm: term.value)
                requiredBy[key, default: []].append((intent.id, term.location))
            }
        }
        for (term, users) in requiredBy.sorted(by: { $0.key < $1.key }) where Set(users.map(\.0)).count > 1 {
            let names = users.map(\.0).joined(separator: ", ")
            findings.append(LintFinding(
                severity: .warning, location: users[0].1,
                message: "required term '\(term)' is shared by \(names)"))
        }
        return findings
    }
}
