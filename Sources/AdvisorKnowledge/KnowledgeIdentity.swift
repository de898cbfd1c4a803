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
        let urls = try KnowledgeBaseLoader.files(in: directory)
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ bytes: some Sequence<UInt8>) {
            for byte in bytes { value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        }
        for url in urls {
            mix(url.lastPathComponent.utf8)
            mix([0])
            mix((try? Data(contentsOf: url)) ?? Data())
            mix([0])
        }
        hash = String(format: "%016llx", value)
        files = urls.count
        intents = try KnowledgeBaseLoader.load(directory: directory).intents.count
    }
}
