import AdvisorStore
import Foundation
import Synchronization
import Glibc

/// A soak test of a real daemon: clients talk in closed loops while faults are injected in
/// turn (kill -9 and restart, SIGHUP with a broken knowledge base, a pack of slow clients, a
/// full disk where a small tmpfs can be mounted); at the end every acknowledged turn must be
/// in the saved state, and no file may be unreadable or moved aside.
///
/// It runs `advisor serve` (the binary given) on a work directory of its own, as the account
/// running it, which the daemon trusts so that each client can speak as a user of its own.
public struct SoakTest: Sendable {
    public var binary: URL
    public var intents: URL
    public var work: URL
    public var clients: Int
    public var seconds: Int
    /// Try to put the state directory on a small tmpfs to fill it (needs root).
    public var fillDisk: Bool

    public init(binary: URL, intents: URL, work: URL, clients: Int = 16, seconds: Int = 60, fillDisk: Bool = true) {
        self.binary = binary
        self.intents = intents
        self.work = work
        self.clients = clients
        self.seconds = seconds
        self.fillDisk = fillDisk
    }

    /// One kind of fault, how often it was injected and what was seen.
    public struct Fault: Sendable {
        public var name: String
        public var times = 0
        public var problems: [String] = []
        public var notes: [String] = []
    }

    public struct Report: Sendable, CustomStringConvertible {
        public var faults: [Fault]
        public var acknowledged = 0
        public var saved = 0
        public var lost = 0
        public var unreadable: [String] = []
        public var setAside: [String] = []

        public var held: Bool { lost == 0 && unreadable.isEmpty && setAside.isEmpty && faults.allSatisfy(\.problems.isEmpty) }

        public var description: String {
            var lines = ["fault".padding(toLength: 34, withPad: " ", startingAt: 0) + " times  outcome"]
            for fault in faults {
                let outcome = fault.problems.isEmpty ? "held" + (fault.notes.isEmpty ? "" : ": " + fault.notes.joined(separator: "; ")) : "FAILED: " + fault.problems.joined(separator: "; ")
                lines.append(fault.name.padding(toLength: 34, withPad: " ", startingAt: 0) + " " + String(format: "%5d", fault.times) + "  " + outcome)
            }
            lines.append("turns acknowledged: \(acknowledged); in the saved states: \(saved); acknowledged but lost: \(lost)")
            lines.append("unreadable states: \(unreadable.count); files moved aside: \(setAside.count)")
            lines += (unreadable + setAside).prefix(10).map { "  \($0)" }
            lines.append(held ? "HELD" : "FAILED")
            return lines.joined(separator: "\n")
        }
    }

    /// What the clients acknowledged, per user, and how many requests failed.
    final class Ledger: Sendable {
        private let turns = Mutex<[String: Int]>([:])
        private let errors = Mutex(0)

        func acknowledge(_ user: String) { turns.withLock { $0[user, default: 0] += 1 } }
        func fail() { errors.withLock { $0 += 1 } }
        var total: Int { turns.withLock { $0.values.reduce(0, +) } }
        var failures: Int { errors.withLock { $0 } }
        var perUser: [String: Int] { turns.withLock { $0 } }
    }

    static let questions = [
        "what does a plant manager do?", "what is lean manufacturing", "tell me more", "and supply chain?",
        "is manufacturing growing in india", "why?", "what is industry 4.0", "which sectors are growing",
    ]

