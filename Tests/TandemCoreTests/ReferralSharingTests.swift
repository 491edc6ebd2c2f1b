import Foundation
import Testing

@testable import TandemCore

@Suite("Referrals through Tandem")
struct ReferralSharingTests {
    static let council = UUID()
    static let victims = UUID()
    static let maria = UUID()
    static let today = CivilDate(2026, 11, 23)

    static let care = AgreementTerms(
        id: UUID(), parties: [council, victims], sections: [.summary, .casework, .specialCategory],
        gateways: [.crimeAndDisorderAct], specialCondition: .safeguarding, startsOn: CivilDate(2026, 1, 1),
        reviewOn: nil, endsOn: CivilDate(2027, 3, 1), status: .active)

    static func request(
        sections: Set<ShareSection>, consent: ShareConsent?, reason: ConsentNotSoughtReason? = nil,
        decision: String? = nil, senior: Bool = false, person: UUID? = maria
    ) -> ShareRequest {
        ReferralSharing.shareRequest(
            owningOrganisationID: council, to: victims, agreement: care, purpose: "Emotional support",
            sections: sections,
            consents: person.map { [ShareRequest.Consent(personID: $0, consent: consent, notSoughtReason: reason)] }
                ?? [],
            endsOn: ReferralSharing.shareEnds(from: today, agreementEndsOn: care.endsOn), seniorDecision: decision,
            mayOverrideConsent: senior)
    }

    static func problems(_ request: ShareRequest) -> [ShareProblem] {
        switch SharingRules.validate(request, today: today) {
        case .success: []
        case .failure(let list): list.problems
        }
    }

    @Test("a share opened by a referral lasts about six months, never beyond its agreement")
    func shareEnds() {
        // Act / Check
        #expect(ReferralSharing.shareEnds(from: Self.today, agreementEndsOn: nil) == Self.today.adding(days: 182))
        #expect(
            ReferralSharing.shareEnds(from: Self.today, agreementEndsOn: CivilDate(2027, 1, 31))
                == CivilDate(2027, 1, 31))
    }

    @Test("each person's consent is carried; a reason is kept only when consent was not sought")
    func consentIsThePersons() {
        // Act
        let given = Self.request(sections: [.casework], consent: .given, reason: .riskOfHarm)
        let none = Self.request(sections: [.casework], consent: .given, person: nil)
        // Check
        #expect(given.consents == [ShareRequest.Consent(personID: Self.maria, consent: .given)])
        #expect(none.consents.isEmpty)
        #expect(Self.problems(given).isEmpty)
        #expect(
            Self.problems(Self.request(sections: [.casework], consent: .notSought))
                == [.notSoughtReasonMissing(Self.maria)])
    }

    @Test("the stored decisions read back as written, and a person added since has none")
    func storedConsents() {
        // Setup
        let omar = UUID()
        let decisions = [
            ShareRequest.Consent(personID: Self.maria, consent: .given),
            ShareRequest.Consent(personID: omar, consent: .notSought, notSoughtReason: .preventionOfCrime),
        ]
        let newcomer = UUID()
        // Act
        let text = ReferralSharing.consentText(decisions)
        let stored = ReferralSharing.consents(from: text)
        let now = ReferralSharing.consentsNow(personIDs: [Self.maria, omar, newcomer], stored: stored)
        // Check
        #expect(text == "\(Self.maria.uuidString) given\n\(omar.uuidString) not_sought prevention_of_crime")
        #expect(stored[Self.maria] == decisions[0])
        #expect(stored[omar] == decisions[1])
        #expect(ReferralSharing.consents(from: "not-a-person given\n\(omar.uuidString) maybe").isEmpty)
        #expect(now[2] == ShareRequest.Consent(personID: newcomer, consent: nil))
        let request = ShareRequest(
            owningOrganisationID: Self.council, organisationID: Self.victims, agreement: Self.care,
            purpose: "Emotional support", sections: [.casework], consents: now, endsOn: CivilDate(2027, 2, 1),
            seniorDecision: nil, mayOverrideConsent: false)
        #expect(Self.problems(request) == [.consentMissing(newcomer)])
    }

    @Test("special category data without consent needs a senior decision with reasons")
    func specialCategory() {
        // Act / Check
        #expect(
            Self.problems(Self.request(sections: [.specialCategory], consent: .refused))
                == [.specialCategoryNeedsSeniorDecision])
        #expect(
            Self.problems(Self.request(sections: [.specialCategory], consent: .refused, senior: true))
                == [.seniorDecisionNeedsReasons])
        #expect(
            Self.problems(
                Self.request(sections: [.specialCategory], consent: .refused, decision: "Risk of harm", senior: true)
            ).isEmpty)
        #expect(Self.problems(Self.request(sections: [.specialCategory], consent: .given)).isEmpty)
    }

    @Test("the receiver acknowledges, accepts or declines a waiting referral, then updates an accepted one")
    func receiverChoices() {
        // Act / Check
        #expect(ReferralSharing.receiverChoices(.sent) == [.acknowledged, .accepted, .declined])
        #expect(ReferralSharing.receiverChoices(.acknowledged) == [.accepted, .declined])
        #expect(ReferralSharing.receiverChoices(.accepted) == [.engaged, .disengaged, .closed])
        #expect(ReferralSharing.receiverChoices(.declined).isEmpty)
        #expect(ReferralSharing.receiverChoices(.closed).isEmpty)
    }

    @Test("declining needs a reason, closing needs the outcome, and only the receiver's choices are allowed")
    func answerProblems() {
        // Act / Check
        #expect(ReferralSharing.answerProblem(from: .sent, to: nil, declineReason: "", note: "")?.field == "answer")
        #expect(
            ReferralSharing.answerProblem(from: .sent, to: .declined, declineReason: "  ", note: "")?.field
                == "decline_reason")
        #expect(ReferralSharing.answerProblem(from: .sent, to: .declined, declineReason: "Full", note: "") == nil)
        #expect(ReferralSharing.answerProblem(from: .sent, to: .accepted, declineReason: "", note: "") == nil)
        #expect(
            ReferralSharing.answerProblem(from: .sent, to: .engaged, declineReason: "", note: "")?.field == "answer")
        #expect(ReferralSharing.answerProblem(from: .sent, to: .closed, declineReason: "", note: "")?.field == "answer")
        #expect(
            ReferralSharing.answerProblem(from: .engaged, to: .closed, declineReason: "", note: "")?.field == "note")
        #expect(
            ReferralSharing.answerProblem(from: .declined, to: .accepted, declineReason: "", note: "")?.message
                .contains("cannot be answered again") == true)
    }

    @Test("the referrer of a referral through Tandem may chase or close it, not answer it")
    func referrerChoices() {
        // Act / Check
        #expect(ReferralSharing.referrerChoices(.sent) == [.closed])
        #expect(ReferralSharing.referrerProblem(from: .sent, to: .closed) == nil)
        #expect(
            ReferralSharing.referrerProblem(from: .sent, to: .accepted)?.message.contains("chase it or close") == true)
        #expect(ReferralSharing.referrerProblem(from: .closed, to: .closed)?.message.contains("closed") == true)
    }
}
