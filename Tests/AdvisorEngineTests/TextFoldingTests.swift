@testable import AdvisorEngine
import Testing

struct TextFoldingTests {
    @Test func foldsCaseAndPunctuation() {
        #expect(TextFolding.tokens("What does a PLANT-Manager do?!") == ["what", "does", "a", "plant", "manager", "do"])
    }

    @Test func joinsApostrophesIncludingCurlyOnes() {
        #expect(TextFolding.tokens("What’s a plant manager's job") == ["whats", "a", "plant", "managers", "job"])
    }

    @Test func keepsVersionNumbers() {
        #expect(TextFolding.tokens("Industry 4.0.") == ["industry", "4.0"])
    }

    @Test func removesDiacriticsAndFullWidthForms() {
        #expect(TextFolding.tokens("Café ＬＥＡＮ naïve") == ["cafe", "lean", "naive"])
    }

    @Test func dropsControlCharactersEscapesAndEmoji() {
        #expect(TextFolding.tokens("lean\u{1B}[31m\u{0}🚀 kaizen") == ["lean", "31m", "kaizen"])
    }

    @Test func keepsOtherScriptsAsWords() {
        #expect(TextFolding.tokens("नमस्ते lean") .count == 2)
    }

    @Test func respectsTheTokenLimit() {
        #expect(TextFolding.tokens(String(repeating: "lean ", count: 1000), limit: 64).count == 64)
    }

    @Test func numeralsInASCIIAreTheDigits() {
        for byte in UInt8(0)..<0x80 {
            let word = String(UnicodeScalar(byte))
            #expect(TextFolding.hasNumeral(word) == word.unicodeScalars.contains { $0.properties.numericType != nil })
        }
        #expect(TextFolding.hasNumeral("industry4.0"))
        #expect(TextFolding.hasNumeral("४0"))
        #expect(TextFolding.hasNumeral("½"))
        #expect(!TextFolding.hasNumeral("café"))
    }
}

struct TextFoldingLimitTests {
    @Test func truncatesVeryLongWords() {
        let tokens = TextFolding.tokens(String(repeating: "x", count: 1 << 20) + " lean")
        #expect(tokens == [String(repeating: "x", count: TextFolding.maximumWordLength), "lean"])
    }
}

struct TextLayoutTests {
    @Test func joinsParagraphsAndIndentedBulletContinuations() {
        let text = "A first line\nand its end.\n\nA list:\n- one item\n  goes on\n- two\nAfter the list.\n"
        #expect(TextLayout.unwrap(text) == "A first line and its end.\n\nA list:\n- one item goes on\n- two\nAfter the list.")
    }

    @Test func unwrapsNonASCIITextLikeASCII() {
        #expect(TextLayout.unwrap("Café\nmanager\n\n- né\n  là") == "Café manager\n\n- né là")
    }

    @Test func carriageReturnLineFeedIsNotALineBreak() {
        // "\r\n" is one Character, so splitting at "\n" never sees it.
        #expect(TextLayout.unwrap("one\r\ntwo\nthree") == "one\r\ntwo three")
    }
}

@Test func ampersandAndPlusJoinWords() {
    #expect(TextFolding.tokens("subjects + roles") == ["subjects", "and", "roles"])
    #expect(TextFolding.tokens("lean&six sigma") == ["lean", "and", "six", "sigma"])
    #expect(TextFolding.tokens("4+ years, c++") == ["4", "years", "c"])
    #expect(TextFolding.tokens("rôles + salaire") == ["roles", "and", "salaire"])
}