    public func run(log: (String) -> Void) throws -> Report {
        let fileManager = FileManager.default
        try? fileManager.removeItem(at: work)
        try fileManager.createDirectory(at: work, withIntermediateDirectories: true)
        let knowledge = work.appendingPathComponent("Intents")
        try fileManager.copyItem(at: intents, to: knowledge)
        let state = work.appendingPathComponent("state")
        try fileManager.createDirectory(at: state, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let mounted = fillDisk && Self.mountTmpfs(at: state)
        defer { if mounted { _ = Self.shell("/bin/umount", [state.path]) } }
        let socket = work.appendingPathComponent("soak.sock").path

        var faults = [Fault(name: "kill -9, restart"), Fault(name: "SIGHUP, broken knowledge base"), Fault(name: "slow clients (200, a byte/0.2 s)")]
        faults.append(Fault(name: mounted ? "disk full (4 MiB tmpfs)" : "disk full: no tmpfs here, skipped"))
        var daemon = try Self.startDaemon(binary: binary, socket: socket, state: state, intents: knowledge, log: work.appendingPathComponent("daemon.log"))
        let ledger = Ledger()
        let stop = ManagedFlag()
        let deadline = Date().addingTimeInterval(Double(seconds))
        var threads: [Thread] = []
        for index in 0..<clients {
            let user = "soak-\(index)"
            let thread = Thread {
                var client: DaemonClient?
                var number = index
                while !stop.isSet {
                    do {
                        if client == nil {
                            let fresh = try DaemonClient(socketPath: socket, timeout: .seconds(10))
                            _ = try fresh.open(user: user)
                            client = fresh
                        }
                        _ = try client?.send(Self.questions[number % Self.questions.count])
                        ledger.acknowledge(user)
                        number += 1
                    } catch {
                        ledger.fail()
                        client?.close()
                        client = nil
                        usleep(50_000)
                    }
                }
                client?.close()
            }
            thread.start()
            threads.append(thread)
        }

        var round = 0
        while Date() < deadline {
            usleep(1_500_000)
            let kind = round % (mounted ? 4 : 3)
            round += 1
            faults[kind].times += 1
            switch kind {
            case 0:
                log("kill -9")
                kill(daemon.processIdentifier, SIGKILL)
                daemon.waitUntilExit()
                daemon = try Self.startDaemon(binary: binary, socket: socket, state: state, intents: knowledge, log: work.appendingPathComponent("daemon.log"))
            case 1:
                log("SIGHUP with a broken knowledge base")
                let broken = knowledge.appendingPathComponent("broken.yaml")
                try Data("intents:\n  - id: broken\n    answer: [unclosed\n".utf8).write(to: broken)
                kill(daemon.processIdentifier, SIGHUP)
                usleep(300_000)
                if let problem = Self.answersRightly(socket: socket) { faults[kind].problems.append("after the broken reload: \(problem)") }
                try fileManager.removeItem(at: broken)
                kill(daemon.processIdentifier, SIGHUP)
                usleep(300_000)
                if let problem = Self.answersRightly(socket: socket) { faults[kind].problems.append("after the good reload: \(problem)") }
            case 2:
                log("slow clients")
                let before = ledger.total
                let slow = Self.slowClients(socket: socket, count: 200, seconds: 3)
                let during = ledger.total - before
                if during == 0 { faults[kind].problems.append("no turn was acknowledged while 200 slow clients were connected") }
                faults[kind].notes = ["\(during) turns acknowledged meanwhile; \(slow) of 200 slow connections closed by the idle timeout"]
            default:
                log("disk full")
                let filler = state.appendingPathComponent("filler")
                _ = Self.shell("/bin/dd", ["if=/dev/zero", "of=\(filler.path)", "bs=64k", "count=1000"])
                let (before, refusedBefore) = (ledger.total, ledger.failures)
                usleep(1_000_000)
                let (full, refused) = (ledger.total - before, ledger.failures - refusedBefore)
                try? fileManager.removeItem(at: filler)
                usleep(500_000)
                faults[kind].notes = ["while full: \(full) turns acknowledged, \(refused) refused (not acknowledged, nothing half-saved)"]
                if Self.answersRightly(socket: socket) != nil { faults[kind].problems.append("the daemon did not answer once space was back") }
            }
        }
        stop.set()
        for thread in threads { while !thread.isFinished { usleep(10_000) } }
        kill(daemon.processIdentifier, SIGTERM)
        daemon.waitUntilExit()

        var report = Report(faults: faults)
        let acknowledged = ledger.perUser
        report.acknowledged = acknowledged.values.reduce(0, +)
        let saved = try SavedConversations.read(directory: state)
        report.unreadable = saved.unreadable
        let byUser = Dictionary(saved.states.map { ($0.user, $0.turnCount) }, uniquingKeysWith: max)
        for (user, count) in acknowledged {
            let kept = byUser[user] ?? 0
            report.saved += kept
            if kept < count { report.lost += count - kept }
        }
        report.setAside = ((try? fileManager.contentsOfDirectory(atPath: state.path)) ?? [])
            .filter { $0.contains(".corrupt-") || $0.contains(".orphaned-") }
        return report
    }

    // MARK: - Helpers

    final class ManagedFlag: Sendable {
        private let value = Atomic(false)
        var isSet: Bool { value.load(ordering: .acquiring) }
        func set() { value.store(true, ordering: .releasing) }
    }

    static func startDaemon(binary: URL, socket: String, state: URL, intents: URL, log: URL) throws -> Process {
        let process = Process()
        process.executableURL = binary
        process.arguments = [
            "serve", "--socket", socket, "--state-dir", state.path, "--intents", intents.path,
            "--trust-user", UserNames().name(uid: getuid()), "--rate", "0", "--idle-timeout", "2", "--log-level", "warning",
            "--max-connections", "512",
        ]
        if !FileManager.default.fileExists(atPath: log.path) { FileManager.default.createFile(atPath: log.path, contents: nil) }
        let handle = try FileHandle(forWritingTo: log)
        handle.seekToEndOfFile()
        process.standardError = handle
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if SocketFile.probe(socket) == .live { return process }
            guard process.isRunning else { break }
            usleep(20_000)
        }
        throw SessionStoreError("advisor serve did not start; see \(log.path)")
    }

    /// Nil when a fresh client gets the plant manager's answer, else what went wrong.
    static func answersRightly(socket: String) -> String? {
        do {
            let client = try DaemonClient(socketPath: socket, timeout: .seconds(10))
            defer { client.close() }
            _ = try client.open(user: "soak-check")
            let output = try client.send("what does a plant manager do?")
            return output.intent == "roles.plant_manager" ? nil : "answered \(output.intent)"
        } catch {
            return "\(error)"
        }
    }

    /// Opens `count` connections that send a line a byte at a time; returns how many the
    /// daemon had closed within `seconds` (its idle timeout counts complete lines only).
    static func slowClients(socket: String, count: Int, seconds: Double) -> Int {
        var descriptors: [Int32] = []
        for _ in 0..<count {
            let descriptor = Glibc.socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
            if SocketFile.withUnixAddress(socket, { connect(descriptor, $0, $1) }) == 0 {
                descriptors.append(descriptor)
            } else {
                close(descriptor)
            }
        }
        let end = Date().addingTimeInterval(seconds)
        var closed = Set<Int32>()
        while Date() < end {
            for descriptor in descriptors where !closed.contains(descriptor) {
                if send(descriptor, "{", 1, Int32(MSG_NOSIGNAL)) < 0 { closed.insert(descriptor) }
            }
            usleep(200_000)
        }
        for descriptor in descriptors { close(descriptor) }
        return closed.count
    }

    static func mountTmpfs(at directory: URL) -> Bool {
        getuid() == 0 && shell("/bin/mount", ["-t", "tmpfs", "-o", "size=4m,mode=0700", "tmpfs", directory.path]) == 0
    }

    @discardableResult
    static func shell(_ program: String, _ arguments: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
            process.waitUntilExit()
            return process.terminationStatus
        } catch {
            return -1
        }
    }
}
