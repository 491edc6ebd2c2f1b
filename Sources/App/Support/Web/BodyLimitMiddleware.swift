import Vapor

/// Collects request bodies up to the configured limit before any other
/// middleware reads them; a larger body answers 413 and nothing runs.
struct BodyLimitMiddleware: AsyncMiddleware {
    let maxBytes: Int

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let length = request.headers.first(name: .contentLength).flatMap(Int.init), length > maxBytes {
            throw Abort(.payloadTooLarge, reason: "The information sent was too large.")
        }
        if let collected = request.body.data {
            if collected.readableBytes > maxBytes {
                throw Abort(.payloadTooLarge, reason: "The information sent was too large.")
            }
        } else if ![.GET, .HEAD].contains(request.method) {
            _ = try await request.body.collect(max: maxBytes).get()
        }
        return try await next.respond(to: request)
    }
}
