import AdvisorDaemon
import AdvisorKnowledge
import ArgumentParser
import Foundation

extension Advisor {
    struct Soak: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Soak-test a daemon of this binary under load while injecting faults, then check nothing was lost.",
            discussion: """
                Starts `advisor serve` on a work directory of its own (trusting this account), runs --clients \
                clients in closed loops for --seconds, and injects in turn: kill -9 and restart; SIGHUP with a \
                broken knowledge base (the old one must keep answering); 200 clients trickling a byte every \
                0.2 s (turns must go on; the idle timeout closes them); and, as root where a tmpfs can be \
                mounted, a full disk. Then every acknowledged turn must be in the saved states and no file \
                unreadable or moved aside. Prints a table; exits 1 if anything did not hold. Scripts/soak.sh \
                builds a release binary and runs this.
                """)

        @OptionGroup var knowledge: KnowledgeOptions

        @Option(help: "How long to run, in seconds.")
        var seconds = 60

        @Option(help: "Clients talking at once.")
        var clients = 16

        @Option(help: "The work directory (emptied first).")
        var work = FileManager.default.temporaryDirectory.appendingPathComponent("advisor-soak").path

        @Flag(help: "Do not try to mount a small tmpfs to fill the disk.")
        var noDiskFull = false

        func validate() throws {
            guard (5...86_400).contains(seconds) else { throw ValidationError("--seconds must be from 5 to 86400.") }
            guard (1...256).contains(clients) else { throw ValidationError("--clients must be from 1 to 256.") }
        }

        func run() throws {
            let binary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
            let test = SoakTest(
                binary: binary, intents: try knowledge.directory(), work: URL(fileURLWithPath: work),
                clients: clients, seconds: seconds, fillDisk: !noDiskFull)
            print("soak: \(clients) clients for \(seconds) s, faults in turn, work directory \(work)")
            let report = try test.run { FileHandle.printError("soak: \($0)") }
            print(report)
            if !report.held { throw ExitCode(1) }
        }
    }
}
