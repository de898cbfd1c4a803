/// The facts a clause states: discipline, years, industry, role, studies, a name.
extension ProfileExtractor {
    // MARK: - Facts

    /// What the clauses read so far have found, before it becomes an `Update`.
    struct Facts: Equatable {
        var name: String?
        var discipline: String?
        var years: Int?
        var isFresher = false
        var isStudent = false
        var industry: String?
        var role: String?

        var update: Update {
            var update = Update()
            update.name = name
            update.discipline = discipline
            update.experienceYears = years ?? (isFresher || isStudent ? 0 : nil)
            update.industry = industry
            update.role = role ?? (isStudent ? "student" : nil)
            return update
        }
    }

    /// Reads the facts of one clause about the writer; the first mention of each wins, except
    /// experience, where the largest does ("5 years in total, 2 in my current company").
    static func read(_ clause: Clause, _ reading: Reading, into facts: inout Facts) {
        guard reading.start < reading.statementEnd else { return }
        if facts.discipline == nil { facts.discipline = discipline(in: clause, reading) }
        if let years = years(in: clause, reading) { facts.years = max(facts.years ?? 0, years) }
        if facts.industry == nil { facts.industry = industry(in: clause, reading) }
        if facts.role == nil { facts.role = role(in: clause, reading) }
        readStudies(clause, reading, into: &facts)
    }

    static func discipline(in clause: Clause, _ reading: Reading) -> String? {
        for index in reading.start..<reading.factsEnd where clause.classes[index].contains(.discipline) {
            let word = clause.folded[index]
            let next: WordClass = index + 1 < clause.count ? clause.classes[index + 1] : []
            // "production engineer" is a job; "production engineering" is a discipline.
            let nextWord = index + 1 < clause.count ? clause.folded[index + 1] : ""
            if clause.classes[index].contains(.roleKind) && next.contains(.roleTitle) && nextWord != "engg" { continue }
            let window = max(0, index - 2)..<min(clause.count, index + 3)
            let hasContext = window.contains { clause.classes[$0].contains(.disciplineContext) }
                || index > 0 && clause.folded[index - 1] == "from"
            if hasContext || disciplineAbbreviations.contains(word) { return disciplines[word] }
        }
        return nil
    }

    static func years(in clause: Clause, _ reading: Reading) -> Int? {
        let range = reading.start..<reading.factsEnd
        var found: Int?
        var endsWithYears = false
        for index in range where index > reading.start && clause.classes[index].contains(.yearUnit) {
            var at = index - 1
            if clause.folded[at] == "plus" && at > reading.start { at -= 1 }
            var value = number(clause.folded[at])
            if clause.folded[at] == "half" {
                // "one and a half years", "1 and half years": the whole years.
                value = nil
                var back = at - 1
                while back >= max(reading.start, at - 3) && value == nil {
                    let word = clause.folded[back]
                    if word != "a" && word != "an" { value = number(word) }
                    back -= 1
                }
            }
            guard let years = value, (0...50).contains(years) else { continue }
            // "in 2 years", "2 years ago", "a 2 year course": not time worked.
            if at > 0 && clause.classes[at - 1].contains(.notBeforeYears) { continue }
            if index + 1 < clause.count && clause.classes[index + 1].contains(.notAfterYears) { continue }
            found = max(found ?? 0, years)
            let rest = (index + 1)..<range.upperBound
            endsWithYears = rest.allSatisfy { experienceWords.contains(clause.folded[$0]) }
        }
        guard let found else { return nil }
        if range.contains(where: { clause.classes[$0].contains(.duration) }) { return nil }
        // A bare "3 yrs", "4+ years exp" or "myself ankit mech 2 yrs" is experience.
        let isFragment = range.count <= 3 || endsWithYears
        guard isFragment || range.contains(where: { clause.classes[$0].contains(.experienceContext) }) else { return nil }
        return found
    }

