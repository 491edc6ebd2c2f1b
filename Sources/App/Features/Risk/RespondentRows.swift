import Foundation
import TandemCore
import Vapor

extension RiskPageBuilder {
    /// One respondent assessment as the Risk tab shows it.
    struct RespondentRow: Encodable {
        var who: String
        var when: String
        var by: String
        var riskPosed: String
        var riskPosedTo: String
        var riskPosedNotes: String?
        var factors: String
        var factorNotes: String?
        var checks: String
        var checksNotes: String?
        var support: String?
        var under18: Bool
        /// Said in place of the notes, the mental health and adult social care checks and the support in place
        /// when the viewer may
        /// not read special category data; nil when they may.
        var withheld: String?
    }

    /// The rows, with the special category parts left out for a viewer whose access does not open the special
    /// category section (issue 19 item 2: the police partner read "Risk to them: Mental health"). The free-text
    /// notes and the support in place may speak of health whatever factors were ticked, so they are withheld
    /// whole, and the same words are shown whether or not anything was recorded, so nothing is given away.
    static func respondentRows(
        _ assessments: [RespondentAssessmentRecord], request: Request, facts: CaseAccessFacts,
        partyName: (UUID?) -> String
    ) throws -> [RespondentRow] {
        let open = request.may(.viewSection(facts, .specialCategory))
        let ownTeam = try request.requireUser().organisationID == facts.owningOrganisationID
        let withheld: String? =
            open
            ? nil
            : ownTeam
                ? "Withheld: special category data is shown only to the officers who need to know it"
                : "Withheld: special category data is not shared with your organisation"
        return assessments.map { assessment in
            let factors = assessment.factors.split(separator: ",").compactMap { RespondentFactor(rawValue: String($0)) }
            let shown = open ? factors : factors.filter { !$0.isSpecialCategory }
            // Whether someone is known to mental health services or to adult social care (care and support
            // needs, a special category factor) is special category in itself; children's social care is not.
            var checks: [(CheckedService, ServiceCheck)] = [(.childrensSocialCare, assessment.checkChildrensSocialCare)]
            if open {
                checks.insert(
                    contentsOf: [
                        (.mentalHealth, assessment.checkMentalHealth),
                        (.adultSocialCare, assessment.checkAdultSocialCare),
                    ], at: 0)
            }
            return RespondentRow(
                who: partyName(assessment.$party.id), when: DisplayDate.dayAndTime(assessment.assessedAt),
                by: assessment.assessedBy.displayName,
                riskPosed: assessment.riskPosed.label,
                riskPosedTo: Self.labels(assessment.riskPosedTo, RiskPosedTo.self, \.label),
                // Free text about the risk posed often speaks of the person's health, so it goes with the notes.
                riskPosedNotes: open ? assessment.riskPosedNotes : nil,
                factors: shown.isEmpty
                    ? (open ? "None recorded" : "None that can be shown")
                    : shown.map(\.label).joined(separator: "; "),
                factorNotes: open ? assessment.factorNotes : nil,
                checks: checks.map { "\($0.0.label): \($0.1.label.lowercased())" }.joined(separator: "; "),
                checksNotes: open ? assessment.checksNotes : nil,
                support: open ? assessment.supportInPlace : nil,
                under18: assessment.under18, withheld: withheld)
        }
    }
}
