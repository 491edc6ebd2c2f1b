import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL
import TandemCore

/// An email ready to go: envelope and the message as written by `MailFormat`.
struct OutgoingMail: Sendable {
    var to: String
    var subject: String
    var body: String
    var messageID: String
}

/// What sends mail: SMTP in production, the same client against a local server in the tests.
protocol MailTransport: Sendable {
    func send(_ mail: OutgoingMail) async throws
}

/// Why a message did not go: the server's reply (permanent for a 5xx) or a connection that failed.
struct MailFailure: Error, CustomStringConvertible {
    var description: String
    var isPermanent: Bool
}

/// A small SMTP client on SwiftNIO (RFC 5321): one connection per message, EHLO, STARTTLS or implicit TLS
/// when configured, AUTH PLAIN when credentials are set, MAIL FROM, RCPT TO, DATA. Every reply is waited
/// for with a time limit, so a server that stops answering mid-send fails the try instead of holding it.
struct SMTPClient: MailTransport {
    let settings: SMTPSettings
    let group: any EventLoopGroup

    func send(_ mail: OutgoingMail) async throws {
        guard MailFormat.isSafeAddress(mail.to) else {
            throw MailFailure(description: "The address \(mail.to) cannot be sent to", isPermanent: true)
        }
        let replies = SMTPReplies()
        let tls = try settings.security == .none ? nil : NIOSSLContext(configuration: settings.tlsConfiguration())
        let implicit = settings.security == .tls
        let host = settings.host
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: group)
                .connectTimeout(.seconds(Int64(settings.timeoutSeconds)))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if implicit, let tls {
                            try channel.pipeline.syncOperations.addHandler(
                                try NIOSSLClientHandler(context: tls, serverHostname: host))
                        }
                        try channel.pipeline.syncOperations.addHandler(SMTPReplyHandler(replies: replies))
                    }
                }
                .connect(host: settings.host, port: settings.port).get()
        } catch {
            throw MailFailure(
                description: "Could not connect to \(settings.host):\(settings.port): \(error)", isPermanent: false)
        }
        do {
            try await conversation(mail, on: channel, replies: replies, tls: tls)
            try? await channel.close()
        } catch {
            try? await channel.close()
            throw error
        }
    }

    private func conversation(
        _ mail: OutgoingMail, on channel: any Channel, replies: SMTPReplies, tls: NIOSSLContext?
    ) async throws {
        let timeout = TimeAmount.seconds(Int64(settings.timeoutSeconds))
        func expect(_ step: String, _ command: String?) async throws -> SMTPReply {
            if let command {
                try await channel.writeAndFlush(ByteBuffer(string: command + "\r\n"))
            }
            let reply = try await replies.next(on: channel.eventLoop, timeout: timeout, step: step)
            guard reply.isPositive else {
                throw MailFailure(description: "\(step): \(reply)", isPermanent: reply.isPermanent)
            }
            return reply
        }
        _ = try await expect("Greeting", nil)
        var hello = try await expect("EHLO", "EHLO \(settings.helloName)")
        if settings.security == .startTLS {
            guard hello.lines.contains(where: { $0.uppercased().hasPrefix("STARTTLS") }) else {
                throw MailFailure(description: "The server does not offer STARTTLS", isPermanent: false)
            }
            _ = try await expect("STARTTLS", "STARTTLS")
            guard let tls else { throw MailFailure(description: "TLS is not set up", isPermanent: true) }
            try await channel.pipeline.addHandler(
                try NIOSSLClientHandler(context: tls, serverHostname: settings.host), position: .first)
            hello = try await expect("EHLO after STARTTLS", "EHLO \(settings.helloName)")
        }
        if let username = settings.username, let password = settings.password {
            let token = Data("\u{0}\(username)\u{0}\(password)".utf8).base64EncodedString()
            _ = try await expect("AUTH", "AUTH PLAIN \(token)")
        }
        _ = try await expect("MAIL FROM", "MAIL FROM:<\(settings.sender)>")
        _ = try await expect("RCPT TO", "RCPT TO:<\(mail.to)>")
        _ = try await expect("DATA", "DATA")
        let text = MailFormat.message(
            from: settings.sender, fromName: settings.senderName, to: mail.to, subject: mail.subject,
            body: mail.body, date: Date(), messageID: mail.messageID)
        _ = try await expect("End of data", text + "\r\n.")
        _ = try? await expect("QUIT", "QUIT")
    }
}

/// Replies as they arrive, handed to whoever waits for the next one.
final class SMTPReplies: Sendable {
    private struct State {
        var ready: [SMTPReply] = []
        var waiting: [EventLoopPromise<SMTPReply>] = []
        var closed: (any Error)?
    }

    private let state = NIOLockedValueBox(State())

    func deliver(_ reply: SMTPReply) {
        let promise: EventLoopPromise<SMTPReply>? = state.withLockedValue { state in
            if state.waiting.isEmpty {
                state.ready.append(reply)
                return nil
            }
            return state.waiting.removeFirst()
        }
        promise?.succeed(reply)
    }

    func close(_ error: any Error) {
        let waiting = state.withLockedValue { state in
            state.closed = state.closed ?? error
            defer { state.waiting = [] }
            return state.waiting
        }
        for promise in waiting { promise.fail(error) }
    }

    func next(on loop: any EventLoop, timeout: TimeAmount, step: String) async throws -> SMTPReply {
        let promise = loop.makePromise(of: SMTPReply.self)
        let immediate: Result<SMTPReply, any Error>? = state.withLockedValue { state in
            if !state.ready.isEmpty { return .success(state.ready.removeFirst()) }
            if let error = state.closed { return .failure(error) }
            state.waiting.append(promise)
            return nil
        }
        if let immediate {
            promise.completeWith(immediate)
            return try await promise.futureResult.get()
        }
        let timer = loop.scheduleTask(in: timeout) {
            promise.fail(MailFailure(description: "\(step): the server did not answer in time", isPermanent: false))
        }
        defer { timer.cancel() }
        return try await promise.futureResult.get()
    }
}

/// Reads the server's bytes into replies.
final class SMTPReplyHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer

    let replies: SMTPReplies
    private let pending = NIOLockedValueBox("")

    init(replies: SMTPReplies) { self.replies = replies }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        let text = buffer.readString(length: buffer.readableBytes) ?? ""
        let parsed = pending.withLockedValue { pending in
            let result = SMTPReply.parse(pending + text)
            pending = result.rest
            return result.replies
        }
        for reply in parsed { replies.deliver(reply) }
    }

    func channelInactive(context: ChannelHandlerContext) {
        replies.close(MailFailure(description: "The mail server closed the connection", isPermanent: false))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        replies.close(MailFailure(description: "Connection error: \(error)", isPermanent: false))
        context.close(promise: nil)
    }
}
