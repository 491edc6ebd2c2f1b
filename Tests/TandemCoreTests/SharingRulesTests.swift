import Foundation
import Testing

@testable import TandemCore

@Suite("Sharing rules")
struct SharingRulesTests {
    static let council = UUID()
    static let police = UUID()
    static let health = UUID()
    static let today = CivilDate(2026, 12, 2)
    static let victim = UUID()
    static let respondent = UUID()

    static let borough = AgreementTerms(
        id: UUID(), parties: [council, police], sections: [.summary, .reports, .risk, .casework, .enforcement],
        gateways: [.crimeAndDisorderAct], specialCondition: nil, startsOn: CivilDate(2025, 4, 1),
        reviewOn: CivilDate(2027, 4, 1), endsOn: CivilDate(2028, 3, 31), status: .active)

    static func request(
        agreement: AgreementTerms? = borough, organisation: UUID = police, sections: Set<ShareSection> = [.risk],
        consents: [ShareRequest.Consent] = [.init(personID: victim, consent: .given)],
        endsOn: CivilDate? = CivilDate(2027, 6, 1), decision: String? = nil, senior: Bool = false
    ) -> ShareRequest {
        ShareRequest(
            owningOrganisationID: council, organisationID: organisation, agreement: agreement,
            purpose: "Joint problem solving", sections: sections, consents: consents, endsOn: endsOn,
            seniorDecision: decision, mayOverrideConsent: senior)
    }

    static func problems(_ request: ShareRequest) -> [ShareProblem] {
        switch SharingRules.validate(request, today: today) {
        case .success: []
        case .failure(let list): list.problems
        }
    }

    @Test("a share within its agreement is valid and always opens the summary")
    func validShare() throws {
        // Act
        let share = try SharingRules.validate(Self.request(), today: Self.today).get()
        // Check
        #expect(share.sections == [.summary, .risk])
        #expect(share.agreementID == Self.borough.id)
        #expect(share.seniorDecision == nil)
    }

    @Test("an agreement is in force from its start to its last day, and lapses the day after")
    func agreementDates() {
        let agreement = Self.borough
        #expect(!agreement.inForce(on: CivilDate(2025, 3, 31)))
        #expect(agreement.inForce(on: CivilDate(2025, 4, 1)))
        #expect(agreement.inForce(on: CivilDate(2028, 3, 31)))
        #expect(!agreement.lapsed(on: CivilDate(2028, 3, 31)))
        #expect(!agreement.inForce(on: CivilDate(2028, 4, 1)))
        #expect(agreement.lapsed(on: CivilDate(2028, 4, 1)))
        var suspended = agreement
        suspended.status = .suspended
        #expect(!suspended.inForce(on: Self.today))
        #expect(!suspended.lapsed(on: Self.today))
    }

