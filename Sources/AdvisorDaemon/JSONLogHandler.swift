import AdvisorEngine
import AdvisorWire
import Foundation
import Logging

/// How the daemon writes its log lines.
public enum LogFormat: String, Sendable, CaseIterable {
    /// swift-log's text lines.
    case text
    /// One JSON object a line, for log collectors: `time`, `level`, `label`, `message` and
    /// the metadata's keys (never a message text or user name at `info` and above).
    case json
}

/// A swift-log handler that writes each line to standard error as one JSON object, keys in
/// a fixed order (time, level, label, message), then the metadata's, sorted.
struct JSONLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var output = JSONOutput(capacity: 256)
        var object = JSONObject()
        object.key("time", &output); output.string(UTCTime(secondsSince1970: Int(Date().timeIntervalSince1970)).iso8601)
        object.key("level", &output); output.string(event.level.rawValue)
        object.key("label", &output); output.string(label)
        object.key("message", &output); output.string("\(event.message)")
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        for key in merged.keys.sorted() where !["time", "level", "label", "message"].contains(key) {
            object.key(string: key, &output); output.string("\(merged[key]!)")
        }
        object.end(&output)
        output.raw("\n")
        FileHandle.standardError.write(Data(output.bytes))
    }
}
