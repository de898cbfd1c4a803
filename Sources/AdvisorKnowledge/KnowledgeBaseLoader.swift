import AdvisorEngine
import Foundation
import Yams

/// Loads `Intents/*.yaml` into a `KnowledgeBaseDefinition` and builds the `KnowledgeBase`.
///
/// Every mistake is reported with its file and line; unknown keys are mistakes too, so a
/// misspelt `keywrods:` is caught rather than silently ignored.
public enum KnowledgeBaseLoader {
    /// The largest knowledge base file accepted.
    public static let maximumFileSize = 4 << 20

    /// Loads and builds the knowledge base in `directory`.
    ///
    /// - Throws: `KnowledgeBaseErrors` listing every mistake found.
    public static func load(directory: URL, stemmer: Stemmer = Stemmer()) throws(KnowledgeBaseErrors) -> KnowledgeBase {
        try KnowledgeBase(loadDefinition(directory: directory), stemmer: stemmer)
    }

    /// The YAML files of a knowledge base directory, sorted by name.
    public static func files(in directory: URL) throws(KnowledgeBaseErrors) -> [URL] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw KnowledgeBaseErrors(errors: [KnowledgeBaseError("cannot read the directory \(directory.path)", at: nil)])
        }
        let files = names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
            .map { directory.appendingPathComponent($0) }
        if files.isEmpty {
            throw KnowledgeBaseErrors(errors: [KnowledgeBaseError("no .yaml files in \(directory.path)", at: nil)])
        }
        return files
    }

    /// Reads every YAML file in `directory` and merges them into one definition.
    ///
    /// Files are parsed in parallel (YAML parsing is most of the load time) and merged in
    /// name order, so the result does not depend on scheduling.
    public static func loadDefinition(directory: URL) throws(KnowledgeBaseErrors) -> KnowledgeBaseDefinition {
        let files = try files(in: directory)
        let results = ParsedFiles(count: files.count)
        DispatchQueue.concurrentPerform(iterations: files.count) { index in
            results.set(index, read(file: files[index]))
        }
        var definition = KnowledgeBaseDefinition()
        var errors: [KnowledgeBaseError] = []
        for (part, partErrors) in results.all {
            definition.synonyms += part.synonyms
            definition.concepts += part.concepts
            definition.stopwords += part.stopwords
            definition.stems += part.stems
            definition.knownWords += part.knownWords
            definition.intents += part.intents
            errors += partErrors
        }
        guard errors.isEmpty else { throw KnowledgeBaseErrors(errors: errors) }
        return definition
    }

    private static func read(file: URL) -> (KnowledgeBaseDefinition, [KnowledgeBaseError]) {
        let name = file.lastPathComponent
        var definition = KnowledgeBaseDefinition()
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: file.path)
            if let size = attributes[.size] as? Int, size > maximumFileSize {
                return (definition, [KnowledgeBaseError("file is \(size) bytes; the limit is \(maximumFileSize)", at: SourceLocation(file: name, line: 1))])
            }
            let data = try Data(contentsOf: file)
            guard let text = String(data: data, encoding: .utf8) else {
                return (definition, [KnowledgeBaseError("file is not valid UTF-8", at: SourceLocation(file: name, line: 1))])
            }
            var reader = FileReader(file: name)
            reader.read(text, into: &definition)
            return (definition, reader.errors)
        } catch {
            return (definition, [KnowledgeBaseError("cannot read the file: \(error.localizedDescription)", at: SourceLocation(file: name, line: 1))])
        }
    }
}

/// The per-file results of a parallel load, in file order.
private final class ParsedFiles: @unchecked Sendable {
    private var results: [(KnowledgeBaseDefinition, [KnowledgeBaseError])?]
    private let lock = NSLock()

    init(count: Int) {
        results = Array(repeating: nil, count: count)
    }

    func set(_ index: Int, _ result: (KnowledgeBaseDefinition, [KnowledgeBaseError])) {
        lock.lock()
        defer { lock.unlock() }
        results[index] = result
    }

    var all: [(KnowledgeBaseDefinition, [KnowledgeBaseError])] {
        lock.lock()
        defer { lock.unlock() }
        return results.compactMap { $0 }
    }
}

/// Reads one YAML file, collecting mistakes instead of stopping at the first.
struct FileReader {
    let file: String
    var errors: [KnowledgeBaseError] = []

    init(file: String) {
        self.file = file
    }

    private func location(_ node: Node?) -> SourceLocation {
        SourceLocation(file: file, line: node?.mark?.line ?? 1)
    }

    private mutating func fail(_ message: String, _ node: Node?) {
        errors.append(KnowledgeBaseError(message, at: location(node)))
    }

