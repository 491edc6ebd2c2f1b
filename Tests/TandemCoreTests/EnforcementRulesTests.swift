import Foundation
import Testing

@testable import TandemCore

/// The power catalogue's prerequisites, as `MeasureRules` enforces them.
@Suite("Legal powers and their prerequisites")
struct PowerPrerequisiteTests {
    let today = CivilDate(2026, 11, 23)
    /// Monday 23 November 2026, 10:00 in London (GMT).
    let now = Date(timeIntervalSince1970: 1_795_428_000)

    func spec(_ key: String) -> LegalPowerSpec {
        LegalPowerCatalogue.standard.first { $0.key == key }!
    }

    func problems(_ key: String, _ facts: EnforcementFacts, _ input: MeasureInput? = nil) -> [String] {
        let power = spec(key)
        return MeasureRules.problems(
            prerequisites: power.prerequisites, fields: power.fields, facts: facts,
            input: input ?? MeasureInput(instructedOn: today, likelihood: .reasonable), today: today, now: now
        ).map(\.message)
    }

    @Test("the catalogue holds every power of Lambeth 3.3.6 and Westminster section 8, once each")
    func catalogue() {
        let keys = LegalPowerCatalogue.standard.map(\.key)
        #expect(Set(keys).count == keys.count)
        #expect(
            Set(keys).isSuperset(of: [
                "lba", "nosp", "possession", "demotion", "introductory_extension", "section_146", "civil_injunction",
                "closure_notice", "closure_order", "cpn", "pspo", "cbo", "dispersal", "fpn", "noise_abatement_notice",
                "noise_abatement_order",
            ]))
        #expect(spec("civil_injunction").needsReview)
        #expect(spec("civil_injunction").makesOrder)
        #expect(!spec("dispersal").needsReview)
    }

    @Test("a Community Protection Notice is refused without a prior written warning")
    func cpnNeedsWarning() {
        // Setup: a current review, so only the warning is missing.
        let facts = EnforcementFacts(lastBehaviourOn: CivilDate(2026, 11, 20), review: .current)
        // Act and check
        #expect(problems("cpn", facts) == ["A written warning must be given first (record it under interventions)"])
    }

    @Test("a CPN is refused when nothing has happened since the written warning, allowed once it continued")
    func cpnNeedsContinuedBehaviour() {
        let warned = CivilDate(2026, 11, 2)
        // The last incident was before the warning.
        var facts = EnforcementFacts(
            writtenWarningOn: warned, lastBehaviourOn: CivilDate(2026, 10, 30), review: .current)
        #expect(problems("cpn", facts).count == 1)
        #expect(problems("cpn", facts).first?.hasPrefix("The behaviour must have continued") == true)
        // On the same day is not after it.
        facts.lastBehaviourOn = warned
        #expect(problems("cpn", facts).count == 1)
        // The day after.
        facts.lastBehaviourOn = CivilDate(2026, 11, 3)
        #expect(problems("cpn", facts).isEmpty)
    }

    @Test("a Criminal Behaviour Order is refused until a conviction is recorded")
    func cboNeedsConviction() {
        let facts = EnforcementFacts(review: .current)
        // Act: no conviction.
        let missing = problems("cbo", facts)
        #expect(missing.contains("A Criminal Behaviour Order needs a recorded conviction: enter its date"))
        #expect(missing.contains("Enter the convicting court"))
        #expect(missing.contains("Enter the offence"))
        // A conviction tomorrow is not a conviction.
        var input = MeasureInput(
            instructedOn: today, likelihood: .strong, convictionOn: CivilDate(2026, 11, 24),
            convictionCourt: "Riverside Magistrates", convictionOffence: "Criminal damage")
        #expect(problems("cbo", facts, input) == ["The conviction date cannot be in the future"])
        input.convictionOn = CivilDate(2026, 10, 1)
        #expect(problems("cbo", facts, input).isEmpty)
    }

    @Test("possession on the absolute ground needs one of its five conditions and the tenant's representations")
    func absoluteGround() {
        let facts = EnforcementFacts(tenure: .secure, noticeOfSeekingPossessionServed: true, review: .current)
        #expect(AbsoluteGroundCondition.allCases.count == 5)
        var input = MeasureInput(instructedOn: today, likelihood: .strong)
        #expect(problems("possession", facts, input) == ["Select the ground for possession"])
        input.ground = .absolute
        #expect(
            problems("possession", facts, input) == [
                "Select which condition of the absolute ground is met",
                "Record the tenant's opportunity to make representations and how they were considered",
            ])
        input.condition = .injunctionBreach
        input.representations = "Letter of 2 November invited representations; none received by 16 November."
        #expect(problems("possession", facts, input).isEmpty)
        // A discretionary ground needs neither.
        #expect(
            problems(
                "possession", facts, MeasureInput(instructedOn: today, likelihood: .strong, ground: .discretionary)
            ).isEmpty)
    }

    @Test("possession needs a tenant and a Notice of Seeking Possession served first")
    func possessionNeedsTenancyAndNotice() {
        let input = MeasureInput(instructedOn: today, likelihood: .reasonable, ground: .discretionary)
        #expect(
            problems("possession", EnforcementFacts(review: .current), input) == [
                "Record the respondent's tenure on the case's home first",
                "Serve a Notice of Seeking Possession first and record it as served",
            ])
        #expect(
            problems("possession", EnforcementFacts(tenure: .ownerOccupier, review: .current), input).first
                == "The respondent is not recorded as a tenant (owner occupier)")
        #expect(problems("section_146", EnforcementFacts(tenure: .secure, review: .current)).count == 1)
        #expect(problems("section_146", EnforcementFacts(tenure: .leaseholder, review: .current)).isEmpty)
        #expect(problems("introductory_extension", EnforcementFacts(tenure: .secure, review: .current)).count == 1)
        #expect(problems("introductory_extension", EnforcementFacts(tenure: .introductory, review: .current)).isEmpty)
    }

    @Test("a closure order must follow the closure notice within 48 hours, to the minute")
    func closureOrder48Hours() {
        let served = now.addingTimeInterval(-48 * 3600)
        #expect(problems("closure_order", EnforcementFacts(closureNoticeServedAt: served, review: .current)).isEmpty)
        let late = served.addingTimeInterval(-60)
        #expect(
            problems("closure_order", EnforcementFacts(closureNoticeServedAt: late, review: .current)) == [
                "The closure notice was served more than 48 hours ago; the order can no longer be applied for on it"
            ])
        #expect(problems("closure_order", EnforcementFacts(review: .current)).count == 1)
    }

    @Test("every power that needs a review is refused without a current signed-off one, whatever else holds")
    func reviewGateOnEveryPower() {
        for power in LegalPowerCatalogue.standard where power.needsReview {
            for state in [ReviewGateState.none, .awaitingSignOff, .returned, .stale] {
                let found = MeasureRules.problems(
                    prerequisites: power.prerequisites, fields: power.fields, facts: EnforcementFacts(review: state),
                    input: MeasureInput(instructedOn: today, likelihood: .strong), today: today, now: now)
                #expect(
                    found.contains { $0.field == "power" && $0.message.contains("review") }, "\(power.key) \(state)")
            }
        }
    }

    @Test("a civil injunction asks whether it is individual or estate-wide, and whom; under-18s go to the youth court")
    func injunction() {
        let facts = EnforcementFacts(review: .current)
        #expect(problems("civil_injunction", facts) == ["Select whether it is against an individual or estate-wide"])
        #expect(
            problems(
                "civil_injunction", facts,
                MeasureInput(instructedOn: today, likelihood: .strong, hasRespondent: false, scope: .individual))
                == ["Select who the injunction is against"])
        #expect(
            problems(
                "civil_injunction", facts,
                MeasureInput(instructedOn: today, likelihood: .strong, hasRespondent: false, scope: .estateWide)
            ).isEmpty)
        #expect(MeasureRules.injunctionCourt(respondentUnder18: true) == "Youth court")
        #expect(MeasureRules.injunctionCourt(respondentUnder18: false) == "County court or High Court")
    }

    @Test("the instruction needs its date, not in the future, and the likelihood of success discussed")
    func instructionBasics() {
        let found = problems(
            "dispersal", EnforcementFacts(), MeasureInput(instructedOn: CivilDate(2026, 11, 24), likelihood: nil))
        #expect(
            found == [
                "The date cannot be in the future", "Record the likelihood of success discussed with legal services",
            ])
    }
}

