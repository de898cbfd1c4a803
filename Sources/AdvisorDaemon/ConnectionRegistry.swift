import Foundation
import NIOCore

/// The open connections: counted against the limit, and told to finish on shutdown.
final class ConnectionRegistry: @unchecked Sendable {
    /// Why a connection was not admitted.
    enum Refusal {
        case full
        case shuttingDown
    }

    private let maximum: Int
    private let lock = NSLock()
    private var channels: [ObjectIdentifier: any Channel] = [:]
    private var nextID = 0
    private var quiescing = false
    private var drained: [CheckedContinuation<Void, Never>] = []

    init(maximum: Int) {
        self.maximum = maximum
    }

    var count: Int { lock.withLock { channels.count } }

    /// Admits `channel` and returns its connection number, or says why not.
    func admit(_ channel: any Channel) -> Result<Int, RefusalError> {
        let result: Result<Int, RefusalError> = lock.withLock {
            if quiescing { return .failure(RefusalError(reason: .shuttingDown)) }
            if channels.count >= maximum { return .failure(RefusalError(reason: .full)) }
            channels[ObjectIdentifier(channel)] = channel
            nextID += 1
            return .success(nextID)
        }
        if case .success = result {
            channel.closeFuture.whenComplete { _ in self.remove(channel) }
        }
        return result
    }

    private func remove(_ channel: any Channel) {
        let waiting: [CheckedContinuation<Void, Never>] = lock.withLock {
            channels[ObjectIdentifier(channel)] = nil
            guard quiescing, channels.isEmpty else { return [] }
            defer { drained = [] }
            return drained
        }
        for continuation in waiting { continuation.resume() }
    }

    /// Refuses new connections and tells every open one to finish its turn and close.
    func quiesce() {
        let open: [any Channel] = lock.withLock {
            quiescing = true
            return Array(channels.values)
        }
        for channel in open {
            channel.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
        }
    }

    /// Waits until every connection has closed, or until `timeout`; then closes the rest.
    ///
    /// - Returns: whether every connection closed by itself in time.
    func waitUntilClosed(timeout: Duration) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                await withCheckedContinuation { continuation in
                    let done: Bool = self.lock.withLock {
                        if self.channels.isEmpty { return true }
                        self.drained.append(continuation)
                        return false
                    }
                    if done { continuation.resume() }
                }
                return true
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return false
            }
            let first = await group.next() ?? true
            if !first {
                // Time is up: close the stragglers, which resumes the waiter above.
                for channel in self.lock.withLock({ Array(self.channels.values) }) {
                    channel.close(promise: nil)
                }
            }
            group.cancelAll()
            await group.waitForAll()
            return first
        }
    }
}

struct RefusalError: Error {
    var reason: ConnectionRegistry.Refusal
}
