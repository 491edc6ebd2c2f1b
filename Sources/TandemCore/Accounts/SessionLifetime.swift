import Foundation

/// When a signed-in session stops being valid.
///
/// Idle expiry protects a shared office computer left signed in; the absolute
/// limit makes sure even a busy session is re-authenticated once a working day.
public struct SessionLifetime: Sendable, Equatable {
    public var idleTimeout: TimeInterval
    public var absoluteLimit: TimeInterval

    public init(idleTimeout: TimeInterval = 30 * 60, absoluteLimit: TimeInterval = 12 * 60 * 60) {
        self.idleTimeout = idleTimeout
        self.absoluteLimit = absoluteLimit
    }

    public func isExpired(createdAt: Date, lastSeenAt: Date, now: Date) -> Bool {
        now.timeIntervalSince(lastSeenAt) >= idleTimeout
            || now.timeIntervalSince(createdAt) >= absoluteLimit
    }

    /// Recording activity on every request would make every page view a
    /// database write; once a minute is precise enough for a 30-minute timeout.
    public func needsTouch(lastSeenAt: Date, now: Date) -> Bool {
        now.timeIntervalSince(lastSeenAt) >= 60
    }
}
