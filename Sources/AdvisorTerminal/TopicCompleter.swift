import AdvisorEngine
import AdvisorRuntime

/// Completes what the user is typing: slash commands, and the topic words and phrases of
/// the knowledge base ("plant manager", "supply chain manager", "lean", "industry 4.0").
///
/// Phrases span several words, so completion looks at the whole line typed so far: it
/// completes the longest tail of the line, starting at a word, that begins a phrase.
public struct TopicCompleter: Sendable {
    /// What can complete a line.
    public struct Completion: Sendable, Equatable {
        /// The part of the line that stays as it is.
        public var kept: String
        /// What the rest of the line can become, sorted.
        public var candidates: [String]
    }

    /// The slash commands, such as "/help".
    public let commands: [String]
    /// The topic words and phrases, lowercased, sorted.
    public let phrases: [String]

    public init(commands: [String], phrases: [String]) {
        self.commands = commands.sorted()
        self.phrases = Self.tidy(phrases)
    }

    /// Completes the commands every front end has and the topics of `knowledge`: its
    /// entities, the words in them, and its short titles.
    ///
    /// A title that starts with an entity ("lean manufacturing module" after "lean
    /// manufacturing") is left out: it would only stop the entity from completing at once.
    public init(knowledge: KnowledgeBase, commands: [String] = ConversationService.slashCommands.map(\.name)) {
        var entities: [String] = []
        var titles: [String] = []
        for intent in knowledge.intents where intent.id != KnowledgeBase.fallbackID {
            for entity in intent.entities {
                entities.append(entity.lowercased())
                entities += entity.lowercased().split(separator: " ").map(String.init).filter { $0.count >= 3 }
            }
            var title = intent.title.lowercased()
            while let last = title.last, "?.!".contains(last) { title.removeLast() }
            if !title.contains(","), title.split(separator: " ").count <= 5 { titles.append(title) }
        }
        let shadowed = titles.filter { title in entities.contains { title.hasPrefix($0 + " ") } }
        self.init(commands: commands, phrases: entities + titles.filter { !shadowed.contains($0) })
    }

    /// Completes what a conversation endpoint offers (a daemon's, or the local service's).
    public init(endpoint: any ConversationEndpoint) throws {
        if let local = endpoint as? ConversationService {
            self.init(knowledge: local.knowledgeBase)
            return
        }
        let words = try endpoint.completions()
        self.init(commands: words.filter { $0.hasPrefix("/") }, phrases: words.filter { !$0.hasPrefix("/") })
    }

    /// What can complete `line`, the text before the cursor; nil when nothing can.
    public func complete(_ line: String) -> Completion? {
        let spaces = line.prefix { $0 == " " }
        let typed = line[spaces.endIndex...]
        if typed.hasPrefix("/") {
            guard !typed.contains(" ") else { return nil }
            let lowered = typed.lowercased()
            let found = commands.filter { $0.hasPrefix(lowered) }
            return found.isEmpty ? nil : Completion(kept: String(spaces), candidates: found)
        }
        let characters = Array(line)
        for start in characters.indices where Self.startsWord(characters, at: start) {
            let tail = String(characters[start...])
            let lowered = tail.lowercased()
            let found = phrases.filter { $0.hasPrefix(lowered) }
            guard !found.isEmpty else { continue }
            // Keep what the user typed (their capitals), add the rest of the phrase.
            let sameLength = lowered.count == tail.count
            let candidates = found.map { sameLength ? tail + $0.dropFirst(tail.count) : $0 }
            return Completion(kept: String(characters[..<start]), candidates: candidates)
        }
        return nil
    }

    private static func startsWord(_ characters: [Character], at index: Int) -> Bool {
        guard characters[index].isLetter || characters[index].isNumber else { return false }
        return index == 0 || !(characters[index - 1].isLetter || characters[index - 1].isNumber)
    }

    /// Lowercased, printable, unique and sorted; a plural whose singular is there is left
    /// out, so that "plant ma" completes to "plant manager" at once.
    private static func tidy(_ phrases: [String]) -> [String] {
        let cleaned = Set(phrases.map {
            $0.lowercased().split(separator: " ").joined(separator: " ")
        }.filter { !$0.isEmpty && TerminalText.printable($0) == $0 && !$0.contains("\n") })
        return cleaned.filter { phrase in
            !(phrase.hasSuffix("s") && cleaned.contains(String(phrase.dropLast())))
        }.sorted()
    }
}
