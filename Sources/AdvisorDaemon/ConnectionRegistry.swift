import Foundation
import NIOCore
import Synchronization

/// Who a connection counts against: an account on the Unix socket, an address over TCP.
enum ConnectionOwner: Hashable, Sendable, CustomStringConvertible {
    case account(uid: UInt32)
    case address(String)

    init(_ peer: Peer) {
        switch peer {
        case .local(let uid, _, _): self = .account(uid: uid)
        // The host without the port: one client opening many connections is one address.
        case .tcp(let address): self = .address(Self.host(of: address))
        }
    }

    /// "[IPv4]127.0.0.1/127.0.0.1:5000", "[IPv6]::1/::1:5000" (NIO's descriptions) or
    /// "127.0.0.1:5000" → the host.
    static func host(of address: String) -> String {
        var text = address
        let isIPv6 = text.hasPrefix("[IPv6]")
        if let slash = text.lastIndex(of: "/") { text = String(text[text.index(after: slash)...]) }
        if isIPv6, let colon = text.lastIndex(of: ":") { return String(text[..<colon]) }
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") { return String(text[text.index(after: text.startIndex)..<close]) }
        if let colon = text.lastIndex(of: ":"), text.filter({ $0 == ":" }).count == 1 { return String(text[..<colon]) }
        return text
    }

    var description: String {
        switch self {
        case .account(let uid): "uid \(uid)"
        case .address(let host): host
        }
    }
}

/// The rules of admission, apart from the sockets so that they can be tested alone.
struct AdmissionRules: Sendable, Equatable {
    var total: Int
    var perAccount: Int
    var trustedReserve: Int
    var tcpTotal: Int
    var perAddress: Int
    var trustedUID: UInt32?

    init(_ configuration: DaemonConfiguration) {
        total = configuration.maximumConnections
        perAccount = configuration.maximumConnectionsPerUser
        trustedReserve = min(configuration.trustedReserve, max(0, configuration.maximumConnections - 1))
        tcpTotal = configuration.maximumTCPConnections
        perAddress = configuration.maximumConnectionsPerAddress
        trustedUID = configuration.policy.trustedUID
    }

    init(total: Int, perAccount: Int, trustedReserve: Int, tcpTotal: Int, perAddress: Int, trustedUID: UInt32?) {
        self.total = total
        self.perAccount = perAccount
        self.trustedReserve = trustedReserve
        self.tcpTotal = tcpTotal
        self.perAddress = perAddress
        self.trustedUID = trustedUID
    }

    /// Why `owner` may not open one more connection, or nil if it may.
    func refusal(for owner: ConnectionOwner, open: Int, ownedBy held: Int, tcpOpen: Int) -> ConnectionRegistry.Refusal? {
        if open >= total { return .full(total) }
        switch owner {
        case .account(let uid) where uid == trustedUID:
            return nil
        case .account:
            // The reserve applies only where there is a trusted account to keep it for.
            if trustedUID != nil && open >= total - trustedReserve { return .full(total) }
            if held >= perAccount { return .ownerFull(perAccount) }
        case .address:
            if trustedUID != nil && open >= total - trustedReserve { return .full(total) }
            if tcpOpen >= tcpTotal { return .tcpFull(tcpTotal) }
            if held >= perAddress { return .ownerFull(perAddress) }
        }
        return nil
    }
}

/// The open connections: counted against the limits, and told to finish on shutdown.
final class ConnectionRegistry: Sendable {
    /// Why a connection was not admitted.
    enum Refusal: Equatable {
        /// The daemon holds as many connections as it serves (or the rest are reserved).
        case full(Int)
        /// This account or address holds as many as one may.
        case ownerFull(Int)
        /// TCP holds as many as it may.
        case tcpFull(Int)
        case shuttingDown
    }

    let rules: AdmissionRules

    /// Everything that changes, behind one lock.
    private struct State {
        var channels: [ObjectIdentifier: (channel: any Channel, owner: ConnectionOwner)] = [:]
        var owned: [ConnectionOwner: Int] = [:]
        var tcpOpen = 0
        var nextID = 0
        var quiescing = false
        var drained: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    init(rules: AdmissionRules) {
        self.rules = rules
    }

    /// Admission with only a total, for tests.
    convenience init(maximum: Int) {
        self.init(rules: AdmissionRules(total: maximum, perAccount: maximum, trustedReserve: 0, tcpTotal: maximum, perAddress: maximum, trustedUID: nil))
    }

    var count: Int { state.withLock { $0.channels.count } }

    /// Admits `channel` of `owner` and returns its connection number, or says why not.
    func admit(_ channel: any Channel, owner: ConnectionOwner) -> Result<Int, RefusalError> {
        let result: Result<Int, RefusalError> = state.withLock { state in
            if state.quiescing { return .failure(RefusalError(reason: .shuttingDown)) }
            if let refusal = rules.refusal(for: owner, open: state.channels.count, ownedBy: state.owned[owner, default: 0], tcpOpen: state.tcpOpen) {
                return .failure(RefusalError(reason: refusal))
            }
            state.channels[ObjectIdentifier(channel)] = (channel, owner)
            state.owned[owner, default: 0] += 1
            if case .address = owner { state.tcpOpen += 1 }
            state.nextID += 1
            return .success(state.nextID)
        }
        if case .success = result {
            channel.closeFuture.whenComplete { _ in self.remove(channel) }
        }
        return result
    }

    private func remove(_ channel: any Channel) {
        let waiting: [CheckedContinuation<Void, Never>] = state.withLock { state in
            if let (_, owner) = state.channels.removeValue(forKey: ObjectIdentifier(channel)) {
                state.owned[owner, default: 1] -= 1
                if state.owned[owner] == 0 { state.owned[owner] = nil }
                if case .address = owner { state.tcpOpen -= 1 }
            }
            guard state.quiescing, state.channels.isEmpty else { return [] }
            defer { state.drained = [] }
            return state.drained
        }
        for continuation in waiting { continuation.resume() }
    }

    /// Refuses new connections and tells every open one to finish its turn and close.
    func quiesce() {
        let open: [any Channel] = state.withLock { state in
            state.quiescing = true
            return state.channels.values.map(\.channel)
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
                    let done: Bool = self.state.withLock { state in
                        if state.channels.isEmpty { return true }
                        state.drained.append(continuation)
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
                for channel in self.state.withLock({ $0.channels.values.map(\.channel) }) {
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
