import Foundation
import TandemCore
import Vapor

/// The signed-in user for this request, as loaded by `SessionMiddleware`.
struct CurrentUser: Sendable {
    var id: UUID
    var email: String
    var displayName: String
    var organisationID: UUID
    var organisationName: String
    var organisationKind: OrganisationKind? = nil
    var roles: Set<Role>
    var sessionID: UUID
    var csrfToken: String
    /// Unread notifications, counted in the session's own query (issue 20).
    var unreadNotifications: Int = 0

    var actor: Actor {
        Actor(userID: id, organisationID: organisationID, roles: roles, organisationKind: organisationKind)
    }
}

/// Thrown when a page needs a signed-in user; answered with a redirect to
/// the sign-in page (or 401 under /api).
struct AuthenticationRequired: Error {}

extension Request {
    private struct CurrentUserKey: StorageKey {
        typealias Value = CurrentUser
    }

    private struct SessionExpiredKey: StorageKey {
        typealias Value = Bool
    }

    private struct ExpiredSessionKey: StorageKey {
        typealias Value = ExpiredSession
    }

    /// Whose session had expired, and the CSRF token its pages carried: a form sent after the timeout is kept
    /// through sign-in only when it carries that token (it came from a page Tandem made for that session), and
    /// only for that person (issue 20, item 6).
    struct ExpiredSession: Sendable {
        var userID: UUID
        var csrfToken: String
    }

    var expiredSession: ExpiredSession? {
        get { storage[ExpiredSessionKey.self] }
        set { storage[ExpiredSessionKey.self] = newValue }
    }

    var currentUser: CurrentUser? {
        get { storage[CurrentUserKey.self] }
        set { storage[CurrentUserKey.self] = newValue }
    }

    /// True when the request carried a session that had expired.
    var sessionExpired: Bool {
        get { storage[SessionExpiredKey.self] ?? false }
        set { storage[SessionExpiredKey.self] = newValue }
    }

    func requireUser() throws -> CurrentUser {
        guard let user = currentUser else { throw AuthenticationRequired() }
        return user
    }
}
