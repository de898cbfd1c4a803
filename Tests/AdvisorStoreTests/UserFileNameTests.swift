@testable import AdvisorEngine
@testable import AdvisorStore
import Foundation
import Testing

@Suite struct HostileUserNames {
    static let refused = [
        "", "a\u{0}b", "a\nb", "tab\there", "\u{7F}", "\u{85}",
        String(repeating: "x", count: 200), String(repeating: "é", count: 33),
        // Bytes that were not UTF-8 (`--user $'\xff'` and `$'\xfe'` both arrive as this).
        "\u{FFFD}", "ab\u{FFFD}",
    ]
    static let mapped = [
        "../x", "/etc/passwd", "a/b", ".", "..", "...", "é名前", ".hidden", "a..b", "~", " ", "%2F", "x.json",
        "C:\\x", "\u{202E}evil", String(repeating: "é", count: 32),
    ]

    @Test(arguments: refused)
    func isRefusedWithASentence(user: String) throws {
        try withTemporaryDirectory { directory in
            let store = try FileSessionStore(directory: directory)
            let error = #expect(throws: SessionStoreError.self) { try store.update(user: user) { _ in } }
            #expect(error?.message.hasSuffix(".") == true)
            #expect(throws: SessionStoreError.self) { try store.load(user: user) }
            #expect(throws: SessionStoreError.self) { try store.delete(user: user) }
            #expect(throws: SessionStoreError.self) { try store.fileURL(user: user, extension: "history") }
            #expect(try fileNames(in: directory).isEmpty)
        }
    }

    @Test(arguments: mapped)
    func staysDirectlyInsideTheDirectory(user: String) throws {
        try withTemporaryDirectory { root in
            let directory = root.appendingPathComponent("state", isDirectory: true)
            let store = try FileSessionStore(directory: directory)
            for ext in ["json", "lock", "history"] {
                let url = try store.fileURL(user: user, extension: ext)
                #expect(url.resolvingSymlinksInPath().deletingLastPathComponent().path == directory.resolvingSymlinksInPath().path)
                #expect(!url.lastPathComponent.hasPrefix("."))
                #expect(!url.lastPathComponent.contains("/"))
                #expect(url.lastPathComponent.utf8.count <= 255 - 40)
            }
            _ = try store.update(user: user) { $0.record(turn("hi")) }
            let state = try #require(try store.load(user: user).value)
            #expect(state.user == user)
            let expected = try UserFileName(user: user).baseName
            #expect(try fileNames(in: directory) == ["\(expected).json", "\(expected).lock"].sorted())
            // Nothing was written next to the directory.
            #expect(try fileNames(in: root) == ["state"])
            try store.delete(user: user)
            #expect(try fileNames(in: directory).isEmpty)
        }
    }

    @Test func encodingKeepsSafeCharactersAndPercentEncodesTheRest() throws {
        let cases = [
            "alice": "alice", "Bob_Smith-2": "Bob_Smith-2", "a.b.": "a.b.",
            "../x": "%2E.%2Fx", ".": "%2E", "..": "%2E.", "a/b": "a%2Fb", "/etc/passwd": "%2Fetc%2Fpasswd",
            "100%": "100%25", "é名前": "%C3%A9%E5%90%8D%E5%89%8D", "a b": "a%20b",
        ]
        for (user, encoded) in cases {
            #expect(try UserFileName(user: user).baseName == encoded)
        }
    }

    @Test func differentNamesNeverShareAFile() throws {
        let names = Self.mapped + ["%2E", "%2E.", "a%2Fb", "x%2Ejson", "a b", "a%20b", "A", "a"]
        let encoded = try names.map { try UserFileName(user: $0).baseName }
        #expect(Set(encoded).count == Set(names).count)
    }

    @Test func composedAndDecomposedAccentsAreTheSameUser() throws {
        let composed = "Jos\u{E9}"
        let decomposed = "Jose\u{301}"
        #expect(composed == decomposed)
        #expect(try UserFileName(user: composed) == UserFileName(user: decomposed))
    }

    @Test func sixtyFourBytesAreAcceptedAndSixtyFiveAreNot() throws {
        #expect(throws: Never.self) { try UserFileName(user: String(repeating: "a", count: 64)) }
        #expect(throws: SessionStoreError.self) { try UserFileName(user: String(repeating: "a", count: 65)) }
    }

    @Test func extensionsMustBeLowercaseLettersAndDigits() throws {
        let name = try UserFileName(user: "alice")
        #expect(try name.fileName(extension: "history") == "alice.history")
        for ext in ["", "../x", "a/b", "JSON", "tar.gz", "a\u{0}"] {
            #expect(throws: SessionStoreError.self) { try name.fileName(extension: ext) }
        }
    }
}
