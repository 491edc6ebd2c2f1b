import Fluent
import Foundation
import TandemCore

/// An ASB case: the log of activity responding to reports about the same
/// parties. Intake and casework extend it; this is the part the foundation
/// needs to decide who may see a case.
final class CaseRecord: Model, Audited, @unchecked Sendable {
    static let schema = "cases"
    static let recordType = RecordType.`case`

    @ID(key: .id) var id: UUID?
    @Field(key: "reference") var reference: String
    @Field(key: "title") var title: String
    @Field(key: "summary") var summary: String
    /// Stored as its text; read and written typed (issue 18).
    @Field(key: "status") var status: CaseStatus
    @OptionalField(key: "risk_level") var riskLevel: RiskLevel?
    @Parent(key: "organisation_id") var organisation: Organisation
    @OptionalParent(key: "officer_id") var officer: User?
    @Field(key: "opened_at") var openedAt: Date
    @Field(key: "updated_at") var updatedAt: Date
    // Intake (M006): where, the response deadline, acknowledgement, repeats.
    @OptionalParent(key: "ward_id") var ward: Ward?
    @OptionalParent(key: "place_id") var place: Place?
    @OptionalField(key: "location") var location: String?
    @OptionalField(key: "hate_incident") var hateIncident: Bool?
    @OptionalField(key: "hate_strands") var hateStrands: String?
    @OptionalField(key: "in_progress") var inProgress: Bool?
    /// When the first report on the case was received: deadlines count from here.
    @OptionalField(key: "received_at") var receivedAt: Date?
    @OptionalField(key: "response_target_at") var responseTargetAt: Date?
    @OptionalField(key: "response_due_at") var responseDueAt: Date?
    @OptionalField(key: "response_basis") var responseBasis: ResponsePolicy.Deadline.Basis?
    @OptionalField(key: "acknowledged_at") var acknowledgedAt: Date?
    @OptionalField(key: "acknowledgement_method") var acknowledgementMethod: ContactMethod?
    /// The reporting person has reported again within the window: explain the ASB Case Review.
    @OptionalField(key: "case_review_prompt") var caseReviewPrompt: Bool?
    @OptionalField(key: "case_review_explained_at") var caseReviewExplainedAt: Date?
    @OptionalField(key: "threshold_flagged_at") var thresholdFlaggedAt: Date?
    @OptionalField(key: "linked_case_id") var linkedCaseID: UUID?
    @OptionalField(key: "allocated_at") var allocatedAt: Date?
    /// The earliest open deadline, which orders the officer's queue.
    @OptionalField(key: "next_deadline_at") var nextDeadlineAt: Date?
    // Risk (M007): the reporting person's latest assessed band and when the
    // assessment and the line-manager discussion are next due.
    @OptionalField(key: "vulnerability_band") var vulnerabilityBand: RiskLevel?
    @OptionalField(key: "vulnerability_due_at") var vulnerabilityDueAt: Date?
    @OptionalField(key: "vulnerability_due_reason") var vulnerabilityDueReason: AssessmentOccasion?
    @OptionalField(key: "oversight_due_at") var oversightDueAt: Date?
    /// The promised contact frequency ("Our Promise"; nil: the standard weekly), stored as its days.
    @OptionalField(key: "contact_frequency") var contactFrequency: ContactFrequency?
    @OptionalField(key: "next_contact_due_at") var nextContactDueAt: Date?
    @OptionalField(key: "last_contact_at") var lastContactAt: Date?
    /// When the officer recorded that a household with children is at risk of losing its home.
    @OptionalField(key: "household_at_risk_at") var householdAtRiskAt: Date?
    // Closure and reporting (M010): the first contact with the reporting
    // person (response-time measures) and the closure the measures count.
    @OptionalField(key: "first_response_at") var firstResponseAt: Date?
    @OptionalField(key: "closure_reason") var closureReason: ClosureReason?
    @OptionalField(key: "closure_outcome") var closureOutcome: ClosureOutcome?
    /// When the notice to the reporting person ends and the case closes.
    @OptionalField(key: "closes_at") var closesAt: Date?
    @OptionalField(key: "closed_at") var closedAt: Date?
    /// Calendar days from receipt to closure (Lambeth 3.7 "average number of calendar days").
    @OptionalField(key: "days_to_close") var daysToClose: Int?
    @OptionalField(key: "reopened_at") var reopenedAt: Date?
    /// When the case file's personal data was destroyed under the retention schedule (issue 23).
    @OptionalField(key: "disposed_at") var disposedAt: Date?

