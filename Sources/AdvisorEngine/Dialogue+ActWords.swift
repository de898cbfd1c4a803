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
        "kya karu", "kya karun", "kya karna chahiye", "ab kya", "aage kya", "next kya",
    ])
    /// "next?", "ok so next" after a conclusion.
    static let bareNextWords: Set<String> = ["ok", "okay", "next", "so", "now", "then", "what", "pls", "please", "and", "step", "steps"]
    /// The words of a request to explain, which name no topic of their own.
    static let meaningWords: Set<String> = [
        "example", "examples", "meaning", "mean", "means", "matlab", "eg", "short", "simple", "words", "summary", "brief",
        "briefly", "simpler", "pls", "please", "exactly", "kya",
    ]

    /// Whole messages that ask why.
    static let whyForms: [[String]] = [
        ["how", "so"], ["how"], ["how", "is", "that"], ["how", "is", "it", "so"], ["but", "how"], ["reason"], ["whats", "the", "reason"],
        ["what", "is", "the", "reason"], ["reason", "kya", "hai"], ["why"], ["why", "so"], ["how", "come"], ["kyu"], ["kyun"],
        ["kaise"], ["kaise", "hai"], ["wo", "kaise"], ["woh", "kaise"], ["vo", "kaise"],
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
        "named", "gave", "listed", "earlier", "before", "above", "from", "those", "them", "these", "explain",
    ]

    /// "the first of those": an ordinal pointing into the last answer's list.
    static let ofThose = phrases(["of those", "of them", "of these"])

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

    /// The words an acceptance may be made of ("ok sure", "yes please go ahead", "haan chalo").
    static let affirmative: Set<String> = [
        "yes", "y", "yeah", "yea", "ya", "yaa", "yep", "yup", "yess", "yesss", "sure", "ok", "okay", "k", "alright", "fine",
        "cool", "right", "great", "good", "sounds", "haan", "ha", "han", "ji", "accha", "acha", "theek", "thik", "hai", "chalo",
        "kar", "karo", "karte", "karein", "karenge", "kariye", "shuru", "bilkul", "zaroor", "haanji", "sahi", "ho", "jaye", "hain",
        "quiz", "test", "let", "definitely", "absolutely", "ofcourse", "of", "course", "please", "pls", "plz", "go", "ahead", "lets",
        "do", "it", "try", "start", "begin", "check", "me", "the", "why", "not", "for", "now", "that", "see", "dekhte", "dekh",
        "dekho", "lete", "batao", "pucho", "poocho", "puchiye", "shoot", "fire", "away", "bring", "on", "game", "im", "i", "am",
        "ready", "us", "here", "we", "goes", "carry", "continue", "proceed", "with",
    ]
    static let affirmativeCore: Set<String> = [
        "yes", "y", "yeah", "yea", "ya", "yaa", "yep", "yup", "sure", "ok", "okay", "haan", "ha", "han", "ji", "definitely",
        "absolutely", "chalo", "ahead", "ofcourse", "alright", "yess", "yesss", "start", "begin", "haanji", "bilkul", "zaroor",
        "dekhte", "shoot", "ready", "proceed", "lets",
    ]
    static let negative: Set<String> = [
        "no", "nah", "nope", "not", "now", "later", "thanks", "thank", "you", "maybe", "nahi", "na", "skip", "dont", "want", "to", "it",
    ]
    static let negativeCore: Set<String> = ["no", "nah", "nope", "nahi", "na", "later", "skip"]
    static let whyWords: Set<String> = [
        "why", "so", "is", "that", "it", "how", "come", "but", "really", "exactly", "wat", "what", "reason", "the", "kyu", "kyun",
        "kyon", "for", "sir", "ok", "hmm", "and", "like", "first", "second", "one", "1st", "2nd", "former", "latter", "u", "you",
        "say", "said", "saying", "think", "do", "did", "not", "a", "fit", "me", "this", "result",
    ]
    static let stopWords: Set<String> = ["stop", "cancel", "quit", "exit", "abort", "enough", "leave", "end", "band", "bas", "skip"]
    static let flowWords: Set<String> = [
        "assessment", "quiz", "test", "questions", "question", "this", "it", "check", "questionnaire", "survey", "self",
    ]
    static let flowNames: Set<String> = ["assessment", "quiz", "test", "questionnaire", "survey", "questions", "check"]
    static let resultWords: Set<String> = ["result", "results", "verdict", "outcome", "score", "conclusion", "conclude", "concluded"]
    /// "what did you conclude about me", "what did u say about me": the result, asked in a sentence.
    static let recallPhrases = phrases([
        "conclude about me", "concluded about me", "say about me", "said about me", "what was my fit", "whats my fit", "what is my fit",
        "my fit result", "my result", "what was the verdict", "whats the verdict",
    ])
    /// Words around a "why" that only carry it ("really? how", "ok but why").
    static let interjections: Set<String> = ["really", "ok", "okay", "hmm", "hm", "but", "so", "acha", "accha", "oh", "and", "then", "sir", "wait"]
    /// "could you explain the reasoning behind that?": why, in other words.
    static let whyPhrases = phrases([
        "the reasoning", "reasoning behind", "reason behind", "logic behind", "the logic", "the rationale", "rationale behind",
        "explain why", "what makes you say", "basis for that", "basis of that", "why is that so", "why so",
        "doesnt make sense", "does not make sense", "dont get why", "makes no sense", "not convinced",
    ])
    /// "ok leave that", "forget it", "chodo", "never mind": a sentence that drops the topic.
    /// ("ok leave fees", "forget the salary part": what is dropped may be named.)
    static func isDismissal(_ words: [String]) -> Bool {
        words.contains(where: dismissalCores.contains) && words.allSatisfy { dismissalWords.contains($0) || droppedFacets.contains($0) }
    }
    static let droppedFacets: Set<String> = [
        "the", "fees", "fee", "salary", "salaries", "placement", "placements", "duration", "ranking", "rankings", "exam", "exams",
        "admission", "cost", "money", "stuff", "thing", "question", "package", "schools", "colleges", "college",
    ]
    static let dismissalCores: Set<String> = ["leave", "forget", "chodo", "chhodo", "nevermind", "mind", "anyway", "anyways"]
    static let dismissalWords: Set<String> = dismissalCores.union([
        "ok", "okay", "hmm", "accha", "acha", "no", "nahi", "sir", "that", "it", "this", "all", "never", "for", "now", "fine", "then",
        "so", "just", "topic", "part", "one", "haan", "yaar", "ya", "yeah", "pls", "please", "u", "matter", "doesnt", "wo", "woh",
    ])
    /// An acknowledgement that accepts no offer before a question of its own ("ok. is this...").
    static let bareAcknowledgements: Set<String> = ["ok", "okay", "k", "accha", "acha", "achha", "hmm", "right", "fine", "cool"]

    /// "again?", "repeat pls", "say that again": the last answer once more.
    static let againWords: Set<String> = ["again", "repeat", "reapeat", "dobara"]
    static let againFiller: Set<String> = [
        "again", "repeat", "pls", "please", "plz", "say", "that", "it", "can", "you", "u", "once", "more", "the", "ok", "sorry", "sir", "come",
        "tell", "me", "one", "time", "dobara", "phir", "se", "batao", "bolo", "what", "kya",
    ]
    static let correctionOpeners: Set<String> = ["no", "nope", "not", "nahi", "sorry", "actually", "wrong", "nai"]
}
