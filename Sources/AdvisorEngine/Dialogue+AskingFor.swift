/// A user who asks for someone else: "my son is mech, 2 yrs in a two-wheeler plant", "my
/// husband feels stuck as shift incharge", "one of my juniors". Once they have said so, the
/// conversation is about that person: "will he grow faster", "check if it suits him" and
/// "he always talks about the whole line" are read as the user's own "I" and "me" would be,
/// never as pronouns for the role or module in focus. (The profile is still read from the
/// words as typed: what is said of the son is not the user's.)
extension DialogueEngine {
    /// The person a message says the user asks for, if it says so.
    static func personAskedFor(_ words: [String]) -> String? {
        for (index, word) in words.enumerated() where askedForNouns.contains(word) {
            let previous = index > 0 ? words[index - 1] : nil
            let next = index + 1 < words.count ? words[index + 1] : nil
            // "my son", "for my husband", "beta mera ...", "one of my juniors".
            let owned = previous.map(["my", "our", "mera", "meri", "mere", "hamara", "hamari"].contains) == true
                || next.map(["mera", "meri", "hamara"].contains) == true
            // ("my wife says why take risk", "my brother told me": who advises, not whom it is for.)
            let advises = words.dropFirst(index + 1).prefix(2).contains(where: advisingVerbs.contains)
            if owned, !advises { return word }
        }
        return nil
    }

    /// The text with "he", "she", "him", "her" and "his" as "I", "me" and "my": what the user
    /// asks of the person they speak for, as if that person asked it.
    static func inFirstPerson(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var word = ""
        func flush() {
            result += firstPerson[word.lowercased()] ?? word
            word = ""
        }
        for character in text {
            if character.isLetter || character == "'" {
                word.append(character)
            } else {
                flush()
                result.append(character)
            }
        }
        flush()
        return result
    }

    /// People a user may ask for, named after "my".
    static let askedForNouns: Set<String> = [
        "son", "daughter", "husband", "wife", "brother", "sister", "junior", "juniors", "student", "students", "nephew", "niece",
        "beta", "beti", "bhai", "bhaiya", "behen", "cousin", "ward", "kid", "child", "fiance", "fiancee",
    ]
    static let advisingVerbs: Set<String> = [
        "says", "said", "say", "told", "tells", "thinks", "think", "suggested", "suggests", "suggest", "advised", "advises", "recommends",
        "recommended", "asked", "asks", "believes", "warned", "insists", "bolte", "bolta", "bola", "kehte", "keh",
    ]
    static let firstPerson: [String: String] = [
        "he": "i", "she": "i", "him": "me", "her": "me", "his": "my", "hers": "mine", "he's": "i'm", "she's": "i'm", "hes": "im",
        "shes": "im", "usko": "mujhe", "uska": "mera", "uski": "meri",
    ]
}
