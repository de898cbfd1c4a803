import AdvisorDaemon
import Foundation
import Glibc

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
        /// The benchmark's own CPU time (user and system) per turn, in microseconds.
        public var clientCPUPerTurn: Double?
        /// The daemon's CPU time (user and system) per turn, in microseconds, when its pid is known.
        public var daemonCPUPerTurn: Double?
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
            if let clientCPUPerTurn { lines.append(String(format: "client CPU: %.0f µs per turn", clientCPUPerTurn)) }
            if let daemonCPUPerTurn { lines.append(String(format: "daemon CPU: %.0f µs per turn", daemonCPUPerTurn)) }
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

    /// Runs the benchmark: every client opens its conversation, then, from a common start,
    /// sends its messages one at a time.
    ///
    /// All connections are driven by this thread (`LoadClient`), so the benchmark takes
    /// little of the CPU the daemon runs on.
    ///
    /// - Throws: `DaemonClientError` if a client cannot connect, or a connection breaks or
    ///   stalls.
    public func run() throws(DaemonClientError) -> Report {
        let client = try LoadClient(path: socketPath, connections: clients)
        defer { client.close() }
        var failures = 0
        let opens = (0..<clients).map { Self.openLine(user: "\(userPrefix)-\($0)") }
        try client.exchange(turns: { _ in 1 }, request: { index, _ in opens[index] }) { _, _, line, _ in
            if !Self.isOK(line) { failures += 1 }
        }
        let requests = Self.questions.map(Self.sendLine(text:))
        var latencies: [Double] = []
        latencies.reserveCapacity(clients * messages)
        let meter = CPUMeter(daemonPID: daemonPID)
        let started = ContinuousClock.now
        try client.exchange(turns: { _ in messages }, request: { _, turn in requests[turn % requests.count] }) { _, _, line, latency in
            latencies.append(Self.milliseconds(latency))
            if !Self.isOK(line) { failures += 1 }
        }
        let elapsed = ContinuousClock.now - started
        return report(latencies: latencies, failures: failures, elapsed: elapsed, cpu: meter.read())
    }

    /// Gives `count` users a conversation with one turn each, `clients` at a time, then
    /// reports the daemon's memory: the cost of holding that many sessions.
    ///
    /// - Throws: `DaemonClientError` if a client cannot connect, or a connection breaks or
    ///   stalls.
    public func fill(sessions count: Int) throws(DaemonClientError) -> Report {
        let meter = CPUMeter(daemonPID: daemonPID)
        let started = ContinuousClock.now
        let client = try LoadClient(path: socketPath, connections: clients)
        defer { client.close() }
        let clients = clients
        let requests = Self.questions.map(Self.sendLine(text:))
        var failures = 0
        var latencies: [Double] = []
        latencies.reserveCapacity(count)
        // Client `index` serves users index, index + clients, ...: an open, then a message, for each.
        func user(_ index: Int, _ turn: Int) -> Int { index + turn / 2 * clients }
        try client.exchange(
            turns: { index in index < count ? 2 * ((count - 1 - index) / clients + 1) : 0 },
            request: { index, turn in
                let user = user(index, turn)
                return turn % 2 == 0 ? Self.openLine(user: "\(userPrefix)-session-\(user)") : requests[user % requests.count]
            }
        ) { _, turn, line, latency in
            if turn % 2 == 1 { latencies.append(Self.milliseconds(latency)) }
            if !Self.isOK(line) { failures += 1 }
        }
        let elapsed = ContinuousClock.now - started
        return report(latencies: latencies, failures: failures, elapsed: elapsed, cpu: meter.read())
    }

    private func report(latencies: [Double], failures: Int, elapsed: Duration, cpu: CPUMeter.Reading) -> Report {
        let turns = max(1, Double(latencies.count))
        return Report(
            turns: latencies.count, failures: failures, seconds: Self.seconds(elapsed), latencies: latencies.sorted(),
            clientCPUPerTurn: cpu.client * 1e6 / turns, daemonCPUPerTurn: cpu.daemon.map { $0 * 1e6 / turns },
            memory: daemonPID.flatMap(DaemonMemory.init(pid:)))
    }

    // MARK: - Requests and responses

    /// Whether a response line says `"ok":true`.
    ///
    /// JSON escapes quotes inside strings, so `"ok":true` appears raw only as the field.
    static func isOK(_ response: UnsafeBufferPointer<UInt8>) -> Bool {
        // The client shares the machine with the daemon: search without allocating.
        let marker: StaticString = #""ok":true"#
        return marker.withUTF8Buffer { needle in
            guard response.count >= needle.count else { return false }
            for start in 0...(response.count - needle.count) where response[start] == needle[0] {
                var index = 1
                while index < needle.count && response[start + index] == needle[index] { index += 1 }
                if index == needle.count { return true }
            }
            return false
        }
    }

    private static func openLine(user: String) -> [UInt8] {
        line(#"{"op":"open","user":\#(quoted(user))}"#)
    }

    private static func sendLine(text: String) -> [UInt8] {
        line(#"{"op":"send","text":\#(quoted(text))}"#)
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

/// CPU time used since it was made, by this process and by the daemon.
///
/// The daemon's figure is the one least disturbed by other load on the machine: a turn
/// costs it the same CPU however long it waits for a core.
struct CPUMeter {
    private let daemonPID: Int32?
    private let clientStart: Double
    private let daemonStart: Double?

    init(daemonPID: Int32?) {
        self.daemonPID = daemonPID
        clientStart = Self.ownSeconds()
        daemonStart = daemonPID.flatMap(Self.seconds(pid:))
    }

    /// CPU seconds used since the meter was made.
    struct Reading {
        var client: Double
        /// Nil when /proc does not say, or no daemon pid was given.
        var daemon: Double?
    }

    func read() -> Reading {
        let client = Self.ownSeconds() - clientStart
        guard let daemonPID, let daemonStart, let now = Self.seconds(pid: daemonPID) else { return Reading(client: client) }
        return Reading(client: client, daemon: now - daemonStart)
    }

    private static func ownSeconds() -> Double {
        var usage = rusage()
        getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// User and system time of process `pid` from /proc/PID/stat (fields 14 and 15, in clock ticks).
    static func seconds(pid: Int32) -> Double? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let endOfName = stat.lastIndex(of: ")")
        else { return nil }
        // The command name (field 2) may hold spaces; field 3 starts after its parenthesis.
        let fields = stat[stat.index(after: endOfName)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
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
