import Foundation
import TandemCore

extension Batch {
    /// A vulnerability assessment at first contact, answered with random
    /// options of the CIH matrix and scored by `VulnerabilityAssessment`, as
    /// the assessment form would; one in ten declines. Returns the band.
    mutating func assessment(
        caseID: UUID, personID: UUID, at assessed: Date, officer: UUID, dice: inout DemoHistory.Dice
    ) -> RiskLevel? {
        let submission: AssessmentSubmission
        var answers: [String: String] = [:]
        if dice.chance(10) {
            submission = .declined(reason: "Did not want to answer the questions")
        } else {
            for question in RiskMatrix.questions {
                // Lower-risk answers are commoner: the options run from most to least at risk.
                let options = question.options
                let index = max(options.count - 1 - dice.below(options.count) * dice.below(2), 0)
                answers[question.id] = options[index].value
            }
            submission = .completed(answers: answers, adjustedBand: nil, adjustmentReason: nil)
        }
        guard case .success(let result) = VulnerabilityAssessment.evaluate(submission, bands: .standard) else {
            return nil
        }
        assessments.append([
            ids.next(), caseID, personID, AssessmentOccasion.newCase.rawValue, result.declined,
            result.declined ? nil : VulnerabilityAssessmentRecord.encode(answers), result.total,
            result.scoredBand?.rawValue, result.band?.rawValue, assessed, officer,
        ])
        return result.band
    }

    /// An action plan agreed when the reporting person was first contacted,
    /// with a first review two weeks on (Lambeth 3.3.1) and two or three
    /// actions: done before the case closed, or still open on an open case.
    mutating func plan(
        caseID: UUID, drawnUp: CivilDate, closed: CivilDate?, today: CivilDate, officer: UUID, at recorded: Date,
        dice: inout DemoHistory.Dice
    ) {
        let firstReview = drawnUp.adding(days: 14)
        let until = closed ?? today
        var nextReview = firstReview
        while nextReview.adding(days: 28) <= until { nextReview = nextReview.adding(days: 28) }
        plans.append([
            ids.next(), caseID, 1, drawnUp.description, "Diary sheets from the reporting person and officer visits", 7,
            ContactChannel.phone.rawValue, firstReview.description, nextReview.description, "Reporting person",
            drawnUp.description, AgreementMethod.verbally.rawValue, 1, recorded, officer, recorded,
        ])
        let actions: [(String, ActionOwner)] = [
            ("Keep the incident diary and send it fortnightly", .reportingPerson),
            ("Visit the respondent and explain the complaint", .officer),
            ("Check for police reports at the address", .partner),
        ]
        for (index, (description, owner)) in actions.prefix(2 + dice.below(2)).enumerated() {
            let due = drawnUp.adding(days: 7 * (index + 1))
            let done = due <= until && dice.chance(80)
            let status: ActionStatus = done ? .done : (closed == nil ? .open : .dropped)
            planActions.append([
                ids.next(), caseID, description, owner.rawValue, due.description, status.rawValue,
                done ? due.description : nil, recorded, officer,
            ])
        }
    }
}
