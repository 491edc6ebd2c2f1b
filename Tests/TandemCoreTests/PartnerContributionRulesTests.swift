import Foundation
import Testing

@testable import TandemCore

@Suite("Partner contributions and special category factors")
struct PartnerContributionRulesTests {
    static let today = CivilDate(2026, 12, 2)

    @Test("a police log is a police referral; any other agency's record is a partner referral")
    func channel() {
        #expect(PartnerIncidentRules.channel(for: .police) == .policeReferral)
        for kind in OrganisationKind.allCases where kind != .police {
            #expect(PartnerIncidentRules.channel(for: kind) == .partnerReferral)
        }
        #expect(PartnerIncidentRules.channel(for: nil) == .partnerReferral)
    }

    @Test("the incident's date is required, real, and today or earlier")
    func incidentDate() {
        #expect(PartnerIncidentRules.dateProblem(typed: "", parsed: nil, today: Self.today)?.field == "incident_date")
        #expect(
            PartnerIncidentRules.dateProblem(typed: "2026-02-30", parsed: nil, today: Self.today)?.message
                == "Enter the date it happened as a real date, like 2026-11-20")
        #expect(
            PartnerIncidentRules.dateProblem(typed: "x", parsed: CivilDate(2026, 12, 3), today: Self.today)?.message
                == "The date it happened must be today or in the past")
        #expect(PartnerIncidentRules.dateProblem(typed: "x", parsed: Self.today, today: Self.today) == nil)
        #expect(PartnerIncidentRules.dateProblem(typed: "x", parsed: CivilDate(2026, 11, 1), today: Self.today) == nil)
    }

    @Test("the owning team records its reports the usual way, not as a partner incident")
    func owningTeam() {
        let council = UUID()
        #expect(PartnerIncidentRules.organisationProblem(partner: council, owner: council) != nil)
        #expect(PartnerIncidentRules.organisationProblem(partner: UUID(), owner: council) == nil)
    }

    @Test("timeline lines name the organisation and the agency's reference")
    func timelineLines() {
        #expect(CaseNoteRules.timeline(organisation: "Riverside Police") == "Case note from Riverside Police")
        #expect(
            PartnerIncidentRules.timeline(organisation: "Riverside Police", reference: "CAD 0142")
                == "Incident reported by Riverside Police, ref CAD 0142")
    }

    @Test("health and protected characteristic factors are special category data; the others are not")
    func specialCategoryFactors() {
        let special = Set(RespondentFactor.allCases.filter(\.isSpecialCategory))
        #expect(
            special == [
                .mentalHealth, .substanceMisuse, .learningDisability, .capacity, .careAndSupport,
                .protectedCharacteristic,
            ])
        #expect(!RespondentFactor.lifeEvents.isSpecialCategory)
        #expect(!RespondentFactor.ageAndMaturity.isSpecialCategory)
        #expect(!RespondentFactor.exploitation.isSpecialCategory)
    }
}
