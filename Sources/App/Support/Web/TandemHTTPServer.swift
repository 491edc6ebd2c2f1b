import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOExtras
import NIOHTTP1
import NIOPosix
import Vapor

/// Tandem's HTTP/1.1 server: SwiftNIO's own HTTP pipeline in front of
/// Vapor's responder.
///
/// Why not Vapor's server: when a request line or header block is over the
/// HTTP parser's 80 KB limit, Vapor closes the connection without an answer
/// (hostile testing sent a 100 KB query string, issue 17), and it has no
/// hook to change that. Here a parser error is answered 414 (the request
/// line is what overflowed), 431 (the headers did) or 400, and the
/// connection is then closed once the client stops sending. Everything else
/// is what Vapor's server does for Tandem: keep-alive and pipelining, bodies
/// collected up to the routes' limit, HEAD without a body, a `Date` header,
/// and on shutdown the listener closed and open connections drained for up
/// to the configured shutdown timeout.
final class TandemHTTPServer: Server, @unchecked Sendable {
    private struct Running {
        var channel: any Channel
        var quiesce: ServerQuiescingHelper
    }

    private let application: Application
    private let running = NIOLockedValueBox<Running?>(nil)

    init(application: Application) {
        self.application = application
    }

    var onShutdown: EventLoopFuture<Void> {
        running.withLockedValue { $0?.channel.closeFuture }
            ?? application.eventLoopGroup.any().makeSucceededVoidFuture()
    }

    func start(address: BindAddress?) async throws {
        let configuration = application.http.server.configuration
        let application = self.application
        let maxBodyBytes = application.routes.defaultMaxBodySize.value
        // Built once, as Vapor's own server does: `current` builds a new router and middleware chain each call.
        let responder = application.responder.current
        let quiesce = ServerQuiescingHelper(group: application.eventLoopGroup)
        let bootstrap = ServerBootstrap(group: application.eventLoopGroup)
            .serverChannelOption(ChannelOptions.backlog, value: Int32(configuration.backlog))
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .serverChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(quiesce.makeServerChannelHandler(channel: channel))
                }
            }
            .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(ChannelOptions.maxMessagesPerRead, value: 16)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let head = RequestHeadProgress()
                    try channel.pipeline.syncOperations.addHandlers([
                        HeadProgressTracker(progress: head),
                        HTTPResponseEncoder(),
                        ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .dropBytes)),
                        HTTPServerPipelineHandler(),
                        ParserErrorResponder(progress: head),
                        VaporBridge(
                            application: application, responder: responder, progress: head,
                            maxBodyBytes: maxBodyBytes),
                        NIOCloseOnErrorHandler(),
                    ])
                }
            }
        let bound: any Channel
        do {
            switch address ?? .hostname(configuration.hostname, port: configuration.port) {
            case .hostname(let hostname, let port):
                bound = try await bootstrap.bind(
                    host: hostname ?? configuration.hostname, port: port ?? configuration.port
                ).get()
            case .unixDomainSocket(let path):
                bound = try await bootstrap.bind(unixDomainSocketPath: path).get()
            }
        } catch {
            // The helper holds a promise that must be completed even when nothing was bound.
            quiesce.initiateShutdown(promise: nil)
            throw error
        }
        running.withLockedValue { $0 = Running(channel: bound, quiesce: quiesce) }
        if let local = bound.localAddress {
            application.logger.notice("Server started on \(local)")
        }
    }

    @available(*, noasync, message: "Use the async start(address:)")
    func start(address: BindAddress?) throws {
        try application.eventLoopGroup.any().makeFutureWithTask { try await self.start(address: address) }.wait()
    }

    /// Stops accepting, lets requests in flight finish (each connection closes after its current response),
    /// and gives up waiting after the configured shutdown timeout.
    func shutdown() async {
        guard
            let current = running.withLockedValue({ state in
                defer { state = nil }
                return state
            })
        else { return }
        let drained = current.channel.eventLoop.makePromise(of: Void.self)
        current.quiesce.initiateShutdown(promise: drained)
        let timeout = application.http.server.configuration.shutdownTimeout
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await drained.futureResult.get() }
            group.addTask { try? await Task.sleep(nanoseconds: UInt64(max(0, timeout.nanoseconds))) }
            await group.next()
            group.cancelAll()
        }
        try? await current.channel.closeFuture.get()
    }

    @available(*, noasync, message: "Use the async shutdown()")
    func shutdown() {
        try? application.eventLoopGroup.any().makeFutureWithTask { await self.shutdown() }.wait()
    }
}

