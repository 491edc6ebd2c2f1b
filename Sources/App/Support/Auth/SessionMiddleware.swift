import Fluent
import SQLKit
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
        guard let sql = request.db as? any SQLDatabase else { return }
        // One query for the session, its user, organisation and roles (a row per
        // role): every signed-in page pays for this, so it is plain SQL rather
        // than four model loads (docs/PERFORMANCE.md).
        let rows = try await sql.raw(
            """
            SELECT s.id AS session_id, s.csrf_token, s.created_at, s.last_seen_at,
              u.id AS user_id, u.email, u.display_name, u.active AS user_active,
              o.id AS organisation_id, o.name AS organisation_name, o.kind AS organisation_kind,
              o.active AS organisation_active, r.role,
              (SELECT COUNT(*) FROM notifications n WHERE n.user_id = u.id AND n.read_at IS NULL) AS unread
            FROM user_sessions s
            JOIN users u ON u.id = s.user_id
            JOIN organisations o ON o.id = u.organisation_id
            LEFT JOIN user_roles r ON r.user_id = u.id
            WHERE s.token_hash = \(bind: Tokens.sha256Hex(token))
            """
        ).all()
        guard let first = rows.first else { return }
        let sessionID = try first.decode(column: "session_id", as: UUID.self)
        let createdAt = try first.decode(column: "created_at", as: Date.self)
        let lastSeenAt = try first.decode(column: "last_seen_at", as: Date.self)
        let userActive = try first.decode(column: "user_active", as: Bool.self)
        let organisationActive = try first.decode(column: "organisation_active", as: Bool.self)
        if lifetime.isExpired(createdAt: createdAt, lastSeenAt: lastSeenAt, now: now) || !userActive
            || !organisationActive
        {
            try await UserSession.query(on: request.db).filter(\.$id == sessionID).delete()
            request.sessionExpired = true
            request.expiredSession = .init(
                userID: try first.decode(column: "user_id", as: UUID.self),
                csrfToken: try first.decode(column: "csrf_token", as: String.self))
            return
        }
        if lifetime.needsTouch(lastSeenAt: lastSeenAt, now: now) {
            try await UserSession.query(on: request.db).filter(\.$id == sessionID).set(\.$lastSeenAt, to: now)
                .update()
        }
        let roles = try rows.compactMap { row in
            try row.decode(column: "role", as: String?.self).flatMap(Role.init(rawValue:))
        }
        request.currentUser = CurrentUser(
            id: try first.decode(column: "user_id", as: UUID.self),
            email: try first.decode(column: "email", as: String.self),
            displayName: try first.decode(column: "display_name", as: String.self),
            organisationID: try first.decode(column: "organisation_id", as: UUID.self),
            organisationName: try first.decode(column: "organisation_name", as: String.self),
            organisationKind: OrganisationKind(
                rawValue: try first.decode(column: "organisation_kind", as: String.self)),
            roles: Set(roles),
            sessionID: sessionID,
            csrfToken: try first.decode(column: "csrf_token", as: String.self),
            unreadNotifications: try first.decode(column: "unread", as: Int.self)
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
