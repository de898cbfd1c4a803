import AdvisorEngine
import Foundation
import Synchronization
import Yams
import Glibc

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

    /// The YAML files in subfolders of `directory`, which are not loaded: paths relative to
    /// `directory`, sorted.
    ///
    /// Only the files directly in the directory are the knowledge base, so that a folder of
    /// drafts or old copies never changes what students are told; lint names these files so
    /// that nobody believes they are in use.
    public static func filesInSubfolders(of directory: URL) -> [String] {
        guard let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil) else { return [] }
        let base = directory.standardizedFileURL.path + "/"
        var found: [String] = []
        for case let url as URL in enumerator where url.pathExtension == "yaml" || url.pathExtension == "yml" {
            let path = url.standardizedFileURL.path
            let relative = path.hasPrefix(base) ? String(path.dropFirst(base.count)) : url.lastPathComponent
            if relative.contains("/") { found.append(relative) }
        }
        return found.sorted()
    }

    /// What reading a knowledge base's files gave.
    public struct Reading: Sendable {
        /// Everything the files define, merged in file order.
        public var definition: KnowledgeBaseDefinition
        /// Every mistake found while reading, in file order.
        public var errors: [KnowledgeBaseError]
        /// The files that could not be read at all (YAML syntax, size, encoding): nothing they
        /// define is in `definition`.
        public var unreadableFiles: [String]
    }

    /// Reads every YAML file in `directory` and merges them into one definition.
    ///
    /// - Throws: `KnowledgeBaseErrors` with every mistake of every file.
    public static func loadDefinition(directory: URL) throws(KnowledgeBaseErrors) -> KnowledgeBaseDefinition {
        let reading = read(files: try files(in: directory))
        guard reading.errors.isEmpty else { throw KnowledgeBaseErrors(errors: reading.errors) }
        return reading.definition
    }

    /// Reads `files` and merges them into one definition, collecting every mistake.
    ///
    /// Files are parsed in parallel (YAML parsing is most of the load time) and merged in
    /// name order, so the result does not depend on scheduling.
    /// One file's text as the loader reads it, then built into a knowledge base: the
    /// mistakes found. For the fuzz harnesses (`Sources/AdvisorFuzz`).
    package static func check(text: String, file: String) -> [KnowledgeBaseError] {
        var definition = KnowledgeBaseDefinition()
        var reader = FileReader(file: file)
        _ = reader.read(text, into: &definition)
        do {
            _ = try KnowledgeBase(definition)
            return reader.errors
        } catch {
            return reader.errors + error.errors
        }
    }

    public static func read(files: [URL]) -> Reading {
        let results = ParsedFiles(count: files.count)
        DispatchQueue.concurrentPerform(iterations: files.count) { index in
            results.set(index, read(file: files[index]))
        }
        var definition = KnowledgeBaseDefinition()
        var errors: [KnowledgeBaseError] = []
        var unreadable: [String] = []
        for (index, (part, partErrors, wasRead)) in results.all.enumerated() {
            if !wasRead { unreadable.append(files[index].lastPathComponent) }
            definition.synonyms += part.synonyms
            definition.concepts += part.concepts
            definition.stopwords += part.stopwords
            definition.stems += part.stems
            definition.knownWords += part.knownWords
            definition.intents += part.intents
            definition.sources += part.sources
            definition.unknownFacets += part.unknownFacets
            definition.catalog += part.catalog
            if let location = part.assessment.location {
                if let earlier = definition.assessment.location {
                    errors.append(KnowledgeBaseError("a second 'assessment' section (the first is at \(earlier))", at: location))
                } else {
                    definition.assessment = part.assessment
                }
            }
            if let location = part.dialogue.location {
                if let earlier = definition.dialogue.location {
                    errors.append(KnowledgeBaseError("a second 'dialogue' section (the first is at \(earlier))", at: location))
                } else {
                    definition.dialogue = part.dialogue
                }
            }
            errors += partErrors
        }
        return Reading(definition: definition, errors: errors, unreadableFiles: unreadable)
    }

    /// One file's definitions and mistakes, and whether it could be read at all.
    private static func read(file: URL) -> (KnowledgeBaseDefinition, [KnowledgeBaseError], Bool) {
        let name = file.lastPathComponent
        var definition = KnowledgeBaseDefinition()
        do {
            let data: Data
            switch readBounded(file.path, limit: maximumFileSize) {
            case .read(let bytes):
                data = bytes
            case .tooLarge(let size):
                let megabytes = String(format: "%.1f", Double(size) / 1_048_576)
                return (definition, [KnowledgeBaseError("file is \(megabytes) MB (\(size) bytes); the limit is \(maximumFileSize >> 20) MB", at: SourceLocation(file: name, line: 1))], false)
            case .notRegular(let kind):
                return (definition, [KnowledgeBaseError("this is \(kind), not a regular file; a knowledge base file must be a regular YAML file", at: SourceLocation(file: name, line: 1))], false)
            case .failed(let reason):
                return (definition, [KnowledgeBaseError("cannot read the file: \(reason)", at: SourceLocation(file: name, line: 1))], false)
            }
            guard let text = String(data: data, encoding: .utf8) else {
                return (definition, [KnowledgeBaseError("file is not valid UTF-8", at: SourceLocation(file: name, line: 1))], false)
            }
            var reader = FileReader(file: name)
            let wasRead = reader.read(text, into: &definition)
            return (definition, reader.errors, wasRead)
        }
    }

    enum BoundedRead {
        case read(Data)
        case tooLarge(Int)
        case notRegular(String)
        case failed(String)
    }

    /// Reads a whole regular file of at most `limit` bytes, following a symbolic link to it:
    /// the limit and the kind of file are checked on what is opened (a link to a 7 MB file
    /// is too large; a FIFO is refused without waiting for a writer).
    static func readBounded(_ path: String, limit: Int) -> BoundedRead {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { return .failed(String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return .failed(String(cString: strerror(errno))) }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: return .notRegular("a directory")
        case S_IFIFO: return .notRegular("a FIFO")
        case S_IFSOCK: return .notRegular("a socket")
        default: return .notRegular("a device")
        }
        if Int(info.st_size) > limit { return .tooLarge(Int(info.st_size)) }
        // Sized by the file, not the limit: zeroing 4 MiB per file cost the load 2–3 ms.
        var data = Data(count: Int(info.st_size) + 1)
        var filled = 0
        while filled <= limit {
            if filled == data.count { data.count = min(limit + 1, data.count * 2 + 4096) }
            let count = data.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress! + filled, $0.count - filled) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                return .failed(String(cString: strerror(errno)))
            }
            filled += count
        }
        // Grown since fstat: still never more than the limit.
        if filled > limit { return .tooLarge(filled) }
        data.count = filled
        return .read(data)
    }
}

