import Fluent
import TandemCore
import Vapor

/// Loads the signed-in user from the session cookie.
///
/// Sessions live in the database (`user_sessions`), so any app instance can
/// serve any request and a restart signs nobody out. Expired sessions and
/// deactivated users are treated as signed out.
struct SessionMiddleware: AsyncMiddleware {
    static let cookieName = "tandem_session"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let token = request.cookies[Self.cookieName]?.string, !token.isEmpty, token.count <= 128 {
            try await load(token: token, into: request)
        }
        return try await next.respond(to: request)
    }

    private func load(token: String, into request: Request) async throws {
        let lifetime = request.application.settings.sessionLifetime
        let now = request.now
        guard
            let session = try await UserSession.query(on: request.db)
                .filter(\.$tokenHash == Tokens.sha256Hex(token))
                .with(\.$user, { user in user.with(\.$organisation).with(\.$roles) })
                .first()
        else {
            return
        }
        let user = session.user
        if lifetime.isExpired(createdAt: session.createdAt, lastSeenAt: session.lastSeenAt, now: now)
            || !user.active || !user.organisation.active
        {
            try await session.delete(on: request.db)
            request.sessionExpired = true
            return
        }
        if lifetime.needsTouch(lastSeenAt: session.lastSeenAt, now: now) {
            session.lastSeenAt = now
            try await session.update(on: request.db)
        }
        request.currentUser = CurrentUser(
            id: try user.requireID(),
            email: user.email,
            displayName: user.displayName,
            organisationID: try user.organisation.requireID(),
            organisationName: user.organisation.name,
            organisationKind: OrganisationKind(rawValue: user.organisation.kind),
            roles: Set(user.roles.compactMap { Role(rawValue: $0.role) }),
            sessionID: try session.requireID(),
            csrfToken: session.csrfToken
        )
    }
}

extension Request {
    /// The session cookie, with the attributes the issue asks for: HttpOnly,
    /// SameSite=Strict, Secure when TANDEM_SECURE_COOKIES=1.
    func sessionCookie(_ value: String, expired: Bool = false) -> HTTPCookies.Value {
        HTTPCookies.Value(
            string: value,
            expires: expired ? Date(timeIntervalSince1970: 0) : nil,
            maxAge: expired ? 0 : nil,
            path: "/",
            isSecure: application.settings.secureCookies,
            isHTTPOnly: true,
            sameSite: .strict
        )
    }
}
