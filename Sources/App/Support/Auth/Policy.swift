import TandemCore
import Vapor

/// The web layer's door to `AccessPolicy`: every controller asks here, and a
/// refusal becomes 303 to sign-in, 403, or 404 (for records the user may not
/// know exist).
extension Request {
    @discardableResult
    func authorize(_ action: Action) throws -> CurrentUser {
        let user = try requireUser()
        switch AccessPolicy.decide(action, for: user.actor) {
        case .allow: return user
        case .forbid: throw AccessRefused(status: .forbidden)
        case .hide: throw AccessRefused(status: .notFound)
        }
    }

    /// For actions open to people who are not signed in (the public report form).
    func authorizePublic(_ action: Action) throws {
        if AccessPolicy.decide(action, for: currentUser?.actor) == .allow { return }
        try authorize(action)
    }

    func may(_ action: Action) -> Bool {
        guard let user = currentUser else { return false }
        return AccessPolicy.decide(action, for: user.actor) == .allow
    }
}

/// A refusal by the policy layer: answered like any 403 or 404, and recorded
/// in the audit trail by `ErrorPagesMiddleware`, because an attempt to read
/// what one may not is as much the auditor's business as a read (issue 18).
struct AccessRefused: AbortError {
    var status: HTTPResponseStatus
    var reason: String { status.reasonPhrase }
}
