import Fluent
import Foundation
import TandemCore

/// A report of ASB as it came in, from the public form or taken by staff.
/// It waits in the triage queue until triage decides what it becomes.
final class Report: Model, Audited, @unchecked Sendable {
    static let schema = "reports"
    static let recordType = RecordType.report

    enum Status: String, Codable, Sendable {
        case awaitingTriage = "awaiting_triage"
        case triaged
    }
    enum Source: String, Codable, Sendable {
        case publicForm = "public"
        case staff
    }

    @ID(key: .id) var id: UUID?
    /// What the reporting person is given, for example RPT-2026-00007.
    @Field(key: "reference") var reference: String
    @Parent(key: "organisation_id") var organisation: Organisation
    @Field(key: "source") var source: Source
    @Field(key: "channel") var channel: ReportChannel
    @Field(key: "received_at") var receivedAt: Date
    @OptionalParent(key: "recorded_by_id") var recordedBy: User?
    @Field(key: "reporter_kind") var reporterKind: ReporterKind
    @OptionalField(key: "reporter_name") var reporterName: String?
    @OptionalField(key: "reporter_phone") var reporterPhone: String?
    @OptionalField(key: "reporter_email") var reporterEmail: String?
    @OptionalField(key: "reporter_address") var reporterAddress: String?
    @OptionalField(key: "reporter_postcode") var reporterPostcode: String?
    @OptionalField(key: "preferred_contact") var preferredContact: ContactMethod?
    /// Free text as the reporting person gives it (any language), so not a closed set.
    @OptionalField(key: "language") var language: String?
    @Field(key: "interpreter_needed") var interpreterNeeded: Bool
    @OptionalField(key: "on_behalf_name") var onBehalfName: String?
    @OptionalField(key: "on_behalf_capacity") var onBehalfCapacity: String?
    /// When the behaviour happened (or last happened); stored as its ISO text.
    @Field(key: "behaviour_date") var behaviourDate: CivilDate
    @Field(key: "happening_now") var happeningNow: Bool
    @Field(key: "location") var location: String
    @OptionalField(key: "location_postcode") var locationPostcode: String?
    @OptionalParent(key: "ward_id") var ward: Ward?
    @Field(key: "description") var description: String
    @OptionalField(key: "respondent_name") var respondentName: String?
    @OptionalField(key: "people_involved") var peopleInvolved: String?
    @OptionalField(key: "effect") var effect: String?
    @OptionalField(key: "outcome_wanted") var outcomeWanted: String?
    @Field(key: "hate_incident") var hateIncident: Bool
    @Field(key: "hate_strands") var hateStrands: String
    @OptionalField(key: "suggested_risk") var suggestedRisk: RiskLevel?
    @Field(key: "status") var status: Status
    @OptionalField(key: "triage_outcome") var triageOutcome: TriageOutcome?
    @OptionalField(key: "triage_reason") var triageReason: String?
    @OptionalParent(key: "triaged_by_id") var triagedBy: User?
    @OptionalField(key: "triaged_at") var triagedAt: Date?
    @OptionalParent(key: "case_id") var caseRecord: CaseRecord?
    /// The report this one repeats, when triage marked it a duplicate (M022): it is then counted once.
    @OptionalParent(key: "duplicate_of_id") var duplicateOf: Report?
    /// When the report's personal data was destroyed under the retention schedule (issue 23).
    @OptionalField(key: "disposed_at") var disposedAt: Date?
    @OptionalParent(key: "reporter_person_id") var reporterPerson: Person?
    @Field(key: "police_referred") var policeReferred: Bool
    /// A keyed hash of the submitting network address, for rate limits; never the address itself.
    @OptionalField(key: "submitter_key") var submitterKey: String?
    /// The partner agency that recorded this report on a case shared with it (issue 19: an incident the agency
    /// received), with the agency's own reference such as a police log number.
    @OptionalParent(key: "partner_organisation_id") var partnerOrganisation: Organisation?
    @OptionalField(key: "partner_reference") var partnerReference: String?

    static let auditExemptions: [String: String] = [
        "submitter_key": "a keyed hash of the public submitter's address, for throttling only"
    ]

    init() {}
}

final class ReportCategory: Model, Audited, @unchecked Sendable {
    static let schema = "report_categories"
    static let recordType = RecordType.reportCategory

    @ID(key: .id) var id: UUID?
    @Parent(key: "report_id") var report: Report
    @Parent(key: "category_id") var category: Category

    init() {}

    init(reportID: UUID, categoryID: UUID) {
        self.$report.id = reportID
        self.$category.id = categoryID
    }
}

final class CaseCategory: Model, Audited, @unchecked Sendable {
    static let schema = "case_categories"
    static let recordType = RecordType.caseCategory

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseRecord: CaseRecord
    @Parent(key: "category_id") var category: Category

    init() {}

    init(caseID: UUID, categoryID: UUID) {
        self.$caseRecord.id = caseID
        self.$category.id = categoryID
    }
}

/// A person's part on a case. A respondent may be unknown (no person) or a
/// group, whose identified members point at the group's row.
final class CaseParty: Model, Audited, @unchecked Sendable {
    static let schema = "case_parties"
    static let recordType = RecordType.caseParty

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseRecord: CaseRecord
    @OptionalParent(key: "person_id") var person: Person?
    @Field(key: "role") var role: PartyRole
    @OptionalField(key: "respondent_kind") var respondentKind: RespondentKind?
    @OptionalField(key: "description") var description: String?
    @OptionalField(key: "group_party_id") var groupPartyID: UUID?
    @Field(key: "added_at") var addedAt: Date

    init() {}

    init(
        caseID: UUID, personID: UUID?, role: PartyRole, respondentKind: RespondentKind? = nil,
        description: String? = nil, groupPartyID: UUID? = nil, at now: Date
    ) {
        self.$caseRecord.id = caseID
        self.$person.id = personID
        self.role = role
        self.respondentKind = respondentKind
        self.description = description
        self.groupPartyID = groupPartyID
        self.addedAt = now
    }
}

/// One line on a case's timeline: triage, allocation, acknowledgement, prompts.
/// Reports joined to the case appear beside these as incidents.
final class CaseEvent: Model, Audited, @unchecked Sendable {
    static let schema = "case_events"
    static let recordType = RecordType.caseEvent

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseRecord: CaseRecord
    @Field(key: "occurred_at") var occurredAt: Date
    @Field(key: "kind") var kind: CaseEventKind
    @Field(key: "summary") var summary: String
    @OptionalParent(key: "actor_id") var actor: User?

    init() {}

    init(caseID: UUID, kind: CaseEventKind, summary: String, actorID: UUID?, at now: Date) {
        self.$caseRecord.id = caseID
        self.kind = kind
        self.summary = summary
        self.$actor.id = actorID
        self.occurredAt = now
    }
}
