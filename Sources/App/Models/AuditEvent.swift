import Fluent
import Foundation
import TandemCore

/// One entry in the append-only, hash-chained audit trail. The app only ever
/// inserts these (see `AuditLog`); the one change ever made to a stored event is disposal under the
/// retention schedule (`Disposal`), which blanks its personal content and keeps its digest (chain version 2).
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
    /// Chain version 2: the digest of the personal content; nil for an event still in version 1's form.
    @OptionalField(key: "content_digest") var contentDigest: String?
    /// The disposal batch under which the personal content was destroyed.
    @OptionalField(key: "disposed_batch_id") var disposedBatchID: UUID?

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
