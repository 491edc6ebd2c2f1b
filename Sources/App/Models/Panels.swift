import Fluent
import Foundation
import TandemCore

/// A multi-agency forum the partnership runs (issue 21, item 1): set up by an administrator as local policy.
final class Panel: Model, Audited, @unchecked Sendable {
    static let schema = "panels"
    static let recordType = RecordType.panel

    @ID(key: .id) var id: UUID?
    /// The organisation that hosts the panel, keeps its records and runs its meetings.
    @Parent(key: "organisation_id") var organisation: Organisation
    @Field(key: "name") var name: String
    @Field(key: "kind") var kind: PanelKind
    @Field(key: "terms_of_reference") var termsOfReference: String
    /// How often it meets, in words ("Monthly, second Tuesday").
    @Field(key: "cadence") var cadence: String
    @OptionalParent(key: "chair_id") var chair: User?
    @OptionalParent(key: "coordinator_id") var coordinator: User?
    /// The information sharing agreement its members share under.
    @OptionalParent(key: "agreement_id") var agreement: SharingAgreement?
    /// `RiskLevel` raw values, comma-separated: an assessment that sets one of these bands refers the case here.
    @Field(key: "automatic_bands") var automaticBands: String
    @Field(key: "active") var active: Bool
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var bands: Set<RiskLevel> {
        Set(automaticBands.split(separator: ",").compactMap { RiskLevel(rawValue: String($0)) })
    }

    static func text(_ bands: Set<RiskLevel>) -> String {
        RiskLevel.allCases.filter(bands.contains).map(\.rawValue).joined(separator: ",")
    }
}

/// A member organisation of a panel, with one of its representatives (a row with no representative when none is
/// named). The host is a member without a row.
final class PanelMember: Model, Audited, @unchecked Sendable {
    static let schema = "panel_members"
    static let recordType = RecordType.panelMember

    @ID(key: .id) var id: UUID?
    @Parent(key: "panel_id") var panel: Panel
    @Parent(key: "organisation_id") var organisation: Organisation
    @OptionalParent(key: "representative_id") var representative: User?

    init() {}

    init(panelID: UUID, organisationID: UUID, representativeID: UUID?) {
        self.$panel.id = panelID
        self.$organisation.id = organisationID
        self.$representative.id = representativeID
    }
}

/// A case referred to a panel, with the reason and the questions for it (issue 21, item 2).
final class PanelReferral: Model, Audited, @unchecked Sendable {
    static let schema = "panel_referrals"
    static let recordType = RecordType.panelReferral

    @ID(key: .id) var id: UUID?
    @Parent(key: "panel_id") var panel: Panel
    @Parent(key: "case_id") var caseRecord: CaseRecord
    @Field(key: "reason") var reason: String
    @Field(key: "questions") var questions: String
    /// Made by an assessment's band, not by a person's choice.
    @Field(key: "automatic") var automatic: Bool
    /// A referral within 12 months of an earlier one for the same case (SafeLives).
    @Field(key: "repeat") var isRepeat: Bool
    @Field(key: "status") var status: PanelReferralStatus
    @Field(key: "referred_on") var referredOn: CivilDate
    @Field(key: "referred_at") var referredAt: Date
    @OptionalParent(key: "referred_by_id") var referredBy: User?
    /// The meeting whose agenda it was accepted onto.
    @OptionalParent(key: "meeting_id") var meeting: PanelMeeting?
    @OptionalField(key: "decided_at") var decidedAt: Date?
    @OptionalParent(key: "decided_by_id") var decidedBy: User?
    @OptionalField(key: "return_reason") var returnReason: String?
    @OptionalField(key: "closed_at") var closedAt: Date?
    @OptionalField(key: "closing_decision") var closingDecision: String?

    init() {}
}

/// One meeting of a panel.
final class PanelMeeting: Model, Audited, @unchecked Sendable {
    static let schema = "panel_meetings"
    static let recordType = RecordType.panelMeeting

    @ID(key: .id) var id: UUID?
    @Parent(key: "panel_id") var panel: Panel
    @Field(key: "held_on") var heldOn: CivilDate
    /// "10:00", as typed.
    @Field(key: "starts_at") var startsAt: String
    @Field(key: "place") var place: String
    @Field(key: "created_at") var createdAt: Date
    @Parent(key: "created_by_id") var createdBy: User
    /// Set when the attendance is recorded: the meeting has been held.
    @OptionalField(key: "held_at") var heldAt: Date?

