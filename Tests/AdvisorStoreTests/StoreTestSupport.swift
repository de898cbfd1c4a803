@testable import AdvisorEngine
@testable import AdvisorStore
import Foundation
import Glibc

/// Runs `body` with a fresh directory that is removed afterwards.
func withTemporaryDirectory<T>(_ body: (URL) throws -> T) throws -> T {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("advisor-store-tests-\(UUID().uuidString)", isDirectory: true)
        .standardizedFileURL
    defer { try? FileManager.default.removeItem(at: directory) }
    return try body(directory)
}

/// The names of the files in `directory`, sorted.
func fileNames(in directory: URL) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
}

/// The permission bits of the file at `url`.
func permissions(of url: URL) -> mode_t? {
    var info = stat()
    guard stat(url.path, &info) == 0 else { return nil }
    return info.st_mode & 0o777
}

/// The inode of the file at `url`.
func inode(of url: URL) -> UInt64? {
    var info = stat()
    guard stat(url.path, &info) == 0 else { return nil }
    return UInt64(info.st_ino)
}

/// A turn at a whole second, since ISO 8601 dates are stored to the second.
func turn(_ text: String, second: Int = 0) -> Turn {
    Turn(user: text, intent: "greeting", reply: "Reply to \(text).", at: Date(timeIntervalSince1970: 1_700_000_000 + Double(second)))
}

/// Errors collected from several threads.
final class ErrorLog: @unchecked Sendable {
    private let lock = NSLock()
    private var errors: [String] = []

    func record(_ error: any Error) {
        lock.lock()
        defer { lock.unlock() }
        errors.append(String(describing: error))
    }

    var all: [String] {
        lock.lock()
        defer { lock.unlock() }
        return errors
    }
}
