import Fluent
import Foundation
import TandemCore

/// The local Risk Assessment Matrix bands (one row).
final class RiskMatrixSettings: Model, Audited, @unchecked Sendable {
    static let schema = "risk_matrix_settings"
    static let recordType = RecordType.riskMatrixSettings

    @ID(key: .id) var id: UUID?
    @Field(key: "low_maximum") var lowMaximum: Int
    @Field(key: "medium_maximum") var mediumMaximum: Int

    init() {}

    init(bands: MatrixBands) {
        lowMaximum = bands.lowMaximum
        mediumMaximum = bands.mediumMaximum
    }

    var bands: MatrixBands { MatrixBands(lowMaximum: lowMaximum, mediumMaximum: mediumMaximum) }

    static func current(on db: any Database) async throws -> MatrixBands {
        try await query(on: db).first()?.bands ?? .standard
    }
}

/// One Risk Assessment Matrix assessment of a reporting person, victim or
/// witness, kept for the history and trend. Never changed after it is saved.
final class VulnerabilityAssessmentRecord: Model, Audited, @unchecked Sendable {
    static let schema = "vulnerability_assessments"
    static let recordType = RecordType.vulnerabilityAssessment

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseRecord: CaseRecord
    @Parent(key: "person_id") var person: Person
    @Field(key: "occasion") var occasion: AssessmentOccasion
    @Field(key: "declined") var declined: Bool
    /// "q1=daily;q2=yes;...": the option chosen for each question.
    @OptionalField(key: "answers") var answers: String?
    @OptionalField(key: "total") var total: Int?
    @OptionalField(key: "scored_band") var scoredBand: RiskLevel?
    @OptionalField(key: "band") var band: RiskLevel?
    @OptionalField(key: "adjustment_reason") var adjustmentReason: String?
    @OptionalField(key: "note") var note: String?
    @Field(key: "assessed_at") var assessedAt: Date
    @Parent(key: "assessed_by_id") var assessedBy: User

    init() {}

    static func encode(_ answers: [String: String]) -> String {
        answers.sorted { $0.key.localizedStandardCompare($1.key) == .orderedAscending }
            .map { "\($0.key)=\($0.value)" }.joined(separator: ";")
    }

    var decodedAnswers: [String: String] {
        Dictionary(
            (answers ?? "").split(separator: ";").compactMap { pair -> (String, String)? in
                let parts = pair.split(separator: "=", maxSplits: 1)
                return parts.count == 2 ? (String(parts[0]), String(parts[1])) : nil
            }, uniquingKeysWith: { first, _ in first })
    }
}

/// A task risk created on a case, tracked until done or cancelled.
final class RiskTask: Model, Audited, @unchecked Sendable {
    static let schema = "risk_tasks"
    static let recordType = RecordType.riskTask

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseRecord: CaseRecord
    @Field(key: "kind") var kind: RiskTaskKind
    @Field(key: "status") var status: RiskTaskStatus
    @OptionalField(key: "due_at") var dueAt: Date?
    /// Why it exists, for example "High vulnerability assessment" or the partner to tell: free text.
    @Field(key: "source") var source: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "completed_at") var completedAt: Date?
    @OptionalParent(key: "completed_by_id") var completedBy: User?
    /// A senior officer's decision, on the tasks that need one.
    @OptionalField(key: "decision") var decision: SeniorDecision?
    @OptionalField(key: "note") var note: String?
    /// The partner organisation the owning team gave the task to, which may complete it on a case shared with
    /// it (issue 19, item 3); none while the task is the owning team's.
    @OptionalParent(key: "assigned_organisation_id") var assignedOrganisation: Organisation?

    init() {}

    init(caseID: UUID, kind: RiskTaskKind, dueAt: Date?, source: String, at now: Date) {
        self.$caseRecord.id = caseID
        self.kind = kind
        self.status = .open
        self.dueAt = dueAt
        self.source = source
        self.createdAt = now
    }
}

/// A line-manager discussion of a case (management oversight by risk).
final class OversightDiscussion: Model, Audited, @unchecked Sendable {
    static let schema = "oversight_discussions"
    static let recordType = RecordType.oversightDiscussion

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseRecord: CaseRecord
    @Field(key: "discussed_on") var discussedOn: CivilDate
    @Field(key: "band") var band: RiskLevel
    @Field(key: "notes") var notes: String
    @Field(key: "decisions") var decisions: String
    @Field(key: "next_due_on") var nextDueOn: CivilDate
    @Field(key: "recorded_at") var recordedAt: Date
    @Parent(key: "recorded_by_id") var recordedBy: User

    init() {}
}

