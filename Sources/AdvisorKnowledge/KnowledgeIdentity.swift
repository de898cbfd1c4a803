import AdvisorEngine
import Foundation

/// Which knowledge base this is: a hash of its YAML files' names and contents, and its
/// intent count, so that two deployments (or a binary and a running daemon) can be compared.
public struct KnowledgeIdentity: Sendable, Equatable {
    /// 16 hex digits: FNV-1a 64 over each file's name, a NUL, its bytes and a NUL, in name order.
    public var hash: String
    public var files: Int
    public var intents: Int

    /// - Throws: `KnowledgeBaseErrors` when the directory cannot be read or loaded.
    public init(directory: URL) throws {
        (hash, files) = try Self.contentHash(directory: directory)
        intents = try KnowledgeBaseLoader.load(directory: directory).intents.count
    }

    /// The content hash and file count alone, without loading the knowledge base (a daemon
    /// that has just loaded it logs its identity with this).
    public static func contentHash(directory: URL) throws -> (hash: String, files: Int) {
        let urls = try KnowledgeBaseLoader.files(in: directory)
        var hasher = FNV1a()
        for url in urls {
            hasher.combine(url.lastPathComponent.utf8)
            hasher.combine(0)
            hasher.combine((try? Data(contentsOf: url)) ?? Data())
            hasher.combine(0)
        }
        return (String(format: "%016llx", hasher.value), urls.count)
    }
}
