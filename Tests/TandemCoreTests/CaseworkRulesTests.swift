import Foundation
import Testing

@testable import TandemCore

/// Winter 2026 in England and Wales, as the tests below rely on it: Monday 23
/// November 2026; Christmas Day is Friday 25 December; Boxing Day falls on
/// Saturday 26 December, so its substitute is Monday 28 December; New Year's
/// Day 2027 is a Friday.
@Suite("Action plans and the first review")
struct ActionPlanRulesTests {
    let calendar = WorkingCalendar(timeZone: TimeZone(identifier: "Europe/London")!)
    let today = CivilDate(2026, 11, 23)

    /// The first review for an interview on a day.
    func firstReview(_ year: Int, _ month: Int, _ day: Int) -> CivilDate {
        PlanRules.firstReview(interviewedOn: CivilDate(year, month, day), calendar: calendar)
    }

    @Test("the first review is two weeks after the interview")
    func firstReviewTwoWeeks() {
        // Act: Monday 23 November 2026.
        let review = PlanRules.firstReview(interviewedOn: CivilDate(2026, 11, 23), calendar: calendar)
        // Check: Monday 7 December.
        #expect(review == CivilDate(2026, 12, 7))
        #expect(review.isoWeekday == 1)
    }

    @Test("a review falling on a weekend or bank holiday moves to the next working day")
    func firstReviewMovesOffClosedDays() {
        // Setup: the calendar facts the examples depend on.
        #expect(EnglandAndWalesBankHolidays.isHoliday(CivilDate(2026, 12, 25)))
        #expect(EnglandAndWalesBankHolidays.isHoliday(CivilDate(2026, 12, 28)))
        #expect(!EnglandAndWalesBankHolidays.isHoliday(CivilDate(2026, 12, 29)))
        // Act and check: Saturday 12 December + 14 = Saturday 26 (Boxing Day); Sunday 27; Monday 28 the
        // substitute day; so Tuesday 29.
        #expect(firstReview(2026, 12, 12) == CivilDate(2026, 12, 29))
        // Friday 11 December + 14 = Christmas Day.
        #expect(firstReview(2026, 12, 11) == CivilDate(2026, 12, 29))
        // Monday 14 December + 14 = Monday 28, a weekday that is a (substitute) bank holiday.
        #expect(firstReview(2026, 12, 14) == CivilDate(2026, 12, 29))
        // Saturday 7 November + 14 = Saturday 21 November: an ordinary weekend, so Monday 23.
        #expect(firstReview(2026, 11, 7) == CivilDate(2026, 11, 23))
    }

    @Test("an administrator's closure also moves the first review")
    func firstReviewRespectsClosures() {
        // Setup: the office is shut on Monday 7 December.
        var closed = calendar
        closed.closures = [CivilDate(2026, 12, 7)]
        // Act
        let review = PlanRules.firstReview(interviewedOn: CivilDate(2026, 11, 23), calendar: closed)
        // Check
        #expect(review == CivilDate(2026, 12, 8))
    }

    @Test("a complete action has no problems; due today is allowed")
    func completeAction() {
        let action = PlannedAction(description: "Fit a door closer", owner: .officer, officerID: UUID(), dueOn: today)
        #expect(PlanRules.problems(action, today: today).isEmpty)
        let partner = PlannedAction(
            description: "Visit the respondent", owner: .partner, ownerName: "Mental health team",
            partner: .outsideBody, dueOn: CivilDate(2026, 12, 1))
        #expect(PlanRules.problems(partner, today: today).isEmpty)
    }

    @Test("an action needs a description, an owner and a due date")
    func incompleteAction() {
        // Act: nothing filled in.
        let empty = PlanRules.problems(PlannedAction(description: "", owner: nil, dueOn: nil), today: today)
        // Check
        #expect(empty.map(\.field) == ["action_description", "action_owner", "action_due_on"])
        #expect(empty[0].message == "Enter what needs to be done")
        #expect(empty[1].message == "Select who owns the action")
        #expect(empty[2].message == "Enter the date the action is due, like 2026-12-07")
    }

    @Test("a partner-owned action names the partner, and a due date cannot be in the past")
    func partnerAndPastDue() {
        // Act
        let problems = PlanRules.problems(
            PlannedAction(description: "Assess", owner: .partner, ownerName: "", dueOn: today.adding(days: -1)),
            today: today, prefix: "a2")
        // Check: the prefix is used for the fields.
        #expect(
            problems == [
                CaseworkProblem(
                    "a2_owner_organisation",
                    "Select the partner organisation that owns the action, or an outside body not on Tandem"),
                CaseworkProblem("a2_due_on", "The due date cannot be in the past"),
            ])
        // A name is only needed for a partner.
        let officer = PlanRules.problems(
            PlannedAction(description: "Assess", owner: .reportingPerson, dueOn: today), today: today)
        #expect(officer.isEmpty)
    }

    @Test("the next review must be after the meeting and within six months (183 days)")
    func reviewDates() {
        let day = CivilDate(2026, 11, 23)
        // Missing
        #expect(PlanRules.reviewProblem(next: nil, after: day)?.field == "next_review_on")
        #expect(
            PlanRules.reviewProblem(next: nil, after: day)?.message
                == "Enter the date of the next review meeting, like 2026-12-07")
        // Not after the day
        #expect(
            PlanRules.reviewProblem(next: day, after: day)?.message == "The next review must be after 2026-11-23")
        #expect(PlanRules.reviewProblem(next: day.adding(days: -1), after: day) != nil)
        // The edges of the window
        #expect(PlanRules.reviewProblem(next: day.adding(days: 1), after: day) == nil)
        #expect(PlanRules.reviewProblem(next: day.adding(days: 183), after: day) == nil)
        #expect(
            PlanRules.reviewProblem(next: day.adding(days: 184), after: day)
                == CaseworkProblem("next_review_on", "The next review must be within six months"))
        // A custom field name
        #expect(PlanRules.reviewProblem(next: nil, after: day, field: "review_on")?.field == "review_on")
    }

    @Test("an agreement is refused in the future, before the plan was drawn up, or without a method")
    func agreement() {
        let drawnUp = CivilDate(2026, 11, 20)
        // A good agreement, including on the day it was drawn up and on today.
        #expect(
            PlanRules.agreementProblems(
                agreedBy: "A. Resident", agreedOn: drawnUp, method: .verbally, planDrawnUp: drawnUp, today: today
            ).isEmpty)
        #expect(
            PlanRules.agreementProblems(
                agreedBy: "A. Resident", agreedOn: today, method: .online, planDrawnUp: drawnUp, today: today
            ).isEmpty)
        // In the future
        let future = PlanRules.agreementProblems(
            agreedBy: "A. Resident", agreedOn: today.adding(days: 1), method: .signedOnPaper, planDrawnUp: drawnUp,
            today: today)
        #expect(future == [CaseworkProblem("agreed_on", "The date of agreement cannot be in the future")])
        // Before the plan was drawn up
        let early = PlanRules.agreementProblems(
            agreedBy: "A. Resident", agreedOn: CivilDate(2026, 11, 19), method: .signedOnPaper,
            planDrawnUp: drawnUp, today: today)
        #expect(
            early == [CaseworkProblem("agreed_on", "The plan cannot be agreed before it was drawn up (2026-11-20)")])
        // Nothing given
        let missing = PlanRules.agreementProblems(
            agreedBy: "", agreedOn: nil, method: nil, planDrawnUp: drawnUp, today: today)
        #expect(missing.map(\.field) == ["agreed_by", "agreed_on", "agreed_how"])
        #expect(missing[2].message == "Select how the plan was agreed")
    }
}

