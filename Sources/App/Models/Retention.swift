import Fluent
import Foundation
import TandemCore

/// One line of an organisation's retention schedule (issue 23); a kind with no line keeps `RetentionRule.defaults`.
final class RetentionRuleRecord: Model, Audited, @unchecked Sendable {
    static let schema = "retention_rules"
    static let recordType = RecordType.retentionRule

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Field(key: "record") var record: RetainedRecord
    @Field(key: "months") var months: Int
    @Field(key: "from_event") var from: RetentionEvent
    @Field(key: "updated_at") var updatedAt: Date
    @OptionalParent(key: "updated_by_id") var updatedBy: User?

    init() {}

    var rule: RetentionRule { RetentionRule(record: record, months: months, from: from) }
}

/// A legal hold on a case or a person: while it is in force nothing it covers is disposed of.
final class LegalHoldRecord: Model, Audited, @unchecked Sendable {
    static let schema = "legal_holds"
    static let recordType = RecordType.legalHold

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @OptionalParent(key: "case_id") var caseRecord: CaseRecord?
    @OptionalParent(key: "person_id") var person: Person?
    @Field(key: "reason") var reason: String
    @Field(key: "set_on") var setOn: CivilDate
    @Field(key: "review_on") var reviewOn: CivilDate
    @Field(key: "set_at") var setAt: Date
    @Parent(key: "set_by_id") var setBy: User
    @OptionalField(key: "lifted_on") var liftedOn: CivilDate?
    @OptionalField(key: "lifted_at") var liftedAt: Date?
    @OptionalParent(key: "lifted_by_id") var liftedBy: User?
    @OptionalField(key: "lift_reason") var liftReason: String?

    init() {}

    var hold: LegalHold { LegalHold(reason: reason, setOn: setOn, reviewOn: reviewOn, liftedOn: liftedOn) }
}

/// What was due under one rule, prepared for approval; once carried out, a line of the disposal register. It holds
/// no personal data: the kind, the rule, how many, when and who.
final class DisposalBatch: Model, Audited, @unchecked Sendable {
    static let schema = "disposal_batches"
    static let recordType = RecordType.disposalBatch

    enum Status: String, Codable, Sendable {
        case prepared, disposed, cancelled
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Field(key: "record") var record: RetainedRecord
    @Field(key: "rule_months") var ruleMonths: Int
    @Field(key: "rule_from") var ruleFrom: RetentionEvent
    @Field(key: "status") var status: Status
    @Field(key: "prepared_at") var preparedAt: Date
    /// Who prepared it: a person's email, or the nightly job.
    @Field(key: "prepared_by") var preparedBy: String
    @Field(key: "item_count") var itemCount: Int
    /// For the audit trail's own content: the newest event the batch covers.
    @OptionalField(key: "cutoff_sequence") var cutoffSequence: Int64?
    @OptionalField(key: "decided_at") var decidedAt: Date?
    @OptionalParent(key: "decided_by_id") var decidedBy: User?
    @OptionalField(key: "cancel_reason") var cancelReason: String?
    @OptionalField(key: "rows_deleted") var rowsDeleted: Int?
    @OptionalField(key: "rows_anonymised") var rowsAnonymised: Int?
    @OptionalField(key: "files_removed") var filesRemoved: Int?
    @OptionalField(key: "events_disposed") var eventsDisposed: Int?

    init() {}

    var rule: RetentionRule { RetentionRule(record: record, months: ruleMonths, from: ruleFrom) }

    /// The rule as the verifier and the register name it: "Case file: 72 months after the case's closure".
    var ruleText: String { Self.text(of: rule) }

    static func text(of rule: RetentionRule) -> String {
        "\(rule.record.label): \(rule.months) months after \(rule.from.label)"
    }
}

/// One record in a batch, by id and a label that names no one (a case or report reference).
final class DisposalBatchItem: Model, Audited, @unchecked Sendable {
    static let schema = "disposal_batch_items"
    static let recordType = RecordType.disposalBatchItem

    @ID(key: .id) var id: UUID?
    @Parent(key: "batch_id") var batch: DisposalBatch
    @Field(key: "record_id") var recordID: UUID
    @Field(key: "label") var label: String
    @Field(key: "due_on") var dueOn: CivilDate

    init() {}
}
