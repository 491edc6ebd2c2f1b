import Fluent
import Foundation
import TandemCore
import Vapor

/// One power in the catalogue: the standard ones and those an administrator adds.
final class LegalPower: Model, Audited, @unchecked Sendable {
    static let schema = "legal_powers"
    static let recordType = RecordType.legalPower

    @ID(key: .id) var id: UUID?
    @Field(key: "key") var key: String
    @Field(key: "name") var name: String
    @Field(key: "lead") var lead: PowerLead
    /// Comma-separated `PowerPrerequisite` values.
    @Field(key: "prerequisites") var prerequisites: String
    /// Comma-separated `MeasureField` values.
    @Field(key: "fields") var fields: String
    @Field(key: "register_group") var registerGroup: RegisterGroup
    @Field(key: "makes_order") var makesOrder: Bool
    /// Weeks before an order's expiry that the extension reminder falls.
    @Field(key: "reminder_weeks") var reminderWeeks: Int
    @Field(key: "summary") var summary: String
    @Field(key: "active") var active: Bool
    @Field(key: "sort_order") var sortOrder: Int
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(_ spec: LegalPowerSpec, sortOrder: Int, at now: Date) {
        key = spec.key
        name = spec.name
        lead = spec.lead
        prerequisites = spec.prerequisites.map(\.rawValue).joined(separator: ",")
        fields = spec.fields.map(\.rawValue).joined(separator: ",")
        registerGroup = spec.group
        makesOrder = spec.makesOrder
        reminderWeeks = CourtRules.defaultReminderWeeks
        summary = spec.summary
        active = true
        self.sortOrder = sortOrder
        createdAt = now
    }

    /// The power officers may use with this key, if any.
    static func active(key: String?, on db: any Database) async throws -> LegalPower? {
        let key = (key ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !key.isEmpty else { return nil }
        return try await LegalPower.query(on: db).filter(\.$key == key).filter(\.$active == true).first()
    }

    var prerequisiteList: [PowerPrerequisite] {
        prerequisites.split(separator: ",").compactMap { PowerPrerequisite(rawValue: String($0)) }
    }

    var fieldList: [MeasureField] { fields.split(separator: ",").compactMap { MeasureField(rawValue: String($0)) } }
    var needsReview: Bool { prerequisiteList.contains(.signedOffReview) }
}

/// The proportionality and Equality Act review with the pre-court checklist,
/// for one power on one case. Never edited: a review sent back is replaced by a new one.
final class ProportionalityReview: Model, Audited, @unchecked Sendable {
    static let schema = "proportionality_reviews"
    static let recordType = RecordType.proportionalityReview

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseRecord: CaseRecord
    @Parent(key: "power_id") var power: LegalPower
    @OptionalParent(key: "party_id") var party: CaseParty?
    /// JSON object of `ReviewQuestion` raw value to answer.
    @Field(key: "answers") var answers: String
    /// Comma-separated `ChecklistItem` values confirmed.
    @Field(key: "confirmed") var confirmed: String
    @Field(key: "status") var status: ReviewStatus
    @Field(key: "prepared_at") var preparedAt: Date
    @Parent(key: "prepared_by_id") var preparedBy: User
    @OptionalField(key: "decided_at") var decidedAt: Date?
    @OptionalParent(key: "decided_by_id") var decidedBy: User?
    @OptionalField(key: "decision_reason") var decisionReason: String?

    init() {}