@Suite("The proportionality review and its sign-off")
struct ProportionalityReviewTests {
    let officer = UUID()
    let senior = UUID()
    let signedOff = Date(timeIntervalSince1970: 1_795_428_000)

    func complete() -> [ReviewQuestion: String] {
        Dictionary(uniqueKeysWithValues: ReviewQuestion.allCases.map { ($0, "Answered") })
    }

    @Test("every question of Lambeth 3.3.2 is asked and every checklist item confirmed")
    func submission() {
        #expect(ReviewQuestion.allCases.count == 15)
        #expect(ReviewRules.submissionProblems(answers: complete(), confirmed: Set(ChecklistItem.allCases)).isEmpty)
        var answers = complete()
        answers[.equalityDuty] = ""
        answers[.representations] = nil
        let found = ReviewRules.submissionProblems(answers: answers, confirmed: [.actionsRecorded])
        #expect(found.map(\.field).contains("q_equality_duty"))
        #expect(
            found.contains(CaseworkProblem("q_representations", "Answer this question (or say why it does not apply)")))
        #expect(found.filter { $0.field.hasPrefix("c_") }.count == ChecklistItem.allCases.count - 1)
        answers = complete()
        answers[.alternatives] = String(repeating: "x", count: 4001)
        #expect(
            ReviewRules.submissionProblems(answers: answers, confirmed: Set(ChecklistItem.allCases)) == [
                CaseworkProblem("q_alternatives", "Keep the answer to 4,000 characters")
            ])
    }

    @Test("no one signs off their own case or their own review; only senior officers sign off")
    func signOff() {
        func problem(
            _ decider: UUID, senior isSenior: Bool, prepared: UUID? = nil, status: ReviewStatus = .awaitingSignOff
        )
            -> String?
        {
            ReviewRules.signOffProblem(
                deciderID: decider, deciderIsSenior: isSenior, caseOfficerID: officer,
                preparedByID: prepared ?? officer,
                status: status)
        }
        #expect(problem(officer, senior: true) == "The case officer cannot sign off their own case's review")
        #expect(problem(UUID(), senior: false) == "Only a senior officer or team manager can sign off the review")
        #expect(
            problem(senior, senior: true, prepared: senior) == "The officer who completed the review cannot sign it off"
        )
        #expect(problem(senior, senior: true) == nil)
        #expect(problem(senior, senior: true, status: .signedOff) == "This review has already been decided")
        #expect(ReviewRules.returnProblem(reason: "")?.field == "reason")
        #expect(ReviewRules.returnProblem(reason: "Ask the CMHT first") == nil)
    }

    @Test("a signed-off review goes stale when the vulnerability record changes after it, even by a second")
    func staleness() {
        #expect(ReviewRules.gate(status: nil, signedOffAt: nil, lastVulnerabilityChange: nil) == .none)
        #expect(
            ReviewRules.gate(status: .awaitingSignOff, signedOffAt: nil, lastVulnerabilityChange: nil)
                == .awaitingSignOff)
        #expect(ReviewRules.gate(status: .returned, signedOffAt: nil, lastVulnerabilityChange: nil) == .returned)
        #expect(
            ReviewRules.gate(status: .signedOff, signedOffAt: signedOff, lastVulnerabilityChange: nil) == .current)
        #expect(
            ReviewRules.gate(
                status: .signedOff, signedOffAt: signedOff, lastVulnerabilityChange: signedOff.addingTimeInterval(-1))
                == .current)
        #expect(
            ReviewRules.gate(status: .signedOff, signedOffAt: signedOff, lastVulnerabilityChange: signedOff) == .current
        )
        #expect(
            ReviewRules.gate(
                status: .signedOff, signedOffAt: signedOff, lastVulnerabilityChange: signedOff.addingTimeInterval(1))
                == .stale)
    }
}

