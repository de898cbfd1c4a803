import AdvisorEngine
import AdvisorRuntime
import ArgumentParser
import Foundation

extension Advisor {
    struct Classify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Classify a message, or each line of standard input, into an intent.")

        @OptionGroup var knowledge: KnowledgeOptions

        @Flag(help: "Print one JSON object per message.")
        var json = false

        @Argument(help: "The message to classify. Without it, each line of standard input is classified.")
        var text: [String] = []

        func run() throws {
            let base = try knowledge.load()
            let printer = ClassificationPrinter(json: json)
            if !text.isEmpty {
                let message = text.joined(separator: " ")
                guard message.utf8.count <= MessageLimits.maximumMessageBytes else {
                    throw ValidationError("The message is \(message.utf8.count) bytes; the limit is \(MessageLimits.maximumMessageBytes).")
                }
                printer.print(message, base.classify(message))
                return
            }
            var input = LineInput()
            var refused = 0
            var number = 0
            while let line = input.next() {
                number += 1
                switch line {
                case .text(let message):
                    printer.print(message, base.classify(message))
                case .tooLong(let bytes):
                    refused += 1
                    FileHandle.printError("line \(number): \(bytes) bytes is over the limit of \(MessageLimits.maximumMessageBytes); not classified")
                }
            }
            if refused > 0 { throw ExitCode(1) }
        }
    }
}

/// Prints classifications as text or JSON lines.
struct ClassificationPrinter {
    var json: Bool

    struct Record: Encodable {
        var text: String
        var intent: String
        var confidence: Double
        var candidates: [Candidate]
    }

    func print(_ text: String, _ match: IntentMatch) {
        if json {
            let record = Record(
                text: text, intent: match.intent, confidence: (match.confidence * 1000).rounded() / 1000,
                candidates: match.candidates.map { Candidate(intent: $0.intent, score: ($0.score * 1000).rounded() / 1000) })
            Swift.print(JSONLine.encode(record))
        } else {
            Swift.print(String(format: "%@\t%.3f", match.intent, match.confidence))
        }
    }
}

/// Encodes one value as a single line of JSON (the reports' `--json`).
enum JSONLine {
    static func encode(_ value: some Encodable, sortedKeys: Bool = false) -> String {
        (try? line(value, sortedKeys: sortedKeys)) ?? "{}"
    }

    /// The line, or the encoder's error (a report's `--json` fails loudly rather than print `{}`).
    static func line(_ value: some Encodable, sortedKeys: Bool = false) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = sortedKeys ? [.sortedKeys, .withoutEscapingSlashes] : [.withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
