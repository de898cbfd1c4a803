import AdvisorEngine
import Foundation
import Synchronization

/// Where session states live between turns.
///
/// Every turn is one `update`: the user's state is read, changed and written under that
/// user's lock, so two front ends of the same user never lose each other's turns.
public protocol SessionStore: Sendable {
    /// Runs `body` on the user's current state (a fresh one if there is none) while holding
    /// the user's lock, then saves the state as `body` left it, before returning.
    ///
    /// - Returns: what `body` returned, and notices for the user (a state file that could
    ///   not be read and was moved aside).
    /// - Throws: `SessionStoreError` when the state cannot be read or saved; nothing is lost:
    ///   the previous state stays as it was.
    func update<T>(user: String, _ body: (inout SessionState) throws -> T) throws -> StoreResult<T>

    /// The user's state, or nil if there is none. Does not lock out writers for long.
    func load(user: String) throws -> StoreResult<SessionState?>

    /// Deletes everything stored about the user.
    func delete(user: String) throws
}

/// A value from the store, with anything the user should be told.
public struct StoreResult<Value> {
    public var value: Value
    public var notices: [String]

    public init(value: Value, notices: [String] = []) {
        self.value = value
        self.notices = notices
    }
}

extension StoreResult: Sendable where Value: Sendable {}

/// Why the store could not do what was asked.
public struct SessionStoreError: Error, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// Sessions in memory, for tests and for a daemon started without a state directory.
public final class InMemorySessionStore: SessionStore, Sendable {
    private let states = Mutex<[String: SessionState]>([:])

    public init() {}

    public func update<T>(user: String, _ body: (inout SessionState) throws -> T) throws -> StoreResult<T> {
        try states.withLock { states in
            var state = states[user] ?? SessionState(user: user)
            let value = try body(&state)
            states[user] = state
            return StoreResult(value: value)
        }
    }

    public func load(user: String) throws -> StoreResult<SessionState?> {
        StoreResult(value: states.withLock { $0[user] })
    }

    public func delete(user: String) throws {
        states.withLock { $0[user] = nil }
    }
}