@Suite("Court hearings, orders, expiry and costs")
struct CourtRulesTests {
    let today = CivilDate(2026, 11, 23)

    @Test("the extension reminder falls eight weeks before expiry by default, and another number when configured")
    func reminder() {
        // A two-year injunction from Monday 23 November 2026.
        let expires = CivilDate(2028, 11, 23)
        #expect(CourtRules.reminderOn(expiresOn: expires) == CivilDate(2028, 9, 28))
        #expect(CourtRules.reminderOn(expiresOn: expires, weeks: 12) == CivilDate(2028, 8, 31))
        #expect(CourtRules.reminderOn(expiresOn: nil) == nil)
    }

    @Test("an order runs, then is due for an extension decision on the reminder day, then expires the day after expiry")
    func expiryStates() {
        let expires = CivilDate(2028, 11, 23)
        let reminder = CourtRules.reminderOn(expiresOn: expires)
        func state(_ day: CivilDate) -> ExpiryState {
            CourtRules.expiryState(expiresOn: expires, reminderOn: reminder, today: day)
        }
        #expect(state(today) == .running)
        #expect(state(CivilDate(2028, 9, 27)) == .running)
        #expect(state(CivilDate(2028, 9, 28)) == .considerExtension)
        #expect(state(expires) == .considerExtension)
        #expect(state(CivilDate(2028, 11, 24)) == .expired)
        #expect(CourtRules.expiryState(expiresOn: nil, reminderOn: nil, today: today) == .noExpiry)
    }

