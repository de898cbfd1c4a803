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

    // MARK: - Clauses

    /// One clause of a message: a sentence, or the part of one between commas or before "but".
    struct Clause {
        /// The words as typed, apostrophes joined ("I'm" is "Im").
        var words: Column<String>
        var folded: Column<String>
        var classes: Column<WordClass>
        var endsWithQuestionMark: Bool

        var count: Int { words.count }
    }

    /// A clause's part of the message's words, indexed from 0; shares the message's storage.
    struct Column<Element>: RandomAccessCollection {
        let storage: [Element]
        let offset: Int
        let endIndex: Int

        var startIndex: Int { 0 }

        subscript(position: Int) -> Element { storage[offset + position] }
    }

    /// Case-preserving words of the message, apostrophes joined.
    static func words(_ text: String) -> [String] {
        clauses(text).flatMap(\.words)
    }

    /// The clauses of `text`, its words kept whole where punctuation is part of them: "2.5",
    /// "B.Tech" (as "BTech"), "R&D". "3yrs" is two words, "3" and "yrs".
    ///
    /// Reads UTF-8 bytes into one store of words for the whole message: walking `Character`s,
    /// or growing arrays per clause, costs more than everything else here together.
    static func clauses(_ text: String) -> [Clause] {
        var text = text
        return text.withUTF8 { bytes in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: ClauseScanner.longestWord) { buffer in
                var scanner = ClauseScanner(buffer: buffer, bytes: bytes.count)
                var index = 0
                while index < bytes.count {
                    let byte = bytes[index]
                    if byte < 0x80 {
                        scanner.scan(ascii: byte, before: index + 1 < bytes.count ? bytes[index + 1] : UInt8(ascii: " "))
                        index += 1
                        continue
                    }
                    let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
                    let end = min(index + length, bytes.count)
                    var value = UInt32(byte & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07))
                    for continuation in bytes[(index + 1)..<end] { value = value << 6 | UInt32(continuation & 0x3F) }
                    scanner.scan(scalar: value, bytes: bytes[index..<end], before: end < bytes.count ? bytes[end] : UInt8(ascii: " "))
                    index = end
                }
                scanner.endClause()
                return scanner.clauses
            }
        }
    }

    private struct ClauseScanner {
        /// Longer words are cut; no word the reader knows comes near it.
        static let longestWord = 48

        /// The word being read, as typed.
        let buffer: UnsafeMutableBufferPointer<UInt8>
        var length = 0
        var isASCII = true
        var hasCapital = false
        var isNumber = false
        /// The word had a dot inside, as in "B.Tech": its closing dot does not end a sentence.
        var abbreviated = false

        var words: [String] = []
        var folded: [String] = []
        var classes: [WordClass] = []
        var spans: [(start: Int, end: Int, question: Bool)] = []
        var clauseStart = 0

        init(buffer: UnsafeMutableBufferPointer<UInt8>, bytes: Int) {
            self.buffer = buffer
            // About one word in six bytes of English.
            let words = bytes / 5 + 2
            self.words.reserveCapacity(words)
            folded.reserveCapacity(words)
            classes.reserveCapacity(words)
        }

        var clauses: [Clause] {
            spans.map { span in
                Clause(
                    words: Column(storage: words, offset: span.start, endIndex: span.end - span.start),
                    folded: Column(storage: folded, offset: span.start, endIndex: span.end - span.start),
                    classes: Column(storage: classes, offset: span.start, endIndex: span.end - span.start),
                    endsWithQuestionMark: span.question
                )
            }
        }

        mutating func scan(ascii byte: UInt8, before next: UInt8) {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "&"):
                appendLetter(byte)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                appendLetter(byte)
                hasCapital = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if length == 0 { isNumber = true }
                append(byte)
            case UInt8(ascii: "'"), UInt8(ascii: "`"):
                break
            case UInt8(ascii: "."):
                period(before: next)
            case UInt8(ascii: "?"):
                endClause(question: true)
            case UInt8(ascii: "!"), UInt8(ascii: ";"), UInt8(ascii: ":"), UInt8(ascii: ","), UInt8(ascii: "("),
                 UInt8(ascii: ")"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                endClause()
            case UInt8(ascii: "-"):
                dash(before: next)
            default:
                endWord()
            }
        }

        mutating func scan(scalar value: UInt32, bytes: Slice<UnsafeBufferPointer<UInt8>>, before next: UInt8) {
            switch value {
            case 0x2018, 0x2019:  // ‘ ’: "I’m" is "Im"
                return
            case 0x2026, 0x2028, 0x2029, 0x0964, 0x0965:  // …, line and paragraph separators, । ॥
                endClause()
            case 0x2013, 0x2014:  // – —
                dash(before: next)
            default:
                guard let scalar = Unicode.Scalar(value) else { return endWord() }
                let properties = scalar.properties
                let isMark = [.nonspacingMark, .spacingMark, .enclosingMark].contains(properties.generalCategory)
                guard properties.isAlphabetic || properties.numericType != nil || isMark && length > 0 else { return endWord() }
                if isNumber || length + bytes.count > buffer.count { endWord() }
                for byte in bytes { append(byte) }
                isASCII = false
            }
        }

        mutating func append(_ byte: UInt8) {
            if length == buffer.count { endWord() }
            buffer[length] = byte
            length += 1
        }

        mutating func appendLetter(_ byte: UInt8) {
            if isNumber { endWord() }
            append(byte)
        }

        mutating func dash(before next: UInt8) {
            // A dash between spaces separates ("Rahul here - mech engg"); inside a word it only
            // splits it ("two-wheeler").
            if length == 0 && (next == UInt8(ascii: " ") || next == UInt8(ascii: "\t")) { endClause() } else { endWord() }
        }

        mutating func period(before next: UInt8) {
            guard length > 0 else { return closeClause(at: words.count) }
            let nextIsDigit = next >= UInt8(ascii: "0") && next <= UInt8(ascii: "9")
            let nextIsLetter = next | 0x20 >= UInt8(ascii: "a") && next | 0x20 <= UInt8(ascii: "z")
            if isNumber && nextIsDigit {
                append(UInt8(ascii: "."))
                return
            }
            let isCapitals = isASCII && !buffer[..<length].contains { $0 >= UInt8(ascii: "a") }
            let isInitials = length == 1 || length <= 3 && isCapitals
            if !isNumber && nextIsLetter && (abbreviated || isInitials) {
                abbreviated = true
                return
            }
            let closesAbbreviation = abbreviated || length == 1 && !isNumber
            endWord()
            if !closesAbbreviation { closeClause(at: words.count) }
        }

        mutating func endWord() {
            guard length > 0 else { return }
            let letters = UnsafeBufferPointer(rebasing: buffer[..<length])
            let typed = String(decoding: letters, as: UTF8.self)
            let lowered: String
            if !isASCII {
                lowered = typed.lowercased()
            } else if hasCapital {
                lowered = String(unsafeUninitializedCapacity: letters.count) { target in
                    for (index, byte) in letters.enumerated() {
                        target[index] = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
                    }
                    return letters.count
                }
            } else {
                lowered = typed
            }
            let hash = isASCII && !hasCapital ? Lexicon.hash(letters) : Lexicon.hash(lowered.utf8)
            length = 0
            isASCII = true
            hasCapital = false
            isNumber = false
            abbreviated = false
            let wordClasses = ProfileExtractor.lexicon.classes(of: lowered, hash: hash)
            if wordClasses.contains(.clauseBreak) { closeClause(at: words.count) }
            // "My father works in steel and I am a fresher", "I am Anil and my brother is in
            // steel": "and" before a new subject starts a new clause.
            let last = words.count - 1
            if !wordClasses.isDisjoint(with: [.subjectI, .otherPerson]) && last > clauseStart && folded[last] == "and" {
                closeClause(at: last)
            } else if wordClasses.contains(.relative) && last - 1 > clauseStart && classes[last].contains(.possessive)
                && folded[last - 1] == "and"
            {
                closeClause(at: last - 1)
            }
            words.append(typed)
            folded.append(lowered)
            classes.append(wordClasses)
        }

        mutating func endClause(question: Bool = false) {
            endWord()
            closeClause(at: words.count, question: question)
        }

        /// Ends the clause before word `end`; the next starts there.
        mutating func closeClause(at end: Int, question: Bool = false) {
            if end > clauseStart { spans.append((clauseStart, end, question)) }
            clauseStart = end
        }
    }

    /// How a clause reads: where its words start after greetings, whether it asks something,
    /// and how far its statement about the writer runs.
    struct Reading {
        /// The first word after greetings and fillers ("hi sir, kindly ...").
        var start = 0
        var isQuestion = false
        var isAboutSomeoneElse = false
        /// It asks for information: "I am asking about EV", "tell me about pharma".
        var asksForInformation = false
        /// It has a first-person word before any request or wish, or opens like a statement
        /// about oneself without one ("working as GET since 2 years").
        var hasFirstPerson = false
        /// Facts are read before this word: where a question, request, wish, doubt or negation
        /// starts.
        var factsEnd = 0
        /// Where the statement ends, negations included ("I don't have any experience").
        var statementEnd = 0

        init(_ clause: Clause) {
            let folded = clause.folded, classes = clause.classes, count = clause.count
            while start < count && classes[start].contains(.filler) { start += 1 }
            factsEnd = start
            statementEnd = start
            guard start < count else { return }
            let opener = classes[start]
            if opener.contains(.questionWord)
                || opener.contains(.auxiliary) && (folded[start] != "am" || start + 1 < count && folded[start + 1] == "i")
            {
                isQuestion = true
                return
            }
            if opener.contains(.otherPerson) || opener.contains(.possessive) && start + 1 < count && classes[start + 1].contains(.relative) {
                isAboutSomeoneElse = true
                return
            }
            // A question can follow a statement without a comma: "I am in auto is EV good?".
            var questionAt = count
            for index in (start + 1)..<count where folded[index] != "am" {
                let word = classes[index]
                let next: WordClass = index + 1 < count ? classes[index + 1] : []
                let nextWord = index + 1 < count ? folded[index + 1] : ""
                if clause.endsWithQuestionMark && (word.contains(.questionWord) || word.contains(.auxiliary))
                    || word.contains(.auxiliary) && next.contains(.subject)
                    || (folded[index] == "what" || folded[index] == "how") && (next.contains(.auxiliary) || nextWord == "about" || nextWord == "to")
                {
                    questionAt = index
                    break
                }
            }
            if clause.endsWithQuestionMark && questionAt == count {
                isQuestion = true
                return
            }
            var requestAt = questionAt, stanceAt = questionAt, negationAt = questionAt
            for index in start..<questionAt {
                let word = classes[index]
                let previous = index > 0 ? folded[index - 1] : ""
                if word.contains(.request) || word.contains(.requestAfterTo) && (previous == "to" || previous == "wanna") {
                    requestAt = index
                    break
                }
                if stanceAt == questionAt,
                   word.contains(.stance) || folded[index] == "like" && (previous == "would" || previous == "id" || previous == "d"),
                   // "planning engineer" is a job, not a plan.
                   !(word.contains(.roleKind) && index + 1 < count && classes[index + 1].contains(.roleTitle))
                {
                    stanceAt = index
                }
                if negationAt == questionAt && word.contains(.negation) { negationAt = index }
            }
            asksForInformation = requestAt < questionAt
            statementEnd = min(requestAt, stanceAt)
            factsEnd = min(statementEnd, negationAt)
            hasFirstPerson = opener.contains(.selfOpener) || classes[..<statementEnd].contains { $0.contains(.firstPerson) }
        }
    }

    // MARK: - Facts

    /// What the clauses read so far have found, before it becomes an `Update`.
    private struct Facts: Equatable {
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
    private static func read(_ clause: Clause, _ reading: Reading, into facts: inout Facts) {
        guard reading.start < reading.statementEnd else { return }
        if facts.discipline == nil { facts.discipline = discipline(in: clause, reading) }
        if let years = years(in: clause, reading) { facts.years = max(facts.years ?? 0, years) }
        if facts.industry == nil { facts.industry = industry(in: clause, reading) }
        if facts.role == nil { facts.role = role(in: clause, reading) }
        readStudies(clause, reading, into: &facts)
    }

    private static func discipline(in clause: Clause, _ reading: Reading) -> String? {
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

    private static func years(in clause: Clause, _ reading: Reading) -> Int? {
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

    private static func industry(in clause: Clause, _ reading: Reading) -> String? {
        for index in reading.start..<reading.factsEnd where clause.classes[index].contains(.industry) {
            let word = clause.folded[index]
            guard let industry = industries[word] else { continue }
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

    private static func role(in clause: Clause, _ reading: Reading) -> String? {
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
    private static func isOwnRole(_ clause: Clause, _ reading: Reading, at index: Int) -> Bool {
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
    private static func readStudies(_ clause: Clause, _ reading: Reading, into facts: inout Facts) {
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
    private static func introducedName(in clause: Clause, _ reading: Reading, opensMessage: Bool) -> String? {
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

    private static func validName(_ clause: Clause, at index: Int, isExplicit: Bool, needsHere: Bool, opensMessage: Bool) -> String? {
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

    // MARK: - Vocabulary

    /// What a word can mean to the reader; one look-up in `lexicon` gives all of it.
    struct WordClass: OptionSet, Sendable {
        let rawValue: UInt64

        /// Skipped at the start of a clause: "hi", "sir", "kindly", "so".
        static let filler = WordClass(rawValue: 1 << 0)
        static let firstPerson = WordClass(rawValue: 1 << 1)
        /// Opens a question: "what", "which", "how"; also "if", "whether".
        static let questionWord = WordClass(rawValue: 1 << 2)
        /// Opens a yes/no question: "is", "can", "should".
        static let auxiliary = WordClass(rawValue: 1 << 3)
        /// Follows an auxiliary in a question inside a statement: "is it", "can i".
        static let subject = WordClass(rawValue: 1 << 4)
        static let request = WordClass(rawValue: 1 << 5)
        /// A request after "to": "want to know", "wanted to check".
        static let requestAfterTo = WordClass(rawValue: 1 << 6)
        /// A wish, a plan or a doubt: what follows is not how things are.
        static let stance = WordClass(rawValue: 1 << 7)
        static let negation = WordClass(rawValue: 1 << 8)
        static let otherPerson = WordClass(rawValue: 1 << 9)
        static let possessive = WordClass(rawValue: 1 << 10)
        static let relative = WordClass(rawValue: 1 << 11)
        /// Opens a statement about oneself without "I": "working as GET", "fresher here".
        static let selfOpener = WordClass(rawValue: 1 << 12)
        static let notName = WordClass(rawValue: 1 << 13)
        /// After "I am X", shows X describes: "eligible for", "keen to", "aware of".
        static let notAfterName = WordClass(rawValue: 1 << 14)
        static let discipline = WordClass(rawValue: 1 << 15)
        static let disciplineContext = WordClass(rawValue: 1 << 16)
        static let industry = WordClass(rawValue: 1 << 17)
        static let workplace = WordClass(rawValue: 1 << 18)
        static let roleKind = WordClass(rawValue: 1 << 19)
        static let roleTitle = WordClass(rawValue: 1 << 20)
        /// A role on its own: "supervisor", "trainee".
        static let soloTitle = WordClass(rawValue: 1 << 21)
        static let roleModifier = WordClass(rawValue: 1 << 22)
        static let yearUnit = WordClass(rawValue: 1 << 23)
        static let experienceContext = WordClass(rawValue: 1 << 24)
        /// Speaks of a programme's length: "course", "mba", "long".
        static let duration = WordClass(rawValue: 1 << 25)
        /// Before a number of years, makes it a time ahead: "in 2 years", "after 2 years".
        static let notBeforeYears = WordClass(rawValue: 1 << 26)
        /// After a number of years, makes it not work: "2 years ago", "a 2 year course".
        static let notAfterYears = WordClass(rawValue: 1 << 27)
        static let clauseBreak = WordClass(rawValue: 1 << 28)
        /// Puts the writer somewhere: "in", "at", "working", "from".
        static let locator = WordClass(rawValue: 1 << 29)
        /// "I" as a subject: "I", "I'm", "I've".
        static let subjectI = WordClass(rawValue: 1 << 30)
        /// Says there is no experience before "experience": "no", "zero", "don't".
        static let noExperience = WordClass(rawValue: 1 << 31)
        /// "fresher", "student", "final", "studying", "pursuing".
        static let study = WordClass(rawValue: 1 << 32)
    }

    static let disciplines: [String: String] = [
        "mechanical": "mechanical", "mech": "mechanical", "electrical": "electrical", "eee": "electrical",
        "electronics": "electronics", "ece": "electronics", "civil": "civil", "chemical": "chemical", "chem": "chemical",
        "computer": "computer science", "cse": "computer science", "production": "production",
        "industrial": "industrial", "mechatronics": "mechatronics", "automobile": "automobile",
        "aerospace": "aerospace", "aeronautical": "aerospace", "instrumentation": "instrumentation",
        "metallurgy": "metallurgical", "metallurgical": "metallurgical", "textile": "textile",
        "manufacturing": "manufacturing", "petroleum": "petroleum", "mining": "mining",
    ]
    /// Count as a discipline on their own: "mech engg", "from ece".
    static let disciplineAbbreviations: Set<String> = ["mech", "ece", "cse", "eee"]

    static let industries: [String: String] = [
        "auto": "automotive", "automotive": "automotive", "automobile": "automotive", "automobiles": "automotive",
        "car": "automotive", "cars": "automotive", "wheeler": "automotive", "wheelers": "automotive",
        "twowheeler": "automotive", "twowheelers": "automotive", "fourwheeler": "automotive",
        "ev": "EV", "evs": "EV", "electric": "EV", "steel": "steel", "pharma": "pharmaceuticals",
        "pharmaceutical": "pharmaceuticals", "pharmaceuticals": "pharmaceuticals", "fmcg": "FMCG",
        "semiconductor": "semiconductors", "semiconductors": "semiconductors", "semicon": "semiconductors",
        "aerospace": "aerospace", "aviation": "aerospace", "oil": "oil and gas", "refinery": "oil and gas",
        "refineries": "oil and gas", "cement": "cement", "textile": "textiles", "textiles": "textiles",
        "food": "food processing", "chemicals": "chemicals", "electronics": "electronics", "smt": "electronics",
        "pcb": "electronics", "ems": "electronics", "tyre": "tyres", "tyres": "tyres", "tire": "tyres",
        "tires": "tyres", "consumer": "consumer goods", "packaging": "packaging", "plastics": "plastics",
        "power": "power", "mining": "mining", "construction": "construction", "defence": "defence",
        "defense": "defence", "railway": "railways", "railways": "railways", "fertilizer": "fertilisers",
        "fertiliser": "fertilisers", "fertilizers": "fertilisers", "fertilisers": "fertilisers", "sugar": "sugar",
        "telecom": "telecom",
    ]
    /// Industries that need no "in" or "plant" around them: "SMT lines", "2 wheeler".
    static let unmistakableIndustries: Set<String> = [
        "smt", "pcb", "wheeler", "wheelers", "twowheeler", "twowheelers", "fourwheeler",
    ]

    /// How a role kind is written in a role: "qa engineer" is "QA engineer".
    static let roleKindNames: [String: String] = [
        "qa": "QA", "qc": "QC", "npd": "NPD", "ppc": "PPC", "r&d": "R&D", "maintainance": "maintenance",
        "maintenence": "maintenance", "mantainance": "maintenance",
    ]

    /// How a role title is written in a role: "maintenance engg" is "maintenance engineer".
    static let roleTitleNames: [String: String] = ["engg": "engineer", "engr": "engineer", "mgr": "manager"]

    static let pastMarkers: Set<String> = ["started", "was", "were", "previously", "earlier", "formerly", "initially", "began"]

    static let studentOpeners: Set<String> = [
        "a", "an", "final", "year", "yr", "am", "im", "iam", "engineering", "engg", "btech", "be", "mtech", "diploma",
        "ug", "pg", "currently", "still", "college",
    ]
    static let degreeWords: Set<String> = [
        "btech", "be", "mtech", "engineering", "engg", "diploma", "degree", "bachelor", "bachelors", "bsc",
        "graduation", "year",
    ]
    static let experienceWords: Set<String> = ["experience", "exp", "experiance", "experince", "expirience"]
    static let experienceFillers: Set<String> = [
        "any", "work", "working", "job", "industry", "industrial", "professional", "prior", "real", "full", "time",
        "have", "has", "had", "got", "having", "an", "a", "of", "practical", "corporate", "previous",
    ]

    /// Every word the reader knows, with what it can mean; built once.
    static let lexicon: Lexicon = {
        var lexicon: [String: WordClass] = [:]
        func add(_ classes: WordClass, _ words: String) {
            for word in words.split(separator: " ") { lexicon[String(word), default: []].formUnion(classes) }
        }
        add(.filler, """
            hi hii hiii hello helo hlo hey heya dear sir sirs mam maam madam respected good morning afternoon evening \
            namaste namaskar greetings team so and but also ok okay k well then actually basically btw hmm hmmm please \
            pls plz kindly yes yeah ya yep thanks thank thankyou thx anyway anyways all everyone guys folks now no
            """)
        add(.firstPerson, "i im ive id iam my myself mine")
        add(.possessive, "my our his her their")
        add(.relative, """
            father mother dad mom papa mummy brother bro sister sis friend friends cousin uncle aunt husband wife son \
            daughter parents family senior seniors colleague colleagues boss relative relatives classmate classmates \
            roommate batchmate batchmates neighbour neighbor fiance spouse
            """)
        add(.otherPerson, "he she they his her their someone somebody people anyone anybody nobody everybody many most")
        add(.questionWord, "what whats which who whom whose why how hows when where wheres whether if suppose incase unless any anything kya kaise kaun")
        add(.auxiliary, "is isnt are arent am can could should shall will would do does did may might must")
        add(.subject, "i it this that there we you u me my these those they he she ev mba course program programme")
        add(.request, """
            asking ask asked asks enquire enquiring enquiry inquire inquiring inquiry query queries doubt doubts question \
            questions wondering wonder curious tell explain guide guidance help suggest suggestion suggestions advise \
            advice recommend recommendation information clarity clarify regarding
            """)
        add(.requestAfterTo, "know understand check learn explore find discuss")
        add(.stance, """
            want wants wanted wanna wish wishing hope hoping plan plans planning planned aspire aspiring dream dreaming \
            target targeting aim aiming interested interest considering consider thinking think looking prefer \
            preferring love keen eager willing become becoming switch switching transition move moving shifting change \
            changing need needs needed confused confusing unsure undecided torn worried scared afraid dilemma seeking \
            seek searching trying try exploring if unless suppose future someday maybe perhaps prepare preparing apply \
            applying offer offers offered interview opportunity
            """)
        add(.negation, """
            not never no dont didnt doesnt havent hasnt hadnt isnt wasnt arent werent cant cannot couldnt wont wouldnt \
            shouldnt nor neither without nothing none
            """)
        add(.selfOpener, "am working worked have having currently presently fresher pursuing studying doing completed graduated passed joined employed myself been")
        add(.notName, """
            a an the not so very really quite bit little too totally completely kind kinda sort somewhat pretty extremely \
            highly interested working looking currently presently confused new fresher freshers student students engineer \
            from in at into on of for to with by about as like doing planning thinking trying just also still good fine \
            ok okay sure unsure here there back done curious keen considering wondering glad happy worried excited going \
            stuck employed unemployed jobless married single tired bored busy free available ready able unable aware \
            unaware eligible qualified experienced skilled trained certified educated placed selected shortlisted \
            graduated passed based settled located posted hired fired laid retired basically actually honestly seriously \
            literally technically mainly mostly primarily only even ever never always usually generally probably \
            definitely certainly surely truly originally already yet again now then sorry grateful thankful proud lucky \
            unlucky fortunate blessed prepared capable great well alright all both either neither none nothing much few \
            several some each every other another such same different similar senior junior fresh hopeful helpless \
            hopeless stressed depressed frustrated disappointed satisfied dissatisfied unhappy sad comfortable \
            uncomfortable passionate fascinated inclined open weak strong poor average bad clear unclear lost more less \
            someone something this that these those it its your you us them we abroad overseas local native above below \
            over under through inside outside female male girl boy guy man woman lady person fellow newbie noob beginner \
            learner lurker member self selfemployed parttime fulltime mba btech mtech diploma graduate grad postgraduate \
            pg ug passout passedout final last first second third fourth fifth urgent important nice cool awesome wrong \
            correct right true false perfect exact exactly enough hard difficult easy relevant irrelevant expensive \
            costly cheap worth old get got gonna indian india nri confident ambitious motivated determined curious \
            responsible incharge engg engineering technician operator foreman
            """)
        add(.notAfterName, "about of for to that on by because whether than if regarding abt towards toward enough too so like based yet")
        add(.discipline, disciplines.keys.joined(separator: " "))
        add(.disciplineContext, """
            engineer engineers engineering engg eng engr graduate grad graduated student students background btech be \
            mtech bsc bachelor bachelors diploma degree major branch stream passout passedout passed dept department \
            tech undergrad ug pg
            """)
        add(.industry, industries.keys.joined(separator: " "))
        add(.workplace, """
            plant plants company companies industry industries sector factory factories firm oem oems unit units \
            manufacturer manufacturers manufacturing supplier suppliers mnc shopfloor line lines component components \
            parts ancillary ancillaries tier domain field side segment space major giant business background startup \
            processing works mill mills division vertical shop vehicle vehicles
            """)
        add(.roleKind, """
            quality production maintenance maintainance maintenence mantainance design process plant project \
            manufacturing operations service sales test testing reliability safety planning shift industrial automation \
            procurement logistics purchase r&d supply npd qa qc ppc tooling utility utilities site field application \
            commissioning management stores store line section area
            """)
        add(.roleTitle, "engineer engg engr mgr manager supervisor lead analyst executive head planner trainee intern officer technician specialist coordinator inspector")
        add(.soloTitle, "supervisor foreman technician trainee intern apprentice")
        add(.roleModifier, "senior sr junior jr assistant asst associate deputy dy chief current currently presently now also just")
        add(.yearUnit, "years year yrs yr yrz yearz")
        add(.experienceContext, """
            experience exp experiance experince expirience experienced working worked work works in at as been job have \
            having has had now since for into with employed total overall industry plant company field sector currently \
            presently till until past last
            """)
        add(.duration, "course program programme mba pgdm degree duration long semester semesters sem curriculum syllabus fees fee bond gap age")
        add(.notBeforeYears, "in after within next another every per")
        add(.notAfterYears, """
            ago old back gap later age internship training course program programme degree diploma mba pgdm bond break \
            before hence from more left ahead down
            """)
        add(.clauseBreak, "but however although though whereas")
        add(.locator, """
            in at into from for with within inside work works working worked handle handling joined employed make makes \
            making manufacture manufactures produce produces supply supplies
            """)
        add(.subjectI, "i im iam ive")
        add(.notName, numberWords.keys.joined(separator: " "))
        add(.noExperience, "no zero 0 nil dont didnt havent hasnt never not without")
        add(.study, "fresher student final studying pursuing")
        return Lexicon(lexicon)
    }()

    /// Words and their classes in an open-addressing table keyed by FNV-1a of the word's bytes:
    /// Swift's seeded `Hasher` costs more per word than the rest of the scan.
    struct Lexicon: Sendable {
        private let keys: [String]
        private let values: [WordClass]
        private let mask: Int

        init(_ words: [String: WordClass]) {
            var size = 16
            while size < words.count * 4 { size <<= 1 }
            var keys = Array(repeating: "", count: size)
            var values = Array(repeating: WordClass(), count: size)
            for (word, classes) in words {
                var slot = Self.hash(word.utf8) & (size - 1)
                while !keys[slot].isEmpty { slot = (slot + 1) & (size - 1) }
                keys[slot] = word
                values[slot] = classes
            }
            self.keys = keys
            self.values = values
            mask = size - 1
        }

        static func hash(_ bytes: some Sequence<UInt8>) -> Int {
            Int(truncatingIfNeeded: FNV1a.hash(bytes))
        }

        /// The classes of `word` (lowercased), whose bytes hash to `hash`.
        func classes(of word: String, hash: Int) -> WordClass {
            var slot = hash & mask
            while !keys[slot].isEmpty {
                if keys[slot] == word { return values[slot] }
                slot = (slot + 1) & mask
            }
            return []
        }

        subscript(word: String) -> WordClass {
            classes(of: word, hash: Self.hash(word.utf8))
        }
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
