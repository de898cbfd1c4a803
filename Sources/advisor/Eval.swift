import AdvisorRuntime
import ArgumentParser
import Foundation

extension Advisor {
    struct Eval: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Measure accuracy on a labelled file of text<TAB>intent lines.")

        @OptionGroup var knowledge: KnowledgeOptions

        @Flag(help: "List every misclassified message.")
        var misses = false

        @Flag(help: "Read each message as the first message of a fresh conversation (the dialogue layer around the classifier), as a student meets it.")
        var conversation = false

        @Argument(help: "The labelled file.")
        var file: String

        func run() throws {
            let base = try knowledge.load()
            guard let data = FileManager.default.contents(atPath: file) else {
                throw ValidationError("Cannot read \(file).")
            }
            let items: [(text: String, intent: String)]
            do {
                items = try Evaluation.parse(String(decoding: data, as: UTF8.self), knownIntents: Set(base.intents.map(\.id)))
            } catch {
                throw ValidationError("\(file): \(error)")
            }
            print(Evaluation(knowledge: base, items: items, reading: conversation ? .conversation : .classifier).report(showMisses: misses))
        }
    }
}
