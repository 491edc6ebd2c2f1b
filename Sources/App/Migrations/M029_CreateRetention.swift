import Fluent
import Foundation
import SQLKit
import TandemCore

/// Issue 23: retention and disposal.
/// - `retention_rules`: each organisation's schedule, one line per kind of record (none stored: the defaults).
/// - `legal_holds`: a hold on a case or a person that stops the clock, with its reason, who set it and its review.
/// - `disposal_batches` and `disposal_batch_items`: what was due, prepared for approval, and, once approved and
///   carried out, the disposal register: the kind, how many, under which rule, when and approved by whom, and the
///   ids of the records (never their content).
/// - `audit_events` gains chain version 2 (`content_digest`) and the disposal marker, so destroying an event's
///   personal content leaves the chain verifiable. Events written before are re-chained here, but only if the
///   chain as written verifies: a broken chain is left as it is, for `tandem audit verify` to report.
/// - `cases.disposed_at` and `reports.disposed_at` mark the records whose personal data has been destroyed.
struct M029CreateRetention: AsyncMigration {
    var name: String { "M029CreateRetention" }

    func prepare(on database: any Database) async throws {
        try await database.schema("audit_events")
            .field("content_digest", .string)
            .update()
        try await database.schema("audit_events")
            .field("disposed_batch_id", .uuid)
            .update()
        try await database.schema("cases").field("disposed_at", .datetime).update()
        try await database.schema("reports").field("disposed_at", .datetime).update()
        try await database.schema("retention_rules").id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("record", .string, .required)
            .field("months", .int, .required)
            .field("from_event", .string, .required)
            .field("updated_at", .datetime, .required)
            .field("updated_by_id", .uuid, .references("users", "id"))
            .unique(on: "organisation_id", "record")
            .create()
        try await database.schema("legal_holds").id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("case_id", .uuid, .references("cases", "id"))
            .field("person_id", .uuid, .references("people", "id"))
            .field("reason", .string, .required)
            .field("set_on", .string, .required)
            .field("review_on", .string, .required)
            .field("set_at", .datetime, .required)
            .field("set_by_id", .uuid, .required, .references("users", "id"))
            .field("lifted_on", .string)
            .field("lifted_at", .datetime)
            .field("lifted_by_id", .uuid, .references("users", "id"))
            .field("lift_reason", .string)
            .create()
        try await database.schema("disposal_batches").id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("record", .string, .required)
            .field("rule_months", .int, .required)
            .field("rule_from", .string, .required)
            .field("status", .string, .required)
            .field("prepared_at", .datetime, .required)
            .field("prepared_by", .string, .required)
            .field("item_count", .int, .required)
            .field("cutoff_sequence", .int64)
            .field("decided_at", .datetime)
            .field("decided_by_id", .uuid, .references("users", "id"))
            .field("cancel_reason", .string)
            .field("rows_deleted", .int)
            .field("rows_anonymised", .int)
            .field("files_removed", .int)
            .field("events_disposed", .int)
            .create()
        try await database.schema("disposal_batch_items").id()
            .field("batch_id", .uuid, .required, .references("disposal_batches", "id"))
            .field("record_id", .uuid, .required)
            .field("label", .string, .required)
            .field("due_on", .string, .required)
            .unique(on: "batch_id", "record_id")
            .create()
        // The schedule page lists holds in force and batches by organisation; the batch page lists its items; the
        // due lists read closed cases and triaged reports by date; the verifier finds the events of a batch.
        try await SQLIndex.create(
            "legal_holds_organisation_idx", on: "legal_holds", columns: ["organisation_id", "lifted_on"], in: database)
        try await SQLIndex.create("legal_holds_case_idx", on: "legal_holds", columns: ["case_id"], in: database)
        try await SQLIndex.create("legal_holds_person_idx", on: "legal_holds", columns: ["person_id"], in: database)
        try await SQLIndex.create(
            "disposal_batches_organisation_idx", on: "disposal_batches",
            columns: ["organisation_id", "status", "prepared_at"], in: database)
        try await SQLIndex.create(
            "disposal_batch_items_batch_idx", on: "disposal_batch_items", columns: ["batch_id", "label"], in: database)
        try await SQLIndex.create(
            "cases_retention_idx", on: "cases", columns: ["organisation_id", "status", "closed_at"], in: database)
        try await SQLIndex.create(
            "reports_retention_idx", on: "reports", columns: ["organisation_id", "triaged_at"], in: database)
        try await SQLIndex.create(
            "audit_events_disposed_idx", on: "audit_events", columns: ["disposed_batch_id"], in: database)
        try await AuditChainUpgrade.run(on: database)
    }

    func revert(on database: any Database) async throws {
        for index in ["cases_retention_idx", "reports_retention_idx", "audit_events_disposed_idx"] {
            try await SQLIndex.drop(index, in: database)
        }
        for table in ["disposal_batch_items", "disposal_batches", "legal_holds", "retention_rules"] {
            try await database.schema(table).delete()
        }
        try await database.schema("cases").deleteField("disposed_at").update()
        try await database.schema("reports").deleteField("disposed_at").update()
        try await database.schema("audit_events").deleteField("disposed_batch_id").update()
        try await database.schema("audit_events").deleteField("content_digest").update()
    }
}

/// Re-chains the events written under chain version 1 in version 2's form, once the whole chain has been checked as
/// written. If it does not verify, nothing is changed: the events keep their version 1 hashes and the verifier goes
/// on reporting the first bad one.
enum AuditChainUpgrade {
    /// In one transaction holding the trail's lock, so it is all or nothing and no instance appends meanwhile.
    static func run(on database: any Database, pageSize: Int = 1000) async throws {
        try await database.transaction { db in try await upgrade(on: db, pageSize: pageSize) }
    }

    private static func upgrade(on database: any Database, pageSize: Int) async throws {
        try await AuditLog.lockChain(on: database)
        let first = try await AuditVerifier.verify(on: database, pageSize: pageSize)
        guard first.failure == nil, first.checked > 0, let sql = database as? any SQLDatabase else { return }
        var previousHash = AuditChain.genesisHash
        var next: Int64 = 1
        while true {
            let page = try await AuditEvent.query(on: database).filter(\.$sequence >= next)
                .sort(\.$sequence, .ascending).limit(pageSize).all()
            guard !page.isEmpty else { return }
            for event in page {
                let digest = AuditLog.digest(event.content)
                let hash = AuditLog.link(event.content, previousHash: previousHash, digest: digest)
                try await sql.update("audit_events")
                    .set("content_digest", to: SQLBind(digest)).set("previous_hash", to: SQLBind(previousHash))
                    .set("hash", to: SQLBind(hash)).where("id", .equal, SQLBind(event.id)).run()
                previousHash = hash
                next = event.sequence + 1
            }
        }
    }
}
