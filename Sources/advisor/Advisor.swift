import AdvisorKnowledge
import ArgumentParser
import Foundation

/// The advisor: a conversational career advisor for engineers weighing a master's or MBA
/// in Manufacturing Management.
@main
struct Advisor: AsyncParsableCommand {
    /// This build's version.
    static let version = "0.6.0"

    static let configuration = CommandConfiguration(
        commandName: "advisor",
        abstract: "A career advisor for engineers weighing a master's or MBA in Manufacturing Management.",
        discussion: "advisor --version prints the version and the identity of the knowledge base it finds (its content hash and intent count).",
        subcommands: [Chat.self, Replay.self, Serve.self, LoadBench.self, Classify.self, Explain.self, LintCommand.self, Eval.self, DiffKB.self, Bench.self, Reload.self, Soak.self, SSHKeyLineCommand.self, InsightsCommand.self, Status.self, DoctorCommand.self, ReferenceServerCommand.self],
        defaultSubcommand: Chat.self
    )

    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        // `--version` (alone, or with --intents DIR) describes the knowledge base as well,
        // so it is answered here rather than by a static string.
        if arguments.first == "--version" || arguments.first == "-V" {
            let explicit = arguments.count == 3 && arguments[1] == "--intents" ? arguments[2] : nil
            print("advisor \(version)")
            do {
                let directory = try IntentsLocation.locate(explicit: explicit).directory
                let identity = try KnowledgeIdentity(directory: directory)
                print("knowledge base: \(directory.path), \(identity.files) file(s), \(identity.intents) intents, content \(identity.hash)")
            } catch {
                print("knowledge base: not loadable (\(error))")
                Foundation.exit(2)
            }
            return
        }
        await main(nil)
    }
}
