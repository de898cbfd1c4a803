import AdvisorEngine
import AdvisorKnowledge
import ArgumentParser
import Foundation

extension Advisor {
    struct Bench: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Measure knowledge base load time and classify latency and throughput.",
            discussion: "Run it from a release build (swift build -c release); debug builds are many times slower.")

        @OptionGroup var knowledge: KnowledgeOptions

        @Option(help: "How many messages to classify.")
        var messages = 200_000

        @Option(help: "How many times to load the knowledge base.")
        var loads = 20

        func validate() throws {
            guard (1_000...10_000_000).contains(messages) else { throw ValidationError("--messages must be from 1000 to 10000000.") }
            guard (1...1_000).contains(loads) else { throw ValidationError("--loads must be from 1 to 1000.") }
        }

        func run() throws {
            let directory = try knowledge.directory()
            let stemmer = Stemmer()
            var loadTimes: [Double] = []
            var parseTimes: [Double] = []
            var base: KnowledgeBase?
            for _ in 0..<loads {
                let started = ContinuousClock.now
                let definition = try KnowledgeBaseLoader.loadDefinition(directory: directory)
                let parsed = ContinuousClock.now
                base = try KnowledgeBase(definition, stemmer: stemmer)
                parseTimes.append(Self.microseconds(parsed - started))
                loadTimes.append(Self.microseconds(ContinuousClock.now - started))
            }
            guard let base else { return }
            // The corpus: every example in the knowledge base plus fixed out-of-scope messages.
            let corpus = base.intents.flatMap { $0.examples.map(\.value) } + Self.outOfScope
            var latencies: [Double] = []
            latencies.reserveCapacity(messages)
            var checksum = 0
            let started = ContinuousClock.now
            for index in 0..<messages {
                let text = corpus[index % corpus.count]
                let before = ContinuousClock.now
                let match = base.classify(text)
                latencies.append(Self.microseconds(ContinuousClock.now - before))
                checksum &+= match.intent.utf8.count
            }
            let elapsed = Self.microseconds(ContinuousClock.now - started) / 1_000_000
            latencies.sort()
            loadTimes.sort()
            parseTimes.sort()
            print("knowledge base: \(base.intents.count) intents from \(directory.path)")
            print(String(format: "load: median %.2f ms, min %.2f ms, max %.2f ms over %d loads",
                         loadTimes[loadTimes.count / 2] / 1000, loadTimes[0] / 1000, loadTimes[loadTimes.count - 1] / 1000, loads))
            print(String(format: "  of which reading and parsing YAML: median %.2f ms", parseTimes[parseTimes.count / 2] / 1000))
            print(String(format: "classify: median %.2f µs, p99 %.2f µs, max %.2f µs over %d messages (%d distinct)",
                         latencies[latencies.count / 2], latencies[latencies.count * 99 / 100], latencies[latencies.count - 1],
                         messages, corpus.count))
            print(String(format: "throughput: %.0f messages/s on one thread (checksum %d)", Double(messages) / elapsed, checksum))
            let turns = Self.turnLatencies(base, corpus: corpus, count: min(messages, 100_000))
            print(String(format: "whole turn (dialogue layer, state in and out, no I/O): median %.2f µs, p99 %.2f µs over %d turns",
                         turns[turns.count / 2], turns[turns.count * 99 / 100], turns.count))
        }

        /// A whole turn of the engine: conversations of twelve messages each, so that the
        /// frame (topic, focus, offers, the assessment) is exercised, sorted latencies.
        static func turnLatencies(_ base: KnowledgeBase, corpus: [String], count: Int) -> [Double] {
            let engine = DialogueEngine(knowledge: base)
            let followUps = ["and plant head?", "why?", "what do you mean?", "is it taught?", "yes", "tell me more", "operations?"]
            var state = SessionState(user: "bench")
            var latencies: [Double] = []
            latencies.reserveCapacity(count)
            for index in 0..<count {
                if index % 12 == 0 { state = SessionState(user: "bench") }
                let text = index % 3 == 2 ? followUps[index % followUps.count] : corpus[index % corpus.count]
                let before = ContinuousClock.now
                _ = engine.respond(to: text, state: &state, seed: UInt64(index))
                latencies.append(microseconds(ContinuousClock.now - before))
            }
            return latencies.sorted()
        }

        static func microseconds(_ duration: Duration) -> Double {
            let parts = duration.components
            return Double(parts.seconds) * 1_000_000 + Double(parts.attoseconds) / 1_000_000_000_000
        }

        static let outOfScope = [
            "what's the weather in pune tomorrow", "tell me a joke", "how do I manage my time",
            "plant a tree in my garden", "supply me a pizza", "write a python script to sort a list",
            "who won the cricket match yesterday", "asdfgh qwerty", "recommend a movie for tonight",
        ]
    }
}
