/// The words the resolution rules read a message by: pronouns, pointing nouns, and the
/// phrases of the follow-ups they recognise.
extension DialogueEngine {
    static let anaphors: Set<String> = [
        "this", "that", "it", "its", "these", "those", "them", "they", "their", "there", "such", "he", "she", "ye", "yeh", "wo",
        "woh", "iska", "uska", "isme", "usme",
    ]
    static let samePhrases = DialogueEngine.phrases(["same question", "same for", "same thing for"])
    static let becomingOne = DialogueEngine.phrases(["become one", "be one", "becoming one"])
    /// "what other roles", "and the rest": the other topics of an area.
    static let otherWords: Set<String> = ["other", "else", "all", "remaining", "baaki", "rest"]
    /// "and the rest?": the rest of the conversation's area, with no kind word.
    static let restWords: Set<String> = ["rest", "remaining", "baaki"]
    /// Nouns that only point back, like a pronoun: "that person", "this stuff".
    static let pointingNouns: Set<String> = [
        "person", "guy", "one", "ones", "thing", "things", "stuff", "side", "part", "area", "topic", "field", "line", "path", "route",
        "option", "choice", "career", "work", "people", "guys", "places", "companies", "kind", "type", "sort", "much", "also",
        "tools", "techniques", "methods", "concepts", "practices", "principles", "ideas", "technologies", "skills",
    ]

    /// Words that ask for a figure ("not even a range?", "roughly?").
    static let figureWords: Set<String> = ["range", "approx", "approximately", "roughly", "rough", "ballpark", "estimate", "figure", "figures", "number", "idea"]

    /// How sure the classifier must be of the fallback for context to leave it alone.
    static let offTopicConfidence = 0.6

    static let allThis = DialogueEngine.phrases(["all this", "all that", "all these", "all those", "all of this", "all of that"])

    static let teachingVerbs: Set<String> = ["taught", "teach", "teaches", "teaching", "covered", "cover", "covers", "included", "include"]

    /// Words beside a kind word that still ask for the whole area ("what are the options after").
    static let kindFiller: Set<String> = [
        "after", "exactly", "available", "there", "all", "various", "different", "possible", "get", "have", "options", "option", "choices",
        "opportunities", "openings", "career", "careers", "future", "typical", "main", "key",
    ]

    /// "is there anything on ...": whether something is covered, in a curriculum conversation.
    static let coveragePhrases = DialogueEngine.phrases([
        "anything on", "anything about", "something on", "something about", "anything regarding", "any module on", "any subject on",
        "any topic on", "kuch hai", "is there any", "isme", "ismein", "usme", "usmein", "in it",
    ])

    /// A company taking on the people in focus ("hire them"), asked why.
    static let hiringThem = DialogueEngine.phrases([
        "hire them", "hiring them", "hires them", "employ them", "need them", "bring them in", "use them", "pay outside", "pay them",
        "pay outsiders", "pay consultants", "pay an outsider", "pay outside people", "pay outside ppl",
    ])

    /// Words that ask for the same topic in another area ("the role with the same name").
    static let counterpartWords: Set<String> = ["same", "equivalent", "counterpart", "version", "corresponding", "matching", "namesake"]
    static let counterpartPhrases = DialogueEngine.phrases(["as a role", "as a job", "as a module", "as a subject", "as a post"])

    /// Words that carry no topic in a short follow-up ("and ... too?", "what about ...").
    static let followUpFiller: Set<String> = [
        "and", "what", "whats", "about", "also", "too", "then", "how", "ok", "okay", "so", "hmm", "the", "a", "an", "is", "are",
        "it", "its", "that", "this", "tell", "me", "abt", "regarding", "side", "one", "ones", "wat", "wht", "bout", "like",
        "kya", "hai", "ka", "ki", "ke", "the", "of", "in", "for", "now", "pls", "please", "plz", "again", "as", "well",
    ]
}
