import Foundation

/// Throttling of failed sign-ins, for one account and for one network address.
///
/// Failures inside a sliding window are counted; once a limit is reached the
/// account (or address) is locked until the lock-out period has passed since
/// the most recent failure. A successful sign-in clears the account's count.
public struct SignInThrottle: Sendable, Equatable {
    public var window: TimeInterval
    public var lockout: TimeInterval
    public var maxFailuresPerAccount: Int
    public var maxFailuresPerAddress: Int

    public init(
        window: TimeInterval = 15 * 60,
        lockout: TimeInterval = 15 * 60,
        maxFailuresPerAccount: Int = 5,
        maxFailuresPerAddress: Int = 20
    ) {
        self.window = window
        self.lockout = lockout
        self.maxFailuresPerAccount = maxFailuresPerAccount
        self.maxFailuresPerAddress = maxFailuresPerAddress
    }

    /// The earliest failure time that can still count at `now`.
    public func windowStart(at now: Date) -> Date {
        now.addingTimeInterval(-max(window, lockout))
    }

    /// When the lock ends, or nil if sign-in may be attempted now.
    /// - Parameters:
    ///   - failures: times of failed attempts (any order).
    ///   - limit: how many failures inside the window lock.
    ///   - clearedAt: a successful sign-in after which earlier failures no longer count.
    public func lockedUntil(failures: [Date], limit: Int, clearedAt: Date? = nil, now: Date) -> Date? {
        let counted = failures.filter { failure in
            failure <= now && (clearedAt.map { failure > $0 } ?? true)
        }.sorted()
        guard counted.count >= limit, let latest = counted.last else { return nil }
        // The limit must have been reached within one window ending at the latest failure.
        let windowed = counted.filter { $0 > latest.addingTimeInterval(-window) }
        guard windowed.count >= limit else { return nil }
        let until = latest.addingTimeInterval(lockout)
        return until > now ? until : nil
    }
}