/// The per-file results of a parallel load, in file order.
private final class ParsedFiles: Sendable {
    private let results: Mutex<[(KnowledgeBaseDefinition, [KnowledgeBaseError], Bool)?]>

    init(count: Int) {
        results = Mutex(Array(repeating: nil, count: count))
    }

    func set(_ index: Int, _ result: sending (KnowledgeBaseDefinition, [KnowledgeBaseError], Bool)) {
        results.withLock { $0[index] = result }
    }

    var all: [(KnowledgeBaseDefinition, [KnowledgeBaseError], Bool)] {
        results.withLock { $0.compactMap { $0 } }
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

    private var claimsNode: Node?
    private var sourceDefinition: SourceDefinition?

    /// Reads `assessment:`: the words of yes/no answers, the questions, the verdict rules,
    /// the verdicts' prose and the lines on experience.
    private mutating func assessment(_ node: Node, into assessment: inout AssessmentDefinition) {
        guard let mapping = node.mapping else { fail("'assessment' must be a mapping of yes_no, no_experience, questions, rules, verdicts and experience", node); return }
        func words(_ value: Node, _ what: String) -> [String] { strings(value, what: what).map(\.value) }
        for (key, value) in mapping {
            switch key.string {
            case "yes_no":
                guard let fields = value.mapping else { fail("'yes_no' must be a mapping of word lists", value); continue }
                for (name, list) in fields {
                    let items = words(list, "'\(name.string ?? "?")' of 'yes_no'")
                    switch name.string {
                    case "unsure_phrases": assessment.yesNo.unsurePhrases = items.map { TextFolding.tokens($0) }
                    case "no_phrases": assessment.yesNo.noPhrases = items.map { TextFolding.tokens($0) }
                    case "unsure": assessment.yesNo.unsure = Set(items)
                    case "no": assessment.yesNo.no = Set(items)
                    case "yes": assessment.yesNo.yes = Set(items)
                    case "yes_openers": assessment.yesNo.yesOpeners = Set(items)
                    default: fail("unknown yes_no key '\(name.string ?? "?")'; expected unsure_phrases, no_phrases, unsure, no, yes or yes_openers", name)
                    }
                }
            case "no_experience":
                assessment.noExperience = words(value, "'no_experience'")
            case "questions":
                guard let list = value.sequence else { fail("'questions' must be a list", value); continue }
                for item in list {
                    if let question = assessmentQuestion(item) { assessment.questions.append(question) }
                }
            case "rules":
                guard let list = value.sequence else { fail("'rules' must be a list of {verdict, when}", value); continue }
                for item in list {
                    guard let fields = item.mapping, let verdictNode = fields["verdict"], let verdict = verdictNode.string else {
                        fail("a rule must be a mapping with a 'verdict' (and 'when' conditions)", item)
                        continue
                    }
                    var conditions: [(question: Located<String>, answers: [String])] = []
                    if let when = fields["when"] {
                        guard let pairs = when.mapping else { fail("'when' must be a mapping of question: answer(s)", when); continue }
                        for (question, answers) in pairs {
                            conditions.append((Located(question.string ?? "", at: location(question)), words(answers, "answers of a rule")))
                        }
                    }
                    for (name, _) in fields where !["verdict", "when"].contains(name.string ?? "") {
                        fail("unknown rule key '\(name.string ?? "?")'; expected verdict or when", name)
                    }
                    assessment.rules.append(.init(verdict: Located(verdict, at: location(verdictNode)), conditions: conditions))
                }
            case "verdicts":
                guard let verdicts = value.mapping else { fail("'verdicts' must be a mapping of verdict: {line, next_steps, closing}", value); continue }
                for (name, fields) in verdicts {
                    guard let id = name.string, let fields = fields.mapping else { fail("a verdict must be a name with line, next_steps and closing", name); continue }
                    var verdict = FitAssessment.Verdict(id: id, line: "", nextSteps: [], closing: "")
                    for (field, text) in fields {
                        switch field.string {
                        case "line": verdict.line = text.string ?? ""
                        case "next_steps": verdict.nextSteps = words(text, "'next_steps' of verdict '\(id)'")
                        case "closing": verdict.closing = text.string ?? ""
                        default: fail("unknown verdict key '\(field.string ?? "?")'; expected line, next_steps or closing", field)
                        }
                    }
                    if verdict.line.isBlank { fail("verdict '\(id)' needs a 'line'", name) }
                    assessment.verdicts.append(verdict)
                }
            case "experience":
                guard let list = value.sequence else { fail("'experience' must be a list of {max, text}", value); continue }
                for item in list {
                    guard let fields = item.mapping, let text = fields["text"]?.string else { fail("an experience line needs 'text' (and 'max' years)", item); continue }
                    let max = fields["max"].flatMap { $0.string }.flatMap { Int($0) }
                    if fields["max"] != nil && max == nil { fail("'max' must be a whole number of years", fields["max"]) }
                    assessment.experienceBands.append((max, text))
                }
            default:
                fail("unknown assessment key '\(key.string ?? "?")'; expected yes_no, no_experience, questions, rules, verdicts or experience", key)
            }
        }
    }

    private mutating func assessmentQuestion(_ node: Node) -> AssessmentDefinition.QuestionDefinition? {
        guard let fields = node.mapping, let idNode = fields["id"], let id = idNode.string, let kindNode = fields["kind"], let kind = kindNode.string else {
            fail("a question needs an 'id' and a 'kind'", node)
            return nil
        }
        var question = AssessmentDefinition.QuestionDefinition(id: Located(id, at: location(idNode)), kind: Located(kind, at: location(kindNode)))
        for (key, value) in fields {
            switch key.string {
            case "id", "kind": break
            case "text": question.text = value.string ?? ""
            case "hint": question.hint = value.string ?? ""
            case "explanation": question.explanation = value.string ?? ""
            case "terms": question.terms = strings(value, what: "'terms' of question '\(id)'").map(\.value)
            case "choices":
                guard let choices = value.mapping else { fail("'choices' must be a mapping of choice: [words]", value); continue }
                for (choice, words) in choices {
                    question.choices.append((choice.string ?? "", strings(words, what: "words of choice '\(choice.string ?? "?")'").map(\.value)))
                }
            case "reasons":
                guard let reasons = value.mapping else { fail("'reasons' must be a mapping of answer: {for: text} or {against: text}", value); continue }
                for (answer, reason) in reasons {
                    guard let pair = reason.mapping, pair.count == 1, let side = pair.first?.key.string, ["for", "against"].contains(side),
                          let text = pair.first?.value.string
                    else {
                        fail("a reason must be {for: text} or {against: text}", reason)
                        continue
                    }
                    question.reasons.append((Located(answer.string ?? "", at: location(answer)), side == "for", text))
                }
            default:
                fail("unknown question key '\(key.string ?? "?")'; expected id, kind, text, hint, explanation, terms, choices or reasons", key)
            }
        }
        return question
    }

    /// Reads one facet of `unknown_facets:`.
    private mutating func unknownFacet(_ node: Node) -> UnknownFacetDefinition? {
        guard let fields = node.mapping else { fail("an unknown facet must be a mapping of id, title, name, concepts, answer and ask", node); return nil }
        var values: [String: Node] = [:]
        for (key, value) in fields {
            guard let name = key.string, ["id", "title", "name", "concepts", "answer", "ask"].contains(name) else {
                fail("unknown facet key '\(key.string ?? "?")'; expected id, title, name, concepts, answer or ask", key)
                continue
            }
            values[name] = value
        }
        guard let idNode = values["id"], let id = idNode.string, !id.isBlank else { fail("an unknown facet needs an 'id'", node); return nil }
        return UnknownFacetDefinition(
            id: Located(id, at: location(idNode)), title: values["title"]?.string ?? id, name: values["name"]?.string ?? id,
            concepts: values["concepts"].map { strings($0, what: "'concepts' of unknown facet '\(id)'") } ?? [],
            answer: answer(values["answer"], key: "answer", intent: "unknown facet " + id),
            ask: (values["ask"].map { strings($0, what: "'ask' of unknown facet '\(id)'") } ?? []).map(\.value))
    }

    /// Reads `source:`: the document the file's claims come from.
    private mutating func source(_ node: Node) {
        guard let fields = node.mapping else { fail("'source' must be a mapping of id, name, title, date and background_label", node); return }
        var values: [String: String] = [:]
        for (key, value) in fields {
            guard let name = key.string, ["id", "name", "title", "date", "background_label"].contains(name) else {
                fail("unknown source key '\(key.string ?? "?")'; expected id, name, title, date or background_label", key)
                continue
            }
            guard let text = value.string, !text.isBlank else { fail("'\(name)' of the source must be text", value); continue }
            values[name] = text
        }
        guard let id = values["id"], let name = values["name"] else { fail("a source needs an 'id' and a 'name'", node); return }
        let document = SourceDocument(
            id: id, name: name, title: values["title"] ?? "", date: values["date"] ?? "",
            backgroundLabel: values["background_label"] ?? SourceDocument.defaultBackgroundLabel)
        sourceDefinition = SourceDefinition(
            document: document, location: location(node), declaresBackgroundLabel: values["background_label"] != nil)
    }

    /// Reads `claims:`: a list of {id, section, claim}.
    private mutating func claims(_ node: Node) -> [(id: Located<String>, section: String, text: String)] {
        guard let list = node.sequence else { fail("'claims' must be a list of {id, section, claim}", node); return [] }
        var claims: [(id: Located<String>, section: String, text: String)] = []
        for item in list {
            guard let fields = item.mapping else { fail("a claim must be a mapping of id, section and claim", item); continue }
            var id: Located<String>?
            var section = ""
            var text = ""
            for (key, value) in fields {
                switch key.string {
                case "id": id = value.string.map { Located($0, at: location(value)) }
                case "section": section = value.string ?? ""
                case "claim": text = value.string ?? ""
                default: fail("unknown claim key '\(key.string ?? "?")'; expected id, section or claim", key)
                }
            }
            guard let id, !id.value.isBlank else { fail("a claim needs an 'id'", item); continue }
            claims.append((id, section, text))
        }
        return claims
    }

    /// An answer, `more` or `why`: plain text (one block without provenance), or a list of
    /// blocks, each `source: [claim ids]` with `text:`, or `background:` / `advisor:` text.
    private mutating func answer(_ node: Node?, key: String, intent id: String) -> AnswerDefinition {
        guard let node else { return AnswerDefinition(blocks: []) }
        if let scalar = node.scalar { return AnswerDefinition(scalar.string, at: location(node)) }
        guard let list = node.sequence else {
            fail("'\(key)' of intent '\(id)' must be text or a list of blocks", node)
            return AnswerDefinition(blocks: [])
        }
        var blocks: [BlockDefinition] = []
        for item in list {
            guard let fields = item.mapping else {
                fail("a block of '\(key)' of intent '\(id)' must be a mapping: source + text, background or advisor", item)
                continue
            }
            var provenance: AnswerBlock.Provenance?
            var claims: [Located<String>] = []
            var text: String?
            for (name, value) in fields {
                switch name.string {
                case "source":
                    provenance = .source
                    claims = strings(value, what: "'source' of a block of intent '\(id)'")
                case "text":
                    text = value.string
                case "background", "advisor":
                    provenance = name.string == "background" ? .background : .advisor
                    text = value.string
                default:
                    fail("unknown block key '\(name.string ?? "?")'; expected source (with text), background or advisor", name)
                }
            }
            guard let provenance, let text, !text.isBlank else {
                fail("a block of '\(key)' of intent '\(id)' needs 'source:' with 'text:', or 'background:' or 'advisor:' text", item)
                continue
            }
            blocks.append(BlockDefinition(provenance: provenance, claims: claims, text: text, location: location(item)))
        }
        return AnswerDefinition(blocks: blocks)
    }

    /// Reads the `dialogue:` section: `roles`, `areas` and `readings`.
    private mutating func dialogue(_ node: Node, into dialogue: inout DialogueDefinition) {
        guard let mapping = node.mapping else { fail("'dialogue' must be a mapping with 'roles', 'areas' and 'readings'", node); return }
        for (key, value) in mapping {
            switch key.string {
            case "roles":
                guard let roles = value.mapping else { fail("'roles' must be a mapping of role: intent id", value); continue }
                for (role, intent) in roles {
                    guard let roleText = role.string, let intentText = intent.string, !intentText.isEmpty else {
                        fail("a dialogue role must map a role name to an intent id", role)
                        continue
                    }
                    dialogue.roles.append((Located(roleText, at: location(role)), Located(intentText, at: location(intent))))
                }
            case "areas":
                guard let areas = value.mapping else { fail("'areas' must be a mapping of area name: {title, overview, ...}", value); continue }
                for (name, fields) in areas {
                    if let area = area(name, fields) { dialogue.areas.append(area) }
                }
            case "readings":
                guard let list = value.sequence else { fail("'readings' must be a list", value); continue }
                for item in list {
                    if let reading = reading(item) { dialogue.readings.append(reading) }
                }
            case "comparisons":
                dialogue.comparisons = strings(value, what: "'comparisons'")
            case "after_result":
                dialogue.afterResult = strings(value, what: "'after_result'")
            default:
                fail("unknown dialogue key '\(key.string ?? "?")'; expected roles, areas, readings, comparisons or after_result", key)
            }
        }
    }

    private mutating func area(_ name: Node, _ node: Node) -> AreaDefinition? {
        guard let nameText = name.string, !nameText.isEmpty, let fields = node.mapping else {
            fail("an area must be a name with a mapping of title, overview, taught_by and kinds", name)
            return nil
        }
        var area = AreaDefinition(name: Located(nameText, at: location(name)), title: nameText)
        for (key, value) in fields {
            switch key.string {
            case "title": area.title = value.string ?? nameText
            case "about": area.about = value.string
            case "personal": area.personal = value.string
            case "overview": area.overview = value.string.map { Located($0, at: location(value)) }
            case "taught_by": area.taughtBy = value.string.map { Located($0, at: location(value)) }
            case "kinds": area.kinds = strings(value, what: "'kinds' of area '\(nameText)'")
            case "qualifies_unknown": area.qualifiesUnknown = value.bool ?? false
            default: fail("unknown area key '\(key.string ?? "?")'; expected title, about, overview, taught_by, kinds, personal or qualifies_unknown", key)
            }
        }
        return area
    }

    private mutating func reading(_ node: Node) -> ReadingDefinition? {
        guard let fields = node.mapping else { fail("a reading must be a mapping of words, default and area: intent", node); return nil }
        var words: [Located<String>] = []
        var intents: [(area: String, intent: Located<String>)] = []
        var defaultIntent: Located<String>?
        for (key, value) in fields {
            guard let name = key.string else { fail("a reading key must be text", key); continue }
            switch name {
            case "words": words = strings(value, what: "'words' of a reading")
            case "default": defaultIntent = value.string.map { Located($0, at: location(value)) }
            default:
                guard let intent = value.string else { fail("'\(name)' of a reading must be an intent id", value); continue }
                intents.append((name, Located(intent, at: location(value))))
            }
        }
        guard !words.isEmpty, let defaultIntent else {
            fail("a reading needs 'words' and a 'default' intent", node)
            return nil
        }
        return ReadingDefinition(words: words, intents: intents, defaultIntent: defaultIntent, location: location(node))
    }

    private static let intentKeys: Set<String> = [
        "id", "title", "question", "require", "keywords", "exclude", "weight", "entities",
        "examples", "answer", "more", "why", "suggest", "offer", "personal", "lists",
    ]

    private mutating func intent(_ node: Node) -> IntentDefinition? {
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
        return definition
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
}