    static func industry(in clause: Clause, _ reading: Reading) -> String? {
        for index in reading.start..<reading.factsEnd where clause.classes[index].contains(.industry) {
            let word = clause.folded[index]
            guard let industry = industries[word] else { continue }
            // "my two-wheeler is giving low mileage": the user's vehicle, not where they work.
            if index > 0, clause.folded[index - 1] == "my" || (index > 1 && clause.folded[index - 2] == "my" && clause.folded[index - 1] == "two") { continue }
            if unmistakableIndustries.contains(word) { return industry }
            let next: WordClass = index + 1 < clause.count ? clause.classes[index + 1] : []
            let isDiscipline = clause.classes[index].contains(.discipline)
            // "electronics engineer" is a discipline; "auto background" is an industry.
            if isDiscipline && next.contains(.disciplineContext) { continue }
            // Where the writer is: "in pharma", "at a tyre plant", "working with an auto OEM";
            // not "the power plant near my house".
            for before in max(0, index - 3)..<index where clause.classes[before].contains(.locator) {
                let isNear = before >= index - 2
                if clause.folded[before] == "from" && isDiscipline { continue }
                if isNear || next.contains(.workplace) { return industry }
            }
        }
        return nil
    }

    static func role(in clause: Clause, _ reading: Reading) -> String? {
        let end = reading.factsEnd
        for index in reading.start..<end {
            let word = clause.folded[index]
            let classes = clause.classes[index]
            let next = index + 1 < end ? clause.folded[index + 1] : ""
            let afterNext = index + 2 < end ? clause.folded[index + 2] : ""
            var role: String?
            if clause.words[index] == "GET" || word == "get" && index > 0 && (clause.folded[index - 1] == "as" || clause.folded[index - 1] == "a")
                || word == "graduate" && (next == "trainee" || next == "engineer" && afterNext == "trainee")
            {
                role = "graduate engineer trainee"
            } else if classes.contains(.roleKind) {
                let kind = roleKindNames[word] ?? word
                if next == "incharge" || next == "in" && afterNext == "charge" {
                    role = kind + " in-charge"
                } else if index + 1 < end && clause.classes[index + 1].contains(.roleTitle) {
                    role = kind + " " + (roleTitleNames[next] ?? next)
                }
            } else if classes.contains(.soloTitle) && (index == 0 || !clause.classes[index - 1].contains(.roleKind)) {
                role = word
            }
            if let role, isOwnRole(clause, reading, at: index) { return role }
        }
        return nil
    }

    /// Whether the role named at `index` is the writer's: "I am a", "working as", or the
    /// clause opens with it ("I'm Anil, maintenance engineer at Tata"); not "reporting to a
    /// plant manager".
    static func isOwnRole(_ clause: Clause, _ reading: Reading, at index: Int) -> Bool {
        func skippingModifiers(_ position: Int) -> Int {
            var position = position
            // "a senior quality engineer", "a mechanical design engineer"
            while position >= reading.start && !clause.classes[position].isDisjoint(with: [.roleModifier, .discipline]) {
                position -= 1
            }
            return position
        }
        let before = skippingModifiers(index - 1)
        guard before >= reading.start else { return true }
        switch clause.folded[before] {
        case "as":
            // "started as GET, now handling quality": a past role.
            return before == 0 || !pastMarkers.contains(clause.folded[before - 1])
        case "am", "im", "iam", "myself":
            return true
        case "a", "an", "the":
            let beforeArticle = skippingModifiers(before - 1)
            guard beforeArticle >= reading.start else { return true }
            switch clause.folded[beforeArticle] {
            case "am", "im", "iam", "as", "and", "myself", "been", "being": return true
            default: return false
            }
        default:
            return false
        }
    }

    /// Fresher, student and "no experience" statements: experience 0 unless a number is given.
    static func readStudies(_ clause: Clause, _ reading: Reading, into facts: inout Facts) {
        let folded = clause.folded
        for index in reading.start..<reading.factsEnd where clause.classes[index].contains(.study) {
            let next = index + 1 < clause.count ? folded[index + 1] : ""
            switch folded[index] {
            case "fresher":
                facts.isFresher = true
            case "student":
                if index == reading.start || studentOpeners.contains(folded[index - 1]) || clause.classes[index - 1].contains(.discipline) {
                    facts.isStudent = true
                }
            case "final":
                if next == "year" || next == "yr" || next == "sem" || next == "semester" { facts.isStudent = true }
            case "studying":
                facts.isStudent = true
            case "pursuing":
                let following = (index + 1)..<min(reading.factsEnd, index + 4)
                if following.contains(where: { degreeWords.contains(folded[$0]) }) { facts.isStudent = true }
            default:
                break
            }
        }
        // "no experience", "I don't have any work experience": a negation is cut from the
        // facts, so look for these in the whole statement.
        for index in 0..<reading.statementEnd where clause.classes[index].contains(.noExperience) {
            var look = index + 1
            while look < min(reading.statementEnd, index + 5) {
                let word = folded[look]
                if experienceWords.contains(word) {
                    facts.isFresher = true
                    break
                }
                guard experienceFillers.contains(word) else { break }
                look += 1
            }
        }
    }