    init() {}
}

/// Who came to a meeting for one organisation, or sent apologies.
final class PanelAttendance: Model, Audited, @unchecked Sendable {
    static let schema = "panel_attendance"
    static let recordType = RecordType.panelAttendance

    @ID(key: .id) var id: UUID?
    @Parent(key: "meeting_id") var meeting: PanelMeeting
    @Parent(key: "organisation_id") var organisation: Organisation
    /// The names of those who came, as the minutes give them.
    @Field(key: "attendees") var attendees: String
    @Field(key: "status") var status: Attendance

    init() {}
}

/// A case on a meeting's agenda: new (a referral accepted onto it) or reviewed (still on the panel's list from an
/// earlier meeting), with what the meeting recorded about it.
final class PanelItem: Model, Audited, @unchecked Sendable {
    static let schema = "panel_items"
    static let recordType = RecordType.panelItem
    static let auditMasked: [String: String] = [
        "discussion": "the panel's discussion may hold health information; it is read on the meeting",
        "risk_summary": "the chair's summary of risk may hold health information; it is read on the meeting",
    ]

    @ID(key: .id) var id: UUID?
    @Parent(key: "meeting_id") var meeting: PanelMeeting
    @Parent(key: "case_id") var caseRecord: CaseRecord
    @Parent(key: "referral_id") var referral: PanelReferral
    /// Heard for the first time here, or reviewed from an earlier meeting.
    @Field(key: "is_new") var isNew: Bool
    @Field(key: "position") var position: Int
    @OptionalField(key: "discussion") var discussion: String?
    @OptionalField(key: "risk_summary") var riskSummary: String?
    @OptionalField(key: "decisions") var decisions: String?
    @OptionalParent(key: "lead_organisation_id") var leadOrganisation: Organisation?
    @OptionalParent(key: "case_manager_id") var caseManager: User?
    @OptionalField(key: "outcome") var outcome: PanelOutcome?
    @OptionalField(key: "recorded_at") var recordedAt: Date?
    @OptionalParent(key: "recorded_by_id") var recordedBy: User?

    init() {}
}

/// What one member organisation's own records hold about an agenda item's case, recorded before the meeting,
/// fact and opinion kept apart (SafeLives' research form).
final class PanelResearch: Model, Audited, @unchecked Sendable {
    static let schema = "panel_research"
    static let recordType = RecordType.panelResearch
    static let auditMasked: [String: String] = [
        "facts": "an agency's research may hold health information; it is read on the meeting",
        "opinion": "an agency's research may hold health information; it is read on the meeting",
    ]

    @ID(key: .id) var id: UUID?
    @Parent(key: "item_id") var item: PanelItem
    @Parent(key: "organisation_id") var organisation: Organisation
    @Field(key: "facts") var facts: String
    @Field(key: "opinion") var opinion: String
    /// The organisation searched its records and holds nothing.
    @Field(key: "nothing_held") var nothingHeld: Bool
    /// Holds health or other special category information: shown only where the case's share opens it.
    @Field(key: "special_category") var specialCategory: Bool
    @Field(key: "recorded_at") var recordedAt: Date
    @Parent(key: "recorded_by_id") var recordedBy: User

    init() {}
}

/// One version of a meeting's minutes, generated from the record. A draft until the chair approves it, which
/// issues it to the members; every version is kept.
final class PanelMinutes: Model, Audited, @unchecked Sendable {
    static let schema = "panel_minutes"
    static let recordType = RecordType.panelMinutes
    static let auditMasked: [String: String] = [
        "content": "the minutes are the meeting's record, read on the minutes page by those cleared for each case"
    ]

    @ID(key: .id) var id: UUID?
    @Parent(key: "meeting_id") var meeting: PanelMeeting
    @Field(key: "version") var version: Int
    /// The minutes as generated (`MinutesDocument`, JSON).
    @Field(key: "content") var content: String
    @Field(key: "drafted_at") var draftedAt: Date
    @Parent(key: "drafted_by_id") var draftedBy: User
    @OptionalField(key: "approved_at") var approvedAt: Date?
    @OptionalParent(key: "approved_by_id") var approvedBy: User?

    init() {}

    var isIssued: Bool { approvedAt != nil }
}