/// The dual-lens assessment of a respondent: the risk they pose and the risk to them.
final class RespondentAssessmentRecord: Model, Audited, @unchecked Sendable {
    static let schema = "respondent_assessments"
    static let recordType = RecordType.respondentAssessment

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseRecord: CaseRecord
    @Parent(key: "party_id") var party: CaseParty
    @Field(key: "risk_posed") var riskPosed: RiskLevel
    /// Comma-separated `RiskPosedTo` values.
    @Field(key: "risk_posed_to") var riskPosedTo: String
    @OptionalField(key: "risk_posed_notes") var riskPosedNotes: String?
    /// Comma-separated `RespondentFactor` values.
    @Field(key: "factors") var factors: String
    @OptionalField(key: "factor_notes") var factorNotes: String?
    @Field(key: "check_mental_health") var checkMentalHealth: ServiceCheck
    @Field(key: "check_adult_social_care") var checkAdultSocialCare: ServiceCheck
    @Field(key: "check_childrens_social_care") var checkChildrensSocialCare: ServiceCheck
    @OptionalField(key: "checks_notes") var checksNotes: String?
    @OptionalField(key: "support_in_place") var supportInPlace: String?
    @Field(key: "under_18") var under18: Bool
    @Field(key: "assessed_at") var assessedAt: Date
    @Parent(key: "assessed_by_id") var assessedBy: User

    init() {}
}

/// Mental health as a factor for a party: special category data.
final class MentalHealthRecord: Model, Audited, @unchecked Sendable {
    static let schema = "mental_health_records"
    static let recordType = RecordType.mentalHealthRecord

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseRecord: CaseRecord
    @Parent(key: "party_id") var party: CaseParty
    @Field(key: "status") var status: MentalHealthStatus
    /// Where the information came from, in the officer's words: free text.
    @Field(key: "source") var source: String
    @Field(key: "lawful_basis") var lawfulBasis: LawfulBasis
    @OptionalField(key: "care_coordinator") var careCoordinator: String?
    @Field(key: "capacity_outcome") var capacityOutcome: CapacityOutcome
    @OptionalField(key: "pathway_notes") var pathwayNotes: String?
    @Field(key: "recorded_at") var recordedAt: Date
    @Parent(key: "recorded_by_id") var recordedBy: User

    /// Special category data under the restricted mental health record (UK GDPR Article 9): an auditor
    /// reads the trail but not the record, so the trail says only that these were recorded.
    static let auditMasked: [String: String] = [
        "source": "where the information came from, in the officer's words",
        "care_coordinator": "the person's care coordinator",
        "pathway_notes": "notes on the person's care pathway",
    ]

    init() {}
}

/// A warning marker on a person or an address.
final class SafetyMarker: Model, Audited, @unchecked Sendable {
    static let schema = "safety_markers"
    static let recordType = RecordType.safetyMarker

    @ID(key: .id) var id: UUID?
    @OptionalParent(key: "person_id") var person: Person?
    @OptionalParent(key: "place_id") var place: Place?
    @Field(key: "kind") var kind: SafetyMarkerKind
    @OptionalField(key: "note") var note: String?
    @Field(key: "added_at") var addedAt: Date
    @Parent(key: "added_by_id") var addedBy: User
    @OptionalField(key: "removed_at") var removedAt: Date?
    @OptionalParent(key: "removed_by_id") var removedBy: User?

    init() {}

    var label: String {
        note.map { "\(kind.label): \($0)" } ?? kind.label
    }
}

/// A home visit, logged only once the protocol checklist is complete.
final class HomeVisit: Model, Audited, @unchecked Sendable {
    static let schema = "home_visits"
    static let recordType = RecordType.homeVisit

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseRecord: CaseRecord
    @Field(key: "visited_at") var visitedAt: Date
    /// Comma-separated `HomeVisitCheck` values.
    @Field(key: "checks") var checks: String
    @OptionalField(key: "companion") var companion: String?
    @OptionalField(key: "notes") var notes: String?
    @Field(key: "recorded_at") var recordedAt: Date
    @Parent(key: "recorded_by_id") var recordedBy: User

    init() {}
}

/// An adult or child safeguarding concern raised from a case.
final class SafeguardingConcern: Model, Audited, @unchecked Sendable {
    static let schema = "safeguarding_concerns"
    static let recordType = RecordType.safeguardingConcern

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseRecord: CaseRecord
    @OptionalParent(key: "party_id") var party: CaseParty?
    @Field(key: "kind") var kind: SafeguardingKind
    @Field(key: "raised_to") var raisedTo: String
    @Field(key: "raised_on") var raisedOn: CivilDate
    @OptionalField(key: "reference") var reference: String?
    @Field(key: "concern") var concern: String
    /// What came of it, in the officer's words: free text.
    @OptionalField(key: "outcome") var outcome: String?
    @OptionalField(key: "outcome_on") var outcomeOn: CivilDate?
    @Field(key: "recorded_at") var recordedAt: Date
    @Parent(key: "recorded_by_id") var recordedBy: User

    init() {}
}
