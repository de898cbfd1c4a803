/// Cutting a message into clauses, and reading each clause's words.
extension ProfileExtractor {
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

    struct ClauseScanner {
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
}
