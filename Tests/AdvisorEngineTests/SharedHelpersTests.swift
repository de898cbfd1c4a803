@testable import AdvisorEngine
import Testing

/// The helpers every module uses (hash, edit distance, control characters, UTC time), each
/// written once.
struct SharedHelpersTests {
    @Test func fnv1aMatchesThePublishedVectors() {
        #expect(FNV1a.hash([UInt8]()) == 0xcbf2_9ce4_8422_2325)
        #expect(FNV1a.hash(Array("a".utf8)) == 0xaf63_dc4c_8601_ec8c)
        #expect(FNV1a.hash(Array("foobar".utf8)) == 0x8594_4171_f739_67e8)
        var streamed = FNV1a()
        streamed.combine(Array("foo".utf8))
        streamed.combine(Array("bar".utf8))
        #expect(streamed.value == FNV1a.hash(Array("foobar".utf8)))
    }

    @Test func editDistanceCountsATranspositionOnceAndOffersTheNearest() {
        #expect(EditDistance.between(Array("export"), Array("exprot")) == 1)
        #expect(EditDistance.between(Array(""), Array("abc")) == 3)
        #expect(EditDistance.closest(to: "/exprot", in: ["/export", "/forget", "/reset"], within: 3) == "/export")
        #expect(EditDistance.closest(to: "/zzzzzzz", in: ["/export"], within: 3) == nil)
    }

    @Test func controlCharactersAreShownAsQuestionMarksAndBidiIsDropped() {
        #expect(ControlCharacters.shown("a\u{1B}[31mb\u{202E}c\u{9B}", limit: 40) == "a?[31mbc?")
        #expect(ControlCharacters.shown(String(repeating: "x", count: 50), limit: 10) == String(repeating: "x", count: 10) + "…")
        #expect(ControlCharacters.occur(in: "line\nbreak") && !ControlCharacters.occur(in: "plain ünïcode"))
    }

    @Test func utcTimeFormatsForFileNamesAndJSON() {
        let time = UTCTime(secondsSince1970: 1_700_000_000)
        #expect(time.iso8601 == "2023-11-14T22:13:20Z")
        #expect(time.compact() == "20231114T221320Z")
        #expect(time.compact(separator: "-", suffix: "") == "20231114-221320")
        #expect(UTCTime(secondsSince1970: 0).iso8601 == "1970-01-01T00:00:00Z")
    }
}
