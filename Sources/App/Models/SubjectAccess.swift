import Fluent
import Foundation
import TandemCore

/// A data subject's request (issue 23, item 3): access to their data, its rectification, or its erasure.
final class SubjectAccessRequest: Model, Audited, @unchecked Sendable {
    static let schema = "subject_access_requests"
    static let recordType = RecordType.subjectAccessRequest

    enum Kind: String, Codable, Sendable, CaseIterable {
        case access, rectification, erasure

        var label: String {
            switch self {
            case .access: "Access to their data (subject access request)"
            case .rectification: "Rectification of inaccurate data"
            case .erasure: "Erasure of their data"
            }
        }
    }

    enum Status: String, Codable, Sendable {
        case awaitingIdentity = "awaiting_identity"
        case open
        case inReview = "in_review"
        case signedOff = "signed_off"
        case released
        case decided

        var label: String {
            switch self {
            case .awaitingIdentity: "Waiting for identity to be checked"
            case .open: "Identity checked"
            case .inReview: "Bundle gathered, in review"
            case .signedOff: "Signed off, ready to release"
            case .released: "Released"
            case .decided: "Decided"
            }
        }
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Field(key: "reference") var reference: String
    @Field(key: "kind") var kind: Kind
    @Field(key: "requester_name") var requesterName: String
    @Field(key: "requester_role") var requesterRole: RequesterRole
    @OptionalParent(key: "person_id") var person: Person?
    /// The case the person was found on when the request was recorded.
    @OptionalParent(key: "case_id") var caseRecord: CaseRecord?
    @Field(key: "details") var details: String
    @Field(key: "received_on") var receivedOn: CivilDate
    @OptionalField(key: "identity_method") var identityMethod: String?
    @OptionalField(key: "identity_confirmed_on") var identityConfirmedOn: CivilDate?
    @OptionalField(key: "extension_reason") var extensionReason: String?
    @OptionalField(key: "extension_told_on") var extensionToldOn: CivilDate?
    @Field(key: "status") var status: Status
    @Field(key: "recorded_at") var recordedAt: Date
    @Parent(key: "recorded_by_id") var recordedBy: User
    @OptionalField(key: "gathered_at") var gatheredAt: Date?
    @OptionalField(key: "signed_off_at") var signedOffAt: Date?
    @OptionalParent(key: "signed_off_by_id") var signedOffBy: User?
    /// The digest of the bundle as signed off (`SubjectAccessPage.digest`): what is downloaded and released must match.
    @OptionalField(key: "signed_off_digest") var signedOffDigest: String?
    @OptionalField(key: "released_at") var releasedAt: Date?
    @OptionalParent(key: "released_by_id") var releasedBy: User?
    @OptionalField(key: "release_method") var releaseMethod: String?
    @OptionalField(key: "outcome") var outcome: String?
    @OptionalField(key: "outcome_on") var outcomeOn: CivilDate?

    init() {}

    /// The day the ICO's month counts from.
    var startsOn: CivilDate {
        SubjectAccessRules.startsOn(received: receivedOn, identityConfirmed: identityConfirmedOn, clarified: nil)
    }

    func dueOn(_ calendar: WorkingCalendar) -> CivilDate {
        extensionReason == nil
            ? SubjectAccessRules.dueOn(startingOn: startsOn, calendar: calendar)
            : SubjectAccessRules.extendedDueOn(startingOn: startsOn, calendar: calendar)
    }
}

/// A redaction decision on one detail of a subject access bundle: the default the rules gave, and the reviewer's.
final class SubjectAccessRedaction: Model, Audited, @unchecked Sendable {
    static let schema = "subject_access_redactions"
    static let recordType = RecordType.subjectAccessRedaction

    @ID(key: .id) var id: UUID?
    @Parent(key: "request_id") var request: SubjectAccessRequest
    /// Which detail: "report:<id>:reporter", "party:<id>", "evidence:<id>".
    @Field(key: "item_key") var itemKey: String
    /// What it is, naming no one: "Who reported RPT-2026-00002".
    @Field(key: "label") var label: String
    /// Whose it is (`BundleItem.Detail`), stored as text.
    @Field(key: "detail") var detail: String
    @Field(key: "default_redacted") var defaultRedacted: Bool
    @Field(key: "redacted") var redacted: Bool
    @Field(key: "position") var position: Int
    @OptionalField(key: "reason") var reason: String?
    @OptionalField(key: "decided_at") var decidedAt: Date?
    @OptionalParent(key: "decided_by_id") var decidedBy: User?

    init() {}
}