    // MARK: - Names

    /// The name in "myself Priya", "I'm Vikram", "my name is Kiran", "This is Rahul here",
    /// "Rahul here", capitalised; nil when the word after "I am" is no name ("I am confused").
    static func introducedName(in clause: Clause, _ reading: Reading, opensMessage: Bool) -> String? {
        let folded = clause.folded, count = clause.count, start = reading.start
        guard start < reading.factsEnd else { return nil }
        for index in start..<reading.factsEnd {
            let next = index + 1 < count ? folded[index + 1] : ""
            var candidate = index + 1
            var isExplicit = false
            var needsHere = false
            switch folded[index] {
            case "name", "names":
                guard index == start || folded[index - 1] == "my" else { continue }
                if folded[index] == "name" {
                    guard next == "is" else { continue }
                    candidate = index + 2
                }
                isExplicit = true
            case "call":
                guard next == "me" else { continue }
                candidate = index + 2
                isExplicit = true
            case "myself":
                guard index == start else { continue }
                isExplicit = true
            case "im", "iam":
                break
            case "i":
                guard next == "am" || next == "m" else { continue }
                candidate = index + 2
            case "am":
                guard index == start else { continue }
            case "this":
                guard index == start && next == "is" else { continue }
                candidate = index + 2
                needsHere = true
            default:
                guard index == start && next == "here" else { continue }
                candidate = index
            }
            guard candidate < reading.factsEnd else { continue }
            if let name = validName(clause, at: candidate, isExplicit: isExplicit, needsHere: needsHere, opensMessage: opensMessage) {
                return name
            }
        }
        return nil
    }

    static func validName(_ clause: Clause, at index: Int, isExplicit: Bool, needsHere: Bool, opensMessage: Bool) -> String? {
        let word = clause.words[index], folded = clause.folded[index]
        // Any word the reader knows (a verb, an adjective, a discipline, an industry) is none.
        guard clause.classes[index].isEmpty, (2...20).contains(word.count), word.allSatisfy(\.isLetter) else { return nil }
        let next = index + 1 < clause.count ? clause.folded[index + 1] : ""
        if !isExplicit {
            // "I am hoping", "I am hopeful", "I am eligible for": words that describe, not name.
            if folded.count >= 5 && folded.hasSuffix("ing") || folded.hasSuffix("ful") || folded.hasSuffix("ness") { return nil }
            if index + 1 < clause.count && clause.classes[index + 1].contains(.notAfterName) { return nil }
            // Lowercase after "this is", a name needs an introduction around it: "this is rahul
            // here", "hi, this is rahul"; "this is useless, ..." is none.
            if needsHere && word.first?.isUppercase != true && next != "here" && next != "from"
                && !(opensMessage && index + 1 == clause.count)
            {
                return nil
            }
        }
        return word.prefix(1).uppercased() + word.dropFirst().lowercased()
    }

    // MARK: - Numbers

    static let numberWords: [String: Int] = [
        "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
        "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "a": 1, "an": 1,
    ]

    /// The whole number a word stands for: "3", "2.5" (2), "two", "a" (1).
    static func number(_ word: String) -> Int? {
        var value = 0, digits = 0
        for byte in word.utf8 {
            if byte == UInt8(ascii: ".") && digits > 0 { break }
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return digits == 0 ? numberWords[word] : nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
            digits += 1
            if digits > 4 { return nil }
        }
        return digits > 0 ? value : numberWords[word]
    }
}