@Suite("The contact promise")
struct ContactPromiseTests {
    let calendar = WorkingCalendar(timeZone: TimeZone(identifier: "Europe/London")!)

    /// A UK local time.
    func at(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int, _ second: Int = 0) -> Date {
        calendar.instant(CivilDate(year, month, day), minute: hour * 60 + minute, second: second)
    }

    /// A UTC instant, worked out without any calendar library.
    func utc(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int) -> Date {
        let seconds = CivilDate(year, month, day).dayNumber * 86_400 + hour * 3600 + minute * 60
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    @Test("weekly contact from Monday 10:00 is due the next Monday at 17:00 London, 17:00 UTC in winter")
    func weekly() {
        // Act
        let due = ContactPromise.nextDue(after: at(2026, 11, 23, 10, 0), every: .weekly, calendar: calendar)
        // Check: to the minute, against an instant worked out independently.
        #expect(due == utc(2026, 11, 30, 17, 0))
        #expect(due == at(2026, 11, 30, 17, 0))
    }

    @Test("the standard promise is weekly; other frequencies count their days")
    func frequencies() {
        #expect(ContactFrequency.standard == .weekly)
        let monday = at(2026, 11, 23, 10, 0)
        func due(_ frequency: ContactFrequency) -> Date {
            ContactPromise.nextDue(after: monday, every: frequency, calendar: calendar)
        }
        #expect(due(.fortnightly) == at(2026, 12, 7, 17, 0))
        // Monday 23 November + 28 = Monday 21 December.
        #expect(due(.fourWeekly) == at(2026, 12, 21, 17, 0))
        // Monday + 3 = Thursday.
        #expect(due(.twiceWeekly) == at(2026, 11, 26, 17, 0))
    }

    @Test("a due day at a weekend falls back to the Friday before")
    func weekendFallsBack() {
        // Setup: contact on Sunday 22 November; a week later is Sunday 29.
        let sunday = at(2026, 11, 22, 11, 0)
        // Act
        let due = ContactPromise.nextDue(after: sunday, every: .weekly, calendar: calendar)
        // Check: Friday 27 November at close of business.
        #expect(due == utc(2026, 11, 27, 17, 0))
    }

    @Test("a due day over Christmas falls back past the bank holidays")
    func christmasFallsBack() {
        // Monday 21 December weekly -> Monday 28 (Boxing Day substitute) -> Sunday, Saturday, Christmas Day ->
        // Thursday 24.
        let due = ContactPromise.nextDue(after: at(2026, 12, 21, 9, 30), every: .weekly, calendar: calendar)
        #expect(due == at(2026, 12, 24, 17, 0))
    }

    @Test("a short frequency that would fall back to the contact day goes to the next working day instead")
    func fallbackOnOrBeforeContactDay() {
        // Thursday 24 December, twice weekly: +3 is Sunday 27; back through Saturday 26 and Christmas Day lands
        // on Thursday 24 itself, so the next working day after it: Tuesday 29 December.
        let onTheDay = ContactPromise.nextDue(
            after: at(2026, 12, 24, 15, 0), every: .twiceWeekly, calendar: calendar)
        #expect(onTheDay == utc(2026, 12, 29, 17, 0))
        // Contact made on Christmas Day itself: +3 is Monday 28 (a holiday); falling back lands on Thursday 24,
        // before the contact, so again Tuesday 29.
        let before = ContactPromise.nextDue(
            after: at(2026, 12, 25, 12, 0), every: .twiceWeekly, calendar: calendar)
        #expect(before == utc(2026, 12, 29, 17, 0))
    }

    @Test("the contact day is taken in London time, not UTC")
    func localDay() {
        // 00:30 on Monday 1 June 2026 in London (BST) is 23:30 UTC on Sunday 31 May. Weekly from the London day
        // is Monday 8 June at 17:00 BST (16:00 UTC); from the UTC day it would wrongly be Friday 5 June.
        let contact = at(2026, 6, 1, 0, 30)
        #expect(contact == utc(2026, 5, 31, 23, 30))
        let due = ContactPromise.nextDue(after: contact, every: .weekly, calendar: calendar)
        #expect(due == utc(2026, 6, 8, 16, 0))
    }

    @Test("state: on track the day before, due today up to and including 17:00:00, overdue a second later")
    func state() {
        // Setup: due Monday 30 November at 17:00.
        let due = at(2026, 11, 30, 17, 0)
        // Act and check
        #expect(ContactPromise.state(due: due, now: at(2026, 11, 29, 17, 0), calendar: calendar) == .onTrack)
        #expect(ContactPromise.state(due: due, now: at(2026, 11, 29, 23, 59), calendar: calendar) == .onTrack)
        #expect(ContactPromise.state(due: due, now: at(2026, 11, 30, 0, 0), calendar: calendar) == .dueToday)
        #expect(ContactPromise.state(due: due, now: at(2026, 11, 30, 16, 59), calendar: calendar) == .dueToday)
        #expect(ContactPromise.state(due: due, now: due, calendar: calendar) == .dueToday)
        #expect(ContactPromise.state(due: due, now: at(2026, 11, 30, 17, 0, 1), calendar: calendar) == .overdue)
        #expect(ContactPromise.state(due: due, now: at(2026, 12, 1, 9, 0), calendar: calendar) == .overdue)
    }
}

@Suite("Correspondence with the respondent")
struct CorrespondenceRulesTests {
    @Test("first occurrence of Low or Medium risk: tell them in writing and warn, no interview")
    func firstLowOrMedium() {
        for risk in [RiskLevel.low, .medium] {
            // Act
            let suggestion = CorrespondenceRules.suggest(RespondentFacts(risk: risk))
            // Check
            #expect(suggestion.steps == [.notifyInWriting, .writtenWarning], "\(risk)")
            #expect(!suggestion.steps.contains(.interview))
            #expect(!suggestion.reason.isEmpty)
        }
    }

