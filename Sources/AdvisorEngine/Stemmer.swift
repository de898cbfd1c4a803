import CStemmer
import Foundation

/// Snowball's English stemmer (libstemmer), safe to share between threads.
///
/// A libstemmer object is not thread-safe, so calls are serialised by a lock; the
/// knowledge base caches the stems of its own vocabulary so that most words never get here.
public final class Stemmer: @unchecked Sendable {
    private let stemmer: OpaquePointer?
    private let lock = NSLock()

    public init() {
        stemmer = sb_stemmer_new("english", "UTF_8")
    }

    deinit {
        if let stemmer { sb_stemmer_delete(stemmer) }
    }

    /// The stem of one lower-case word; the word itself if stemming is unavailable.
    public func stem(_ word: String) -> String {
        guard let stemmer, !word.isEmpty else { return word }
        let bytes = Array(word.utf8)
        lock.lock()
        defer { lock.unlock() }
        guard let result = bytes.withUnsafeBufferPointer({ buffer in
            sb_stemmer_stem(stemmer, buffer.baseAddress, Int32(buffer.count))
        }) else { return word }
        let length = Int(sb_stemmer_length(stemmer))
        return String(decoding: UnsafeBufferPointer(start: result, count: length), as: UTF8.self)
    }
}
