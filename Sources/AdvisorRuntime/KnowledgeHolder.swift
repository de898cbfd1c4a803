import AdvisorEngine
import Synchronization

/// Holds the knowledge base in use; a reload swaps it whole, and turns in flight keep the
/// one they started with.
public final class KnowledgeHolder: Sendable {
    private let knowledge: Mutex<KnowledgeBase>

    public init(_ knowledge: KnowledgeBase) {
        self.knowledge = Mutex(knowledge)
    }

    public var current: KnowledgeBase {
        knowledge.withLock { $0 }
    }

    /// Replaces the knowledge base for every turn that starts from now on.
    public func replace(with knowledge: KnowledgeBase) {
        self.knowledge.withLock { $0 = knowledge }
    }
}
