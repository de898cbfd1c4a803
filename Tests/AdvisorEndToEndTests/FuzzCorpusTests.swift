import Foundation
import Testing

/// Every seed of the fuzz corpus (Tests/Fixtures/fuzz-corpus/HARNESS/), and every crash
/// Scripts/fuzz.sh ever found once it is added there, runs through its harness without a
/// trap: the harnesses built normally (`advisor-fuzz`), without libFuzzer.
enum FuzzBinary {
    static let url = AdvisorBinary.url.deletingLastPathComponent().appendingPathComponent("advisor-fuzz")
    static var exists: Bool { FileManager.default.isExecutableFile(atPath: url.path) }
}

@Suite(.enabled(if: FuzzBinary.exists, "advisor-fuzz is not built next to advisor: run swift build"))
struct FuzzCorpusTests {
    static let corpus = AdvisorBinary.packageRoot.appendingPathComponent("Tests/Fixtures/fuzz-corpus")

    @Test(arguments: ["message", "knowledge", "request", "state", "journal"])
    func everySeedRunsWithoutATrap(harness: String) throws {
        let directory = try TemporaryDirectory()
        let seeds = Self.corpus.appendingPathComponent(harness)
        let count = try FileManager.default.contentsOfDirectory(atPath: seeds.path).count
        #expect(count > 0, "the \(harness) corpus is empty")
        let output = directory.appending("out").path
        let status = try ChildProcess.run(
            FuzzBinary.url.path, [harness, seeds.path], environment: ["HOME": directory.url.path, "PATH": "/usr/bin:/bin"],
            output: output, error: directory.appending("err").path, timeout: 120)
        let printed = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        let errors = (try? String(contentsOf: directory.appending("err"), encoding: .utf8)) ?? ""
        #expect(status == 0, "\(errors)")
        #expect(printed.contains("\(harness): \(count) input(s) ran without a trap"), "\(printed)\(errors)")
    }
}
