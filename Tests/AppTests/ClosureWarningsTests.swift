import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting

@testable import App

/// Issue 20, item 7: the sign-off screen shows the warning signs, and a reason the record contradicts is
/// signed off only with an explicit override and its reason.
@Suite("Closure warning signs")
struct ClosureWarningsTests {
    @Test("'no complaints for 3 months' with a report three weeks ago needs an override and its reason")
    func contradictedReasonNeedsOverride() async throws {
        try await ClosureTests().withMarsh { setup in
            // Setup: Marsh House's report came 21 days ago; the officer proposes "no complaints for 3 months".
            #expect(
                try await setup.officer.post(
                    "\(setup.path)/closure",
                    [("reason", "no_complaints_three_months"), ("summary", "Quiet since the warning.")]
                ).status == .seeOther)
            let closure = try #require(try await setup.closures().last)
            let decision = "\(setup.path)/closure/\(try closure.requireID())/decision"
            // Check: the manager sees what the record shows.
            let page = try await setup.manager.get("\(setup.path)/closure").body.string
            #expect(page.contains("Before you decide: what the record shows"))
            #expect(page.contains("Contradicts the reason:"))
            #expect(page.contains("within the three months this reason says were quiet"))

            // Act / Check: a plain sign-off is refused and changes nothing; the typed note is kept.
            let before = try await setup.audits()
            let refused = try await setup.manager.post(
                decision, [("decision", "sign_off"), ("note", "Agreed with the officer")])
            #expect(refused.status == .badRequest)
            #expect(refused.body.string.contains("The record contradicts the reason for closing"))
            #expect(refused.body.string.contains("Agreed with the officer"))
            #expect(refused.body.string.contains("value=\"sign_off\" checked"))
            #expect(!refused.body.string.contains("value=\"return\" checked"))
            #expect(try await setup.audits() == before)
            // Ticked without a reason: still refused.
            #expect(
                try await setup.manager.post(decision, [("decision", "sign_off"), ("override", "yes")]).status
                    == .badRequest)
            // With the override and its reason: signed off, the override kept in the decision.
            #expect(
                try await setup.manager.post(
                    decision,
                    [
                        ("decision", "sign_off"), ("override", "yes"),
                        ("override_reason", "The report was about a different flat; confirmed with the caller."),
                    ]
                ).status == .seeOther)
            let decided = try #require(try await CaseClosure.find(closure.id, on: setup.app.db))
            #expect(decided.state == .noticeGiven)
            #expect(decided.decisionNote?.contains("Signed off despite: A report was received") == true)
            #expect(decided.decisionNote?.contains("a different flat") == true)
        }
    }

    @Test("the rules: a quiet-period reason is contradicted, other reasons and open work only warn")
    func rules() {
        let now = testStart
        let record = ClosureWarnings.Record(
            latestReportAt: now.addingTimeInterval(-7 * 86_400), latestDiaryAt: nil, openActions: 2,
            referralsAwaitingReply: 1, openTasks: 0)
        let quiet = ClosureWarnings.warnings(
            reason: .noComplaintsThreeMonths, proposedAt: now, record: record, now: now, describe: { _ in "then" })
        #expect(quiet.filter(\.contradictsReason).count == 1)
        #expect(quiet.count == 3)
        let satisfied = ClosureWarnings.warnings(
            reason: .reportingPersonSatisfied, proposedAt: now.addingTimeInterval(-86_400), record: record, now: now,
            describe: { _ in "then" })
        #expect(satisfied.filter(\.contradictsReason).isEmpty)
        #expect(satisfied.count == 2)
        // A report 92 days ago is outside the quiet period.
        let old = ClosureWarnings.Record(
            latestReportAt: now.addingTimeInterval(-92 * 86_400), latestDiaryAt: nil, openActions: 0,
            referralsAwaitingReply: 0, openTasks: 0)
        #expect(
            ClosureWarnings.warnings(
                reason: .noComplaintsThreeMonths, proposedAt: now, record: old, now: now, describe: { _ in "" }
            ).isEmpty)
        #expect(
            ClosureWarnings.overrideProblems(warnings: quiet, signingOff: true, override: true, reason: "why").isEmpty)
        #expect(
            ClosureWarnings.overrideProblems(warnings: quiet, signingOff: false, override: false, reason: "").isEmpty)
    }
}
