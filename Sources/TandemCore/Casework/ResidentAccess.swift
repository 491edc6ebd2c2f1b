import Foundation

/// A reporting person's private link to their case (no account): a long
/// random token in the link plus a short code sent separately.
public enum ResidentAccessRules {
    /// The link works for 90 days; the officer can issue a fresh one.
    public static let linkLifetime: TimeInterval = 90 * 24 * 3600
    /// A signed-in resident is signed out after 30 minutes without use.
    public static let sessionIdle: TimeInterval = 30 * 60
    /// Five wrong codes lock the link; the officer must issue a new one.
    public static let maxFailedAttempts = 5
    public static let codeLength = 6

    public enum State: String, Sendable, Equatable {
        case active, expired, revoked, locked

        public var label: String {
            switch self {
            case .active: "Active"
            case .expired: "Expired"
            case .revoked: "Revoked"
            case .locked: "Locked after too many wrong codes"
            }
        }
    }

    public static func state(expiresAt: Date, revokedAt: Date?, failedAttempts: Int, now: Date) -> State {
        if revokedAt != nil { return .revoked }
        if now >= expiresAt { return .expired }
        if failedAttempts >= maxFailedAttempts { return .locked }
        return .active
    }

    /// A code as the resident might type it, with spaces and dashes taken out (the caller then checks it is six digits).
    public static func normalise(_ code: String) -> String {
        code.filter { !$0.isWhitespace && $0 != "-" }
    }
}

/// How a private link and its code are sent to the reporting person, as queued in the outbox. Its
/// values are those the link form offers and `outbox_messages.channel` stores.
public enum OutboxChannel: String, CaseIterable, Codable, Sendable {
    case email
    case text
    case post

    public var label: String {
        switch self {
        case .email: "Email"
        case .text: "Text message"
        case .post: "Post"
        }
    }
}
