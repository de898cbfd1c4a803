/// The daemon's reader of untrusted bytes, for the fuzz harnesses (`Sources/AdvisorFuzz`).
package enum DaemonFuzzing {
    /// One request line as the daemon decodes it: whether it is a request it understands.
    package static func decodeRequest(_ line: [UInt8]) -> Bool {
        if case .success = DaemonRequest.decode(line) { return true }
        return false
    }
}
