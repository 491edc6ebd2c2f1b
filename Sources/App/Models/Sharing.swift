import Fluent
import Foundation
import TandemCore

/// An information sharing agreement: the documented basis on which its parties share personal data
/// (000 sections 1 and 10; 001 "Partnership").
final class SharingAgreement: Model, Audited, @unchecked Sendable {
    static let schema = "sharing_agreements"
    static let recordType = RecordType.sharingAgreement

    @ID(key: .id) var id: UUID?
    @Field(key: "title") var title: String
    @Field(key: "purpose") var purpose: String
    /// `LegalGateway` raw values, comma-separated (`LegalGateway.text`).
    @Field(key: "gateways") var gateways: String
    @OptionalField(key: "special_condition") var specialCondition: SpecialCategoryCondition?
    /// `ShareSection` raw values, comma-separated (`ShareSection.text`).
    @Field(key: "sections") var sections: String
    @Field(key: "starts_on") var startsOn: CivilDate
    @OptionalField(key: "review_on") var reviewOn: CivilDate?
    @OptionalField(key: "ends_on") var endsOn: CivilDate?
    @OptionalField(key: "document_reference") var documentReference: String?
    @Field(key: "status") var status: AgreementStatus
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date
    @Children(for: \.$agreement) var parties: [SharingAgreementParty]

    init() {}

    var sectionSet: Set<ShareSection> { ShareSection.parse(sections) }
    var gatewaySet: Set<LegalGateway> { LegalGateway.parse(gateways) }

    /// The agreement as the rules see it, with the parties given (read separately, in one statement for a list).
    func terms(parties: Set<UUID>) throws -> AgreementTerms {
        AgreementTerms(
            id: try requireID(), parties: parties, sections: sectionSet, gateways: gatewaySet,
            specialCondition: specialCondition, startsOn: startsOn, reviewOn: reviewOn, endsOn: endsOn,
            status: status)
    }
}

/// One organisation party to an agreement.
final class SharingAgreementParty: Model, Audited, @unchecked Sendable {
    static let schema = "sharing_agreement_parties"
    static let recordType = RecordType.sharingAgreementParty

    @ID(key: .id) var id: UUID?
    @Parent(key: "agreement_id") var agreement: SharingAgreement
    @Parent(key: "organisation_id") var organisation: Organisation

    init() {}

    init(agreementID: UUID, organisationID: UUID) {
        self.$agreement.id = agreementID
        self.$organisation.id = organisationID
    }
}

/// What one person on a shared case said to the share, or why they were not asked.
final class ShareConsentRecord: Model, Audited, @unchecked Sendable {
    static let schema = "share_consents"
    static let recordType = RecordType.shareConsent

    @ID(key: .id) var id: UUID?
    @Parent(key: "share_id") var share: CaseShare
    @Parent(key: "person_id") var person: Person
    @Field(key: "consent") var consent: ShareConsent
    @OptionalField(key: "not_sought_reason") var notSoughtReason: ConsentNotSoughtReason?
    @Field(key: "recorded_at") var recordedAt: Date

    init() {}

    init(shareID: UUID, consent: ShareRequest.Consent, at now: Date) {
        self.$share.id = shareID
        self.$person.id = consent.personID
        self.consent = consent.consent ?? .notSought
        self.notSoughtReason = consent.notSoughtReason
        self.recordedAt = now
    }
}

/// One line of the disclosure log: a case shared, renewed or revoked, with everything an ICO accountability
/// review or a subject access request asks (who, what, with whom, when, under which agreement and gateway, why).
/// Written with the share in the same unit of work, and never changed afterwards.
final class Disclosure: Model, Audited, @unchecked Sendable {
    static let schema = "disclosures"
    static let recordType = RecordType.disclosure

    enum Event: String, Codable, CaseIterable, Sendable {
        case shared
        case renewed
        case revoked
        /// Opened by accepting a referral sent through Tandem.
        case referralAccepted = "referral_accepted"

        var label: String {
            switch self {
            case .shared: "Shared"
            case .renewed: "Share renewed"
            case .revoked: "Share revoked"
            case .referralAccepted: "Shared on accepting a referral"
            }
        }
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseRecord: CaseRecord
    @Parent(key: "organisation_id") var organisation: Organisation
    @OptionalParent(key: "agreement_id") var agreement: SharingAgreement?
    @Field(key: "event") var event: Event
    @Field(key: "sections") var sections: String
    @Field(key: "purpose") var purpose: String
    @Field(key: "gateways") var gateways: String
    /// Each person's consent as it was decided, in words ("Maria Lopez: consent given").
    @Field(key: "consents") var consents: String
    @OptionalField(key: "senior_decision") var seniorDecision: String?
    /// Why a share was revoked.
    @OptionalField(key: "reason") var reason: String?
    @OptionalField(key: "ends_on") var endsOn: CivilDate?
    @OptionalParent(key: "actor_id") var actor: User?
    @Field(key: "at") var at: Date

    init() {}
}

/// A shared case note: written by the owning team or a partner on the case, shown with the writer's
/// organisation to everyone who can see the case (000 section 7, Bromley: joint case notes).
final class CaseNote: Model, Audited, @unchecked Sendable {
    static let schema = "case_notes"
    static let recordType = RecordType.caseNote
    static let auditMasked: [String: String] = [
        "body": "a shared note may hold health or other special category information; it is read on the case"
    ]

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseRecord: CaseRecord
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "author_id") var author: User
    @Field(key: "body") var body: String
    @Field(key: "written_at") var writtenAt: Date
    /// Holds health or other special category information (M019): read only where that section is open.
    @Field(key: "special_category") var specialCategory: Bool

    init() {}

    init(caseID: UUID, organisationID: UUID, authorID: UUID, body: String, specialCategory: Bool, at now: Date) {
        self.$caseRecord.id = caseID
        self.$organisation.id = organisationID
        self.$author.id = authorID
        self.body = body
        self.specialCategory = specialCategory
        self.writtenAt = now
    }
}
