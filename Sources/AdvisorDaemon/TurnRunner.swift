import AdvisorStore
import Foundation
import NIOCore
import NIOPosix
import Synchronization

/// Runs the turns of conversations off the event loop, one at a time for each user.
///
/// A turn blocks on the session store (file I/O, the user's file lock), so it must not run
/// on an event loop, where it would hold up every other connection of that loop.
protocol TurnRunner: Sendable {
    /// Runs `body` after every turn of `user` submitted before it has finished, and
    /// completes the future on `eventLoop`.
    func run<T: Sendable>(user: String, on eventLoop: any EventLoop, _ body: @escaping @Sendable () -> T) -> EventLoopFuture<T>
}

/// Runs each turn at once on the calling thread, the connection's event loop: for a store
/// whose turns do not wait for the disk (`TurnExecution.eventLoop`), and for handler tests
/// on `EmbeddedChannel`.
struct InlineTurnRunner: TurnRunner {
    func run<T: Sendable>(user: String, on eventLoop: any EventLoop, _ body: @escaping @Sendable () -> T) -> EventLoopFuture<T> {
        eventLoop.makeSucceededFuture(body())
    }
}

/// A serial queue for each user on top of a shared thread pool.
///
/// Two connections of one student never run turns at the same time: the second waits in
/// the daemon for the first (without holding a thread) instead of blocking a pool thread on
/// the store's file lock. The file lock still guards against other processes.
final class UserTurnQueue: TurnRunner, Sendable {
    private typealias Job = @Sendable (_ cancelled: Bool) -> Void

    private let pool: NIOThreadPool
    /// Users with a turn running, and the turns waiting behind it.
    private let waiting = Mutex<[String: CircularBuffer<Job>]>([:])

    init(pool: NIOThreadPool) {
        self.pool = pool
    }

    /// How many users have a turn running now.
    var busyUsers: Int { waiting.withLock { $0.count } }

    func run<T: Sendable>(user: String, on eventLoop: any EventLoop, _ body: @escaping @Sendable () -> T) -> EventLoopFuture<T> {
        let promise = eventLoop.makePromise(of: T.self)
        // One user for the store (canonically equal names share a file) is one for the queue.
        let key = (try? UserFileName(user: user).baseName) ?? user
        let job: Job = { cancelled in
            if cancelled {
                promise.fail(TurnRunnerStopped())
            } else {
                promise.succeed(body())
            }
        }
        let startsNow: Bool = waiting.withLock { waiting in
            if waiting[key] != nil {
                waiting[key]?.append(job)
                return false
            }
            waiting[key] = CircularBuffer()
            return true
        }
        if startsNow { start(key, job) }
        return promise.futureResult
    }

    private func start(_ key: String, _ job: @escaping Job) {
        pool.submit { state in
            job(state != .active)
            self.finished(key)
        }
    }

    private func finished(_ key: String) {
        let next: Job? = waiting.withLock { waiting in
            if let job = waiting[key]?.popFirst() { return job }
            waiting[key] = nil
            return nil
        }
        if let next { start(key, next) }
    }
}

/// The thread pool was shut down before a turn could run.
struct TurnRunnerStopped: Error, CustomStringConvertible {
    var description: String { "The advisor is shutting down." }
}
