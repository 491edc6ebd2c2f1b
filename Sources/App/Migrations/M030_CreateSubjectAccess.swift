import Fluent
import SQLKit

/// Issue 23, item 3: data subject requests.
/// - `subject_access_requests`: the register of access, rectification and erasure requests: who asked, in which role
///   towards the records, the person record they were matched to, how identity was checked, the dates the ICO's
///   time limit counts from, an extension with its reason and the day the requester was told, the reviewer's
///   sign-off, the release, and for rectification and erasure the outcome.
/// - `subject_access_redactions`: one row per detail of the bundle that a redaction decision applies to, with the
///   default decision, the current one, and who changed it and why (the decisions are kept).
struct M030CreateSubjectAccess: AsyncMigration {
    var name: String { "M030CreateSubjectAccess" }

    func prepare(on database: any Database) async throws {
        try await database.schema("subject_access_requests").id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("reference", .string, .required)
            .field("kind", .string, .required)
            .field("requester_name", .string, .required)
            .field("requester_role", .string, .required)
            .field("person_id", .uuid, .references("people", "id"))
            .field("case_id", .uuid, .references("cases", "id"))
            .field("details", .string, .required)
            .field("received_on", .string, .required)
            .field("identity_method", .string)
            .field("identity_confirmed_on", .string)
            .field("extension_reason", .string)
            .field("extension_told_on", .string)
            .field("status", .string, .required)
            .field("recorded_at", .datetime, .required)
            .field("recorded_by_id", .uuid, .required, .references("users", "id"))
            .field("gathered_at", .datetime)
            .field("signed_off_at", .datetime)
            .field("signed_off_by_id", .uuid, .references("users", "id"))
            .field("released_at", .datetime)
            .field("released_by_id", .uuid, .references("users", "id"))
            .field("release_method", .string)
            .field("outcome", .string)
            .field("outcome_on", .string)
            .unique(on: "reference")
            .create()
        try await database.schema("subject_access_redactions").id()
            .field("request_id", .uuid, .required, .references("subject_access_requests", "id"))
            .field("item_key", .string, .required)
            .field("label", .string, .required)
            .field("detail", .string, .required)
            .field("default_redacted", .bool, .required)
            .field("redacted", .bool, .required)
            .field("position", .int, .required)
            .field("reason", .string)
            .field("decided_at", .datetime)
            .field("decided_by_id", .uuid, .references("users", "id"))
            .unique(on: "request_id", "item_key")
            .create()
        try await SQLIndex.create(
            "subject_access_requests_register_idx", on: "subject_access_requests",
            columns: ["organisation_id", "received_on"], in: database)
        try await SQLIndex.create(
            "subject_access_redactions_request_idx", on: "subject_access_redactions",
            columns: ["request_id", "position"], in: database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema("subject_access_redactions").delete()
        try await database.schema("subject_access_requests").delete()
    }
}
