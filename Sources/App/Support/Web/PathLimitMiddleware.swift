import Vapor

/// Answers 404 for a path no route or file could ever have, before the
/// static file handler sees it. A segment of 256 characters or more made the
/// file handler fail on the over-long file name: every such request
/// answered 500 and logged the server's absolute path (issue 17). Nothing
/// Tandem serves has a path segment longer than a key or a file name, or a
/// path longer than a few hundred characters.
struct PathLimitMiddleware: AsyncMiddleware {
    /// The longest path segment any route or file has (file names are limited to 255 bytes).
    static let maxSegmentBytes = 200
    static let maxPathBytes = 2048
    /// The longest query string a page reads (the longest is a search with a few filters).
    static let maxQueryBytes = 16384

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let path = request.url.path
        if path.utf8.count > Self.maxPathBytes || (request.url.query?.utf8.count ?? 0) > Self.maxQueryBytes {
            throw Abort(.uriTooLong, reason: "The web address is too long. Check it and try again.")
        }
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        for segment in segments {
            let decoded = segment.removingPercentEncoding ?? String(segment)
            if segment.utf8.count > Self.maxSegmentBytes || decoded.utf8.count > Self.maxSegmentBytes
                || decoded.unicodeScalars.contains(where: { $0.value < 32 || $0.value == 127 })
            {
                throw Abort(.notFound)
            }
        }
        return try await next.respond(to: request)
    }
}
