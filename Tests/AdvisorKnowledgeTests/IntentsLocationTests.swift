import AdvisorKnowledge
import Foundation
import Testing

/// Which knowledge base a command uses when it is not named.
struct IntentsLocationTests {
    /// A directory holding `Intents/`, removed afterwards by the caller.
    func workingDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("location-\(UUID().uuidString)").standardizedFileURL
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("Intents"), withIntermediateDirectories: true)
        return directory
    }

    @Test func intentsInTheWorkingDirectoryComeBeforeTheBundledCopy() throws {
        let directory = try workingDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let found = try IntentsLocation.locate(explicit: nil, environment: [:], workingDirectory: directory.path)
        #expect(found.directory.path == directory.appendingPathComponent("Intents").path)
        #expect(found.origin == .workingDirectory)
    }

    @Test func aNamedDirectoryAndTheEnvironmentComeFirst() throws {
        let directory = try workingDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let named = try IntentsLocation.locate(explicit: directory.path, environment: [:], workingDirectory: directory.path)
        #expect(named.origin == .explicit && named.directory.path == directory.path)
        let environment = try IntentsLocation.locate(
            explicit: nil, environment: [IntentsLocation.environmentVariable: directory.path], workingDirectory: directory.path)
        #expect(environment.origin == .environment && environment.directory.path == directory.path)
    }

    @Test func withoutALocalCopyTheBundledOneIsUsedAndSaysSo() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("location-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let found = try IntentsLocation.locate(explicit: nil, environment: [:], workingDirectory: directory.path)
        #expect(found.origin == .bundled)
        #expect(found.origin.phrase.contains("name another with --intents DIR"))
    }

    @Test func aMissingNamedDirectoryIsASentence() {
        #expect(throws: IntentsLocationError.self) {
            try IntentsLocation.locate(explicit: "/nonexistent/Intents", environment: [:])
        }
    }
}
