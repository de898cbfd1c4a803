/// The words and phrases the dialogue acts are made of.
extension DialogueEngine {
    /// "how do you know?", "source?", "is that from the article?" right after an answer.
    static let provenancePhrases = phrases([
        "how do you know", "how do u know", "how would you know", "source", "sources", "where is that from", "where is this from",
        "where did you get", "where did u get", "says who", "who says", "who said", "from the article", "in the article",
        "according to whom", "according to what", "based on what", "proof", "citation", "cite", "reference", "is that true",
        "is this true", "really true", "where does it say", "does the article say", "did the article say",
    ])

    static let nextStepPhrases = phrases([
        "next step", "next steps", "what next", "whats next", "what now", "now what", "what should i do now", "what should i do next",
        "what do i do now", "what do i do next", "how to proceed", "how should i proceed", "where do i go from here", "what to do next",
        "what to do now", "so what should i do", "then what should i do", "which path", "what path", "which route", "what route",
        "what instead", "which instead", "what are my options", "what other options", "what should i do instead",
    ])
    /// The words of a request to explain, which name no topic of their own.
    static let meaningWords: Set<String> = [
        "example", "examples", "meaning", "mean", "means", "matlab", "eg", "short", "simple", "words", "summary", "brief",
        "briefly", "simpler", "pls", "please", "exactly", "kya",
    ]

    /// Whole messages that ask why.
    static let whyForms: [[String]] = [
        ["how", "so"], ["how"], ["how", "is", "that"], ["how", "is", "it", "so"], ["but", "how"], ["reason"], ["whats", "the", "reason"],
        ["what", "is", "the", "reason"], ["reason", "kya", "hai"], ["why"], ["why", "so"], ["how", "come"], ["kyu"], ["kyun"],
    ]

    static let whySayPhrases = phrases([
        "why do you say", "why u say", "why you say", "how come you say", "how come u say", "why are you saying", "on what basis",
        "how can you say", "how can u say", "why do u say",
    ])

    /// "the first thing u said": the parts of the last answer, not the items of its list.
    static let saidPhrases = phrases(["thing you said", "thing u said", "thing u told", "thing you told", "thing you mentioned", "part you said", "part u said"])

    /// The words around a part named by its place, in a message that names nothing else
    /// ("ok and the last one", "hmm what about the second one").
    static let ordinalFiller: Set<String> = [
        "the", "one", "ok", "okay", "and", "what", "about", "abt", "hmm", "so", "now", "then", "pls", "please", "u", "you",
        "said", "mentioned", "that", "how", "wat", "whats", "tell", "me", "of", "in", "list", "item", "point", "ur", "your", "yr",
        "named", "gave", "listed", "earlier", "before", "above", "from",
    ]

    static let morePhrases = phrases([
        "tell me more", "tell more", "more about", "more abt", "more on", "a bit more", "bit more", "little more", "detail me",
        "more details", "more detail", "elaborate", "aur batao", "go deeper", "explain more", "say more", "in detail",
        "more depth", "in depth", "indepth", "more detailed", "dig deeper", "deeper", "expand on", "expand on that", "details pls",
        "details please", "more info", "more information",
    ])
    static let meaningPhrases = phrases([
        "what do you mean", "what do u mean", "wat do u mean", "what does that mean", "what does it mean", "meaning", "matlab",
        "means what", "means wat", "mean what", "mean wat", "means kya", "kya matlab", "example", "examples", "for example", "eg",
        "like what", "like wat", "such as", "for instance", "any example", "give example",
        "in short", "short pls", "short please", "short plz", "keep it short", "shorter", "short version", "short mein", "summary", "summarise", "summarize", "tldr", "in brief", "briefly", "simple words",
        "in simple words", "simpler", "i dont understand", "didnt understand", "didnt get", "dont get it", "not clear",
        "explain that", "what you mean", "what u mean", "samjha", "samjhao", "elaborate that",
    ])

    static func phrases(_ texts: [String]) -> PhraseSet { PhraseSet(texts) }

    /// Whether `words` contains one of the phrases as consecutive words: one hash lookup
    /// per word, whatever the number of phrases.
    static func contains(_ words: [String], anyOf set: PhraseSet) -> Bool {
        set.occurs(in: words)
    }

    /// Whether `words` contains one of `phrases` as consecutive words (no string search:
    /// this runs on every message).
    static func contains(_ words: [String], anyOf phrases: [[String]]) -> Bool {
        phrases.contains { phrase in
            guard phrase.count <= words.count else { return false }
            return (0...(words.count - phrase.count)).contains { start in
                phrase.indices.allSatisfy { words[start + $0] == phrase[$0] }
            }
        }
    }
}
