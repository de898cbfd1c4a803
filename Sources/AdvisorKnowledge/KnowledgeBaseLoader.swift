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
