@testable import AdvisorEngine
import Testing

struct StringTrimmingTests {
    @Test func asciiWhitespaceAgreesWithCharacter() {
        for byte in UInt8(0)..<0x80 {
            #expect(byte.isASCIIWhitespace == Character(Unicode.Scalar(byte)).isWhitespace, "byte \(byte)")
        }
    }

    @Test func trimsASCIIAndUnicodeAlike() {
        #expect(" \t plant manager \r\n".trimmed == "plant manager")
        #expect("\u{00A0}plant\u{2003}manager\u{3000}".trimmed == "plant\u{2003}manager")
        #expect(" \u{0301}x ".trimmed == "x", "a combining mark joins the space before it")
        #expect("\r\n".trimmed == "")
        #expect(" a ".dropFirst().trimmed == "a")
    }

    @Test func blankIsOnlyWhiteSpace() {
        #expect(" \t\r\n".isBlank)
        #expect("".isBlank)
        #expect("\u{00A0}\u{3000}".isBlank)
        #expect(!" x ".isBlank)
        #expect(!"\u{00A0}é".isBlank)
    }
}
