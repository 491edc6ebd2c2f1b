import Foundation
import Testing

@testable import TandemCore

@Suite("Sign-in throttling")
struct SignInThrottleTests {
    let throttle = SignInThrottle()
    let start = Date(timeIntervalSince1970: 1_795_428_000)

    func minutes(_ values: Double...) -> [Date] {
        values.map { start.addingTimeInterval($0 * 60) }
    }

    @Test("four failures do not lock; the fifth locks for 15 minutes from the last failure")
    func locksAtLimit() {
        // Setup
        let four = minutes(0, 1, 2, 3)
        let five = minutes(0, 1, 2, 3, 4)
        let now = start.addingTimeInterval(4 * 60 + 1)
        // Act / Check
        #expect(throttle.lockedUntil(failures: four, limit: 5, now: now) == nil)
        #expect(throttle.lockedUntil(failures: five, limit: 5, now: now) == start.addingTimeInterval(19 * 60))
    }

    @Test("the lock lifts at exactly 15 minutes after the last failure")
    func liftsToTheMinute() {
        let five = minutes(0, 1, 2, 3, 4)
        let justBefore = start.addingTimeInterval(19 * 60 - 1)
        let atLift = start.addingTimeInterval(19 * 60)
        #expect(throttle.lockedUntil(failures: five, limit: 5, now: justBefore) != nil)
        #expect(throttle.lockedUntil(failures: five, limit: 5, now: atLift) == nil)
    }

    @Test("failures spread wider than the window do not lock")
    func spreadFailures() {
        let spread = minutes(0, 5, 10, 15, 20)
        #expect(throttle.lockedUntil(failures: spread, limit: 5, now: start.addingTimeInterval(20 * 60 + 1)) == nil)
    }

    @Test("a successful sign-in clears earlier failures")
    func successClears() {
        let five = minutes(0, 1, 2, 3, 4)
        let cleared = start.addingTimeInterval(3.5 * 60)
        #expect(
            throttle.lockedUntil(failures: five, limit: 5, clearedAt: cleared, now: start.addingTimeInterval(5 * 60))
                == nil)
    }
}

@Suite("Session lifetime")
struct SessionLifetimeTests {
    let start = Date(timeIntervalSince1970: 1_795_428_000)

    @Test("idle for 29:59 is alive; idle for 30:00 has expired")
    func idleExpiry() {
        let lifetime = SessionLifetime()
        #expect(!lifetime.isExpired(createdAt: start, lastSeenAt: start, now: start.addingTimeInterval(29 * 60 + 59)))
        #expect(lifetime.isExpired(createdAt: start, lastSeenAt: start, now: start.addingTimeInterval(30 * 60)))
    }

    @Test("a busy session still ends after 12 hours")
    func absoluteLimit() {
        let lifetime = SessionLifetime()
        let now = start.addingTimeInterval(12 * 60 * 60)
        #expect(lifetime.isExpired(createdAt: start, lastSeenAt: now.addingTimeInterval(-60), now: now))
    }

    @Test("activity is recorded at most once a minute")
    func touch() {
        let lifetime = SessionLifetime()
        #expect(!lifetime.needsTouch(lastSeenAt: start, now: start.addingTimeInterval(59)))
        #expect(lifetime.needsTouch(lastSeenAt: start, now: start.addingTimeInterval(60)))
    }

    @Test("at the one-minute minimum activity is recorded every 6 seconds, so a session used every 20 seconds lives")
    func touchAtMinimum() {
        let lifetime = SessionLifetime(idleTimeout: 60)
        #expect(lifetime.touchInterval == 6)
        #expect(!lifetime.needsTouch(lastSeenAt: start, now: start.addingTimeInterval(5.999)))
        #expect(lifetime.needsTouch(lastSeenAt: start, now: start.addingTimeInterval(6)))
        // Used at 20 s intervals: each request is recorded, so the session is never 60 s idle.
        var lastSeen = start
        for step in 1...10 {
            let now = start.addingTimeInterval(Double(step) * 20)
            #expect(!lifetime.isExpired(createdAt: start, lastSeenAt: lastSeen, now: now))
            if lifetime.needsTouch(lastSeenAt: lastSeen, now: now) { lastSeen = now }
        }
    }
}

@Suite("Sign-in throttling by address")
struct AddressDelayTests {
    let now = Date(timeIntervalSince1970: 1_795_428_000)

    func failures(_ count: Int, secondsApart: TimeInterval = 10) -> [Date] {
        (0..<count).map { now.addingTimeInterval(-Double($0) * secondsApart) }
    }

    @Test("no delay below the limit; one second at the limit, one more per failure past it, at most ten")
    func delay() {
        let throttle = SignInThrottle()
        #expect(throttle.addressDelay(failures: failures(19), now: now) == 0)
        #expect(throttle.addressDelay(failures: failures(20), now: now) == 1)
        #expect(throttle.addressDelay(failures: failures(24), now: now) == 5)
        #expect(throttle.addressDelay(failures: failures(80), now: now) == 10)
    }

    @Test("only failures inside the 15-minute window count, to the second")
    func window() {
        let throttle = SignInThrottle()
        var spread = failures(19)
        spread.append(now.addingTimeInterval(-15 * 60))
        #expect(throttle.addressDelay(failures: spread, now: now) == 0)
        spread[19] = now.addingTimeInterval(-15 * 60 + 1)
        #expect(throttle.addressDelay(failures: spread, now: now) == 1)
    }
}
