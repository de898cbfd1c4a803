import Foundation
import Glibc

/// The built `advisor` executable and the package it was built from.
enum AdvisorBinary {
    /// The package root: this file is Tests/AdvisorEndToEndTests/AdvisorBinary.swift.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The repository's knowledge base.
    static let intents = packageRoot.appendingPathComponent("Intents", isDirectory: true)

    /// `$ADVISOR_BINARY`; else the `advisor` built next to this test runner (the same
    /// build, whatever its scratch path); else `.build/debug/advisor` in the package.
    static let url: URL = {
        if let named = ProcessInfo.processInfo.environment["ADVISOR_BINARY"], !named.isEmpty {
            return URL(fileURLWithPath: named)
        }
        let runner = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var directory = runner.deletingLastPathComponent()
        for _ in 0..<4 {
            let sibling = directory.appendingPathComponent("advisor")
            if isExecutableFile(sibling) { return sibling }
            directory = directory.deletingLastPathComponent()
        }
        return packageRoot.appendingPathComponent(".build/debug/advisor")
    }()

    static var exists: Bool { isExecutableFile(url) }

    private static func isExecutableFile(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && !isDirectory.boolValue
            && access(url.path, X_OK) == 0
    }

    /// What one run printed and how it ended.
    struct Run {
        var status: Int32
        var output: String
        var error: String
        var lines: [String] { output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
    }

    /// Runs `advisor` with `arguments`, `input` on standard input (a file, not a terminal),
    /// and a clean environment whose HOME is `home`, in `workingDirectory` if given.
    ///
    /// - Throws: when it cannot be started or runs longer than `timeout` seconds.
    static func run(_ arguments: [String], input: String, home: URL, workingDirectory: URL? = nil, timeout: Double = 20) throws -> Run {
        let scratch = home.appendingPathComponent("run-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let inputFile = scratch.appendingPathComponent("stdin")
        let outputFile = scratch.appendingPathComponent("stdout")
        let errorFile = scratch.appendingPathComponent("stderr")
        try Data(input.utf8).write(to: inputFile)

        _ = FileManager.default.createFile(atPath: outputFile.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)

        // Foundation's Process is fine here: advisor starts no daemon that could inherit
        // the socket Process watches (see ChildProcess for tmux, which does).
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        if let workingDirectory { process.currentDirectoryURL = workingDirectory }
        process.environment = ["HOME": home.path, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"]
        process.standardInput = try FileHandle(forReadingFrom: inputFile)
        process.standardOutput = try FileHandle(forWritingTo: outputFile)
        process.standardError = try FileHandle(forWritingTo: errorFile)
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline {
                process.terminate()
                throw TestFailure("advisor \(arguments.joined(separator: " ")) ran longer than \(timeout) s")
            }
            usleep(5_000)
        }
        return Run(
            status: process.terminationStatus,
            output: String(decoding: try Data(contentsOf: outputFile), as: UTF8.self),
            error: String(decoding: try Data(contentsOf: errorFile), as: UTF8.self))
    }
}

/// A failure of the test machinery itself.
struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A directory for one test, removed afterwards.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("advisor-e2e-\(UUID().uuidString)", isDirectory: true).standardizedFileURL
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    /// A subdirectory (not created).
    func appending(_ name: String) -> URL {
        url.appendingPathComponent(name, isDirectory: true)
    }
}