/// What the connection's current request head has shown so far: how long its
/// first line is, to tell an over-long URI from over-long headers. Used only
/// on the channel's event loop. A pipelined request's bytes can arrive
/// before the previous request is parsed, so this is a best guess, used only
/// to choose between 414 and 431.
final class RequestHeadProgress: @unchecked Sendable {
    /// Whether the current head's first line has ended.
    var requestLineEnded = false
    /// How long the current head's first line is, as far as it has arrived.
    var requestLineBytes = 0

    /// A request line this long is what made the head too large: the URI is at fault, not the headers.
    static let longRequestLine = 16 * 1024

    func reset() {
        requestLineEnded = false
        requestLineBytes = 0
    }
}

/// Measures the request line in the bytes before the HTTP parser sees them.
private final class HeadProgressTracker: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    let progress: RequestHeadProgress

    init(progress: RequestHeadProgress) { self.progress = progress }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if !progress.requestLineEnded {
            let bytes = unwrapInboundIn(data).readableBytesView
            var start = bytes.startIndex
            // A stray line end after the previous request is not this request's first line.
            if progress.requestLineBytes == 0 {
                start = bytes.firstIndex { $0 != UInt8(ascii: "\r") && $0 != UInt8(ascii: "\n") } ?? bytes.endIndex
            }
            if let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) {
                progress.requestLineBytes += end - start
                progress.requestLineEnded = true
            } else {
                progress.requestLineBytes += bytes.endIndex - start
            }
        }
        context.fireChannelRead(data)
    }
}

/// Answers a request the HTTP parser refused, then closes the connection.
private final class ParserErrorResponder: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart
    let progress: RequestHeadProgress
    private var responding = false
    private var answered = false

    init(progress: RequestHeadProgress) { self.progress = progress }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // The refused request's remaining bytes raise further errors as they arrive: they are expected.
        if answered { return }
        guard let parserError = error as? HTTPParserError else {
            context.fireErrorCaught(error)
            return
        }
        answered = true
        guard !responding else {
            context.close(promise: nil)
            return
        }
        let status: HTTPResponseStatus =
            parserError == .headerOverflow
            ? (progress.requestLineBytes >= RequestHeadProgress.longRequestLine
                ? .uriTooLong : .requestHeaderFieldsTooLarge)
            : .badRequest
        let headers = HTTPHeaders([("Connection", "close"), ("Content-Length", "0")])
        context.write(
            wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))),
            promise: nil)
        // Closing at once, with the client still sending, would reset the connection and lose the answer:
        // end the output, let the rest of the request drain, and close when the client does (or soon).
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in
            bound.value.close(mode: .output, promise: nil)
            bound.value.eventLoop.scheduleTask(in: .seconds(5)) { bound.value.close(promise: nil) }
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head: responding = true
        case .end: responding = false
        case .body: break
        }
        context.write(data, promise: promise)
    }
}

