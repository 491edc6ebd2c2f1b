import Fluent
import Foundation
import TandemCore

/// One entry in the append-only, hash-chained audit trail. The app only ever
/// inserts these (see `AuditLog`); there is no update or delete path.
final class AuditEvent: Model, @unchecked Sendable {
    static let schema = "audit_events"

    @ID(key: .id) var id: UUID?
    @Field(key: "sequence") var sequence: Int64
    @Field(key: "occurred_at") var occurredAt: Date
    @OptionalField(key: "actor_user_id") var actorUserID: UUID?
    @OptionalField(key: "actor_email") var actorEmail: String?
    @OptionalField(key: "actor_organisation_id") var actorOrganisationID: UUID?
    @OptionalField(key: "address") var address: String?
    @Field(key: "action") var action: String
    @Field(key: "record_type") var recordType: String
    @OptionalField(key: "record_id") var recordID: String?
    @Field(key: "summary") var summary: String
    @Field(key: "changes") var changes: String
    @Field(key: "previous_hash") var previousHash: String
    @Field(key: "hash") var hash: String

    init() {}

    var content: AuditContent {
        AuditContent(
            sequence: sequence,
            occurredAtMillis: AuditContent.millis(occurredAt),
            actorUserID: actorUserID?.uuidString,
            actorEmail: actorEmail,
            actorOrganisationID: actorOrganisationID?.uuidString,
            address: address,
            action: action,
            recordType: recordType,
            recordID: recordID,
            summary: summary,
            changes: changes
        )
    }
}
