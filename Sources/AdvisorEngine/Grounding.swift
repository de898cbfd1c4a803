/// Grounding: what the source says, as numbered claims, and answers made of blocks that
/// either cite those claims or are labelled as general background. An answer never passes
/// off general knowledge of the field as what the source says or the programme teaches.

/// One block of an answer, and where what it says comes from.
public struct AnswerBlock: Codable, Sendable, Equatable {
    public enum Provenance: String, Codable, Sendable {
        /// What the source says; `claims` names the claims.
        case source
        /// General knowledge of the field, shown under the background label.
        case background
        /// The advisor speaking about itself, the conversation or what the source does not
        /// say ("the article gives no fees; ask the programme for ...").
        case advisor
    }

    public var provenance: Provenance
    /// The ids of the claims a source block restates; empty for the others.
    public var claims: [String]
    public var text: String

    public init(_ provenance: Provenance, claims: [String] = [], text: String) {
        self.provenance = provenance
        self.claims = claims
        self.text = text
    }

    /// The blocks as one text: background under its label (one label for a run of
    /// background blocks), the others as they are.
    public static func render(_ blocks: [AnswerBlock], backgroundLabel: String) -> String {
        var paragraphs: [String] = []
        var inBackground = false
        for block in blocks where !block.text.isEmpty {
            if block.provenance == .background {
                paragraphs.append(inBackground ? block.text : backgroundLabel + "\n" + block.text)
            } else {
                paragraphs.append(block.text)
            }
            inBackground = block.provenance == .background
        }
        return paragraphs.joined(separator: "\n\n")
    }

    /// The claim ids the blocks cite, in order, each once.
    public static func claims(of blocks: [AnswerBlock]) -> [String] {
        var seen = Set<String>()
        return blocks.flatMap(\.claims).filter { seen.insert($0).inserted }
    }
}

/// A source the knowledge base draws on (the NAMTECH article; a programme office may add
/// its own verified facts as a second one).
public struct SourceDocument: Sendable, Equatable {
    public var id: String
    public var name: String
    public var title: String
    public var date: String
    /// The line above background text in answers.
    public var backgroundLabel: String

    public init(id: String, name: String, title: String = "", date: String = "", backgroundLabel: String) {
        self.id = id
        self.name = name
        self.title = title
        self.date = date
        self.backgroundLabel = backgroundLabel
    }

    /// The label when the knowledge base declares no source.
    public static let defaultBackgroundLabel = "General background, not from the source:"

    /// "NAMTECH, 13 March 2026".
    public var citation: String { date.isEmpty ? name : "\(name), \(date)" }
}

/// One point of a source, restated in the project's words.
public struct SourceClaim: Sendable, Equatable {
    public var id: String
    /// The source it comes from (`SourceDocument.id`).
    public var source: String
    /// The section of the source it comes from.
    public var section: String
    public var text: String
    public var location: SourceLocation

    public init(id: String, source: String, section: String, text: String, location: SourceLocation) {
        self.id = id
        self.source = source
        self.section = section
        self.text = text
        self.location = location
    }
}

/// A block as written in `Intents/`: `provenance` is nil for plain text that says nothing
/// of where it comes from (which `advisor lint` refuses for answers).
public struct BlockDefinition: Sendable {
    public var provenance: AnswerBlock.Provenance?
    public var claims: [Located<String>]
    public var text: String
    public var location: SourceLocation

    public init(provenance: AnswerBlock.Provenance?, claims: [Located<String>] = [], text: String, location: SourceLocation) {
        self.provenance = provenance
        self.claims = claims
        self.text = text
        self.location = location
    }
}

/// An answer, `more` or `why` as written: its blocks in order. A plain string is one block
/// without provenance (tests and old knowledge bases).
public struct AnswerDefinition: Sendable, ExpressibleByStringInterpolation {
    public var blocks: [BlockDefinition]

    public init(blocks: [BlockDefinition]) {
        self.blocks = blocks
    }

    public init(_ text: String, at location: SourceLocation = SourceLocation(file: "", line: 0)) {
        blocks = text.isEmpty ? [] : [BlockDefinition(provenance: nil, text: text, location: location)]
    }

    public init(stringLiteral text: String) {
        self.init(text)
    }

    public var isEmpty: Bool { blocks.allSatisfy { $0.text.isBlank } }
}

/// A source and its claims as written in `Intents/`.
public struct SourceDefinition: Sendable {
    public var document: SourceDocument
    public var claims: [(id: Located<String>, section: String, text: String)]
    public var location: SourceLocation
    /// Whether the file declares `background_label` (else the document has the default).
    public var declaresBackgroundLabel: Bool

    public init(
        document: SourceDocument, claims: [(id: Located<String>, section: String, text: String)] = [], location: SourceLocation,
        declaresBackgroundLabel: Bool = true
    ) {
        self.document = document
        self.claims = claims
        self.location = location
        self.declaresBackgroundLabel = declaresBackgroundLabel
    }
}

/// One facet of what the source does not give (fees; duration and format; admission; pay
/// and placements; schools and rankings; application help), as written in `Intents/`.
public struct UnknownFacetDefinition: Sendable {
    public var id: Located<String>
    public var title: String
    /// How a sentence names it: "the article gives no {name}".
    public var name: String
    /// The concepts that ask about it.
    public var concepts: [Located<String>]
    public var answer: AnswerDefinition
    /// What to ask the programme, or check, for this facet.
    public var ask: [String]

    public init(id: Located<String>, title: String, name: String, concepts: [Located<String>], answer: AnswerDefinition, ask: [String]) {
        self.id = id
        self.title = title
        self.name = name
        self.concepts = concepts
        self.answer = answer
        self.ask = ask
    }
}

/// A facet of what the source does not give, built: its answer, and what to ask.
public struct UnknownFacet: Sendable {
    public var id: String
    public var title: String
    public var name: String
    public var concepts: Set<String>
    public var blocks: [AnswerBlock]
    public var text: String
    public var ask: [String]
}