    @Test("once notified in writing, that step is not suggested again")
    func alreadyNotified() {
        let suggestion = CorrespondenceRules.suggest(RespondentFacts(risk: .low, notifiedInWriting: true))
        #expect(suggestion.steps == [.writtenWarning])
        #expect(!suggestion.steps.contains(.notifyInWriting))
        let high = CorrespondenceRules.suggest(
            RespondentFacts(risk: .high, notifiedInWriting: true, sufficientEvidence: true))
        #expect(!high.steps.contains(.notifyInWriting))
    }

    @Test("High risk at the first occurrence with evidence and no vulnerability goes straight to legal action")
    func highStraightToLegal() {
        // Act
        let suggestion = CorrespondenceRules.suggest(RespondentFacts(risk: .high, sufficientEvidence: true))
        // Check
        #expect(suggestion.steps == [.notifyInWriting, .legalAction])
        #expect(suggestion.steps.contains(.legalAction))
        #expect(!suggestion.steps.contains(.interview))
    }

    @Test("High risk without sufficient evidence: interview, no legal action yet")
    func highWithoutEvidence() {
        let suggestion = CorrespondenceRules.suggest(RespondentFacts(risk: .high, notifiedInWriting: true))
        #expect(suggestion.steps == [.interview])
        #expect(!suggestion.steps.contains(.legalAction))
    }

    @Test("a vulnerable respondent is interviewed and referred to support, never taken straight to court")
    func vulnerable() {
        // Act: High risk, first occurrence, evidence, but vulnerable.
        let suggestion = CorrespondenceRules.suggest(
            RespondentFacts(risk: .high, sufficientEvidence: true, vulnerable: true))
        // Check
        #expect(suggestion.steps == [.notifyInWriting, .interview, .supportReferral])
        #expect(!suggestion.steps.contains(.legalAction))
        // Already interviewed: support only.
        let interviewed = CorrespondenceRules.suggest(
            RespondentFacts(risk: .medium, notifiedInWriting: true, vulnerable: true, interviewed: true))
        #expect(interviewed.steps == [.supportReferral])
    }

    @Test("Low risk persisting after a warning: interview; persisting after the interview: legal action")
    func persisting() {
        // Act
        let afterWarning = CorrespondenceRules.suggest(
            RespondentFacts(risk: .low, notifiedInWriting: true, warned: true, persisting: true))
        let afterInterview = CorrespondenceRules.suggest(
            RespondentFacts(
                risk: .low, notifiedInWriting: true, warned: true, persisting: true, sufficientEvidence: true,
                interviewed: true))
        let withoutEvidence = CorrespondenceRules.suggest(
            RespondentFacts(risk: .low, notifiedInWriting: true, warned: true, persisting: true, interviewed: true))
        // Check
        #expect(afterWarning.steps == [.interview])
        #expect(afterInterview.steps == [.legalAction])
        #expect(!afterInterview.steps.contains(.interview))
        #expect(withoutEvidence.steps == [.gatherEvidence])
    }

    @Test(
        "warned with nothing since: monitor; High risk persisting after an interview: legal action only with evidence")
    func afterTheWarning() {
        // Act
        let quiet = CorrespondenceRules.suggest(RespondentFacts(risk: .medium, notifiedInWriting: true, warned: true))
        let highWithEvidence = CorrespondenceRules.suggest(
            RespondentFacts(
                risk: .high, notifiedInWriting: true, warned: true, persisting: true, sufficientEvidence: true,
                interviewed: true))
        let highWithout = CorrespondenceRules.suggest(
            RespondentFacts(risk: .high, notifiedInWriting: true, warned: true, persisting: true, interviewed: true))
        // Check
        #expect(quiet.steps == [.noFurtherAction])
        #expect(highWithEvidence.steps == [.legalAction])
        #expect(highWithout.steps == [.gatherEvidence])
        #expect(
            CorrespondenceRules.decisionProblems(decided: .interview, reason: "   ", suggested: [.interview])
                == [CaseworkProblem("decision_reason", "Enter the reason for the decision")])
    }

