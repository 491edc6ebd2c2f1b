import Fluent

struct M003CreateAuditEvents: AsyncMigration {
    var name: String { "M003CreateAuditEvents" }

    func prepare(on database: any Database) async throws {
        try await database.schema("audit_events")
            .id()
            .field("sequence", .int64, .required)
            .field("occurred_at", .datetime, .required)
            .field("actor_user_id", .uuid)
            .field("actor_email", .string)
            .field("actor_organisation_id", .uuid)
            .field("address", .string)
            .field("action", .string, .required)
            .field("record_type", .string, .required)
            .field("record_id", .string)
            .field("summary", .string, .required)
            .field("changes", .string, .required)
            .field("previous_hash", .string, .required)
            .field("hash", .string, .required)
            // The unique sequence also stops two writers forking the chain.
            .unique(on: "sequence")
            .create()
        // The audit search filters by user, by record and by date range.
        try await SQLIndex.create(
            "audit_events_actor_idx", on: "audit_events", columns: ["actor_user_id", "sequence"], in: database)
        try await SQLIndex.create(
            "audit_events_actor_email_idx", on: "audit_events", columns: ["actor_email", "sequence"], in: database)
        try await SQLIndex.create(
            "audit_events_record_idx", on: "audit_events", columns: ["record_type", "record_id", "sequence"],
            in: database)
        try await SQLIndex.create("audit_events_time_idx", on: "audit_events", columns: ["occurred_at"], in: database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema("audit_events").delete()
    }
}
