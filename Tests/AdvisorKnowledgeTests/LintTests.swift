import AdvisorEngine
import AdvisorKnowledge
import Foundation
import Testing
import Glibc

/// What `advisor lint` reports for the usual mistakes: one small knowledge base per mistake,
/// checked by the text a maintainer reads.
struct LintTests {
    /// A source with one claim and a dialogue section with the area `topics`.
    static let base: [String: String] = [
        "source.yaml": """
            source:
              id: s
              name: Source
              date: 1 May 2026
            claims:
              - {id: a, section: S, claim: The point.}
            """,
        "dialogue.yaml": """
            dialogue:
              areas:
                topics:
                  title: Topics
                  overview: topics.lean
            """,
    ]

    /// An intent with the given rules; its answer cites the one claim when `cites` is set.
    static func intent(
        _ id: String, require: [String], exclude: [String] = [], keywords: [String] = [], weight: Double? = nil,
        examples: [String], cites: Bool = false
    ) -> String {
        func list(_ items: [String]) -> String { "[" + items.map { "\"\($0)\"" }.joined(separator: ", ") + "]" }
        var lines = ["  - id: \(id)", "    question: About \(id)?", "    require: \(list(require))"]
        if !exclude.isEmpty { lines.append("    exclude: \(list(exclude))") }
        if !keywords.isEmpty { lines.append("    keywords: \(list(keywords))") }
        if let weight { lines.append("    weight: \(weight)") }
        lines.append("    examples: \(list(examples))")
        lines.append(cites ? "    answer:\n      - source: [a]\n        text: The point." : "    answer:\n      - advisor: An answer.")
        return lines.joined(separator: "\n") + "\n"
    }

    static let fallback = "  - id: fallback\n    answer:\n      - advisor: Sorry.\n"