    @Test("a decision needs a step and a reason; departing from the suggestion asks why")
    func decisions() {
        let suggested: [RespondentStep] = [.notifyInWriting, .writtenWarning]
        // No decision
        #expect(
            CorrespondenceRules.decisionProblems(decided: nil, reason: "Because", suggested: suggested)
                == [CaseworkProblem("decided_step", "Select the next step you have decided on")])
        // Following the suggestion without a reason
        #expect(
            CorrespondenceRules.decisionProblems(decided: .writtenWarning, reason: "", suggested: suggested)
                == [CaseworkProblem("decision_reason", "Enter the reason for the decision")])
        // Departing without a reason
        #expect(
            CorrespondenceRules.decisionProblems(decided: .interview, reason: "", suggested: suggested)
                == [CaseworkProblem("decision_reason", "Enter why you have decided differently from the suggestion")])
        // With a reason, either way
        #expect(
            CorrespondenceRules.decisionProblems(decided: .interview, reason: "Asked to meet", suggested: suggested)
                .isEmpty)
        #expect(
            CorrespondenceRules.decisionProblems(decided: .writtenWarning, reason: "First report", suggested: suggested)
                .isEmpty)
    }
}

@Suite("Interventions")
struct InterventionRulesTests {
    let today = CivilDate(2026, 11, 23)

    func facts(
        _ kind: InterventionKind, under18: Bool? = nil, guardians: String = "", terms: String = "Terms",
        abuseOrHate: Bool = false
    ) -> InterventionFacts {
        InterventionFacts(
            kind: kind, subjectUnder18: under18, guardians: guardians, terms: terms, startedOn: today,
            abuseOrHate: abuseOrHate)
    }

    @Test("an acceptable behaviour contract is for under-18s only, with their guardians")
    func abc() {
        // Adult
        let adult = InterventionRules.problems(
            facts(.acceptableBehaviourContract, under18: false, guardians: "Mum"), today: today)
        #expect(
            adult == [
                CaseworkProblem(
                    "party_id", "This is for people under 18; for adults use an acceptable behaviour agreement")
            ])
        // No date of birth
        let unknown = InterventionRules.problems(facts(.acceptableBehaviourContract, guardians: "Mum"), today: today)
        #expect(unknown.map(\.field) == ["party_id"])
        #expect(unknown.first?.message.contains("date of birth") == true)
        // Under 18 without guardians
        let noGuardians = InterventionRules.problems(facts(.acceptableBehaviourContract, under18: true), today: today)
        #expect(
            noGuardians == [CaseworkProblem("guardians", "Enter the parents or guardians who are party to it")])
        // Under 18 with guardians: fine
        let complete = facts(.acceptableBehaviourContract, under18: true, guardians: "Mum")
        #expect(InterventionRules.problems(complete, today: today).isEmpty)
    }

    @Test("an acceptable behaviour agreement is refused for an under-18")
    func aba() {
        let child = InterventionRules.problems(facts(.acceptableBehaviourAgreement, under18: true), today: today)
        #expect(child.map(\.field) == ["party_id"])
        #expect(child.first?.message.contains("under 18") == true)
        #expect(InterventionRules.problems(facts(.acceptableBehaviourAgreement, under18: false), today: today).isEmpty)
    }

    @Test("a Dear Neighbour card is refused after abuse or hate")
    func dearNeighbour() {
        let refused = InterventionRules.problems(facts(.dearNeighbourCard, abuseOrHate: true), today: today)
        #expect(refused.map(\.field) == ["kind"])
        #expect(InterventionRules.problems(facts(.dearNeighbourCard), today: today).isEmpty)
    }

    @Test("mediation needs both consents, and a justification after abuse or hate")
    func mediation() {
        // Setup
        var mediation = facts(.mediation)
        // No consents
        #expect(
            InterventionRules.problems(mediation, today: today)
                == [CaseworkProblem("consents", "Mediation needs the consent of both sides: confirm both have agreed")])
        // One consent only
        mediation.reportingPersonConsents = true
        #expect(InterventionRules.problems(mediation, today: today).map(\.field) == ["consents"])
        // Both consents
        mediation.respondentConsents = true
        #expect(InterventionRules.problems(mediation, today: today).isEmpty)
        // Abuse or hate without, then with, a justification
        mediation.abuseOrHate = true
        #expect(InterventionRules.problems(mediation, today: today).map(\.field) == ["mediation_justification"])
        mediation.mediationJustification = "Both asked for it; the incident was a single exchange of words"
        #expect(InterventionRules.problems(mediation, today: today).isEmpty)
    }

    @Test("a Community Remedy records when the victim was consulted and what they said")
    func communityRemedy() {
        var remedy = facts(.communityRemedy)
        #expect(InterventionRules.problems(remedy, today: today).map(\.field) == ["victim_view"])
        remedy.victimConsultedOn = today
        #expect(InterventionRules.problems(remedy, today: today).map(\.field) == ["victim_view"])
        remedy.victimConsultedOn = nil
        remedy.victimView = "Happy with an apology"
        #expect(InterventionRules.problems(remedy, today: today).map(\.field) == ["victim_view"])
        remedy.victimConsultedOn = today
        #expect(InterventionRules.problems(remedy, today: today).isEmpty)
    }

    @Test("measures with terms need them written down; others do not")
    func terms() {
        for kind in InterventionKind.allCases where kind.hasTerms {
            let problems = InterventionRules.problems(
                facts(kind, under18: kind.needsGuardians, guardians: "Dad", terms: ""), today: today)
            #expect(problems.contains { $0.field == "terms" }, "\(kind)")
        }
        #expect(
            InterventionRules.problems(facts(.banningLetter, terms: ""), today: today)
                == [CaseworkProblem("terms", "Enter the terms agreed for the banning letter")])
        #expect(InterventionRules.problems(facts(.verbalWarning, terms: ""), today: today).isEmpty)
    }

    @Test("dates: a start is needed and not in the future; a review comes after the start")
    func dates() {
        var verbal = facts(.verbalWarning)
        verbal.startedOn = nil
        #expect(InterventionRules.problems(verbal, today: today).map(\.field) == ["started_on"])
        verbal.startedOn = today.adding(days: 1)
        #expect(InterventionRules.problems(verbal, today: today).map(\.field) == ["started_on"])
        verbal.startedOn = today
        verbal.reviewOn = today
        #expect(InterventionRules.problems(verbal, today: today).map(\.field) == ["review_on"])
        verbal.reviewOn = today.adding(days: 28)
        #expect(InterventionRules.problems(verbal, today: today).isEmpty)
    }

    @Test("suggestions leave out approaching the respondent after abuse or hate, and fit the person's age")
    func suggestions() {
        // Abuse or hate, under 18
        let child = InterventionRules.suggested(abuseOrHate: true, respondentUnder18: true)
        #expect(!child.contains(.dearNeighbourCard))
        #expect(!child.contains(.mediation))
        #expect(child.contains(.acceptableBehaviourContract))
        #expect(!child.contains(.acceptableBehaviourAgreement))
        #expect(
            child == [
                .verbalWarning, .writtenWarning, .acceptableBehaviourContract, .parentingContract,
                .supportAndCounselling, .communityResolution,
            ])
        // No abuse, adult
        let adult = InterventionRules.suggested(abuseOrHate: false, respondentUnder18: false)
        #expect(
            adult == [
                .verbalWarning, .writtenWarning, .dearNeighbourCard, .mediation, .acceptableBehaviourAgreement,
                .supportAndCounselling, .communityResolution,
            ])
        #expect(!adult.contains(.acceptableBehaviourContract))
        // Age unknown: neither contract nor agreement
        let unknown = InterventionRules.suggested(abuseOrHate: false, respondentUnder18: nil)
        #expect(!unknown.contains(.acceptableBehaviourContract))
        #expect(!unknown.contains(.acceptableBehaviourAgreement))
    }
}

