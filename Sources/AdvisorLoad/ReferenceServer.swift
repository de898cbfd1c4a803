import AdvisorDaemon
import Foundation
import Glibc
import NIOCore
import NIOPosix

/// The load benchmark's yardstick: a bare SwiftNIO server on the same kind of socket that
/// answers every request line with one fixed JSON line, of the size of a real reply. No
/// engine, no store, no protocol: what the machine, the kernel and NIO cost for a turn, so
/// that the daemon's figures can be given as a share of it (absolute turns/s differ by two
/// or three times between machines of one kind).
public final class ReferenceServer: Sendable {
    /// A response line about as long as the daemon's answer to a question (1.3 KB).
    static let line: [UInt8] = {
        let text = String(repeating: "The article names lean manufacturing as one of the five modules. ", count: 18)
        return Array(#"{"id":0,"kind":"reply","notices":[],"ok":true,"op":"send","text":"\#(text)"}"#.utf8) + [10]
    }()

    private let group: MultiThreadedEventLoopGroup
    private let channel: any Channel
    public let socketPath: String

    /// Listens on `socketPath` (a stale socket file there is replaced) with `threads` event loops.
    public init(socketPath: String, threads: Int) async throws {
        unlink(socketPath)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, threads))
        do {
            channel = try await ServerBootstrap(group: group)
                .serverChannelOption(ChannelOptions.backlog, value: 1024)
                .childChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(ReferenceHandler())
                    }
                }
                .bind(unixDomainSocketPath: socketPath).get()
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
        self.group = group
        self.socketPath = socketPath
    }

    /// Stops listening, closes the connections and removes the socket file.
    public func stop() async {
        try? await channel.close()
        try? await group.shutdownGracefully()
        unlink(socketPath)
    }
}

/// Counts the newlines of what arrives and writes the fixed line once for each.
private final class ReferenceHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        let lines = buffer.readableBytesView.reduce(0) { $0 + ($1 == 10 ? 1 : 0) }
        guard lines > 0 else { return }
        var out = context.channel.allocator.buffer(capacity: ReferenceServer.line.count * lines)
        for _ in 0..<lines { out.writeBytes(ReferenceServer.line) }
        context.write(wrapOutboundOut(out), promise: nil)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        context.flush()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
