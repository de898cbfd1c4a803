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
    /// Lines that explain the finding (why an example routes elsewhere, the usual fix).
    public var notes: [String] = []

    /// The finding on one line: where, how bad, what.
    public var headline: String {
        "\(location.map { "\($0): " } ?? "")\(severity.rawValue): \(message)"
    }

    /// The headline, then the notes indented under it.
    public var description: String {
        ([headline] + notes.map { "    " + $0 }).joined(separator: "\n")
    }
}

/// What checking a knowledge base directory found: the one gate that `advisor lint`, a
/// reload and the daemon's start all apply.
public struct LintReport: Sendable {
    /// The directory checked.
    public var directory: URL
    /// The YAML files checked, by name.
    public var files: [String]
    /// The knowledge base, when it could be built.
    public var knowledge: KnowledgeBase?
    public var findings: [LintFinding]
    /// Remarks on the check itself (what could not be checked, and why).
    public var notes: [String] = []

    public var errors: [LintFinding] { findings.filter { $0.severity == .error } }
    public var warnings: [LintFinding] { findings.filter { $0.severity == .warning } }

    /// Whether the knowledge base may be served: it was built and has no errors.
    public var isAcceptable: Bool { knowledge != nil && errors.isEmpty }

    /// "33 intents, 437 examples: 0 error(s), 0 warning(s)".
    public var summary: String {
        let counts = "\(errors.count) error(s), \(warnings.count) warning(s)"
        guard let knowledge else { return "the knowledge base could not be built: \(counts)" }
        let examples = knowledge.intents.reduce(0) { $0 + $1.examples.count }
        return "\(knowledge.intents.count) intents, \(examples) examples: \(counts)"
    }
}

/// Checks a knowledge base beyond what building it checks.
///
/// Errors: a catalog intent missing, an intent with too few examples, an example that
/// classifies to another intent (with why, and the usual fix), a term both required and
/// excluded by one intent, an unknown suggestion. Warnings: a required term shared between
/// intents (two intents compete for the same words), a required term no example uses (an
/// untested rule), an intent in no area (never listed by /topics), a YAML file in a
/// subfolder (not loaded).
public enum Lint {
    /// The fewest examples an intent may have.
    public static let minimumExamples = 8

