import ArgumentParser

/// The advisor: a conversational career advisor for engineers weighing a master's or MBA
/// in Manufacturing Management.
@main
struct Advisor: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "advisor",
        abstract: "A career advisor for engineers weighing a master's or MBA in Manufacturing Management.",
        subcommands: [Chat.self, Replay.self, Serve.self, LoadBench.self, Classify.self, Explain.self, LintCommand.self, Eval.self, DiffKB.self, Bench.self, Reload.self, Soak.self, SSHKeyLineCommand.self],
        defaultSubcommand: Chat.self
    )
}
