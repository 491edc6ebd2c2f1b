import Foundation

/// The one source of "now" for Tandem. Nothing reads the wall clock directly,
/// so deadlines, session expiry and lock-outs can be tested to the minute.
public protocol TandemClock: Sendable {
    func now() -> Date
}

/// The real clock, used in production.
public struct SystemClock: TandemClock {
    public init() {}
    public func now() -> Date { Date() }
}

/// A clock that only moves when told to. Tests and demos use it to step
/// through idle timeouts and lock-out windows.
public final class ManualClock: TandemClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    public init(_ start: Date) {
        self.current = start
    }

    public func now() -> Date {
        lock.lock()
        defer { lock.unlock() }
        return current
    }

    public func advance(by interval: TimeInterval) {
        lock.lock()
        defer { lock.unlock() }
        current = current.addingTimeInterval(interval)
    }

    public func set(_ date: Date) {
        lock.lock()
        defer { lock.unlock() }
        current = date
    }
}
