import Foundation
import Testing

/// The shell completions argument-parser generates, tried in a real bash, and the committed
/// man page against the binary's own description of its commands.
@Suite(.enabled(if: AdvisorBinary.exists, "advisor is not built at \(AdvisorBinary.url.path): run swift build, or set ADVISOR_BINARY"))
struct ShellIntegrationTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    /// Every subcommand, with the long names of its options, as `--experimental-dump-help` gives them.
    private func commands() throws -> [(name: String, options: [String])] {
        let run = try AdvisorBinary.run(["--experimental-dump-help"], input: "", home: directory.url)
        try #require(run.status == 0, "\(run.error)")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
        let command = try #require(root["command"] as? [String: Any])
        return (command["subcommands"] as? [[String: Any]] ?? []).compactMap { subcommand in
            // Hidden commands (the benchmark's reference server) are in no help and no manual.
            guard let name = subcommand["commandName"] as? String, name != "help", subcommand["shouldDisplay"] as? Bool != false else { return nil }
            let options = (subcommand["arguments"] as? [[String: Any]] ?? []).flatMap { argument in
                (argument["names"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String == "long" ? $0["name"] as? String : nil }
            }
            return (name, options.filter { $0 != "help" })
        }
    }

    /// What bash's programmable completion offers for `words` (the last one being completed).
    private func bashCompletes(_ words: [String]) throws -> [String] {
        let script = directory.appending("advisor.bash")
        let generated = try AdvisorBinary.run(["--generate-completion-script", "bash"], input: "", home: directory.url)
        try #require(generated.status == 0, "\(generated.error)")
        try Data(generated.output.utf8).write(to: script)
        let line = words.joined(separator: " ")
        let driver = """
            source '\(script.path)'
            COMP_WORDS=(\(words.map { "'\($0)'" }.joined(separator: " ")))
            COMP_CWORD=\(words.count - 1)
            COMP_LINE='\(line)'
            COMP_POINT=\(line.utf8.count)
            _advisor advisor '\(words.last ?? "")' '\(words.dropLast().last ?? "")'
            printf '%s\\n' "${COMPREPLY[@]}"
            """
        let output = directory.appending("completions.out")
        let status = try ChildProcess.run(
            "/bin/bash", ["-c", driver], environment: ["PATH": AdvisorBinary.url.deletingLastPathComponent().path + ":/usr/bin:/bin"],
            output: output.path, error: directory.appending("completions.err").path, timeout: 20)
        let errors = (try? String(contentsOf: directory.appending("completions.err"), encoding: .utf8)) ?? ""
        try #require(status == 0, "bash failed: \(errors)")
        return try String(contentsOf: output, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    @Test func bashCompletesSubcommandsAndOptions() throws {
        let subcommands = try bashCompletes(["advisor", ""])
        for name in ["chat", "serve", "replay", "eval", "lint", "reload"] {
            #expect(subcommands.contains(name), "\(name) in \(subcommands)")
        }
        let options = try bashCompletes(["advisor", "chat", "--"])
        for option in ["--json", "--welcome", "--state-dir", "--connect"] {
            #expect(options.contains(option), "\(option) in \(options)")
        }
    }

    @Test func zshAndFishScriptsAreGenerated() throws {
        let zsh = try AdvisorBinary.run(["--generate-completion-script", "zsh"], input: "", home: directory.url)
        #expect(zsh.status == 0 && zsh.output.hasPrefix("#compdef advisor"), "\(zsh.output.prefix(80))")
        let fish = try AdvisorBinary.run(["--generate-completion-script", "fish"], input: "", home: directory.url)
        #expect(fish.status == 0 && fish.output.contains("complete -c 'advisor'"), "\(fish.output.prefix(80))")
    }

    /// The committed page (`Scripts/man/advisor.1`) names every subcommand and option the
    /// binary has: a new one without `Scripts/generate-man.sh` fails here.
    @Test func theManPageNamesEveryCommandAndOption() throws {
        let page = try String(
            contentsOf: AdvisorBinary.packageRoot.appendingPathComponent("Scripts/man/advisor.1"), encoding: .utf8)
        #expect(page.contains(".Dt ADVISOR 1"))
        var missing: [String] = []
        for command in try commands() {
            guard let start = page.range(of: ".It Em \(command.name)\n") else {
                missing.append(command.name)
                continue
            }
            // The command's section runs to the next command's entry.
            let section = page[start.upperBound...].components(separatedBy: "\n.It Em ").first ?? ""
            for option in command.options where !section.contains(".It Fl -\(option)") {
                missing.append("\(command.name) --\(option)")
            }
        }
        #expect(missing.isEmpty, "not in Scripts/man/advisor.1 (run Scripts/generate-man.sh): \(missing)")
    }
}
