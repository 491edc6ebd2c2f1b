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
    /// database write, so it is recorded once a tenth of the idle timeout has
    /// passed (at most once a minute): a session in use is never more than a
    /// tenth short of its timeout. Once a minute flat signed out a session used
    /// every 20 seconds after 75 seconds at the one-minute minimum (issue 17).
    public var touchInterval: TimeInterval { min(60, idleTimeout / 10) }

    public func needsTouch(lastSeenAt: Date, now: Date) -> Bool {
        now.timeIntervalSince(lastSeenAt) >= touchInterval
    }
}
