import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A load benchmark against a running daemon: `clients` connections, each holding one
/// student's conversation of `messages` turns over the Unix socket, as fast as the
/// daemon answers.
///
/// Every client opens the conversation of its own user (`<prefix>-<n>`), so the daemon
/// must trust the benchmark's account (`advisor serve --trust-user $(id -un)`). The daemon
/// persists every turn before it answers, so this measures turns with persistence on.
public struct LoadBenchmark: Sendable {
    public var socketPath: String
    public var clients: Int
    public var messages: Int
    /// User names are `<userPrefix>-<client number>`.
    public var userPrefix: String
    /// The daemon's pid, to read its memory from /proc; nil to skip that.
    public var daemonPID: Int32?

    public init(socketPath: String, clients: Int, messages: Int, userPrefix: String = "bench", daemonPID: Int32? = nil) {
        self.socketPath = socketPath
        self.clients = clients
        self.messages = messages
        self.userPrefix = userPrefix
        self.daemonPID = daemonPID
    }

    /// What a run measured.
    public struct Report: Sendable, CustomStringConvertible {
        public var turns: Int
        public var failures: Int
        public var seconds: Double
        /// Latencies of the turns, in milliseconds, sorted.
        public var latencies: [Double]
        public var memory: DaemonMemory?

        public var turnsPerSecond: Double { seconds > 0 ? Double(turns) / seconds : 0 }
        public var median: Double { percentile(0.5) }
        public var p99: Double { percentile(0.99) }

        public func percentile(_ fraction: Double) -> Double {
            guard !latencies.isEmpty else { return 0 }
            return latencies[min(latencies.count - 1, Int(Double(latencies.count) * fraction))]
        }

        public var description: String {
            var lines = [
                String(format: "turns: %d in %.2f s (%d failed)", turns, seconds, failures),
                String(format: "throughput: %.0f turns/s", turnsPerSecond),
                String(format: "latency: median %.2f ms, p99 %.2f ms, max %.2f ms", median, p99, latencies.last ?? 0),
            ]
            if let memory { lines.append(memory.description) }
            return lines.joined(separator: "\n")
        }
    }

    /// The questions clients ask, in turn: topics, follow-ups, numbers, out of scope.
    public static let questions = [
        "what is an mba in manufacturing management?", "what does a plant manager do?", "tell me more",
        "what about operations manager?", "how much does a plant manager earn in india?", "1",
        "what will I study in lean manufacturing?", "is this program right for me?", "what is industry 4.0?",
        "what jobs can I get after this?", "tell me a joke", "what about supply chain?",
        "how long is the program?", "can I study while working?", "what is six sigma?", "thanks",
    ]

