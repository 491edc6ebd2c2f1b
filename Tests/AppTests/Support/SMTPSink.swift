import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

@testable import App

/// A real SMTP server on a local port for the outbox tests: it speaks enough of RFC 5321 for Tandem's
/// client, keeps every message it accepts, and can be told to misbehave the ways real servers do.
final class SMTPSink: Sendable {
    enum Mode: Sendable {
        /// Accepts every message.
        case accept
        /// Answers the end of DATA with 451: try again later.
        case busy
        /// Refuses the recipient for good with 550.
        case refuse
        /// Drops the connection in the middle of the message's DATA: a server killed mid-send.
        case hangUpMidData
    }

    struct Received: Sendable {
        var from: String
        var to: String
        /// The whole message as sent, headers and base64 body.
        var data: String

        /// The body, decoded from base64.
        var text: String {
            guard let split = data.range(of: "\r\n\r\n") else { return "" }
            let encoded = data[split.upperBound...].replacingOccurrences(of: "\r\n", with: "")
            return Data(base64Encoded: encoded).flatMap { String(data: $0, encoding: .utf8) } ?? ""
        }

        func header(_ name: String) -> String? {
            data.components(separatedBy: "\r\n").first { $0.lowercased().hasPrefix(name.lowercased() + ":") }
                .map { String($0.dropFirst(name.count + 1)).trimmingCharacters(in: .whitespaces) }
        }
    }

    private let state = NIOLockedValueBox<(mode: Mode, received: [Received], connections: Int)>((.accept, [], 0))
    private let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    private let channel: any Channel
    let port: Int

    init() async throws {
        let box = NIOLockedValueBox<SMTPSink?>(nil)
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture {
                    guard let sink = box.withLockedValue({ $0 }) else { return }
                    try child.pipeline.syncOperations.addHandler(SinkSession(sink: sink))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        self.channel = channel
        self.port = channel.localAddress?.port ?? 0
        box.withLockedValue { $0 = self }
    }

    var mode: Mode {
        get { state.withLockedValue { $0.mode } }
        set { state.withLockedValue { $0.mode = newValue } }
    }

    var received: [Received] { state.withLockedValue { $0.received } }
    var connections: Int { state.withLockedValue { $0.connections } }

    func keep(_ message: Received) { state.withLockedValue { $0.received.append(message) } }
    func connected() { state.withLockedValue { $0.connections += 1 } }

    /// Settings that send through this sink, without encryption (it is on this machine).
    var settings: SMTPSettings {
        SMTPSettings(
            host: "127.0.0.1", port: port, security: .none, sender: "asb@riverside.example",
            senderName: "Riverside ASB Team", timeoutSeconds: 5)
    }

    func stop() async {
        try? await channel.close()
        try? await group.shutdownGracefully()
    }
}

/// One client's conversation with the sink.
private final class SinkSession: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let sink: SMTPSink
    private var buffer = ""
    private var inData = false
    private var data = ""
    private var from = ""
    private var to = ""
    private var hungUp = false

    init(sink: SMTPSink) { self.sink = sink }

    func channelActive(context: ChannelHandlerContext) {
        sink.connected()
        reply(context, "220 sink.test ESMTP ready")
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        buffer += bytes.readString(length: bytes.readableBytes) ?? ""
        while let end = buffer.range(of: "\r\n") {
            let line = String(buffer[buffer.startIndex..<end.lowerBound])
            buffer = String(buffer[end.upperBound...])
            handle(line, context)
        }
    }

    private func handle(_ line: String, _ context: ChannelHandlerContext) {
        guard !hungUp else { return }
        if inData {
            if line == "." {
                inData = false
                switch sink.mode {
                case .busy: reply(context, "451 4.3.0 Busy, try later")
                default:
                    sink.keep(.init(from: from, to: to, data: data))
                    reply(context, "250 2.0.0 Queued")
                }
            } else {
                data += (line.hasPrefix("..") ? String(line.dropFirst()) : line) + "\r\n"
                if sink.mode == .hangUpMidData, data.count > 40 {
                    hungUp = true
                    context.close(promise: nil)
                }
            }
            return
        }
        let upper = line.uppercased()
        if upper.hasPrefix("EHLO") || upper.hasPrefix("HELO") {
            reply(context, "250-sink.test\r\n250 8BITMIME")
        } else if upper.hasPrefix("MAIL FROM:") {
            from = Self.address(line)
            reply(context, "250 OK")
        } else if upper.hasPrefix("RCPT TO:") {
            to = Self.address(line)
            reply(context, sink.mode == .refuse ? "550 5.1.1 No such user" : "250 OK")
        } else if upper == "DATA" {
            inData = true
            data = ""
            reply(context, "354 End with .")
        } else if upper == "QUIT" {
            reply(context, "221 Bye")
            context.close(promise: nil)
        } else {
            reply(context, "502 Not implemented")
        }
    }

    private static func address(_ line: String) -> String {
        guard let open = line.firstIndex(of: "<"), let close = line.lastIndex(of: ">") else { return "" }
        return String(line[line.index(after: open)..<close])
    }

    private func reply(_ context: ChannelHandlerContext, _ text: String) {
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: text + "\r\n")), promise: nil)
    }
}
