import Foundation
import Testing

@testable import TandemCore

@Suite("Plan changes, the household flag, the assessment offer and the next step")
struct PlanChangeRulesTests {
    let today = CivilDate(2026, 12, 1)
    let now = Date(timeIntervalSince1970: 1_795_428_000)

    @Test("every change is a new version, and an agreement holds only for the version agreed")
    func versions() {
        #expect(PlanRules.nextVersion(after: 3) == 4)
        #expect(PlanRules.isAgreed(version: 3, agreedVersion: 3))
        #expect(!PlanRules.isAgreed(version: PlanRules.nextVersion(after: 3), agreedVersion: 3))
        #expect(!PlanRules.isAgreed(version: 1, agreedVersion: nil))
    }

    @Test("a review meeting needs its date, today at the latest")
    func reviewMeeting() {
        #expect(PlanRules.reviewMeetingProblem(heldOn: nil, today: today)?.field == "held_on")
        #expect(PlanRules.reviewMeetingProblem(heldOn: today, today: today) == nil)
        #expect(
            PlanRules.reviewMeetingProblem(heldOn: today.adding(days: 1), today: today)?.message
                == "The meeting date cannot be in the future")
    }

    @Test("only an open action is closed, and only as done or no longer needed")
    func closingActions() {
        #expect(PlanRules.closeActionProblem(current: .open, to: .done, field: "a") == nil)
        #expect(PlanRules.closeActionProblem(current: .open, to: .dropped, field: "a") == nil)
        #expect(
            PlanRules.closeActionProblem(current: .open, to: .open, field: "a")?.message.hasPrefix("Select") == true)
        #expect(PlanRules.closeActionProblem(current: .open, to: nil, field: "a") != nil)
        #expect(
            PlanRules.closeActionProblem(current: .done, to: .dropped, field: "a")?.message
                == "This action has already been closed")
    }

    @Test("the household at risk is recorded once, on confirmation")
    func household() {
        #expect(HouseholdAtRiskRules.problem(alreadyRecordedAt: nil, confirmed: true) == nil)
        #expect(HouseholdAtRiskRules.problem(alreadyRecordedAt: nil, confirmed: false) != nil)
        #expect(
            HouseholdAtRiskRules.problem(alreadyRecordedAt: now, confirmed: true)?.message
                == "This has already been recorded")
    }

    @Test("an offer point brings the assessment forward to 48 hours, never later than one already due")
    func assessmentOffer() {
        let due = now.addingTimeInterval(48 * 3600)
        #expect(Reassessment.offer(at: now, current: nil) == due)
        #expect(Reassessment.offer(at: now, current: due.addingTimeInterval(1)) == due)
        #expect(Reassessment.offer(at: now, current: due) == nil)
        #expect(Reassessment.offer(at: now, current: now) == nil)
    }

    @Test("the next step follows the work's order")
    func nextStep() {
        var facts = CaseNextStep.Facts(
            status: .triaged, hasOfficer: false, acknowledgedAt: nil, responseDueAt: now, caseReviewPrompt: true,
            caseReviewExplainedAt: nil, vulnerabilityDueAt: now)
        #expect(CaseNextStep.suggest(facts) == .allocate)
        facts.hasOfficer = true
        #expect(CaseNextStep.suggest(facts) == .acknowledge(by: now))
        facts.acknowledgedAt = now
        #expect(CaseNextStep.suggest(facts) == .explainCaseReview)
        facts.caseReviewExplainedAt = now
        #expect(CaseNextStep.suggest(facts) == .offerVulnerabilityAssessment(by: now))
        facts.status = .closed
        #expect(CaseNextStep.suggest(facts) == nil)
    }
}