    /// Loads the knowledge base in `directory` and checks it: what `advisor lint`, a reload
    /// and the daemon's start all do before they accept a knowledge base.
    ///
    /// Every file is read and every mistake of every file is reported in one pass. When a
    /// file cannot be read at all, mistakes that may only mean its definitions are missing
    /// (an unknown concept or intent) are left out, and the examples are not classified.
    public static func run(directory: URL) -> LintReport {
        let files: [URL]
        do {
            files = try KnowledgeBaseLoader.files(in: directory)
        } catch {
            return LintReport(directory: directory, files: [], knowledge: nil, findings: error.errors.map(finding))
        }
        var report = LintReport(directory: directory, files: files.map(\.lastPathComponent), knowledge: nil, findings: [])
        for nested in KnowledgeBaseLoader.filesInSubfolders(of: directory) {
            report.findings.append(LintFinding(
                severity: .warning, location: SourceLocation(file: nested, line: 1),
                message: "this file is in a subfolder, so it is not loaded: only the YAML files directly in \(directory.path) are. Move it up to use it; leave it there only if it is a draft or an old copy"))
        }
        let reading = KnowledgeBaseLoader.read(files: files)
        report.findings += reading.errors.map(finding)
        let incomplete = !reading.unreadableFiles.isEmpty
        let definition = reading.definition
        if !incomplete {
            report.findings += catalogFindings(definition) + areaFindings(definition)
        }
        do {
            report.knowledge = try KnowledgeBase(definition)
        } catch {
            let hidden = error.errors.filter { incomplete && $0.isReference }
            report.findings += error.errors.filter { !(incomplete && $0.isReference) }.map(finding)
            if !hidden.isEmpty {
                report.notes.append("\(hidden.count) mistake(s) naming an unknown intent, concept or claim are not shown: they may only mean that \(reading.unreadableFiles.joined(separator: ", ")) could not be read. Run lint again once it is fixed.")
            }
        }
        let normaliser = report.knowledge?.normaliser
        report.findings += requireExcludeFindings(definition) { part in
            normaliser?.stems(ofTerm: part) ?? part.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
        guard let knowledge = report.knowledge, reading.errors.isEmpty else {
            report.notes.append("The examples were not classified: they are checked once the knowledge base loads without errors.")
            return report
        }
        report.findings += check(knowledge, definition: definition, includeCatalog: false)
        return report
    }

    /// Loads and checks the knowledge base in `directory`.
    ///
    /// - Throws: `KnowledgeBaseErrors` when it cannot be built at all.
    public static func load(directory: URL) throws(KnowledgeBaseErrors) -> (knowledge: KnowledgeBase, findings: [LintFinding]) {
        let report = run(directory: directory)
        guard let knowledge = report.knowledge else {
            throw KnowledgeBaseErrors(errors: report.errors.map { KnowledgeBaseError($0.message, at: $0.location) })
        }
        return (knowledge, report.findings)
    }

    /// The checks that need a built knowledge base (and the definition it was built from).
    public static func check(_ knowledge: KnowledgeBase, definition: KnowledgeBaseDefinition) -> [LintFinding] {
        check(knowledge, definition: definition, includeCatalog: true) + areaFindings(definition)
            + requireExcludeFindings(definition) { knowledge.normaliser.stems(ofTerm: $0) }
    }

    private static func check(_ knowledge: KnowledgeBase, definition: KnowledgeBaseDefinition, includeCatalog: Bool) -> [LintFinding] {
        var findings: [LintFinding] = includeCatalog ? catalogFindings(definition) : []
        for intent in knowledge.intents {
            if intent.examples.count < minimumExamples {
                findings.append(LintFinding(
                    severity: .error, location: intent.location,
                    message: "intent '\(intent.id)' has \(intent.examples.count) examples; at least \(minimumExamples) are needed"))
            }
            if intent.id != KnowledgeBase.fallbackID && intent.question.isEmpty {
                findings.append(LintFinding(severity: .warning, location: intent.location, message: "intent '\(intent.id)' has no 'question'"))
            }
            var usedRequire = Set<String>()
            for example in intent.examples {
                let text = knowledge.normaliser.normalise(example.value)
                let match = knowledge.matcher.match(text)
                for explanation in knowledge.matcher.explain(text, intents: [intent.id]) {
                    for contribution in explanation.contributions where contribution.role == .require {
                        usedRequire.insert("\(contribution.location)|\(contribution.term)")
                    }
                }
                if match.intent != intent.id {
                    findings.append(LintFinding(
                        severity: .error, location: example.location,
                        message: "example \"\(example.value)\" of '\(intent.id)' classifies to '\(match.intent)' (\(String(format: "%.2f", match.confidence)))",
                        notes: knowledge.matcher.diagnose(text, expected: intent.id)?.lines(in: knowledge) ?? []))
                }
            }
            let unused = knowledge.matcher.terms(of: intent.id, role: .require).filter { !usedRequire.contains("\($0.location)|\($0.value)") }
            if intent.id != KnowledgeBase.fallbackID, let first = unused.first {
                let list = unused.map { "'\($0.value)' (\($0.location))" }.joined(separator: ", ")
                let them = unused.count == 1 ? "it" : "them"
                findings.append(LintFinding(
                    severity: .warning, location: first.location,
                    message: "\(unused.count == 1 ? "a required term" : "\(unused.count) required terms") of '\(intent.id)' \(unused.count == 1 ? "is" : "are") used by none of its examples: \(list). Add examples that use \(them), or remove \(them): an untested rule can capture unrelated questions"))
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
            let names = users.map { "\($0.0) (\($0.1))" }.joined(separator: ", ")
            findings.append(LintFinding(
                severity: .warning, location: users[0].1,
                message: "required term '\(term)' is shared by \(names)"))
        }
        return findings
    }

    private static func finding(_ error: KnowledgeBaseError) -> LintFinding {
        LintFinding(severity: .error, location: error.location, message: error.message)
    }

    /// Every id `catalog:` lists must be defined, once: a missing one names the catalog's
    /// line, so a maintainer either defines it or retires it there.
    private static func catalogFindings(_ definition: KnowledgeBaseDefinition) -> [LintFinding] {
        let ids = Set(definition.intents.map(\.id))
        var seen: [String: SourceLocation] = [:]
        var findings: [LintFinding] = []
        for entry in definition.catalog {
            if let first = seen[entry.value] {
                findings.append(LintFinding(
                    severity: .error, location: entry.location,
                    message: "the catalog lists '\(entry.value)' twice (first at \(first)); remove this line"))
                continue
            }
            seen[entry.value] = entry.location
            if !ids.contains(entry.value) {
                findings.append(LintFinding(
                    severity: .error, location: entry.location,
                    message: "the catalog intent '\(entry.value)' is missing: no file defines it. Define it, or, to retire it on purpose, remove this line from the catalog"))
            }
        }
        return findings
    }

    /// An intent whose id names no area of `dialogue: areas:` is never listed by /topics,
    /// and the conversation cannot tell what area it is in.
    static func areaFindings(_ definition: KnowledgeBaseDefinition) -> [LintFinding] {
        let areas = definition.dialogue.areas.map(\.name.value)
        guard !areas.isEmpty else { return [] }
        let declared = definition.dialogue.location.map { " (\($0))" } ?? ""
        var findings: [LintFinding] = []
        for intent in definition.intents where intent.id != KnowledgeBase.fallbackID {
            let area = intent.id.split(separator: ".").first.map(String.init) ?? intent.id
            guard !areas.contains(area) else { continue }
            let rest = intent.id.split(separator: ".", maxSplits: 1).dropFirst().first.map(String.init) ?? intent.id
            let rename = closest(to: area, in: areas).map { "rename it to '\($0).\(rest)' (area '\($0)'), or " } ?? "rename it to start with one of the areas, or "
            findings.append(LintFinding(
                severity: .warning, location: intent.location,
                message: "intent '\(intent.id)' belongs to no area: '\(area)' is not one of the areas under 'dialogue: areas:'\(declared) (\(areas.joined(separator: ", "))), so /topics never lists it. To fix it, \(rename)declare an area '\(area)' there"))
        }
        return findings
    }

    /// A required term that an excluded term of the same intent always vetoes: every part of
    /// the excluded term is a part of the required one.
    static func requireExcludeFindings(_ definition: KnowledgeBaseDefinition, key: (String) -> String) -> [LintFinding] {
        var findings: [LintFinding] = []
        func parts(_ term: String) -> Set<String> {
            Set(term.split(separator: "+").map { key($0.trimmingCharacters(in: .whitespaces)) })
        }
        for intent in definition.intents {
            let excluded = intent.exclude.map { ($0, parts($0.value)) }
            for required in intent.require {
                let requiredParts = parts(required.value)
                guard let (exclude, _) = excluded.first(where: { $0.1.isSubset(of: requiredParts) }) else { continue }
                findings.append(LintFinding(
                    severity: .error, location: required.location,
                    message: "intent '\(intent.id)' both requires '\(required.value)' (\(required.location)) and excludes '\(exclude.value)' (\(exclude.location)): every message with it is vetoed, so this rule can never match. Remove it from 'exclude' or from 'require'"))
            }
        }
        return findings
    }

    private static func closest(to name: String, in candidates: [String]) -> String? {
        EditDistance.closest(to: name, in: candidates, within: max(2, name.count / 3))
    }
}
