import ArgumentParser

extension Advisor {
    /// Being written: the REPL.
    struct Chat: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Talk with the advisor.")
        func run() throws { throw ValidationError("chat is not built yet") }
    }
}
