import Foundation

/// A mistake in the knowledge base, with where it was written.
public struct KnowledgeBaseError: Error, Sendable, CustomStringConvertible {
    public var location: SourceLocation?
    public var message: String
    /// Whether the mistake is a name that refers to nothing (an unknown intent, concept or
    /// claim, or something required that is absent): when a file could not be read, such a
    /// mistake may only mean that the file's definitions are missing.
    public var isReference = false

    public init(_ message: String, at location: SourceLocation?) {
        self.message = message
        self.location = location
    }

    /// A name that refers to nothing, or a required thing that is absent.
    public static func reference(_ message: String, at location: SourceLocation?) -> KnowledgeBaseError {
        var error = KnowledgeBaseError(message, at: location)
        error.isReference = true
        return error
    }

    public var description: String {
        location.map { "\($0): \(message)" } ?? message
    }
}

/// Every mistake found while building a knowledge base.
public struct KnowledgeBaseErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [KnowledgeBaseError]

    public init(errors: [KnowledgeBaseError]) {
        self.errors = errors
    }

    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
