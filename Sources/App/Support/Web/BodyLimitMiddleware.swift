import Vapor

/// Collects request bodies up to the configured limit before any other
/// middleware reads them; a larger body answers 413 and nothing runs. A
/// file upload (multipart form) may be as large as the evidence file limit
/// plus room for the form's other fields.
struct BodyLimitMiddleware: AsyncMiddleware {
    let formBytes: Int
    let uploadBytes: Int

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let maxBytes = request.headers.contentType?.type == "multipart" ? uploadBytes + formBytes : formBytes
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
