import Vapor

/// Refuses any state-changing request without the right CSRF token.
///
/// A signed-in user's token lives in their session row (synchroniser token).
/// Before sign-in, forms use a double-submit token: a random HttpOnly,
/// SameSite=Strict cookie whose value the form repeats. Either way a POST
/// without a matching token answers 403 and nothing runs.
struct CSRFMiddleware: AsyncMiddleware {
    static let formField = "csrf_token"
    static let header = "X-CSRF-Token"
    static let anonymousCookie = "tandem_csrf"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if ![.GET, .HEAD, .OPTIONS].contains(request.method) {
            try verify(request)
        }
        let response = try await next.respond(to: request)
        if let fresh = request.freshAnonymousCSRFToken {
            response.cookies[Self.anonymousCookie] = request.sessionCookie(fresh)
        }
        return response
    }

    private func verify(_ request: Request) throws {
        let expected: String?
        if let user = request.currentUser {
            expected = user.csrfToken
        } else if request.sessionExpired {
            // The form was made for a session that has since timed out: ask the
            // person to sign in again rather than showing a bare refusal.
            throw AuthenticationRequired()
        } else {
            expected = request.cookies[Self.anonymousCookie]?.string
        }
        let provided =
            request.headers.first(name: Self.header)
            ?? (try? request.content.get(String.self, at: Self.formField))
        guard let expected, !expected.isEmpty, let provided, Tokens.constantTimeEqual(expected, provided) else {
            throw Abort(
                .forbidden,
                reason:
                    "This form could not be accepted because its security token was missing or out of date. Go back, reload the page and try again."
            )
        }
    }
}

extension Request {
    private struct FreshCSRFKey: StorageKey {
        typealias Value = String
    }

    /// A token made for this response's forms, which its cookie must carry.
    var freshAnonymousCSRFToken: String? {
        storage[FreshCSRFKey.self]
    }

    /// The token to put in this page's forms.
    var csrfToken: String {
        if let user = currentUser { return user.csrfToken }
        if let fresh = storage[FreshCSRFKey.self] { return fresh }
        if let existing = cookies[CSRFMiddleware.anonymousCookie]?.string, existing.count >= 32, existing.count <= 64 {
            return existing
        }
        let token = Tokens.random()
        storage[FreshCSRFKey.self] = token
        return token
    }
}
