import AdvisorRuntime
import Testing

/// Every hunk, not only the first; the changed words of long lines.
struct TranscriptDiffTests {
    static let base = (1...30).map { "line \($0)" }

    @Test func everyHunkIsShownWithItsOwnHeader() {
        var changed = Self.base
        changed[2] = "line three"
        changed[25] = "line twenty-six"
        changed.insert("a new line", at: 15)
        let hunks = UnifiedDiff.hunks(expected: Self.base.joined(separator: "\n"), actual: changed.joined(separator: "\n"))
        #expect(hunks.map(\.header) == ["@@ -1,6 +1,6 @@", "@@ -13,6 +13,7 @@", "@@ -23,7 +24,7 @@"])
        #expect(hunks[0].lines == [" line 1", " line 2", "-line 3", "+line three", " line 4", " line 5", " line 6"])
        #expect(hunks[1].lines.filter { $0.hasPrefix("+") } == ["+a new line"])
        #expect(hunks[2].lines.last == " line 29")
        #expect(UnifiedDiff.hunks(expected: "a\nb", actual: "a\nb").isEmpty)
    }

    @Test func changesCloserThanTwiceTheContextShareAHunk() {
        var changed = Self.base
        changed[4] = "five"
        changed[10] = "eleven"
        let hunks = UnifiedDiff.hunks(expected: Self.base.joined(separator: "\n"), actual: changed.joined(separator: "\n"))
        #expect(hunks.map(\.header) == ["@@ -2,13 +2,13 @@"])
    }

    @Test func longChangedLinesGetTheirChangedWordsMarked() {
        let old = "A Plant Manager usually leads a whole manufacturing site: safety, output, quality and delivery."
        let new = "A Plant Manager usually runs a whole manufacturing site: safety, output, cost, quality and delivery."
        #expect(WordDiff.plain(old: old, new: new)
            == "A Plant Manager usually [-leads-] {+runs+} a whole manufacturing site: safety, output, {+cost,+} quality and delivery.")
        let marked = WordDiff.mark([" same", "-" + old, "+" + new, "-short", "+brief"], style: .plain)
        #expect(marked == [" same", "-" + old, "+" + new, "~ " + WordDiff.plain(old: old, new: new), "-short", "+brief"])
        let coloured = WordDiff.mark(["-" + old, "+" + new], style: .ansi)
        #expect(coloured.count == 2 && coloured[0].contains("\u{1B}[7;31mleads\u{1B}[27;39m") && coloured[1].contains("\u{1B}[7;32mruns\u{1B}[27;39m"))
    }

    @Test func anUpdateKeepsATurnWhoseIntentChangedUnlessAccepted() throws {
        let original = try Transcript(parsing: "> hi\n= chat.greeting\n< Hello.\n> lean?\n= curriculum.lean\n< Old lean.\n")
        let replayed = try Transcript(parsing: "> hi\n= chat.greeting\n< Hello there.\n> lean?\n= fallback\n< Sorry.\n")
        let kept = original.updated(from: replayed, acceptingIntents: false)
        #expect(kept.leftAlone == 1)
        #expect(kept.transcript.text == "> hi\n= chat.greeting\n< Hello there.\n\n> lean?\n= curriculum.lean\n< Old lean.\n")
        let accepted = original.updated(from: replayed, acceptingIntents: true)
        #expect(accepted.leftAlone == 0)
        #expect(accepted.transcript.text == "> hi\n= chat.greeting\n< Hello there.\n\n> lean?\n= fallback\n< Sorry.\n")
    }
}
