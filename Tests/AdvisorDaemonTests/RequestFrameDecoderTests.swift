@testable import AdvisorDaemon
import NIOCore
import NIOEmbedded
import Testing

@Suite struct RequestFrameDecoderTests {
    private func channel(limit: Int = 16) throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(RequestFrameDecoder(maximumLineBytes: limit)))
        return channel
    }

    private func frames(_ channel: EmbeddedChannel) throws -> [RequestFrame] {
        var frames: [RequestFrame] = []
        while let frame = try channel.readInbound(as: RequestFrame.self) { frames.append(frame) }
        return frames
    }

    private func line(_ text: String) -> RequestFrame {
        .line(ByteBuffer(string: text))
    }

    @Test func splitsLinesAcrossReadsAndDropsCarriageReturns() throws {
        let channel = try channel()
        try channel.writeInbound(ByteBuffer(string: "{\"op\":\"op"))
        try channel.writeInbound(ByteBuffer(string: "en\"}\r\nsecond\nthi"))
        #expect(try frames(channel) == [line("{\"op\":\"open\"}"), line("second")])
        try channel.writeInbound(ByteBuffer(string: "rd\n"))
        #expect(try frames(channel) == [line("third")])
        _ = try channel.finish()
    }

    @Test func overlongLineInOneReadBecomesOneFrameAndTheNextLineCarriesOn() throws {
        let channel = try channel()
        try channel.writeInbound(ByteBuffer(string: String(repeating: "x", count: 40) + "\nok\n"))
        #expect(try frames(channel) == [.tooLong(byteCount: 40), line("ok")])
        _ = try channel.finish()
    }

    @Test func overlongLineIsDiscardedAsItArrivesNotBuffered() throws {
        let channel = try channel()
        for _ in 0..<100 {
            try channel.writeInbound(ByteBuffer(string: String(repeating: "y", count: 10)))
        }
        #expect(try frames(channel).isEmpty)
        try channel.writeInbound(ByteBuffer(string: "yy\nnext\n"))
        #expect(try frames(channel) == [.tooLong(byteCount: 1002), line("next")])
        _ = try channel.finish()
    }

    @Test func lineOfExactlyTheLimitIsAccepted() throws {
        let channel = try channel()
        let text = String(repeating: "z", count: 16)
        try channel.writeInbound(ByteBuffer(string: text + "\n"))
        #expect(try frames(channel) == [line(text)])
        _ = try channel.finish()
    }

    @Test func halfALineAtTheEndOfInputIsReportedIncomplete() throws {
        let channel = try channel()
        try channel.writeInbound(ByteBuffer(string: "whole\n{\"op\":"))
        #expect(try frames(channel) == [line("whole")])
        channel.pipeline.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
        #expect(try frames(channel) == [.incomplete(byteCount: 6)])
        _ = try channel.finish()
    }
}