    /// Runs the benchmark: every client opens its conversation, then sends its messages.
    ///
    /// - Throws: `DaemonClientError` if a client cannot connect or open its conversation.
    public func run() throws -> Report {
        let results = ClientResults(count: clients)
        let ready = DispatchGroup()
        let done = DispatchGroup()
        let gate = DispatchSemaphore(value: 0)
        for index in 0..<clients {
            ready.enter()
            done.enter()
            let thread = Thread { [self] in
                results.set(index, Self.client(socketPath, user: "\(userPrefix)-\(index)", messages: messages, ready: ready, gate: gate))
                done.leave()
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        ready.wait()
        let started = ContinuousClock.now
        for _ in 0..<clients { gate.signal() }
        done.wait()
        let elapsed = ContinuousClock.now - started
        var latencies: [Double] = []
        var failures = 0
        for result in results.all {
            switch result {
            case .success(let run):
                latencies += run.latencies
                failures += run.failures
            case .failure(let error):
                throw error
            }
        }
        latencies.sort()
        return Report(
            turns: latencies.count, failures: failures, seconds: Self.seconds(elapsed), latencies: latencies,
            memory: daemonPID.flatMap(DaemonMemory.init(pid:)))
    }

    /// Gives `count` users a conversation with one turn each, `clients` at a time, then
    /// reports the daemon's memory: the cost of holding that many sessions.
    public func fill(sessions count: Int) throws -> Report {
        let results = ClientResults(count: clients)
        let done = DispatchGroup()
        let started = ContinuousClock.now
        for index in 0..<clients {
            done.enter()
            let thread = Thread { [self] in
                results.set(index, Result { () throws(DaemonClientError) -> ClientRun in
                    let connection = try DaemonConnection(path: socketPath, timeout: .seconds(60))
                    defer { connection.close() }
                    var run = ClientRun()
                    for user in stride(from: index, to: count, by: clients) {
                        let name = "\(userPrefix)-session-\(user)"
                        try Self.expectOK(connection.exchange(Self.line(#"{"op":"open","user":\#(Self.quoted(name))}"#)), &run)
                        let question = Self.questions[user % Self.questions.count]
                        let before = ContinuousClock.now
                        try Self.expectOK(connection.exchange(Self.line(#"{"op":"send","text":\#(Self.quoted(question))}"#)), &run)
                        run.latencies.append(Self.milliseconds(ContinuousClock.now - before))
                    }
                    return run
                })
                done.leave()
            }
            thread.start()
        }
        done.wait()
        let elapsed = ContinuousClock.now - started
        var latencies: [Double] = []
        var failures = 0
        for result in results.all {
            let run = try result.get()
            latencies += run.latencies
            failures += run.failures
        }
        latencies.sort()
        return Report(
            turns: latencies.count, failures: failures, seconds: Self.seconds(elapsed), latencies: latencies,
            memory: daemonPID.flatMap(DaemonMemory.init(pid:)))
    }

    // MARK: - Clients

    struct ClientRun: Sendable {
        var latencies: [Double] = []
        var failures = 0
    }

    private static func client(
        _ path: String, user: String, messages: Int, ready: DispatchGroup, gate: DispatchSemaphore
    ) -> Result<ClientRun, DaemonClientError> {
        let connection: DaemonConnection
        var run = ClientRun()
        run.latencies.reserveCapacity(messages)
        do {
            connection = try DaemonConnection(path: path, timeout: .seconds(60))
            try expectOK(connection.exchange(line(#"{"op":"open","user":\#(quoted(user))}"#)), &run)
        } catch {
            ready.leave()
            return .failure(error)
        }
        defer { connection.close() }
        ready.leave()
        gate.wait()
        let requests = questions.map { line(#"{"op":"send","text":\#(quoted($0))}"#) }
        do {
            for index in 0..<messages {
                let before = ContinuousClock.now
                let response = try connection.exchange(requests[index % requests.count])
                run.latencies.append(milliseconds(ContinuousClock.now - before))
                try expectOK(response, &run)
            }
        } catch {
            return .failure(error)
        }
        return .success(run)
    }

    /// Counts a response that is not `"ok":true` as a failure.
    ///
    /// JSON escapes quotes inside strings, so `"ok":true` appears raw only as the field.
    private static func expectOK(_ response: ArraySlice<UInt8>, _ run: inout ClientRun) throws(DaemonClientError) {
        // The clients share the machine with the daemon: search without allocating.
        let marker: StaticString = #""ok":true"#
        let found = response.withContiguousStorageIfAvailable { bytes in
            marker.withUTF8Buffer { needle in
                guard bytes.count >= needle.count else { return false }
                for start in 0...(bytes.count - needle.count) where bytes[start] == needle[0] {
                    var index = 1
                    while index < needle.count && bytes[start + index] == needle[index] { index += 1 }
                    if index == needle.count { return true }
                }
                return false
            }
        } ?? false
        if !found { run.failures += 1 }
    }

    private static func line(_ json: String) -> [UInt8] {
        Array((json + "\n").utf8)
    }

    private static func quoted(_ text: String) -> String {
        String(decoding: (try? JSONEncoder().encode(text)) ?? Data("\"\"".utf8), as: UTF8.self)
    }

    static func milliseconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) * 1000 + Double(parts.attoseconds) / 1e15
    }

    static func seconds(_ duration: Duration) -> Double {
        milliseconds(duration) / 1000
    }
}

/// A process's memory as Linux reports it in /proc/PID/status.
public struct DaemonMemory: Sendable, CustomStringConvertible {
    /// Resident memory now, in KiB (`VmRSS`).
    public var residentKiB: Int
    /// The most resident memory so far, in KiB (`VmHWM`).
    public var peakResidentKiB: Int

    /// Reads the memory of process `pid`, or nil if /proc does not say.
    public init?(pid: Int32) {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        func field(_ name: String) -> Int? {
            guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name + ":") }) else { return nil }
            return line.split(separator: " ").compactMap { Int($0) }.first
        }
        guard let resident = field("VmRSS"), let peak = field("VmHWM") else { return nil }
        residentKiB = resident
        peakResidentKiB = peak
    }

    public var description: String {
        String(format: "daemon memory: %.1f MB resident, %.1f MB peak (VmHWM)", Double(residentKiB) / 1024, Double(peakResidentKiB) / 1024)
    }
}

/// Results of client threads, each writing its own slot.
private final class ClientResults: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Result<LoadBenchmark.ClientRun, DaemonClientError>?]

    init(count: Int) {
        results = Array(repeating: nil, count: count)
    }

    func set(_ index: Int, _ result: Result<LoadBenchmark.ClientRun, DaemonClientError>) {
        lock.withLock { results[index] = result }
    }

    var all: [Result<LoadBenchmark.ClientRun, DaemonClientError>] {
        lock.withLock { results.compactMap { $0 } }
    }
}