    mutating func read(_ text: String, into definition: inout KnowledgeBaseDefinition) {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text, .basic)
        } catch let error as YamlError {
            errors.append(KnowledgeBaseError("invalid YAML: \(error)", at: SourceLocation(file: file, line: Self.line(of: error))))
            return
        } catch {
            fail("invalid YAML: \(error)", nil)
            return
        }
        guard let root else { return }
        guard let mapping = root.mapping else {
            fail("the top level must be a mapping with 'synonyms', 'concepts', 'stopwords', 'stems', 'known_words' or 'intents'", root)
            return
        }
        for (key, value) in mapping {
            switch key.string {
            case "synonyms":
                guard let pairs = value.mapping else { fail("'synonyms' must be a mapping of word: replacement", value); continue }
                for (from, to) in pairs {
                    guard let fromText = from.string, let toText = to.string else {
                        fail("a synonym must map a word or phrase to a phrase", from)
                        continue
                    }
                    definition.synonyms.append(SynonymDefinition(from: fromText, to: toText, location: location(from)))
                }
            case "concepts":
                guard let concepts = value.mapping else { fail("'concepts' must be a mapping of name: [phrases]", value); continue }
                for (name, phrases) in concepts {
                    guard let nameText = name.string, !nameText.isEmpty else { fail("a concept needs a name", name); continue }
                    let list = strings(phrases, what: "concept '\(nameText)'")
                    definition.concepts.append(ConceptDefinition(name: nameText, phrases: list, location: location(name)))
                }
            case "stems":
                guard let pairs = value.mapping else { fail("'stems' must be a mapping of word: stem", value); continue }
                for (word, stem) in pairs {
                    guard let wordText = word.string, let stemText = stem.string, !wordText.isEmpty, !stemText.isEmpty else {
                        fail("a stem override must map a word to its stem", word)
                        continue
                    }
                    definition.stems.append(SynonymDefinition(from: wordText, to: stemText, location: location(word)))
                }
            case "known_words":
                definition.knownWords.append(contentsOf: strings(value, what: "'known_words'"))
            case "stopwords":
                definition.stopwords.append(contentsOf: strings(value, what: "'stopwords'"))
            case "intents":
                guard let list = value.sequence else { fail("'intents' must be a list", value); continue }
                for node in list {
                    if let intent = intent(node) { definition.intents.append(intent) }
                }
            default:
                fail("unknown top-level key '\(key.string ?? "?")'; expected synonyms, concepts, stopwords, stems, known_words or intents", key)
            }
        }
    }

    private static let intentKeys: Set<String> = [
        "id", "title", "question", "require", "keywords", "exclude", "weight", "entities",
        "examples", "answer", "more", "suggest",
    ]

    private mutating func intent(_ node: Node) -> IntentDefinition? {
        guard let mapping = node.mapping else {
            fail("an intent must be a mapping", node)
            return nil
        }
        var fields: [String: Node] = [:]
        for (key, value) in mapping {
            guard let name = key.string, Self.intentKeys.contains(name) else {
                fail("unknown intent key '\(key.string ?? "?")'; expected one of \(Self.intentKeys.sorted().joined(separator: ", "))", key)
                continue
            }
            fields[name] = value
        }
        guard let id = fields["id"]?.string, !id.isEmpty else {
            fail("an intent needs an 'id'", node)
            return nil
        }
        func text(_ key: String) -> String {
            guard let value = fields[key] else { return "" }
            guard let string = value.scalar?.string else {
                fail("'\(key)' of intent '\(id)' must be text", value)
                return ""
            }
            return string
        }
        var weight = 1.0
        if let value = fields["weight"] {
            if let number = value.scalar.flatMap({ Double($0.string) }) {
                weight = number
            } else {
                fail("'weight' of intent '\(id)' must be a number", value)
            }
        }
        func list(_ key: String) -> [Located<String>] {
            fields[key].map { strings($0, what: "'\(key)' of intent '\(id)'") } ?? []
        }
        return IntentDefinition(
            id: id, title: text("title"), question: text("question"),
            require: list("require"), keywords: list("keywords"), exclude: list("exclude"),
            weight: weight, entities: list("entities"), examples: list("examples"),
            answer: text("answer"), more: text("more"), suggest: list("suggest"),
            location: location(node)
        )
    }

    private mutating func strings(_ node: Node, what: String) -> [Located<String>] {
        if let scalar = node.scalar { return [Located(scalar.string, at: location(node))] }
        guard let sequence = node.sequence else {
            fail("\(what) must be a list", node)
            return []
        }
        var result: [Located<String>] = []
        for item in sequence {
            guard let string = item.scalar?.string, !string.isBlank else {
                fail("\(what) has an item that is not text", item)
                continue
            }
            result.append(Located(string, at: location(item)))
        }
        return result
    }

    private static func line(of error: YamlError) -> Int {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _):
            return mark.line
        default:
            return 1
        }
    }
}