    /// Writes `files` (over `base`) to a fresh directory and lints it.
    func lint(_ files: [String: String], base: [String: String] = LintTests.base) throws -> LintReport {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lint-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for (name, text) in base.merging(files, uniquingKeysWith: { $1 }) {
            let url = directory.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return Lint.run(directory: directory)
    }

    /// The findings as printed, without the catalog's (these knowledge bases are not the
    /// programme's) and the example-count rule.
    func printed(_ report: LintReport) -> [String] {
        report.findings.map(\.description).filter { !$0.contains("catalog intent") && !$0.contains("examples; at least") }
    }

    func find(_ report: LintReport, _ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> String {
        let match = printed(report).first { $0.contains(text) }
        #expect(match != nil, "no finding contains \"\(text)\": \(printed(report))", sourceLocation: sourceLocation)
        return match ?? ""
    }

    @Test func aConceptWrittenAsABlockHasItsPhrasesEachAtItsOwnLine() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("block-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let text = """
            concepts:
              colours: |
                red, green
                # a comment, not a phrase
                light blue,  dark blue
            known_words: |
              alpha, beta
              gamma
            """
        try Data(text.utf8).write(to: directory.appendingPathComponent("words.yaml"))
        let definition = try KnowledgeBaseLoader.loadDefinition(directory: directory)
        let phrases = try #require(definition.concepts.first { $0.name == "colours" }).phrases
        #expect(phrases.map(\.value) == ["red", "green", "light blue", "dark blue"])
        #expect(phrases.map(\.location.line) == [3, 3, 5, 5])
        #expect(definition.knownWords.map(\.value) == ["alpha", "beta", "gamma"])
    }

    @Test func aYesNoMappingToAChoiceTheQuestionDoesNotHaveNamesItsLine() throws {
        let assessment = """
            assessment:
              questions:
                - id: scale
                  kind: choice
                  text: Are you more interested in the system than the component?
                  choices:
                    system: [system]
                    component: [component]
                  yes_no: {"yes": system, "no": part}
              rules:
                - verdict: ok
              verdicts:
                ok: {line: Fine.}
            """
        let report = try lint(["assessment.yaml": assessment, "topics.yaml": "intents:\n" + Self.fallback])
        #expect(find(report, "maps 'no' to 'part', which it does not accept").contains("assessment.yaml:9"))
    }

    // MARK: The catalog

    @Test func aCatalogIntentNoFileDefinesNamesTheCatalogLineAndHowToRetireIt() throws {
        let report = try lint([
            "intents.yaml": "intents:\n" + Self.intent("topics.lean", require: ["lean"], examples: ["what is lean"]) + Self.fallback,
            "catalog.yaml": "catalog:\n  - topics.lean\n  - topics.scholarships\n  - topics.lean\n",
        ])
        let findings = report.findings.map(\.description)
        #expect(findings.contains(
            "catalog.yaml:3: error: the catalog intent 'topics.scholarships' is missing: no file defines it. Define it, or, to retire it on purpose, remove this line from the catalog"),
            "\(findings)")
        #expect(findings.contains("catalog.yaml:4: error: the catalog lists 'topics.lean' twice (first at catalog.yaml:2); remove this line"), "\(findings)")
        // Retired: the line removed, lint has nothing to say about the catalog.
        let retired = try lint([
            "intents.yaml": "intents:\n" + Self.intent("topics.lean", require: ["lean"], examples: ["what is lean"]) + Self.fallback,
            "catalog.yaml": "catalog:\n  - topics.lean\n",
        ])
        #expect(!retired.findings.contains { $0.message.contains("catalog") }, "\(retired.findings.map(\.description))")
    }

    @Test func aSecondSourceWithAnotherBackgroundLabelIsAnError() throws {
        let office = """
            source:
              id: office
              name: the programme office
              background_label: "Not from the office:"
            claims:
              - {id: o, section: S, claim: A fact.}
            """
        let source = Self.base["source.yaml"]!.replacingOccurrences(of: "  date: 1 May 2026\n", with: "  date: 1 May 2026\n  background_label: \"Background:\"\n")
        let report = try lint(["office.yaml": office, "source.yaml": source])
        // Files are read in name order: office.yaml's label came first.
        let finding = find(report, "source.yaml:2: error: a second background_label (\"Background:\"); the first, \"Not from the office:\", is at office.yaml:2.")
        #expect(finding.contains("One label introduces the background of every answer, whatever source it cites: declare it on one source only"), "\(finding)")
        // Without its own label, a second source is welcome.
        let quiet = try lint(["office.yaml": office.replacingOccurrences(of: "  background_label: \"Not from the office:\"\n", with: ""), "source.yaml": source])
        #expect(!printed(quiet).contains { $0.contains("background_label") }, "\(printed(quiet))")
    }

    // MARK: Files

    /// The audit's bug 9: the size limit was checked on a symbolic link, not its target, and a
    /// FIFO's refusal said "You don't have permission".
    @Test func theSizeLimitAppliesToALinksTargetAndAFIFOIsNamedAsSuch() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lint-files-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for (name, text) in Self.base { try Data(text.utf8).write(to: directory.appendingPathComponent(name)) }
        let big = directory.appendingPathComponent("big.txt")
        try Data(("# " + String(repeating: "x", count: 100) + "\n").utf8).write(to: big)
        let handle = try FileHandle(forWritingTo: big)
        try handle.truncate(atOffset: UInt64(KnowledgeBaseLoader.maximumFileSize + 4096))
        try handle.close()
        try FileManager.default.createSymbolicLink(atPath: directory.appendingPathComponent("linked.yaml").path, withDestinationPath: big.path)
        #expect(mkfifo(directory.appendingPathComponent("pipe.yaml").path, 0o600) == 0)

        let report = Lint.run(directory: directory)
        let findings = report.findings.map(\.description)
        #expect(findings.contains { $0.hasPrefix("linked.yaml:1: error: file is 4.0 MB (4198400 bytes); the limit is 4 MB") }, "\(findings)")
        #expect(findings.contains("pipe.yaml:1: error: this is a FIFO, not a regular file; a knowledge base file must be a regular YAML file"), "\(findings)")
    }

    // MARK: YAML syntax

    @Test func aColonInOneLineTextSaysToQuoteIt() throws {
        let report = try lint(["intents.yaml": "intents:\n  - id: x.y\n    answer: Scholarships: see the page\n"])
        let finding = find(report, "intents.yaml:3: error: invalid YAML:")
        #expect(finding.contains("the text after 'answer:' contains ': '"), "\(finding)")
        #expect(finding.contains("Hint: put the text in double quotes, or write the key followed by '|'"), "\(finding)")
        #expect(finding.contains("The YAML parser says: mapping values are not allowed in this context (line 3, column 25)"), "\(finding)")
    }

    @Test func anUnquotedConceptSaysToQuoteIt() throws {
        let report = try lint(["intents.yaml": "intents:\n  - id: x.y\n    require: [@fees, b]\n"])
        let finding = find(report, "intents.yaml:3: error: invalid YAML:")
        #expect(finding.contains("'@fees' starts with '@'"), "\(finding)")
        #expect(finding.contains("Hint: write it in double quotes: \"@fees\""), "\(finding)")
        #expect(finding.contains("found character that cannot start any token"), "the parser's text is kept: \(finding)")
    }

    @Test func aTabSaysToUseSpaces() throws {
        let report = try lint(["intents.yaml": "intents:\n  - id: x.y\n\ttitle: T\n"])
        let finding = find(report, "intents.yaml:3: error: invalid YAML: line 3 has a tab character")
        #expect(finding.contains("Hint: YAML indents with spaces only: replace the tab with spaces"), "\(finding)")
        #expect(finding.contains("found a tab character that violates indentation"), "\(finding)")
    }

    @Test func aMisindentedKeySaysIndentation() throws {
        let report = try lint(["intents.yaml": "intents:\n  - id: x.y\n    title: T\n     question: Q\n"])
        let finding = find(report, "intents.yaml:4: error: invalid YAML: line 4, or a line just above it, is not indented like the lines around it")
        #expect(finding.contains("start in the same column"), "\(finding)")
    }

    @Test func anUnclosedQuoteNamesTheLineItOpensOn() throws {
        let report = try lint(["intents.yaml": "intents:\n  - id: x.y\n    answer: \"abc\n    title: t\n"])
        _ = find(report, "intents.yaml:3: error: invalid YAML: a quote opened on line 3 is never closed")
    }

    @Test func aDedentedTextLineReadAsAKeyGetsAHint() throws {
        let report = try lint(["intents.yaml": "intents:\n" + Self.fallback + "    everything that happens there: and more\n"])
        let finding = find(report, "unknown intent key 'everything that happens there'")
        #expect(finding.contains("Hint: if 'everything that happens there' is a line of the text above, indent it"), "\(finding)")
    }

    // MARK: one pass

    @Test func everyFileIsReportedInOnePass() throws {
        let report = try lint([
            "a.yaml": "intents:\n  - id: x.y\n\ttitle: T\n",
            "b.yaml": "intents:\n" + Self.fallback + "    keywrods: [x]\n",
            "c.yaml": "intents:\n" + Self.intent("topics.lean", require: ["@lean"], weight: 5, examples: ["lean"], cites: true),
        ])
        _ = find(report, "a.yaml:3: error: invalid YAML")
        _ = find(report, "b.yaml:5: error: unknown intent key 'keywrods'")
        _ = find(report, "c.yaml:2: error: intent 'topics.lean' has weight 5.0")
        // '@lean' is not defined anywhere, but a.yaml could not be read: it might have been there.
        #expect(!printed(report).contains { $0.contains("unknown concept") }, "\(printed(report))")
        #expect(report.notes.contains { $0.contains("naming an unknown intent, concept or claim are not shown") && $0.contains("a.yaml") })
        #expect(!report.isAcceptable)
    }

    @Test func referencesAndKeysAreReportedTogetherWhenEveryFileReads() throws {
        let report = try lint([
            "a.yaml": "intents:\n" + Self.fallback + "    keywrods: [x]\n",
            "b.yaml": "intents:\n" + Self.intent("topics.lean", require: ["@lean"], examples: ["lean"], cites: true)
                + "    suggest: [topics.nothing]\n",
        ])
        _ = find(report, "a.yaml:5: error: unknown intent key 'keywrods'")
        _ = find(report, "b.yaml:4: error: unknown concept '@lean'")
        _ = find(report, "error: intent 'topics.lean' suggests unknown intent 'topics.nothing'")
    }

    @Test func countsAsMustNameACatalogIntentDirectly() throws {
        let lean = Self.intent("topics.lean", require: ["lean"], examples: ["lean"], cites: true)
        let unknown = try lint(["a.yaml": "intents:\n" + Self.fallback, "b.yaml": "intents:\n" + lean + "    counts_as: topics.nothing\n"])
        _ = find(unknown, "error: intent 'topics.lean' counts as unknown intent 'topics.nothing'")
        let kaizen = Self.intent("topics.kaizen", require: ["kaizen"], examples: ["kaizen"], cites: true)
        let chained = try lint([
            "a.yaml": "intents:\n" + Self.fallback + Self.intent("topics.gemba", require: ["gemba"], examples: ["gemba"], cites: true),
            "b.yaml": "intents:\n" + lean + "    counts_as: topics.gemba\n" + kaizen + "    counts_as: topics.lean\n",
        ])
        _ = find(chained, "error: intent 'topics.kaizen' counts as 'topics.lean', which counts as another itself")
    }

    @Test func aDuplicateIdNamesBothPlaces() throws {
        let lean = Self.intent("topics.lean", require: ["lean"], examples: ["lean"], cites: true)
        let report = try lint(["a.yaml": "intents:\n" + lean + Self.fallback, "b.yaml": "intents:\n" + lean])
        _ = find(report, "b.yaml:2: error: duplicate intent id 'topics.lean' (also at a.yaml:2)")
    }

    // MARK: rules

    @Test func aTermBothRequiredAndExcludedIsAnError() throws {
        let report = try lint(["intents.yaml": "intents:\n"
            + Self.intent("topics.lean", require: ["lean", "kaizen"], exclude: ["Kaizen"], examples: ["lean"], cites: true)
            + Self.fallback])
        let finding = find(report, "intents.yaml:4: error: intent 'topics.lean' both requires 'kaizen' (intents.yaml:4) and excludes 'Kaizen' (intents.yaml:5)")
        #expect(finding.contains("this rule can never match. Remove it from 'exclude' or from 'require'"), "\(finding)")
    }

    @Test func anExcludedPartOfACompoundRequiredTermIsAnError() throws {
        let report = try lint(["intents.yaml": "intents:\n"
            + Self.intent("topics.lean", require: ["lean", "fee + waived"], exclude: ["waive"], examples: ["lean"], cites: true)
            + Self.fallback])
        _ = find(report, "error: intent 'topics.lean' both requires 'fee + waived' (intents.yaml:4) and excludes 'waive'")
    }

    @Test func aRequiredTermNoExampleUsesIsAWarning() throws {
        let report = try lint(["intents.yaml": "intents:\n"
            + Self.intent("topics.lean", require: ["lean", "waived"], examples: ["what is lean", "lean please"], cites: true)
            + Self.fallback])
        let finding = find(report, "intents.yaml:4: warning: a required term of 'topics.lean' is used by none of its examples: 'waived' (intents.yaml:4)")
        #expect(finding.contains("an untested rule can capture unrelated questions"), "\(finding)")
        #expect(!printed(report).contains { $0.contains("'lean' (intents.yaml:4)") })
        #expect(report.errors.allSatisfy { $0.message.contains("catalog") || $0.message.contains("examples; at least") }, "a warning only")
    }

    @Test func anIntentInNoAreaIsAWarningThatSuggestsTheNearestArea() throws {
        let report = try lint(["intents.yaml": "intents:\n"
            + Self.intent("topics.lean", require: ["lean"], examples: ["lean"], cites: true)
            + Self.intent("topic.kaizen", require: ["kaizen"], examples: ["kaizen"])
            + Self.fallback])
        let finding = find(report, "warning: intent 'topic.kaizen' belongs to no area: 'topic' is not one of the areas under 'dialogue: areas:' (dialogue.yaml:1) (topics)")
        #expect(finding.contains("so /topics never lists it"), "\(finding)")
        #expect(finding.contains("rename it to 'topics.kaizen' (area 'topics'), or declare an area 'topic' there"), "\(finding)")
        #expect(!printed(report).contains { $0.contains("'fallback' belongs to no area") })
    }

    @Test func aFileInASubfolderIsReportedNotLoaded() throws {
        let report = try lint([
            "intents.yaml": "intents:\n" + Self.intent("topics.lean", require: ["lean"], examples: ["lean"], cites: true) + Self.fallback,
            "drafts/new.yaml": "intents:\n" + Self.intent("topics.kaizen", require: ["kaizen"], examples: ["kaizen"]),
        ])
        let finding = find(report, "drafts/new.yaml:1: warning: this file is in a subfolder, so it is not loaded")
        #expect(finding.contains("Move it up to use it"), "\(finding)")
        #expect(report.knowledge?["topics.kaizen"] == nil)
        #expect(report.files.sorted() == ["dialogue.yaml", "intents.yaml", "source.yaml"])
    }

    // MARK: examples that route elsewhere

    @Test func aMisroutedExampleNamesWhatPulledItAndTheUsualFix() throws {
        let report = try lint([
            "vocabulary.yaml": "concepts:\n  fees:\n    - fee\n    - scholarship\n",
            "dialogue.yaml": "dialogue:\n  areas:\n    topics:\n      title: Topics\n      overview: topics.fees\n",
            "intents.yaml": "intents:\n"
                + Self.intent("topics.fees", require: ["@fees"], weight: 1.3, examples: ["what are the fees"], cites: true)
                + Self.intent("topics.scholarships", require: ["scholarship"], examples: ["any scholarship"])
                + Self.fallback,
        ])
        let finding = find(report, "error: example \"any scholarship\" of 'topics.scholarships' classifies to 'topics.fees'")
        #expect(finding.contains("pulled to 'topics.fees' (confidence 0.57; weight 1.30, intents.yaml:2) by:"), "\(finding)")
        #expect(finding.contains("\"scholarship\" → @fees (\"scholarship\" at vocabulary.yaml:4) → require '@fees' (intents.yaml:4)"), "\(finding)")
        #expect(finding.contains("'topics.scholarships' scored"), "\(finding)")
        #expect(finding.contains("below 'topics.fees'; it matched:"), "\(finding)")
        #expect(finding.contains("usual fix: add an exclude to 'topics.fees' for the words that should go to 'topics.scholarships' (\"scholarship\")"), "\(finding)")
        #expect(finding.contains("lower the weight 1.30 of 'topics.fees'"), "\(finding)")
        #expect(finding.contains("take \"scholarship\" out of @fees (vocabulary.yaml:4)"), "\(finding)")
    }

    @Test func aMisroutedExampleVetoedByItsOwnExcludeSaysWhich() throws {
        let report = try lint(["intents.yaml": "intents:\n"
            + Self.intent("topics.lean", require: ["lean"], exclude: ["body"], examples: ["lean body of knowledge"], cites: true)
            + Self.intent("topics.body", require: ["body"], examples: ["body"])
            + Self.fallback])
        let finding = find(report, "example \"lean body of knowledge\" of 'topics.lean' classifies to 'fallback'")
        #expect(finding.contains("'topics.lean' was vetoed by an excluded term:"), "\(finding)")
        #expect(finding.contains("\"body\" → exclude 'body' (intents.yaml:5) veto"), "\(finding)")
        #expect(finding.contains("usual fix: remove 'body' from the exclude of 'topics.lean' (intents.yaml:5)"), "\(finding)")
    }

    @Test func aMisroutedExampleWithoutARequiredTermSaysSo() throws {
        let report = try lint(["intents.yaml": "intents:\n"
            + Self.intent("topics.lean", require: ["lean"], keywords: ["waste"], examples: ["cutting waste"], cites: true)
            + Self.fallback])
        let finding = find(report, "example \"cutting waste\" of 'topics.lean' classifies to 'fallback'")
        #expect(finding.contains("it fell back: no intent reached the threshold 0.35"), "\(finding)")
        #expect(finding.contains("'topics.lean' lacked a required term: none of 'lean' (intents.yaml:4) is in the message"), "\(finding)")
        #expect(finding.contains("\"waste\" → keyword 'waste' (intents.yaml:5)"), "\(finding)")
        #expect(finding.contains("usual fix: add a require term to 'topics.lean' that this message uses"), "\(finding)")
    }
}
