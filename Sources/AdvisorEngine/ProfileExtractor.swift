/// Finds what a user says about themselves: name, discipline, experience, industry, role.
///
/// Deliberately conservative: only statements about oneself count. The message is cut into
/// clauses (at `.`, `?`, `!`, `;`, `:`, commas and "but") and each clause is judged on its own,
/// so "i am in automotive only, is EV good for me?" gives automotive and nothing about EV.
/// A clause adds nothing when it asks ("is the course 2 years long?", "what about
/// automotive?"), asks for information ("I am asking about EV", "tell me about pharma") or
/// is about someone else ("my brother works in a steel plant"). Inside a clause the facts
/// stop where a wish, a doubt or a negation starts: "I am in auto and want to move to EV" is
/// automotive, "I am not in pharma" is nothing.
///
/// A clause needs a first-person word ("I", "my", "myself") or an introduction ("Rahul
/// here", "This is Rahul") unless it follows one that told something: in "I'm Priya, mech
/// engg, 4 yrs in an auto plant" the last two clauses continue the first.
///
/// Every word is looked up once in `lexicon`; there is no regex and no Foundation scanning,
/// because this runs on every message.
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

    /// What `text` tells about its author.
    /// - Parameter continuing: the message goes on with an introduction the user has just
    ///   made ("hi im rahul" then "EEE, 4 yrs exp in an SMT line"), so its first clause
    ///   needs no "I".
    public static func extract(from text: String, continuing: Bool = false) -> Update {
        var facts = Facts()
        // Whether the clauses just read were about the writer, so that a clause without "I"
        // ("mech engg", "4 yrs in an auto plant") continues them.
        var aboutSelf = continuing
        var opensMessage = true
        // "hi, meera. 8 yrs in a tier 1 supplier": after a greeting alone, a word alone is a name.
        var greeted = false
        for clause in clauses(text) {
            let reading = Reading(clause)
            defer {
                greeted = opensMessage && clause.count > 0 && clause.folded.allSatisfy(greetings.contains)
                if reading.start < clause.count { opensMessage = false }
            }
            if reading.isQuestion || reading.isAboutSomeoneElse {
                aboutSelf = false
                continue
            }
            var name = facts.name == nil ? introducedName(in: clause, reading, opensMessage: opensMessage) : nil
            if name == nil, facts.name == nil, greeted, clause.count == 1 {
                name = validName(clause, at: 0, isExplicit: false, needsHere: false, opensMessage: true)
            }
            guard aboutSelf || reading.hasFirstPerson || name != nil else { continue }
            let before = facts
            if let name { facts.name = name }
            read(clause, reading, into: &facts)
            if facts != before || reading.hasFirstPerson && reading.factsEnd == clause.count {
                aboutSelf = true
            } else if reading.factsEnd < clause.count {
                // "I am confused.", "I need guidance.": what follows may not be about them.
                aboutSelf = false
            }
        }
        return facts.update
    }

    static let greetings: Set<String> = ["hi", "hii", "hello", "helo", "hey", "namaste", "vanakkam", "hola", "greetings"]

    /// Whether `sentence` says something about its writer.
    ///
    /// True when some clause is a first-person statement or an introduction ("Rahul here")
    /// that neither asks ("is EV good for me?") nor asks for information ("I am asking about
    /// EV", "I want to know about the EV sector", "tell me about pharma"). A clause that
    /// tells something before its request still counts ("I am Anil asking about EV").
    public static func isStatementAboutSelf(_ sentence: String) -> Bool {
        var opensMessage = true
        for clause in clauses(sentence) {
            let reading = Reading(clause)
            defer { if reading.start < clause.count { opensMessage = false } }
            if reading.isQuestion || reading.isAboutSomeoneElse { continue }
            let name = introducedName(in: clause, reading, opensMessage: opensMessage)
            guard reading.hasFirstPerson || name != nil else { continue }
            if !reading.asksForInformation || name != nil { return true }
            var facts = Facts()
            read(clause, reading, into: &facts)
            if facts != Facts() { return true }
        }
        return false
    }

    // MARK: - Summary

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
