import AdvisorEngine
import Foundation

/// Holds the knowledge base in use; a reload swaps it whole, and turns in flight keep the
/// one they started with.
public final class KnowledgeHolder: @unchecked Sendable {
    private var knowledge: KnowledgeBase
    private let lock = NSLock()

    public init(_ knowledge: KnowledgeBase) {
        self.knowledge = knowledge
    }

    public var current: KnowledgeBase {
        lock.lock()
        defer { lock.unlock() }
        return knowledge
    }

    /// Replaces the knowledge base for every turn that starts from now on.
    public func replace(with knowledge: KnowledgeBase) {
        lock.lock()
        defer { lock.unlock() }
        self.knowledge = knowledge
    }
}
