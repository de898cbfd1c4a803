import AdvisorEngine
import Glibc

/// One line read from a stream: its text, or why it was refused.
public enum InputLine: Sendable, Equatable {
    case text(String)
    /// The line was longer than the limit; its bytes were read and dropped.
    case tooLong(bytes: Int)
}

/// Reads lines from a file descriptor with a bounded buffer.
///
/// A line longer than `limit` bytes is consumed to its end and reported as `.tooLong`, so
/// one huge line cannot exhaust memory or desynchronise what follows. Invalid UTF-8 is
/// replaced by U+FFFD; a trailing "\r" is dropped.
public struct LineInput {
    private let descriptor: Int32
    private let limit: Int
    private var buffer: [UInt8] = []
    private var chunk = [UInt8](repeating: 0, count: 65536)
    private var start = 0
    private var atEnd = false

    public init(descriptor: Int32 = 0, limit: Int = MessageLimits.maximumMessageBytes) {
        self.descriptor = descriptor
        self.limit = limit
    }

    /// The next line, or nil at the end of the input.
    public mutating func next() -> InputLine? {
        var current: [UInt8] = []
        var dropped = 0
        while true {
            if start < buffer.count {
                if let newline = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
                    append(buffer[start..<newline], to: &current, dropped: &dropped)
                    start = newline + 1
                    return finish(current, dropped: dropped)
                }
                append(buffer[start...], to: &current, dropped: &dropped)
                start = buffer.count
            }
            if atEnd {
                return current.isEmpty && dropped == 0 ? nil : finish(current, dropped: dropped)
            }
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 {
                atEnd = true
                continue
            }
            buffer = Array(chunk[0..<count])
            start = 0
        }
    }

    private func append(_ bytes: ArraySlice<UInt8>, to current: inout [UInt8], dropped: inout Int) {
        if dropped > 0 || current.count + bytes.count > limit {
            dropped += current.count + bytes.count
            current.removeAll()
        } else {
            current.append(contentsOf: bytes)
        }
    }

    private func finish(_ bytes: [UInt8], dropped: Int) -> InputLine {
        if dropped > 0 { return .tooLong(bytes: dropped) }
        var bytes = bytes
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        return .text(String(decoding: bytes, as: UTF8.self))
    }
}