    init() {}

    init(
        reference: String, title: String, summary: String, status: CaseStatus, riskLevel: RiskLevel?,
        organisationID: UUID, officerID: UUID?, at now: Date
    ) {
        self.reference = reference
        self.title = title
        self.summary = summary
        self.status = status
        self.riskLevel = riskLevel
        self.$organisation.id = organisationID
        self.$officer.id = officerID
        self.openedAt = now
        self.updatedAt = now
    }

    /// The one answer to "is this case active": every status but closed.
    var isActive: Bool { status.isActive }

    /// The earliest open deadline orders the officer's queue: the response to
    /// the reporting person until it is acknowledged, the vulnerability
    /// assessment when one is due, and the next promised contact.
    func refreshNextDeadline() {
        nextDeadlineAt = Reassessment.earliest(
            acknowledgedAt == nil ? responseDueAt : nil, vulnerabilityDueAt, nextContactDueAt)
    }

    /// The first contact with the reporting person answers the report (Lambeth 3.7 response times).
    func noteResponse(at moment: Date) {
        if firstResponseAt.map({ moment < $0 }) ?? true { firstResponseAt = moment }
    }

    /// A closed case has no deadlines: nothing is due on it any more.
    func clearDues() {
        nextDeadlineAt = nil
        vulnerabilityDueAt = nil
        vulnerabilityDueReason = nil
        oversightDueAt = nil
        nextContactDueAt = nil
    }

    var promisedFrequency: ContactFrequency { contactFrequency ?? .standard }

}

/// A case shared with a partner organisation, which lets its practitioners see it.
final class CaseShare: Model, Audited, @unchecked Sendable {
    static let schema = "case_shares"
    static let recordType = RecordType.caseShare

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseRecord: CaseRecord
    @Parent(key: "organisation_id") var organisation: Organisation
    /// When the share was made, or last renewed.
    @Field(key: "shared_at") var sharedAt: Date
    /// The information sharing agreement it is made under (none only for shares made before agreements).
    @OptionalParent(key: "agreement_id") var agreement: SharingAgreement?
    @OptionalField(key: "purpose") var purpose: String?
    /// `ShareSection` raw values, comma-separated: what the organisation may see.
    @Field(key: "sections") var sections: String
    /// The last day of access, unless renewed.
    @OptionalField(key: "ends_on") var endsOn: CivilDate?
    @OptionalParent(key: "shared_by_id") var sharedBy: User?
    /// A senior officer's reasons for sharing special category data without everyone's consent.
    @OptionalField(key: "senior_decision") var seniorDecision: String?
    @OptionalParent(key: "senior_decision_by_id") var seniorDecisionBy: User?
    @OptionalField(key: "revoked_at") var revokedAt: Date?
    @OptionalParent(key: "revoked_by_id") var revokedBy: User?
    @OptionalField(key: "revoke_reason") var revokeReason: String?
    /// The referral whose acceptance opened the share, when it came from one.
    @OptionalParent(key: "referral_id") var referral: Referral?
    @Children(for: \.$share) var consents: [ShareConsentRecord]

    init() {}

    init(caseID: UUID, organisationID: UUID, at now: Date) {
        self.$caseRecord.id = caseID
        self.$organisation.id = organisationID
        self.sharedAt = now
        self.sections = ShareSection.text([.summary])
    }

    var sectionSet: Set<ShareSection> { ShareSection.parse(sections) }

    /// Whether it gives access today: not revoked and not past its last day.
    func isActive(today: CivilDate) -> Bool {
        SharingRules.isActive(revoked: revokedAt != nil, endsOn: endsOn, today: today)
    }
}