    @Test("an order needs terms; a power of arrest names its terms and never attaches to a positive requirement alone")
    func orderTerms() {
        var input = OrderInput(
            madeOn: today, startsOn: today, expiresOn: CivilDate(2028, 11, 23), prohibitions: "", requirements: "",
            exclusion: "", powerOfArrest: false, arrestTerms: "")
        #expect(CourtRules.orderProblems(input, today: today).map(\.field) == ["prohibitions"])
        input.requirements = "Attend the drug and alcohol service weekly"
        input.powerOfArrest = true
        #expect(
            CourtRules.orderProblems(input, today: today).map(\.message) == [
                "Say which terms the power of arrest is attached to",
                "A power of arrest cannot be attached to a positive requirement alone",
            ])
        input.prohibitions = "Not to enter Marsh House"
        input.arrestTerms = "Prohibition 1"
        #expect(CourtRules.orderProblems(input, today: today).isEmpty)
        input.expiresOn = today
        #expect(CourtRules.orderProblems(input, today: today).map(\.field) == ["expires_on"])
        input.expiresOn = nil
        input.madeOn = CivilDate(2026, 11, 24)
        #expect(CourtRules.orderProblems(input, today: today).map(\.field) == ["made_on", "starts_on"])
    }

    @Test("hearings: an adjournment names a later date; a future hearing has no outcome")
    func hearings() {
        var input = HearingInput(
            heardOn: today, court: "Riverside County Court", type: .firstHearing, outcome: .adjourned, adjournedTo: nil)
        #expect(CourtRules.hearingProblems(input, today: today).map(\.field) == ["adjourned_to"])
        input.adjournedTo = today
        #expect(CourtRules.hearingProblems(input, today: today).map(\.field) == ["adjourned_to"])
        input.adjournedTo = CivilDate(2026, 12, 14)
        #expect(CourtRules.hearingProblems(input, today: today).isEmpty)
        input.heardOn = CivilDate(2026, 12, 1)
        input.outcome = .granted
        #expect(CourtRules.hearingProblems(input, today: today).map(\.field) == ["outcome"])
        #expect(MeasureStatus.after(.granted) == .orderMade)
        #expect(MeasureStatus.after(.adjourned) == .inCourt)
        #expect(!HearingOutcome.adjourned.isDecision)
        #expect(HearingOutcome.refused.isDecision)
    }

    @Test("breaches are dated within the order; costs are pounds and pence")
    func breachesAndCosts() {
        #expect(
            CourtRules.breachProblems(
                occurredOn: CivilDate(2026, 11, 1), details: "x", orderStartsOn: today, today: today
            )
            .map(\.field) == ["occurred_on"])
        #expect(
            CourtRules.breachProblems(occurredOn: today, details: "", orderStartsOn: today, today: today).count == 1)
        #expect(CostRules.pence("1,250.50") == 125_050)
        #expect(CostRules.pence("£80") == 8000)
        #expect(CostRules.pence("12.5") == 1250)
        for bad in ["", "-5", "+5", "1.234", "abc", "1e5", "١٢", "2000000"] {
            #expect(CostRules.pence(bad) == nil, "\(bad)")
        }
        #expect(CostRules.display(pence: 125_050) == "£1,250.50")
        #expect(CostRules.display(pence: 8005) == "£80.05")
    }
}

