import NIOCore

/// One newline-terminated line from a client, or why there is none.
enum RequestFrame: Equatable {
    /// A complete line, without its newline (and without a carriage return before it).
    case line(ByteBuffer)
    /// A line longer than the limit; its bytes were discarded as they arrived.
    case tooLong(byteCount: Int)
    /// The client closed its side in the middle of a line.
    case incomplete(byteCount: Int)
}

/// Splits the bytes of a connection into lines of at most `maximumLineBytes`.
///
/// Unlike NIOExtras' `LineBasedFrameDecoder`, an over-long line is never buffered: once a
/// line passes the limit its bytes are dropped as they arrive, and when its newline finally
/// comes one `.tooLong` frame is passed on, so that the handler can answer it with an error
/// and carry on with the next line. A client sending 8 MiB without a newline costs the
/// daemon one read buffer, not 8 MiB.
final class RequestFrameDecoder: ByteToMessageDecoder {
    typealias InboundOut = RequestFrame

    let maximumLineBytes: Int
    /// Bytes of an over-long line dropped so far, while waiting for its newline.
    private var discarded: Int?
    /// How far the current buffer has been searched for a newline already.
    private var scanned = 0

    init(maximumLineBytes: Int) {
        self.maximumLineBytes = maximumLineBytes
    }

    func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let frame = nextFrame(&buffer) else { return .needMoreData }
        context.fireChannelRead(wrapInboundOut(frame))
        return .continue
    }

    func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        while let frame = nextFrame(&buffer) {
            context.fireChannelRead(wrapInboundOut(frame))
        }
        let leftover = (discarded ?? 0) + buffer.readableBytes
        buffer.moveReaderIndex(forwardBy: buffer.readableBytes)
        discarded = nil
        scanned = 0
        if leftover > 0 {
            context.fireChannelRead(wrapInboundOut(.incomplete(byteCount: leftover)))
        }
        return .needMoreData
    }

    /// The next frame in `buffer`, consuming its bytes, or nil if more bytes are needed.
    func nextFrame(_ buffer: inout ByteBuffer) -> RequestFrame? {
        let view = buffer.readableBytesView
        if let dropped = discarded {
            guard let newline = view.firstIndex(of: UInt8(ascii: "\n")) else {
                discarded = dropped + view.count
                buffer.moveReaderIndex(forwardBy: view.count)
                return nil
            }
            let count = dropped + (newline - view.startIndex)
            buffer.moveReaderIndex(to: newline + 1)
            discarded = nil
            return .tooLong(byteCount: count)
        }
        let searchStart = view.startIndex + scanned
        guard let newline = view[searchStart...].firstIndex(of: UInt8(ascii: "\n")) else {
            if view.count > maximumLineBytes {
                discarded = view.count
                buffer.moveReaderIndex(forwardBy: view.count)
                scanned = 0
            } else {
                scanned = view.count
            }
            return nil
        }
        scanned = 0
        var length = newline - view.startIndex
        if length > maximumLineBytes {
            buffer.moveReaderIndex(to: newline + 1)
            return .tooLong(byteCount: length)
        }
        if length > 0 && view[newline - 1] == UInt8(ascii: "\r") { length -= 1 }
        let line = buffer.getSlice(at: buffer.readerIndex, length: length) ?? ByteBuffer()
        buffer.moveReaderIndex(to: newline + 1)
        return .line(line)
    }
}