    @Test("shares outside the rules are refused, each with its field")
    func refusals() {
        var lapsed = Self.borough
        lapsed.endsOn = CivilDate(2026, 12, 1)
        #expect(Self.problems(Self.request(agreement: nil)) == [.agreementMissing])
        #expect(
            Self.problems(Self.request(agreement: lapsed, endsOn: CivilDate(2026, 12, 2))).contains(
                .agreementNotInForce))
        #expect(Self.problems(Self.request(organisation: Self.health)) == [.agreementExcludesOrganisation])
        #expect(Self.problems(Self.request(organisation: Self.council)).contains(.ownOrganisation))
        #expect(
            Self.problems(Self.request(sections: [.risk, .specialCategory])).first
                == .scopeWiderThanAgreement([.specialCategory]))
        #expect(Self.problems(Self.request(endsOn: CivilDate(2026, 12, 1))) == [.endDateInPast])
        #expect(Self.problems(Self.request(endsOn: nil)) == [.endDateMissing])
        #expect(Self.problems(Self.request(endsOn: CivilDate(2028, 4, 1))) == [.endDateAfterAgreement])
        #expect(
            Self.problems(Self.request(consents: [.init(personID: Self.victim, consent: nil)]))
                == [.consentMissing(Self.victim)])
        #expect(
            Self.problems(Self.request(consents: [.init(personID: Self.victim, consent: .notSought)]))
                == [.notSoughtReasonMissing(Self.victim)])
        #expect(ShareProblem.consentMissing(Self.victim).field == "consent_\(Self.victim.uuidString)")
    }

    @Test("the end date may be today, the last day of access")
    func endsToday() {
        #expect(Self.problems(Self.request(endsOn: Self.today)).isEmpty)
        #expect(SharingRules.isActive(revoked: false, endsOn: Self.today, today: Self.today))
        #expect(!SharingRules.isActive(revoked: false, endsOn: Self.today, today: Self.today.adding(days: 1)))
        #expect(!SharingRules.isActive(revoked: true, endsOn: nil, today: Self.today))
    }

    @Test("special category data without everyone's consent needs a senior officer's recorded reasons")
    func specialCategoryConsent() throws {
        // Setup: a health agreement that covers special category data.
        var health = Self.borough
        health.parties = [Self.council, Self.health]
        health.sections.insert(.specialCategory)
        health.specialCondition = .healthOrSocialCare
        let refused: [ShareRequest.Consent] = [
            .init(personID: Self.victim, consent: .given), .init(personID: Self.respondent, consent: .refused),
        ]
        func share(_ consents: [ShareRequest.Consent], decision: String?, senior: Bool) -> ShareRequest {
            Self.request(
                agreement: health, organisation: Self.health, sections: [.specialCategory], consents: consents,
                decision: decision, senior: senior)
        }
        // Act / Check
        #expect(Self.problems(share(refused, decision: nil, senior: false)) == [.specialCategoryNeedsSeniorDecision])
        #expect(Self.problems(share(refused, decision: "  ", senior: true)) == [.seniorDecisionNeedsReasons])
        let decided = try SharingRules.validate(
            share(refused, decision: "Risk to life; the CMHT must assess", senior: true), today: Self.today
        ).get()
        #expect(decided.seniorDecision == "Risk to life; the CMHT must assess")
        let consented = try SharingRules.validate(
            share([.init(personID: Self.victim, consent: .given)], decision: "ignored", senior: false),
            today: Self.today
        ).get()
        #expect(consented.seniorDecision == nil)
        // Without special category data, refused consent is a matter for the gateway, not a senior decision.
        #expect(Self.problems(Self.request(consents: refused)).isEmpty)
    }

    @Test("an agreement needs parties, a gateway, sections and an Article 9 condition for special category data")
    func agreementDrafts() {
        var draft = AgreementDraft(
            title: "Borough ASB agreement", purpose: "Reducing ASB", parties: [Self.council, Self.police],
            gateways: [.crimeAndDisorderAct], specialCondition: nil, sections: [.summary, .reports],
            startsOn: CivilDate(2026, 1, 1), reviewOn: CivilDate(2027, 1, 1), endsOn: CivilDate(2028, 1, 1))
        #expect(SharingRules.validate(draft).isEmpty)
        draft.sections.insert(.specialCategory)
        #expect(SharingRules.validate(draft) == [.specialCategoryWithoutCondition])
        draft.specialCondition = .safeguarding
        #expect(SharingRules.validate(draft).isEmpty)
        draft.parties = [Self.council]
        draft.gateways = []
        draft.sections = [.summary]
        draft.endsOn = CivilDate(2025, 12, 31)
        draft.title = " "
        #expect(
            SharingRules.validate(draft) == [
                .titleMissing, .tooFewParties, .noGateway, .noSections, .endBeforeStart, .reviewOutsideTerm,
            ])
    }

    @Test("sections and gateways keep their stored form and drop unknown words")
    func storedForms() {
        #expect(ShareSection.text([.casework, .summary, .specialCategory]) == "summary,special_category,casework")
        #expect(ShareSection.parse("summary,casework,everything") == [.summary, .casework])
        #expect(
            LegalGateway.parse(LegalGateway.text([.publicTask, .crimeAndDisorderAct])) == [
                .publicTask, .crimeAndDisorderAct,
            ])
    }
}