@Suite("Steps a measure takes outside court")
struct MeasureStepTests {
    let today = CivilDate(2026, 11, 23)
    let now = Date(timeIntervalSince1970: 1_795_428_000)

    func problems(
        _ step: MeasureStep?, status: MeasureStatus = .instructed, power: String = "nosp",
        on day: CivilDate? = nil, servedAt: Date? = nil, reason: String = ""
    ) -> [String] {
        StepRules.problems(
            step, status: status, powerKey: power, on: day, servedAt: servedAt, reason: reason, today: today, now: now)
    }

    @Test("a notice is served at a time not in the future, to the second; an ended measure takes no steps")
    func served() {
        #expect(problems(.served, on: today, servedAt: now).isEmpty)
        #expect(
            problems(.served, on: today, servedAt: now.addingTimeInterval(1)) == ["The time cannot be in the future"])
        #expect(problems(.served) == ["Enter the date served like 2026-11-23 and the time like 14:30"])
        #expect(problems(.served, status: .withdrawn, on: today, servedAt: now) == ["This measure has ended"])
        #expect(problems(nil) == ["Choose what happened"])
        #expect(StepRules.status(after: .served, current: .instructed) == .served)
        #expect(StepRules.status(after: .served, current: .inCourt) == .inCourt)
    }

    @Test("an eviction follows possession proceedings; a withdrawal gives its reason")
    func evictionAndWithdrawal() {
        #expect(problems(.evicted, power: "possession", on: today).isEmpty)
        #expect(problems(.evicted, power: "nosp", on: today) == ["An eviction follows possession proceedings"])
        #expect(
            problems(.evicted, power: "possession", on: CivilDate(2026, 11, 24)) == ["The date cannot be in the future"]
        )
        #expect(problems(.withdrawn) == ["Give the reason"])
        #expect(problems(.ended, reason: "Respondent moved away").isEmpty)
        #expect(StepRules.status(after: .evicted, current: .orderMade) == .evicted)
    }

    @Test("only a NOSP served on a household with children brings in the homeless persons unit and care")
    func householdNotified() {
        #expect(StepRules.notifiesHousehold(.served, powerKey: "nosp", childrenInHousehold: true))
        #expect(!StepRules.notifiesHousehold(.served, powerKey: "nosp", childrenInHousehold: false))
        #expect(!StepRules.notifiesHousehold(.served, powerKey: "section_146", childrenInHousehold: true))
        #expect(!StepRules.notifiesHousehold(.withdrawn, powerKey: "nosp", childrenInHousehold: true))
        #expect(StepRules.orderProblem(status: .instructed) != nil)
        #expect(StepRules.orderProblem(status: .orderMade) == nil)
    }
}
