import Foundation

/// Throttling of failed sign-ins, for one account and for one network address.
///
/// Failures inside a sliding window are counted. Once an account's limit is
/// reached the account is locked until the lock-out period has passed since
/// its most recent failure; a successful sign-in clears the account's count.
///
/// An address is never locked: a whole council office signs in from one
/// address, and one person mistyping (or one attacker) must not lock every
/// colleague out (issue 17). Past the address limit every attempt from it is
/// answered only after a growing delay, which slows guessing across many
/// accounts while a correct password for an unlocked account still signs in.
public struct SignInThrottle: Sendable, Equatable {
    public var window: TimeInterval
    public var lockout: TimeInterval
    public var maxFailuresPerAccount: Int
    public var maxFailuresPerAddress: Int
    /// The delay added for each failure from an address past its limit.
    public var addressDelayStep: TimeInterval
    /// The longest an attempt from a busy address waits.
    public var maxAddressDelay: TimeInterval

    public init(
        window: TimeInterval = 15 * 60,
        lockout: TimeInterval = 15 * 60,
        maxFailuresPerAccount: Int = 5,
        maxFailuresPerAddress: Int = 20,
        addressDelayStep: TimeInterval = 1,
        maxAddressDelay: TimeInterval = 10
    ) {
        self.window = window
        self.lockout = lockout
        self.maxFailuresPerAccount = maxFailuresPerAccount
        self.maxFailuresPerAddress = maxFailuresPerAddress
        self.addressDelayStep = addressDelayStep
        self.maxAddressDelay = maxAddressDelay
    }

    /// How long to hold an attempt from an address with these failures: nothing
    /// up to the limit inside the window, then one step more for each failure
    /// past it (the limit-th failure already costs one step), capped.
    public func addressDelay(failures: [Date], now: Date) -> TimeInterval {
        let counted = failures.filter { $0 <= now && $0 > now.addingTimeInterval(-window) }.count
        guard counted >= maxFailuresPerAddress else { return 0 }
        return min(maxAddressDelay, addressDelayStep * Double(counted - maxFailuresPerAddress + 1))
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