    static func encode(_ answers: [ReviewQuestion: String]) -> String {
        let plain = Dictionary(uniqueKeysWithValues: answers.map { ($0.key.rawValue, $0.value) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? encoder.encode(plain)).flatMap { String(data: $0, encoding: .utf8) } ?? "{}"
    }

    var decodedAnswers: [ReviewQuestion: String] {
        let plain = (try? JSONDecoder().decode([String: String].self, from: Data(answers.utf8))) ?? [:]
        return Dictionary(
            uniqueKeysWithValues: plain.compactMap { key, value in ReviewQuestion(rawValue: key).map { ($0, value) } })
    }

    var confirmedItems: Set<ChecklistItem> {
        Set(confirmed.split(separator: ",").compactMap { ChecklistItem(rawValue: String($0)) })
    }
}

/// A legal measure used on a case: from instruction to its end.
final class LegalMeasure: Model, Audited, @unchecked Sendable {
    static let schema = "legal_measures"
    static let recordType = RecordType.legalMeasure

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseRecord: CaseRecord
    @Parent(key: "power_id") var power: LegalPower
    @OptionalParent(key: "party_id") var party: CaseParty?
    @OptionalParent(key: "review_id") var review: ProportionalityReview?
    @Field(key: "status") var status: MeasureStatus
    @Field(key: "instructed_on") var instructedOn: CivilDate
    @Field(key: "likelihood") var likelihood: LikelihoodOfSuccess
    @OptionalField(key: "likelihood_notes") var likelihoodNotes: String?
    @OptionalField(key: "scope") var scope: MeasureScope?
    @OptionalField(key: "ground") var ground: PossessionGround?
    @OptionalField(key: "ground_condition") var groundCondition: AbsoluteGroundCondition?
    @OptionalField(key: "representations") var representations: String?
    @OptionalField(key: "court") var court: String?
    @OptionalField(key: "conviction_on") var convictionOn: CivilDate?
    @OptionalField(key: "conviction_court") var convictionCourt: String?
    @OptionalField(key: "conviction_offence") var convictionOffence: String?
    @OptionalField(key: "served_at") var servedAt: Date?
    @OptionalField(key: "children_in_household") var childrenInHousehold: Bool?
    @OptionalField(key: "evicted_on") var evictedOn: CivilDate?
    @OptionalField(key: "sensitive_let") var sensitiveLet: Bool?
    @OptionalField(key: "ended_reason") var endedReason: String?
    @Field(key: "recorded_at") var recordedAt: Date
    @Parent(key: "recorded_by_id") var recordedBy: User
    @Field(key: "updated_at") var updatedAt: Date

    init() {}
}

final class CourtHearing: Model, Audited, @unchecked Sendable {
    static let schema = "court_hearings"
    static let recordType = RecordType.courtHearing

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseRecord: CaseRecord
    @Parent(key: "measure_id") var measure: LegalMeasure
    @Field(key: "heard_on") var heardOn: CivilDate
    @Field(key: "court") var court: String
    @Field(key: "hearing_type") var hearingType: HearingType
    @OptionalField(key: "outcome") var outcome: HearingOutcome?
    /// Only ever a validated date: the hearing form asks for the date it was adjourned to.
    @OptionalField(key: "adjourned_to") var adjournedTo: CivilDate?
    @OptionalField(key: "notes") var notes: String?
    @Field(key: "recorded_at") var recordedAt: Date
    @Parent(key: "recorded_by_id") var recordedBy: User

    init() {}
}

final class CourtOrder: Model, Audited, @unchecked Sendable {
    static let schema = "court_orders"
    static let recordType = RecordType.courtOrder

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseRecord: CaseRecord
    @Parent(key: "measure_id") var measure: LegalMeasure
    @Field(key: "made_on") var madeOn: CivilDate
    @Field(key: "starts_on") var startsOn: CivilDate
    @OptionalField(key: "expires_on") var expiresOn: CivilDate?
    /// When to consider extending it; stored so the reminder list is one indexed query.
    @OptionalField(key: "reminder_on") var reminderOn: CivilDate?
    @OptionalField(key: "prohibitions") var prohibitions: String?
    @OptionalField(key: "requirements") var requirements: String?
    @OptionalField(key: "exclusion") var exclusion: String?
    @Field(key: "power_of_arrest") var powerOfArrest: Bool
    @OptionalField(key: "arrest_terms") var arrestTerms: String?
    @Field(key: "recorded_at") var recordedAt: Date
    @Parent(key: "recorded_by_id") var recordedBy: User

    init() {}
}

final class OrderBreach: Model, Audited, @unchecked Sendable {
    static let schema = "order_breaches"
    static let recordType = RecordType.orderBreach

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseRecord: CaseRecord
    @Parent(key: "order_id") var order: CourtOrder
    @Field(key: "occurred_on") var occurredOn: CivilDate
    @Field(key: "evidence") var evidence: String
    @Field(key: "police_involved") var policeInvolved: Bool
    @OptionalField(key: "police_reference") var policeReference: String?
    @OptionalField(key: "action_taken") var actionTaken: String?
    @Field(key: "recorded_at") var recordedAt: Date
    @Parent(key: "recorded_by_id") var recordedBy: User

    init() {}
}

final class LegalCost: Model, Audited, @unchecked Sendable {
    static let schema = "legal_costs"
    static let recordType = RecordType.legalCost

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseRecord: CaseRecord
    @OptionalParent(key: "measure_id") var measure: LegalMeasure?
    @Field(key: "kind") var kind: CostKind
    @Field(key: "amount_pence") var amountPence: Int
    @Field(key: "incurred_on") var incurredOn: CivilDate
    @OptionalField(key: "note") var note: String?
    @Field(key: "recorded_at") var recordedAt: Date
    @Parent(key: "recorded_by_id") var recordedBy: User

    init() {}
}