@Suite("Referrals to other services")
struct ReferralRulesTests {
    let calendar = WorkingCalendar(timeZone: TimeZone(identifier: "Europe/London")!)

    @Test("a referral moves only along its allowed paths, and a closed one stays closed")
    func transitions() {
        // Check
        let skipped = ReferralRules.transitionProblem(from: .sent, to: .engaged)
        #expect(skipped?.field == "status")
        #expect(
            skipped?.message
                == "A referral that is sent can only become: acknowledged, accepted, declined by the service, closed")
        #expect(ReferralRules.transitionProblem(from: .accepted, to: .engaged) == nil)
        #expect(ReferralRules.transitionProblem(from: .engaged, to: .disengaged) == nil)
        #expect(ReferralRules.transitionProblem(from: .disengaged, to: .engaged) == nil)
        #expect(ReferralRules.transitionProblem(from: .sent, to: .closed) == nil)
        for status in ReferralStatus.allCases {
            #expect(
                ReferralRules.transitionProblem(from: .closed, to: status)
                    == CaseworkProblem("status", "This referral is closed and cannot change"), "\(status)")
        }
        #expect(
            ReferralRules.transitionProblem(from: .sent, to: nil)
                == CaseworkProblem("status", "Select the referral's new status"))
    }

    func replyDue(_ sentOn: CivilDate) -> CivilDate {
        ReferralRules.defaultReplyDue(sentOn: sentOn, calendar: calendar)
    }

    @Test("a reply is expected within ten working days")
    func tenWorkingDays() {
        // Monday 23 November: 24, 25, 26, 27, 30 November, 1, 2, 3, 4, 7 December.
        #expect(replyDue(CivilDate(2026, 11, 23)) == CivilDate(2026, 12, 7))
    }

    @Test("the ten working days skip Christmas and New Year")
    func replyDueOverChristmas() {
        // Friday 18 December: 21, 22, 23, 24 (4); 25 Christmas, 26-27 weekend, 28 Boxing Day substitute;
        // 29, 30, 31 (7); 1 January 2027 New Year's Day, 2-3 weekend; 4, 5, 6 January (10).
        #expect(EnglandAndWalesBankHolidays.isHoliday(CivilDate(2027, 1, 1)))
        #expect(replyDue(CivilDate(2026, 12, 18)) == CivilDate(2027, 1, 6))
    }

    @Test("a referral is chased only once its reply day has passed with no reply")
    func chase() {
        let due = CivilDate(2026, 12, 7)
        #expect(ReferralRules.isChaseDue(status: .sent, replyDueOn: due, today: CivilDate(2026, 12, 8)))
        #expect(ReferralRules.isChaseDue(status: .acknowledged, replyDueOn: due, today: CivilDate(2026, 12, 8)))
        #expect(!ReferralRules.isChaseDue(status: .sent, replyDueOn: due, today: due))
        #expect(!ReferralRules.isChaseDue(status: .sent, replyDueOn: due, today: CivilDate(2026, 12, 6)))
        #expect(!ReferralRules.isChaseDue(status: .accepted, replyDueOn: due, today: CivilDate(2026, 12, 8)))
        #expect(!ReferralRules.isChaseDue(status: .declined, replyDueOn: due, today: CivilDate(2026, 12, 8)))
    }
}

@Suite("Evidence files")
struct EvidenceFileTests {
    /// The problem of a failed check, or nil when it passed.
    func failure(_ result: Result<EvidenceFileType, CaseworkProblem>) -> CaseworkProblem? {
        if case .failure(let problem) = result { return problem }
        return nil
    }

