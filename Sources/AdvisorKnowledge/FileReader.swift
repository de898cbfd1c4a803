import AdvisorEngine
import Foundation
import Yams

/// Reads one YAML file, collecting mistakes instead of stopping at the first.
struct FileReader {
    let file: String
    var errors: [KnowledgeBaseError] = []

    init(file: String) {
        self.file = file
    }

    func location(_ node: Node?) -> SourceLocation {
        SourceLocation(file: file, line: node?.mark?.line ?? 1)
    }

    mutating func fail(_ message: String, _ node: Node?) {
        errors.append(KnowledgeBaseError(message, at: location(node)))
    }

    /// Reads the file's text; false when it is not YAML at all (nothing could be read).
    @discardableResult
    mutating func read(_ text: String, into definition: inout KnowledgeBaseDefinition) -> Bool {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text, .basic)
        } catch let error as YamlError {
            let syntax = YAMLSyntaxError(error, text: text)
            errors.append(KnowledgeBaseError(syntax.message, at: SourceLocation(file: file, line: syntax.line)))
            return false
        } catch {
            fail("invalid YAML: \(error)", nil)
            return false
        }
        guard let root else { return true }
        guard let mapping = root.mapping else {
            fail("the top level must be a mapping with 'synonyms', 'concepts', 'stopwords', 'stems', 'known_words' or 'intents'", root)
            return false
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
                    let list = phrases.scalar.map { $0.string.contains("\n") } == true
                        ? block(phrases) : strings(phrases, what: "concept '\(nameText)'")
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
                // A list, or one block of words separated by commas or spaces: a thousand words
                // are one YAML scalar to parse rather than a thousand.
                if let block = value.string {
                    let at = location(value)
                    definition.knownWords += block.split(whereSeparator: { $0 == "," || $0.isWhitespace }).map { Located(String($0), at: at) }
                } else {
                    definition.knownWords.append(contentsOf: strings(value, what: "'known_words'"))
                }
            case "stopwords":
                definition.stopwords.append(contentsOf: strings(value, what: "'stopwords'"))
            case "intents":
                guard let list = value.sequence else { fail("'intents' must be a list", value); continue }
                for node in list {
                    if let intent = intent(node) { definition.intents.append(intent) }
                }
            case "dialogue":
                dialogue(value, into: &definition.dialogue)
                definition.dialogue.location = location(key)
            case "source":
                source(value)
            case "claims":
                claimsNode = value
            case "assessment":
                assessment(value, into: &definition.assessment)
                definition.assessment.location = location(key)
            case "catalog":
                definition.catalog.append(contentsOf: strings(value, what: "'catalog'"))
            case "unknown_facets":
                guard let list = value.sequence else { fail("'unknown_facets' must be a list of {id, title, name, concepts, answer, ask}", value); continue }
                for item in list {
                    if let facet = unknownFacet(item) { definition.unknownFacets.append(facet) }
                }
            default:
                fail("unknown top-level key '\(key.string ?? "?")'; expected synonyms, concepts, stopwords, stems, known_words, intents, dialogue, source, claims, unknown_facets, assessment or catalog", key)
            }
        }
        if let claimsNode {
            guard var document = sourceDefinition else {
                fail("'claims' need a 'source' in the same file (id, name, date, background_label)", claimsNode)
                return true
            }
            document.claims = claims(claimsNode)
            sourceDefinition = document
        }
        if let sourceDefinition { definition.sources.append(sourceDefinition) }
        return true
    }

    var claimsNode: Node?
    var sourceDefinition: SourceDefinition?

    static let intentKeys: Set<String> = [
        "id", "title", "question", "require", "keywords", "exclude", "weight", "entities",
        "examples", "answer", "more", "why", "suggest", "offer", "personal", "lists", "counts_as",
    ]

    mutating func intent(_ node: Node) -> IntentDefinition? {
        guard let mapping = node.mapping else {
            fail("an intent must be a mapping", node)
            return nil
        }
        var fields: [String: Node] = [:]
        for (key, value) in mapping {
            guard let name = key.string, Self.intentKeys.contains(name) else {
                let text = key.string ?? "?"
                // A line of text that lost its indentation reads as a key of the intent.
                let hint = text.contains(" ") ? ". Hint: if '\(text)' is a line of the text above, indent it like that text's other lines" : ""
                fail("unknown intent key '\(text)'; expected one of \(Self.intentKeys.sorted().joined(separator: ", "))\(hint)", key)
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
        var definition = IntentDefinition(
            id: id, title: text("title"), question: text("question"),
            require: list("require"), keywords: list("keywords"), exclude: list("exclude"),
            weight: weight, entities: list("entities"), examples: list("examples"),
            answer: answer(fields["answer"], key: "answer", intent: id), more: answer(fields["more"], key: "more", intent: id),
            why: answer(fields["why"], key: "why", intent: id), suggest: list("suggest"),
            offer: fields["offer"].flatMap { node in node.string.map { Located($0, at: location(node)) } },
            personal: fields["personal"].flatMap(\.string), location: location(node)
        )
        definition.lists = list("lists")
        definition.countsAs = fields["counts_as"].flatMap { node in node.string.map { Located($0, at: location(node)) } }
        return definition
    }

    /// The phrases of a literal block (`name: |`), separated by commas or line breaks, each
    /// at its own line of the file; lines that start with "#" are comments. A long list
    /// costs one YAML scalar instead of one per phrase (the parser's per-scalar work was
    /// most of the load).
    func block(_ node: Node) -> [Located<String>] {
        guard let text = node.scalar?.string else { return [] }
        // The block's text starts on the line after its "|". Read as bytes: Foundation's
        // trimming would cost more than the scalars the block saves.
        var line = (node.mark?.line ?? 0) + 1
        var result: [Located<String>] = []
        var contiguous = text
        contiguous.withUTF8 { bytes in
            var start = 0
            var comment = false
            func flush(_ end: Int) {
                var lower = start, upper = end
                while lower < upper, bytes[lower] == UInt8(ascii: " ") || bytes[lower] == UInt8(ascii: "\t") { lower += 1 }
                while upper > lower, bytes[upper - 1] == UInt8(ascii: " ") || bytes[upper - 1] == UInt8(ascii: "\t") { upper -= 1 }
                if upper > lower, !comment {
                    result.append(Located(String(decoding: UnsafeBufferPointer(rebasing: bytes[lower..<upper]), as: UTF8.self), at: SourceLocation(file: file, line: line)))
                }
            }
            for index in bytes.indices {
                switch bytes[index] {
                case UInt8(ascii: ","):
                    flush(index)
                    start = index + 1
                case UInt8(ascii: "\n"):
                    flush(index)
                    start = index + 1
                    line += 1
                    comment = false
                case UInt8(ascii: "#") where bytes[start..<index].allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }):
                    // A line that starts with "#" is a comment.
                    comment = true
                default:
                    break
                }
            }
            flush(bytes.count)
        }
        return result
    }

    mutating func strings(_ node: Node, what: String) -> [Located<String>] {
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
}
