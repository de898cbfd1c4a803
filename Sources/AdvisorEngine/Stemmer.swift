import CStemmer
import Foundation
import Synchronization

/// Snowball's English stemmer (libstemmer), safe to share between threads.
///
/// A libstemmer object is not thread-safe, so calls are serialised by a lock; the
/// knowledge base caches the stems of its own vocabulary so that most words never get here.
public final class Stemmer: Sendable {
    /// The C object, reached only under the lock. A raw pointer is not `Sendable`, so the
    /// compiler cannot see that the lock is its only way in: hence the wrapper.
    private struct Handle: @unchecked Sendable {
        let pointer: OpaquePointer?
    }

    private let handle: Mutex<Handle>

    public init() {
        handle = Mutex(Handle(pointer: sb_stemmer_new("english", "UTF_8")))
    }

    deinit {
        handle.withLock { if let stemmer = $0.pointer { sb_stemmer_delete(stemmer) } }
    }

    /// The stem of one lower-case word; the word itself if stemming is unavailable.
    public func stem(_ word: String) -> String {
        guard !word.isEmpty else { return word }
        let bytes = Array(word.utf8)
        return handle.withLock { handle in
            guard let stemmer = handle.pointer, let result = bytes.withUnsafeBufferPointer({ buffer in
                sb_stemmer_stem(stemmer, buffer.baseAddress, Int32(buffer.count))
            }) else { return word }
            let length = Int(sb_stemmer_length(stemmer))
            return String(decoding: UnsafeBufferPointer(start: result, count: length), as: UTF8.self)
        }
    }
}