    @Test("files are recognised by their first bytes")
    func sniff() {
        #expect(EvidenceFileType.sniff([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10]) == .jpeg)
        #expect(EvidenceFileType.sniff([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00]) == .png)
        #expect(EvidenceFileType.sniff(Array("%PDF-1.7\n".utf8)) == .pdf)
        let size: [UInt8] = [0x24, 0x08, 0x00, 0x00]
        let wav: [UInt8] = Array("RIFF".utf8) + size + Array("WAVEfmt ".utf8)
        let avi: [UInt8] = Array("RIFF".utf8) + size + Array("AVI LIST".utf8)
        let m4a: [UInt8] = [0x00, 0x00, 0x00, 0x20] + Array("ftypM4A ".utf8)
        let id3: [UInt8] = Array("ID3".utf8) + [0x04, 0x00, 0x00]
        #expect(EvidenceFileType.sniff(wav) == .wav)
        #expect(EvidenceFileType.sniff(m4a) == .m4a)
        #expect(EvidenceFileType.sniff(id3) == .mp3)
        #expect(EvidenceFileType.sniff([0xFF, 0xFB, 0x90, 0x64]) == .mp3)
        #expect(EvidenceFileType.sniff(Array("hello".utf8)) == nil)
        #expect(EvidenceFileType.sniff(avi) == nil)
        #expect(EvidenceFileType.sniff([0x89, 0x50]) == nil)
        #expect(EvidenceFileType.sniff([]) == nil)
    }

    @Test("a check accepts a known type within the size limit")
    func accepted() {
        let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0] + Array(repeating: 0, count: 100)
        #expect(EvidenceFileRules.check(jpeg, maxBytes: EvidenceFileRules.defaultMaxBytes) == .success(.jpeg))
        #expect(EvidenceFileRules.check(jpeg, maxBytes: jpeg.count) == .success(.jpeg))
    }

    @Test("text, empty and oversized files are refused with the right message")
    func refused() {
        // Text dressed up as anything
        let text = failure(EvidenceFileRules.check(Array("hello".utf8), maxBytes: 1024))
        #expect(text?.field == "file")
        #expect(
            text?.message == "The file must be a photo (JPEG or PNG), a PDF or a sound recording (MP3, WAV or M4A)")
        // Empty
        #expect(failure(EvidenceFileRules.check([], maxBytes: 1024))?.message == "The selected file is empty")
        // Too big, by one byte
        let big: [UInt8] = [0xFF, 0xD8, 0xFF] + Array(repeating: 0, count: 1022)
        let tooBig = failure(EvidenceFileRules.check(big, maxBytes: 1024))
        #expect(tooBig?.message.contains("smaller than") == true)
        #expect(tooBig?.message == "The file must be smaller than 1 KB")
        #expect(EvidenceFileRules.describe(EvidenceFileRules.defaultMaxBytes) == "10 MB")
    }

    @Test("download names keep to safe characters and carry the real type's extension")
    func downloadNames() {
        // Act
        let traversal = EvidenceFileRules.downloadName("../../etc/passwd.jpg", type: .jpeg)
        // Check
        #expect(!traversal.contains("/"))
        #expect(!traversal.contains(".."))
        #expect(traversal.hasSuffix(".jpg"))
        #expect(traversal.hasSuffix("passwd.jpg"))
        #expect(EvidenceFileRules.downloadName("", type: .png) == "evidence.png")
        #expect(EvidenceFileRules.downloadName("noise night 1.exe", type: .mp3) == "noise_night_1.mp3")
        #expect(EvidenceFileRules.downloadName(String(repeating: "a", count: 150) + ".pdf", type: .pdf).count == 104)
    }
}

@Suite("Letter templates")
struct LetterTemplateTests {
    @Test("placeholders are listed once each, in order of first appearance")
    func placeholders() {
        let body = "Dear {{recipient_name}}, case {{ case_reference }}. {{recipient_name}}, from {{officer_name}}."
        #expect(LetterTemplates.placeholders(in: body) == ["recipient_name", "case_reference", "officer_name"])
        #expect(LetterTemplates.placeholders(in: "No fields here").isEmpty)
        #expect(LetterTemplates.placeholders(in: "{{today}} and {{unfinished").count == 1)
    }

    @Test("a respondent template cannot use the reporting person's fields")
    func respondentFields() {
        // Act
        let contact = LetterTemplates.problems(body: "Next contact {{next_contact}}", audience: .respondent)
        let plan = LetterTemplates.problems(body: "Your plan:\n{{plan_actions}}", audience: .respondent)
        // Check
        #expect(contact == [CaseworkProblem("body", "{{next_contact}} cannot be used in a letter to the respondent")])
        #expect(plan.map(\.field) == ["body"])
        #expect(plan.first?.message.contains("{{plan_actions}}") == true)
        // The same fields are fine for the reporting person.
        #expect(
            LetterTemplates.problems(
                body: "Next contact {{next_contact}}\n{{plan_actions}}", audience: .reportingPerson
            ).isEmpty)
        // Every respondent field is allowed in a respondent letter.
        for field in LetterAudience.respondent.fields {
            #expect(LetterTemplates.problems(body: "{{\(field.rawValue)}}", audience: .respondent).isEmpty)
        }
        #expect(!LetterAudience.respondent.fields.contains(.nextReview))
        #expect(!LetterAudience.respondent.fields.contains(.agreedContact))
        #expect(!LetterAudience.respondent.fields.contains(.contactFrequency))
    }

    @Test("unknown fields and empty bodies are refused")
    func unknownAndEmpty() {
        #expect(
            LetterTemplates.problems(body: "Hello {{foo}}", audience: .reportingPerson)
                == [CaseworkProblem("body", "{{foo}} is not a field letters can use")])
        #expect(
            LetterTemplates.problems(body: "  \n ", audience: .respondent)
                == [CaseworkProblem("body", "Enter the text of the letter")])
    }

    @Test("rendering fills allowed fields and drops any the audience may not see")
    func render() {
        // Setup: the values include one the respondent must never see.
        let values: [LetterField: String] = [
            .recipientName: "Mr Brown", .nextContact: "Monday 30 November", .caseReference: "ASB-0042",
        ]
        let body = "Dear {{recipient_name}}, re {{ case_reference }}. Next contact: {{next_contact}}{{foo}}."
        // Act
        let respondent = LetterTemplates.render(body, audience: .respondent, values: values)
        let reporting = LetterTemplates.render(body, audience: .reportingPerson, values: values)
        // Check
        #expect(respondent == "Dear Mr Brown, re ASB-0042. Next contact: .")
        #expect(!respondent.contains("30 November"))
        #expect(reporting == "Dear Mr Brown, re ASB-0042. Next contact: Monday 30 November.")
        // A field without a value renders empty.
        #expect(LetterTemplates.render("[{{officer_name}}]", audience: .respondent, values: [:]) == "[]")
    }

    @Test("an unterminated placeholder is left as text")
    func unterminated() {
        let values: [LetterField: String] = [.recipientName: "Mr Brown"]
        #expect(
            LetterTemplates.render("Dear {{recipient_name}}, see {{today", audience: .respondent, values: values)
                == "Dear Mr Brown, see {{today")
        #expect(LetterTemplates.render("}} and {{", audience: .respondent, values: values) == "}} and {{")
    }
}

