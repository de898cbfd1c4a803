import AdvisorEngine
import AdvisorKnowledge
import Foundation
import Testing

/// The real `Intents/`: it loads, lint finds no error, and every example classifies to its own intent.
struct BundledKnowledgeTests {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Intents")

    /// The intent ids the project must define: `../shared/intent-catalog.md`.
    static let requiredIntentIDs: [String] = [
        "program.overview", "program.vs_general_mba", "program.why_engineers", "program.skills",
        "curriculum.overview", "curriculum.operations", "curriculum.lean", "curriculum.industry40",
        "curriculum.plant_project",
        "roles.overview", "roles.operations_manager", "roles.plant_manager", "roles.supply_chain_manager",
        "roles.consultant", "career.perception", "career.advancement",
        "industry40.overview", "industry40.smart_factory", "industry40.ai_quality", "industry40.automation",
        "industry40.digital_supply_chain",
        "india.outlook", "india.sectors",
        "fit.who_for", "fit.assess",
        "chat.greeting", "chat.goodbye", "chat.thanks", "chat.help", "chat.more", "chat.source",
        "info.unknown", "fallback",
    ]

    @Test func everyCatalogIntentExistsAndIsPromisedInCatalogYAML() throws {
        let knowledge = try KnowledgeBaseLoader.load(directory: Self.directory)
        let missing = Self.requiredIntentIDs.filter { knowledge[$0] == nil }
        #expect(missing.isEmpty, "missing: \(missing)")
        // Lint guards the catalog that Intents/catalog.yaml declares: it must be the project's.
        let reading = KnowledgeBaseLoader.read(files: try KnowledgeBaseLoader.files(in: Self.directory))
        #expect(Set(reading.definition.catalog.map(\.value)) == Set(Self.requiredIntentIDs))
    }

    @Test func everyExampleClassifiesToItsOwnIntent() throws {
        let knowledge = try KnowledgeBaseLoader.load(directory: Self.directory)
        var misrouted: [String] = []
        for intent in knowledge.intents {
            #expect(intent.examples.count >= Lint.minimumExamples, "\(intent.id) has \(intent.examples.count) examples")
            for example in intent.examples {
                let match = knowledge.classify(example.value)
                if match.intent != intent.id {
                    misrouted.append("\(example.location): \"\(example.value)\" → \(match.intent), expected \(intent.id)")
                }
            }
        }
        #expect(misrouted.isEmpty, "\(misrouted.joined(separator: "\n"))")
    }

    @Test func lintFindsNoErrors() throws {
        let definition = try KnowledgeBaseLoader.loadDefinition(directory: Self.directory)
        let knowledge = try KnowledgeBase(definition)
        let errors = Lint.check(knowledge, definition: definition).filter { $0.severity == .error }
        #expect(errors.isEmpty, "\(errors.map(\.description).joined(separator: "\n"))")
    }

    @Test func genericWordsAloneFallBack() throws {
        let knowledge = try KnowledgeBaseLoader.load(directory: Self.directory)
        for text in ["how do I manage my time", "plant a tree in my garden", "supply me a pizza", "manager", "plant", "management"] {
            #expect(knowledge.classify(text).intent == KnowledgeBase.fallbackID, "\(text)")
        }
    }
}

struct KnowledgeBaseLoaderTests {
    func write(_ files: [String: String]) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kb-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return directory
    }

    @Test func reportsMistakesWithFileAndLine() throws {
        let directory = try write([
            "a.yaml": """
                intents:
                  - id: fallback
                    answer: Sorry.
                    keywrods: [x]
                """,
            "b.yaml": "intents: [\n  - id: x\n",
        ])
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect {
            try KnowledgeBaseLoader.load(directory: directory)
        } throws: { error in
            let text = "\(error)"
            return text.contains("a.yaml:4: unknown intent key 'keywrods'") && text.contains("b.yaml:") && text.contains("invalid YAML")
        }
    }

    @Test func mergesFilesAndBuilds() throws {
        let directory = try write([
            "vocabulary.yaml": "synonyms:\n  ops: operations\nconcepts:\n  lean: [lean, kaizen]\n",
            "intents.yaml": """
                intents:
                  - id: curriculum.lean
                    require: ["@lean"]
                    answer: Lean is about waste.
                  - id: fallback
                    answer: Sorry.
                """,
        ])
        defer { try? FileManager.default.removeItem(at: directory) }
        let knowledge = try KnowledgeBaseLoader.load(directory: directory)
        #expect(knowledge.classify("what is kaizen").intent == "curriculum.lean")
        #expect(knowledge["curriculum.lean"]?.location == SourceLocation(file: "intents.yaml", line: 2))
    }

    @Test func anEmptyDirectoryIsAnError() throws {
        let directory = try write([:])
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(throws: KnowledgeBaseErrors.self) { try KnowledgeBaseLoader.load(directory: directory) }
    }
}
