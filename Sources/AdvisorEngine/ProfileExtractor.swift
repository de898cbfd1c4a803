/// Finds what a user says about themselves: name, discipline, experience, industry, role.
///
/// Deliberately conservative: only first-person statements count ("I'm Priya, a mechanical
/// engineer, 4 years in an auto plant"), so "is the course 2 years long?" never sets an
/// experience of two years.
public enum ProfileExtractor {
    /// What one message adds to the profile (nil fields: not mentioned).
    public struct Update: Equatable, Sendable {
        public var name: String?
        public var discipline: String?
        public var experienceYears: Int?
        public var industry: String?
        public var role: String?

        public var isEmpty: Bool {
            name == nil && discipline == nil && experienceYears == nil && industry == nil && role == nil
        }
    }

    /// Case-preserving words of the message, apostrophes joined.
    static func words(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        for character in text {
            if character == "'" || character == "’" { continue }
            if character.isLetter || character.isNumber || character == "&" {
                current.append(character)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    static let firstPerson: Set<String> = ["i", "im", "ive", "my", "me", "iam", "myself", "id"]

    static let disciplines: [String: String] = [
        "mechanical": "mechanical", "mech": "mechanical", "electrical": "electrical", "eee": "electrical",
        "electronics": "electronics", "ece": "electronics", "civil": "civil", "chemical": "chemical",
        "computer": "computer science", "cse": "computer science", "production": "production",
        "industrial": "industrial", "mechatronics": "mechatronics", "automobile": "automobile",
        "aerospace": "aerospace", "aeronautical": "aerospace", "instrumentation": "instrumentation",
        "metallurgy": "metallurgical", "metallurgical": "metallurgical", "textile": "textile",
        "manufacturing": "manufacturing", "petroleum": "petroleum", "mining": "mining",
    ]

    static let disciplineContext: Set<String> = [
        "engineer", "engineers", "engineering", "engg", "graduate", "student", "background", "btech", "be",
        "degree", "major", "branch",
    ]

    static let industries: [String: String] = [
        "auto": "automotive", "automotive": "automotive", "car": "automotive", "cars": "automotive",
        "ev": "EV", "steel": "steel", "pharma": "pharmaceuticals", "pharmaceutical": "pharmaceuticals",
        "fmcg": "FMCG", "semiconductor": "semiconductors", "semiconductors": "semiconductors",
        "aerospace": "aerospace", "aviation": "aerospace", "oil": "oil and gas", "refinery": "oil and gas",
        "cement": "cement", "textile": "textiles", "textiles": "textiles", "food": "food processing",
        "chemicals": "chemicals", "electronics": "electronics", "tyre": "tyres", "tire": "tyres",
        "consumer": "consumer goods", "packaging": "packaging", "plastics": "plastics", "power": "power",
    ]

    static let workplaces: Set<String> = [
        "plant", "plants", "company", "industry", "sector", "factory", "firm", "oem", "unit", "manufacturer",
        "supplier", "mnc", "shopfloor", "line",
    ]

    static let roleKinds: Set<String> = [
        "quality", "production", "maintenance", "design", "process", "plant", "project", "manufacturing",
        "operations", "service", "sales", "test", "testing", "reliability", "safety", "planning", "shift",
        "industrial", "automation", "procurement", "logistics", "purchase", "r&d", "supply",
    ]

    static let roleTitles: Set<String> = ["engineer", "manager", "supervisor", "lead", "analyst", "executive", "head", "planner", "trainee", "intern"]

    static let experienceContext: Set<String> = [
        "experience", "exp", "working", "worked", "work", "in", "at", "as", "been", "job", "have", "now",
    ]
    static let durationWords: Set<String> = ["course", "program", "programme", "mba", "degree", "duration", "long"]

    static let numberWords: [String: Int] = [
        "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
        "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "a": 1, "an": 1,
    ]

    static let notNames: Set<String> = [
        "a", "an", "the", "not", "so", "very", "really", "interested", "working", "looking", "currently", "confused",
        "new", "fresher", "student", "engineer", "from", "in", "at", "into", "doing", "planning", "thinking",
        "trying", "just", "also", "still", "good", "fine", "ok", "okay", "sure", "here", "back", "done", "curious",
        "keen", "considering", "wondering", "mechanical", "electrical", "civil", "chemical", "glad", "happy",
        "an", "unsure", "worried", "excited", "going", "stuck", "employed", "unemployed", "married", "tired",
    ]

    /// What `text` tells about its author.
    public static func extract(from text: String) -> Update {
        let original = words(text)
        let lower = original.map { $0.lowercased() }
        var update = Update()
        guard lower.contains(where: firstPerson.contains) else { return update }

        update.name = name(original, lower)
        for (index, word) in lower.enumerated() {
            if let discipline = disciplines[word], update.discipline == nil {
                let window = lower[(index + 1)..<min(lower.count, index + 3)]
                if window.contains(where: disciplineContext.contains) || word == "mech" || word == "ece" || word == "cse" || word == "eee" {
                    update.discipline = discipline
                }
            }
            if (word == "years" || word == "year" || word == "yrs" || word == "yr"), index > 0 {
                let previous = lower[index - 1]
                if let number = Int(previous) ?? numberWords[previous], (0...50).contains(number) {
                    let context = lower.contains(where: experienceContext.contains)
                    let isDuration = lower.contains(where: durationWords.contains)
                    if context && !isDuration { update.experienceYears = number }
                }
            }
            if word == "fresher" || (word == "student" && index > 0 && ["a", "final", "year", "am", "im"].contains(lower[index - 1])) {
                update.experienceYears = update.experienceYears ?? 0
                if word == "student" { update.role = update.role ?? "student" }
            }
            if let industry = industries[word], update.industry == nil {
                let next = index + 1 < lower.count ? lower[index + 1] : ""
                let before = lower[max(0, index - 2)..<index]
                if workplaces.contains(next) || (before.contains("in") || before.contains("at")) && !lower.contains("interested") {
                    update.industry = industry
                }
            }
            if roleTitles.contains(word), index > 0, roleKinds.contains(lower[index - 1]) {
                let kind = lower[index - 1]
                let isSelf = lower[max(0, index - 4)..<index].contains { ["a", "as", "im", "am", "an"].contains($0) }
                if isSelf && !(kind == "plant" && word == "manager" && lower.contains("become")) {
                    update.role = "\(kind) \(word)"
                }
            }
        }
        return update
    }

    private static func name(_ original: [String], _ lower: [String]) -> String? {
        for index in lower.indices {
            var candidate: Int?
            var explicit = false
            if lower[index] == "name", index + 2 < lower.count, lower[index + 1] == "is", index > 0, lower[index - 1] == "my" {
                candidate = index + 2
                explicit = true
            } else if lower[index] == "call", index + 2 < lower.count, lower[index + 1] == "me" {
                candidate = index + 2
                explicit = true
            } else if lower[index] == "im" || lower[index] == "iam" || (lower[index] == "am" && index > 0 && lower[index - 1] == "i") {
                candidate = index + 1
            } else if lower[index] == "this", index + 2 < lower.count, lower[index + 1] == "is", index == 0 || lower[index - 1] == "hi" || lower[index - 1] == "hello" {
                candidate = index + 2
            }
            guard let position = candidate, position < original.count else { continue }
            let word = original[position]
            let folded = lower[position]
            guard !notNames.contains(folded), disciplines[folded] == nil, word.allSatisfy(\.isLetter), (2...30).contains(word.count) else { continue }
            guard explicit || word.first?.isUppercase == true else { continue }
            return word.prefix(1).uppercased() + word.dropFirst().lowercased()
        }
        return nil
    }

    /// A short description of the profile for answers: "a mechanical engineer with 4 years in automotive".
    public static func summary(_ profile: Profile) -> String? {
        var parts: [String] = []
        func article(_ phrase: String) -> String {
            (phrase.first.map { "aeiou".contains($0) } ?? false ? "an " : "a ") + phrase
        }
        if let role = profile.role, role != "student" {
            parts.append(article(role))
        } else if let discipline = profile.discipline {
            parts.append(article(profile.role == "student" ? "\(discipline) engineering student" : "\(discipline) engineer"))
        } else if profile.role == "student" {
            parts.append("a student")
        }
        if let years = profile.experienceYears, years > 0 {
            parts.append("with \(years) year\(years == 1 ? "" : "s") of experience")
        }
        if let industry = profile.industry {
            parts.append("in \(industry)")
        }
        return parts.isEmpty ? nil : parts.joined(separator: " ")
    }
}