@Suite("Interviews")
struct InterviewRulesTests {
    let today = CivilDate(2026, 11, 23)

    /// Every question answered: "no" to yes-or-no questions, a few words otherwise.
    static func complete(_ kind: InterviewKind) -> [String: String] {
        Dictionary(
            uniqueKeysWithValues: InterviewQuestions.questions(for: kind).map { question in
                (question.id, question.style == .yesNo ? "no" : "An answer")
            })
    }

    @Test("a complete interview has no problems")
    func completeInterview() {
        let reporting = InterviewRecord(
            kind: .reportingPerson, answers: Self.complete(.reportingPerson), interviewedOn: today)
        #expect(InterviewRules.problems(reporting, today: today).isEmpty)
        let respondent = InterviewRecord(
            kind: .respondent, answers: Self.complete(.respondent), allegationResponse: .denies,
            notesGivenOn: today, interviewedOn: today)
        #expect(InterviewRules.problems(respondent, today: today).isEmpty)
    }

    @Test("interpretation needed and no interpreter present stops the interview")
    func interpreter() {
        // Setup
        var answers = Self.complete(.reportingPerson)
        answers["interpretation"] = "yes"
        // Act
        let without = InterviewRules.problems(
            InterviewRecord(kind: .reportingPerson, answers: answers, interviewedOn: today), today: today)
        let present = InterviewRules.problems(
            InterviewRecord(kind: .reportingPerson, answers: answers, interpreterPresent: true, interviewedOn: today),
            today: today)
        // Check
        #expect(without.map(\.field) == ["interpreter_present"])
        #expect(present.isEmpty)
    }

    @Test("missing or invalid yes-or-no answers are keyed by question; optional ones may be left out")
    func missingAnswers() {
        // Setup
        var answers = Self.complete(.reportingPerson)
        answers["police"] = nil
        answers["hate"] = "maybe"
        answers["what_happened"] = ""
        answers["discussion_appropriate"] = nil
        answers["others_evidence"] = nil
        // Act
        let problems = InterviewRules.problems(
            InterviewRecord(kind: .reportingPerson, answers: answers, interviewedOn: today), today: today)
        // Check: in the form's order.
        #expect(problems.map(\.field) == ["what_happened", "hate", "police"])
        #expect(problems.last?.message == "Answer yes or no: Has the reporting person reported it to the police?")
        #expect(problems.first?.message == "Enter an answer: What happened?")
    }

    @Test("the interview date is needed and cannot be in the future")
    func interviewDate() {
        let answers = Self.complete(.reportingPerson)
        let future = InterviewRules.problems(
            InterviewRecord(kind: .reportingPerson, answers: answers, interviewedOn: today.adding(days: 1)),
            today: today)
        #expect(future == [CaseworkProblem("interviewed_on", "The interview date cannot be in the future")])
        let missing = InterviewRules.problems(
            InterviewRecord(kind: .reportingPerson, answers: answers, interviewedOn: nil), today: today)
        #expect(missing.map(\.field) == ["interviewed_on"])
    }

    @Test("a respondent interview records the response to the allegations and sensible note dates")
    func respondent() {
        let answers = Self.complete(.respondent)
        // No allegation response
        let noResponse = InterviewRules.problems(
            InterviewRecord(kind: .respondent, answers: answers, interviewedOn: today), today: today)
        #expect(noResponse.map(\.field) == ["allegation_response"])
        // Notes given before the interview
        let early = InterviewRules.problems(
            InterviewRecord(
                kind: .respondent, answers: answers, allegationResponse: .admits,
                notesGivenOn: CivilDate(2026, 11, 19), interviewedOn: CivilDate(2026, 11, 20)),
            today: today)
        #expect(early == [CaseworkProblem("notes_given_on", "The notes cannot be given before the interview")])
        // Notes given in the future
        let future = InterviewRules.problems(
            InterviewRecord(
                kind: .respondent, answers: answers, allegationResponse: .admits,
                notesGivenOn: today.adding(days: 1), interviewedOn: today),
            today: today)
        #expect(future.map(\.field) == ["notes_given_on"])
        // A reporting person interview does not ask for a response to allegations.
        let reporting = InterviewRules.problems(
            InterviewRecord(kind: .reportingPerson, answers: Self.complete(.reportingPerson), interviewedOn: today),
            today: today)
        #expect(!reporting.contains { $0.field == "allegation_response" })
    }
}

@Suite("Residents' private links")
struct ResidentAccessRulesTests {
    let now = Date(timeIntervalSince1970: 1_795_000_000)

