import Foundation
import Testing

/// `advisor serve --metrics`: Prometheus text on loopback, scraped during a load run.
@Suite(.enabled(if: AdvisorBinary.exists, "advisor is not built at \(AdvisorBinary.url.path): run swift build, or set ADVISOR_BINARY"))
struct MetricsTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    /// `GET path` on 127.0.0.1:port: the status line and the body.
    static func get(port: UInt16, path: String) throws -> (status: String, body: String) {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw TestFailure("no socket") }
        defer { close(descriptor) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw TestFailure("cannot connect to 127.0.0.1:\(port)") }
        let request = Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8)
        _ = request.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, 0) }
        var response: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(descriptor, &chunk, chunk.count, 0)
            if count <= 0 { break }
            response += chunk[..<count]
        }
        let text = String(decoding: response, as: UTF8.self)
        let parts = text.components(separatedBy: "\r\n\r\n")
        return (parts.first?.components(separatedBy: "\r\n").first ?? "", parts.dropFirst().joined(separator: "\r\n\r\n"))
    }

    /// The sum of a metric's samples (every label set).
    static func sum(_ name: String, in body: String) -> Double {
        body.split(separator: "\n").filter { $0.hasPrefix(name + "{") || $0.hasPrefix(name + " ") }
            .compactMap { $0.split(separator: " ").last.flatMap { Double($0) } }.reduce(0, +)
    }

    @Test func theCountersAgreeWithTheTurnsSent() throws {
        let socket = directory.appending("d.sock").path
        let port = try SSHTools.freeLoopbackPort()
        let me = String(cString: getpwuid(getuid())!.pointee.pw_name)
        let daemon = try BackgroundProcess(
            AdvisorBinary.url.path,
            ["serve", "--intents", AdvisorBinary.intents.path, "--socket", socket, "--state-dir", directory.appending("state").path,
             "--trust-user", me, "--rate", "0", "--no-sync", "--metrics", "127.0.0.1:\(port)"],
            environment: ["PATH": "/usr/bin:/bin", "HOME": directory.url.path, "LANG": "C.UTF-8"], log: directory.appending("daemon.log"))
        defer { daemon.stop() }
        guard SSHTools.wait(timeout: 30, until: { (SSHTools.unixSocketAnswers(socket) && SSHTools.loopbackAccepts(port: port)) || daemon.hasExited }),
              !daemon.hasExited
        else {
            throw TestFailure("The daemon did not start:\n\(daemon.output)")
        }
        // A load run of 8 clients × 600 messages (each client opens its conversation first),
        // scraped while it runs: the count only grows, and never passes what was sent.
        let loadLog = directory.appending("load.log")
        let load = try BackgroundProcess(
            AdvisorBinary.url.path, ["load-bench", "--socket", socket, "--clients", "8", "--messages", "600"],
            environment: ["PATH": "/usr/bin:/bin", "HOME": directory.url.path], log: loadLog)
        var seen: [Double] = []
        let deadline = Date().addingTimeInterval(120)
        while !load.hasExited && Date() < deadline {
            seen.append(Self.sum("advisor_turns_total", in: try Self.get(port: port, path: "/metrics").body))
            usleep(5_000)
        }
        #expect(load.hasExited, "the load run ended")
        #expect(seen.count >= 2, "scraped during the run: \(seen)")
        #expect(zip(seen, seen.dropFirst()).allSatisfy { $0 <= $1 } && (seen.last ?? 0) <= 4808, "\(seen)")
        #expect(load.output.contains("turns: 4800 in"), "\(load.output)")
        let scraped = try Self.get(port: port, path: "/metrics")
        #expect(scraped.status.hasSuffix("200 OK"), "\(scraped.status)")
        let body = scraped.body
        #expect(Self.sum("advisor_turns_total", in: body) == 4800 + 8, "4,800 messages and 8 openings: \(body.prefix(2000))")
        #expect(Self.sum("advisor_turn_duration_seconds_count", in: body) == 4808)
        #expect(body.contains(#"advisor_build_info{version=""#))
        #expect(Self.sum("advisor_connections_open", in: body) == 0, "every client has closed")
        #expect(!body.contains("bench-"), "no user name in a label")
        #expect(Self.sum("advisor_sessions_in_memory", in: body) == 8, "one session per client")
        #expect(Self.sum("advisor_journal_bytes_written", in: body) > 4800 * 100, "a line of at least 100 bytes per turn")
        #expect(Self.sum("advisor_compactions", in: body) >= 8, "600 turns per user pass the compaction point at least once")
        #expect(try Self.get(port: port, path: "/other").status.contains("404"))
        // A refusal is counted by its code.
        _ = try AdvisorBinary.run(["status", "--connect", socket], input: "", home: directory.url)
        let refused = try ChildProcess.run(
            "/bin/sh", ["-c", "printf '%s\\n' '{\"op\":\"dance\"}' | socat -t 2 - UNIX-CONNECT:'\(socket)'"], environment: ["PATH": "/usr/bin:/bin"],
            output: directory.appending("socat.out").path, error: directory.appending("socat.err").path, timeout: 20)
        #expect(refused == 0)
        #expect(try Self.get(port: port, path: "/metrics").body.contains(#"advisor_refusals_total{code="unknown_op"} 1"#))
    }

    @Test func metricsAreServedOnLoopbackOnly() throws {
        let run = try AdvisorBinary.run(
            ["serve", "--socket", directory.appending("d.sock").path, "--state-dir", directory.appending("state").path, "--metrics", "0.0.0.0:9100"],
            input: "", home: directory.url)
        #expect(run.status != 0 && run.error.contains("loopback"), "\(run.error)")
    }
}
