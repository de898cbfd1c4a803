import Foundation
import Testing
import Glibc

/// The maintainer's guide (`Intents/README.md`) is a worked example whose `console` blocks
/// are replayed here, command by command, against the real binary: the guide cannot drift
/// from the tools. With `ADVISOR_UPDATE_GUIDE=1` the outputs in the guide are rewritten.
///
/// Each block's `$ ` lines are shell commands (a here-document runs to its `EOF` line), the
/// lines after them the expected output (standard output and error together). They run in
/// order in one scratch directory, shown as `/srv/kb`, holding `Intents/` (the office's
/// working copy), `served/` (the copy a daemon on `advisor.sock` serves), `conversations/`
/// (two transcripts) and `questions.tsv` (a labelled set).
@Suite(.enabled(if: AdvisorBinary.exists, "advisor is not built at \(AdvisorBinary.url.path): run swift build, or set ADVISOR_BINARY"))
struct MaintainerGuideTests {
    static let guide = AdvisorBinary.intents.appendingPathComponent("README.md")
    static let shownDirectory = "/srv/kb"

    /// A command and the output the guide shows for it, at its line in the guide.
    struct Step {
        var command: String
        var expected: [String]
        /// The guide's lines that hold the expected output (a half-open range).
        var outputLines: Range<Int>
    }

    /// The `console` blocks' steps, in order.
    static func steps(_ lines: [String]) -> [Step] {
        var steps: [Step] = []
        var index = 0
        var inBlock = false
        while index < lines.count {
            let line = lines[index]
            if !inBlock {
                inBlock = line == "```console"
                index += 1
                continue
            }
            if line == "```" {
                inBlock = false
                index += 1
                continue
            }
            guard line.hasPrefix("$ ") else {
                index += 1  // output before the first command of a block: not checked
                continue
            }
            var command = String(line.dropFirst(2))
            index += 1
            if command.contains("<<'EOF'") || command.contains("<<EOF") {
                while index < lines.count {
                    command += "\n" + lines[index]
                    index += 1
                    if lines[index - 1] == "EOF" { break }
                }
            }
            let start = index
            while index < lines.count && !lines[index].hasPrefix("$ ") && lines[index] != "```" { index += 1 }
            steps.append(Step(command: command, expected: Array(lines[start..<index]), outputLines: start..<index))
        }
        return steps
    }

    @Test func theWorkedExampleRunsAsWritten() throws {
        let text = try String(contentsOf: Self.guide, encoding: .utf8)
        var lines = text.components(separatedBy: "\n")
        let steps = Self.steps(lines)
        #expect(steps.count >= 10, "the guide's worked example has \(steps.count) commands")

        let scratch = try TemporaryDirectory()
        let root = scratch.url.resolvingSymlinksInPath()
        let manager = FileManager.default
        try manager.copyItem(at: AdvisorBinary.intents, to: root.appendingPathComponent("Intents"))
        try manager.copyItem(at: AdvisorBinary.intents, to: root.appendingPathComponent("served"))
        let conversations = root.appendingPathComponent("conversations")
        try manager.createDirectory(at: conversations, withIntermediateDirectories: true)
        let scripts = AdvisorBinary.intents.deletingLastPathComponent().appendingPathComponent("Scripts/conversations")
        for name in ["03-roles.txt", "21-anaphora.txt"] {
            try manager.copyItem(at: scripts.appendingPathComponent(name), to: conversations.appendingPathComponent(name))
        }
        try manager.copyItem(
            at: AdvisorBinary.intents.deletingLastPathComponent().appendingPathComponent("Tests/Fixtures/dev.tsv"),
            to: root.appendingPathComponent("questions.tsv"))
        let home = root.appendingPathComponent("home")
        try manager.createDirectory(at: home, withIntermediateDirectories: true)
        let environment = [
            "PATH": AdvisorBinary.url.deletingLastPathComponent().path + ":/usr/bin:/bin", "HOME": home.path,
            "LANG": "C.UTF-8", "NO_COLOR": "1", "TERM": "dumb",
        ]

        let socket = root.appendingPathComponent("advisor.sock").path
        let daemon = try BackgroundProcess(
            AdvisorBinary.url.path,
            ["serve", "--intents", root.appendingPathComponent("served").path, "--socket", socket,
             "--state-dir", root.appendingPathComponent("state").path],
            environment: environment, log: scratch.appending("daemon.log"))
        defer { daemon.stop() }
        guard SSHTools.wait(timeout: 30, until: { SSHTools.unixSocketAnswers(socket) || daemon.hasExited }), !daemon.hasExited else {
            throw TestFailure("The daemon did not start:\n\(daemon.output)")
        }

        let update = ProcessInfo.processInfo.environment["ADVISOR_UPDATE_GUIDE"] == "1"
        var replacements: [(Range<Int>, [String])] = []
        for step in steps {
            let output = scratch.appending("step.out")
            let status = try ChildProcess.run(
                "/bin/sh", ["-c", "cd '\(root.path)' && { \(step.command)\n} 2>&1"], environment: environment,
                output: output.path, error: scratch.appending("step.err").path, timeout: 60)
            var actual = String(decoding: try Data(contentsOf: output), as: UTF8.self)
                .replacingOccurrences(of: root.path, with: Self.shownDirectory)
                .components(separatedBy: "\n")
            while actual.last?.isEmpty == true { actual.removeLast() }
            var expected = step.expected
            while expected.last?.isEmpty == true { expected.removeLast() }
            if update {
                // Keep the blank lines that separated this output from what follows.
                replacements.append((step.outputLines, actual + step.expected[expected.count...]))
            } else {
                #expect(actual == expected, """
                    the guide's output for `\(step.command.prefix(80))` (exit \(status)) differs; \
                    run ADVISOR_UPDATE_GUIDE=1 swift test --filter MaintainerGuideTests if the new output is right.
                    expected:
                    \(expected.joined(separator: "\n"))
                    actual:
                    \(actual.joined(separator: "\n"))
                    """)
            }
        }
        if update {
            for (range, output) in replacements.reversed() { lines.replaceSubrange(range, with: output) }
            let updated = lines.joined(separator: "\n")
            if updated != text { try Data(updated.utf8).write(to: Self.guide) }
        }
    }

    @Test func stepsAreReadFromConsoleBlocksOnly() {
        let lines = [
            "text", "```yaml", "$ not a command", "```", "```console", "$ advisor lint | tail -1", "33 intents", "",
            "$ cat > a.yaml <<'EOF'", "x: 1", "EOF", "$ true", "```",
        ]
        let steps = Self.steps(lines)
        #expect(steps.map(\.command) == ["advisor lint | tail -1", "cat > a.yaml <<'EOF'\nx: 1\nEOF", "true"])
        #expect(steps.map(\.expected) == [["33 intents", ""], [], []])
        #expect(steps.first?.outputLines == 6..<8)
    }
}
