import AdvisorEngine
import AdvisorRuntime
@testable import AdvisorTerminal
import Testing

struct RendererTests {
    let reply = Reply(
        intent: "roles.plant_manager", confidence: 0.9, kind: .answer, title: "Plant Manager",
        body: "A Plant Manager leads a whole manufacturing site. Everything that happens there ends up on their desk:\n- safety, output, quality and on-time delivery of every product line\n- the site budget",
        choices: [Choice(intent: "a", label: "What do the plant management and project management modules cover?"),
                  Choice(intent: "b", label: "What does an Operations Manager do?")],
        choicesPrompt: "You could also ask:")

    private func lines(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }

    @Test func wrapsEveryLineToTheWidth() {
        for width in [20, 33, 40, 80, 120] {
            for line in lines(Renderer(width: width, styled: false).render(reply: reply)) {
                #expect(TerminalText.width(line) <= width, "\(width): \(line)")
            }
        }
    }

    @Test func bulletsAndChoicesHaveHangingIndents() throws {
        let rendered = lines(Renderer(width: 40, styled: false).render(reply: reply))
        let bullet = try #require(rendered.firstIndex { $0.hasPrefix("- safety") })
        #expect(rendered[bullet + 1].hasPrefix("  ") && !rendered[bullet + 1].hasPrefix("   "), "\(rendered)")
        let choice = try #require(rendered.firstIndex { $0.hasPrefix("  1. ") })
        #expect(rendered[choice + 1].hasPrefix("     ") && !rendered[choice + 1].hasPrefix("      "), "\(rendered)")
    }

    @Test func numbersOfTenOrMoreChoicesStayAligned() {
        let many = Reply(intent: "x", confidence: 1, kind: .answer, body: "Pick one:",
                         choices: (1...10).map { Choice(intent: "i\($0)", label: "Option \($0)") })
        let rendered = lines(Renderer(width: 60, styled: false).render(reply: many))
        #expect(rendered.contains("   9. Option 9"))
        #expect(rendered.contains("  10. Option 10"))
    }

    @Test func theTitleIsBracketedWithoutStyleAndColouredWithIt() {
        let plain = Renderer(width: 80, styled: false).render(reply: reply)
        #expect(plain.hasPrefix("[Plant Manager]\n"))
        #expect(!plain.contains("\u{1B}"))
        let styled = Renderer(width: 80, styled: true).render(reply: reply)
        #expect(styled.hasPrefix("\u{1B}[1;36mPlant Manager\u{1B}[0m\n"))
    }

    @Test func styledAndPlainWrapAlike() {
        let plain = Renderer(width: 40, styled: false).render(reply: reply)
        let styled = Renderer(width: 40, styled: true).render(reply: reply)
            .replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
        #expect(styled == plain.replacingOccurrences(of: "[Plant Manager]", with: "Plant Manager"))
    }

    @Test func controlCharactersNeverReachTheTerminal() {
        let hostile = Reply(intent: "x", confidence: 1, kind: .answer, title: "T\u{1B}]0;owned\u{07}",
                            body: "a\u{1B}[2Jb\u{9B}31mc\td\r\ne\u{202E}f", choices: [Choice(intent: "y", label: "\u{1B}[5mblink")])
        for styled in [false, true] {
            let text = Renderer(width: 80, styled: styled).render(reply: hostile)
                .replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
            let bad = text.unicodeScalars.filter { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) || $0 == "\u{202E}" }
            #expect(bad.isEmpty, "\(text.debugDescription)")
        }
        #expect(TerminalText.printable("a\u{1B}[2Jb") == "a?[2Jb")
        #expect(TerminalText.printable("tab\there\r\nnext") == "tab here\nnext")
        // Bidirectional marks (LRM, RLM, ALM) go too: they can reorder what a line appears to say.
        #expect(TerminalText.printable("a\u{200E}b\u{200F}c\u{061C}d") == "abcd")
    }

    @Test func aWordLongerThanTheLineIsBroken() {
        let rendered = lines(Renderer(width: 20, styled: false).render(text: String(repeating: "x", count: 45)))
        #expect(rendered == [String(repeating: "x", count: 20), String(repeating: "x", count: 20), String(repeating: "x", count: 5)])
    }

    @Test func spacesInsideALineAreKept() {
        let rendered = Renderer(width: 80, styled: false).render(text: "  /help     what you can ask")
        #expect(rendered == "  /help     what you can ask\n")
    }

    @Test func theWidthIsClamped() {
        #expect(Renderer(width: 3, styled: false).width == Renderer.widthRange.lowerBound)
        #expect(Renderer(width: 5000, styled: false).width == Renderer.widthRange.upperBound)
    }

    @Test func noticesComeFirst() {
        let output = ConversationOutput(kind: .command, reply: nil, text: "Done.", notices: ["Your file was moved."])
        #expect(Renderer(width: 80, styled: false).render(output) == "Note: Your file was moved.\nDone.\n")
    }

    @Test func wideCharactersCountTwice() {
        #expect(TerminalText.width("工場") == 4)
        #expect(TerminalText.width("e\u{301}") == 1)
    }
}