/// Turns each parsed request into a Vapor `Request`, runs it through the
/// application's responder and writes the response back.
private final class VaporBridge: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let application: Application
    let responder: any Responder
    let progress: RequestHeadProgress
    let maxBodyBytes: Int
    private var head: HTTPRequestHead?
    private var body: ByteBuffer?
    private var tooLarge = false
    private var date = HTTPDate()

    init(application: Application, responder: any Responder, progress: RequestHeadProgress, maxBodyBytes: Int) {
        self.application = application
        self.responder = responder
        self.progress = progress
        self.maxBodyBytes = maxBodyBytes
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            head = requestHead
            body = nil
            let declared = requestHead.headers.first(name: .contentLength).flatMap(Int.init) ?? 0
            tooLarge = declared > maxBodyBytes
        case .body(var chunk):
            // Past the limit the rest of the body is read and dropped, never kept.
            guard !tooLarge else { return }
            if (body?.readableBytes ?? 0) + chunk.readableBytes > maxBodyBytes {
                tooLarge = true
                body = nil
            } else if body == nil {
                body = chunk
            } else {
                body?.writeBuffer(&chunk)
            }
        case .end:
            // The next request's first line starts after this one.
            progress.reset()
            guard let head else { return }
            self.head = nil
            if tooLarge, head.headers.first(name: .contentLength) == nil {
                // A chunked body past the limit: nothing runs for it.
                write(Response(status: .payloadTooLarge), for: head, keepAlive: false, body: nil, context: context)
                return
            }
            // A declared length past the limit reaches the application without its body, where the body limit
            // answers 413 with the usual page and headers, and nothing else runs.
            respond(to: head, body: tooLarge ? nil : body, keepAlive: head.isKeepAlive && !tooLarge, context: context)
            body = nil
        }
    }

    private func respond(to head: HTTPRequestHead, body: ByteBuffer?, keepAlive: Bool, context: ChannelHandlerContext) {
        // `URI(path:)`, as Vapor's own decoder uses: `//x/cases` is a path here, never a host.
        let request = Request(
            application: application, method: head.method, url: URI(path: head.uri), version: head.version,
            headersNoUpdate: head.headers, collectedBody: body, remoteAddress: context.channel.remoteAddress,
            logger: application.logger, byteBufferAllocator: context.channel.allocator, on: context.eventLoop)
        let bound = NIOLoopBound((context, self), eventLoop: context.eventLoop)
        let eventLoop = context.eventLoop
        responder.respond(to: request)
            .flatMap { response in response.body.collect(on: eventLoop).map { (response, $0) } }
            .hop(to: eventLoop)
            .whenComplete { result in
                let (context, bridge) = bound.value
                switch result {
                case .success(let (response, buffer)):
                    bridge.write(response, for: head, keepAlive: keepAlive, body: buffer, context: context)
                case .failure(let error):
                    bridge.application.logger.error("Unanswered request: \(String(describing: error))")
                    bridge.write(
                        Response(status: .internalServerError), for: head, keepAlive: false, body: nil,
                        context: context)
                }
            }
    }

    private func write(
        _ response: Response, for head: HTTPRequestHead, keepAlive requested: Bool, body: ByteBuffer?,
        context: ChannelHandlerContext
    ) {
        var headers = response.headers
        let keepAlive = requested && !headers.connectionHeaderValue(contains: "close")
        headers.remove(name: .transferEncoding)
        let bodiless =
            response.status == .noContent || response.status == .notModified || response.status.code < 200
        if !bodiless { headers.replaceOrAdd(name: .contentLength, value: String(body?.readableBytes ?? 0)) }
        headers.replaceOrAdd(name: .connection, value: keepAlive ? "keep-alive" : "close")
        headers.replaceOrAdd(name: .date, value: date.now())
        context.write(
            wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: response.status, headers: headers))),
            promise: nil)
        if head.method != .HEAD, !bodiless, let body, body.readableBytes > 0 {
            context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        }
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in
            // As Vapor does: end the output and let the client close.
            if !keepAlive { bound.value.close(mode: .output, promise: nil) }
        }
    }
}

extension HTTPHeaders {
    fileprivate func connectionHeaderValue(contains token: String) -> Bool {
        self[.connection].contains {
            $0.lowercased().split(separator: ",").contains { $0.trimmingCharacters(in: .whitespaces) == token }
        }
    }
}

/// The `Date` header, formatted once a second per connection (RFC 9110 5.6.7: IMF-fixdate).
private struct HTTPDate {
    private var second = -1
    private var value = ""

    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    mutating func now() -> String {
        var seconds = time(nil)
        guard Int(seconds) != second else { return value }
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ number: Int32) -> String { number < 10 ? "0\(number)" : "\(number)" }
        value =
            "\(Self.days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(Self.months[Int(parts.tm_mon)]) \(parts.tm_year + 1900) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
        second = Int(seconds)
        return value
    }
}