    @Test("revoked beats everything; expiry is inclusive; five wrong codes lock the link")
    func state() {
        let later = now.addingTimeInterval(3600)
        // Revoked, even though also expired and locked
        #expect(
            ResidentAccessRules.state(
                expiresAt: now.addingTimeInterval(-1), revokedAt: now, failedAttempts: 9, now: now) == .revoked)
        // Expired exactly at the expiry instant, and before locking is considered
        #expect(ResidentAccessRules.state(expiresAt: now, revokedAt: nil, failedAttempts: 0, now: now) == .expired)
        #expect(ResidentAccessRules.state(expiresAt: now, revokedAt: nil, failedAttempts: 5, now: now) == .expired)
        // Locked at five, active at four
        #expect(ResidentAccessRules.state(expiresAt: later, revokedAt: nil, failedAttempts: 5, now: now) == .locked)
        #expect(ResidentAccessRules.state(expiresAt: later, revokedAt: nil, failedAttempts: 4, now: now) == .active)
        #expect(
            ResidentAccessRules.state(
                expiresAt: now.addingTimeInterval(1), revokedAt: nil, failedAttempts: 0, now: now) == .active)
        #expect(ResidentAccessRules.maxFailedAttempts == 5)
    }

    @Test("codes are normalised by dropping spaces and dashes")
    func normalise() {
        #expect(ResidentAccessRules.normalise("12 34-56") == "123456")
        #expect(ResidentAccessRules.normalise(" 123456\n") == "123456")
        #expect(ResidentAccessRules.normalise("123456").count == ResidentAccessRules.codeLength)
    }
}

@Suite("Casework rules moved out of the controllers")
struct CaseworkFactRulesTests {
    let today = CivilDate(2026, 11, 23)

    @Test("abuse or hate comes from the hate flag, an abusive category or the interview")
    func abuseOrHate() {
        // Check
        #expect(InterventionRules.abuseOrHate(hateIncident: true, categories: [], interviews: []))
        #expect(InterventionRules.abuseOrHate(hateIncident: false, categories: ["Verbal Abuse"], interviews: []))
        #expect(InterventionRules.abuseOrHate(hateIncident: false, categories: ["Harassment"], interviews: []))
        #expect(InterventionRules.abuseOrHate(hateIncident: false, categories: [], interviews: [["abuse": "yes"]]))
        #expect(InterventionRules.abuseOrHate(hateIncident: false, categories: [], interviews: [["hate": "yes"]]))
        #expect(
            !InterventionRules.abuseOrHate(
                hateIncident: false, categories: ["Noise", "Pets and animal nuisance"],
                interviews: [["abuse": "no", "hate": "no"]]))
    }

    @Test("a contract or agreement needs the person it is with")
    func subjectNeeded() {
        // Act
        let agreement = InterventionRules.problems(
            InterventionFacts(
                kind: .acceptableBehaviourAgreement, subjectUnder18: nil, terms: "No music", startedOn: today,
                hasSubject: false), today: today)
        let warning = InterventionRules.problems(
            InterventionFacts(kind: .verbalWarning, subjectUnder18: nil, startedOn: today, hasSubject: false),
            today: today)
        // Check
        #expect(agreement.contains { $0.field == "party_id" })
        #expect(warning.isEmpty)
    }

    @Test("a breach falls between the start of the intervention and today")
    func breach() {
        let start = CivilDate(2026, 11, 16)
        #expect(
            InterventionRules.breachProblem(occurredOn: nil, startedOn: start, today: today)?.field == "occurred_on")
        #expect(
            InterventionRules.breachProblem(occurredOn: CivilDate(2026, 11, 15), startedOn: start, today: today) != nil)
        #expect(
            InterventionRules.breachProblem(occurredOn: CivilDate(2026, 11, 24), startedOn: start, today: today) != nil)
        #expect(InterventionRules.breachProblem(occurredOn: start, startedOn: start, today: today) == nil)
        #expect(InterventionRules.breachProblem(occurredOn: today, startedOn: start, today: today) == nil)
    }

    @Test("only a referral still waiting can be chased, to a day after today")
    func chase() {
        #expect(ReferralRules.chaseProblem(status: .accepted, newReplyDue: today.adding(days: 3), today: today) != nil)
        #expect(ReferralRules.chaseProblem(status: .sent, newReplyDue: nil, today: today)?.field == "reply_due_on")
        #expect(ReferralRules.chaseProblem(status: .sent, newReplyDue: today, today: today) != nil)
        #expect(
            ReferralRules.chaseProblem(status: .acknowledged, newReplyDue: today.adding(days: 1), today: today) == nil)
    }

    @Test("a resident's upload is registered by its type")
    func uploadKind() {
        #expect(EvidenceKind.forUpload(.jpeg) == .photo)
        #expect(EvidenceKind.forUpload(.png) == .photo)
        #expect(EvidenceKind.forUpload(.pdf) == .diarySheet)
        #expect(EvidenceKind.forUpload(.m4a) == .noiseRecording)
    }
}

@Suite("Sending a letter")
struct LetterDeliveryTests {
    static func problem(
        _ method: LetterMethod, address: Bool = true, email: Bool = true, usesAddress: Bool = false
    ) -> String? {
        LetterDelivery.problem(
            method: method, recipient: "Kevin Doyle", hasAddress: address, hasEmail: email, usesAddress: usesAddress)
    }

    @Test("post and hand delivery need an address, email needs an email address")
    func needsAWayToReachThem() {
        // Act / Check
        #expect(Self.problem(.post) == nil)
        #expect(Self.problem(.post, address: false)?.contains("cannot be posted") == true)
        #expect(Self.problem(.hand, address: false)?.contains("delivered by hand") == true)
        #expect(Self.problem(.email, address: false) == nil)
        #expect(Self.problem(.email, email: false)?.contains("no email address for Kevin Doyle") == true)
        #expect(Self.problem(.residentLink, address: false, email: false) == nil)
    }

    @Test("a letter that names the recipient's address needs one, however it is sent")
    func namesTheAddress() {
        // Act / Check
        #expect(
            Self.problem(.email, address: false, usesAddress: true)?.contains("names the recipient's address") == true)
        #expect(Self.problem(.email, usesAddress: true) == nil)
    }
}
