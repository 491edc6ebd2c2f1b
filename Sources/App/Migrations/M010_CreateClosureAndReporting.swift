import Fluent
import SQLKit
import TandemCore
import Vapor

/// Closing cases and reporting: closure proposals with sign-off and notice,
/// satisfaction surveys, homes owned per landlord and year (NM01), the local
/// closure policy, and the case columns the monthly measures aggregate.
struct M010CreateClosureAndReporting: AsyncMigration {
    var name: String { "M010CreateClosureAndReporting" }

    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite alters a table a column at a time.
        for (field, type) in Self.caseColumns {
            try await database.schema("cases").field(.string(field), type).update()
        }
        // Measures filter closed cases by closure time and new cases by receipt.
        try await SQLIndex.create(
            "cases_closed_idx", on: "cases", columns: ["organisation_id", "closed_at"], in: database)
        try await SQLIndex.create(
            "cases_received_idx", on: "cases", columns: ["organisation_id", "received_at"], in: database)
        // The closing sweep finds cases whose notice has ended.
        try await SQLIndex.create("cases_closes_idx", on: "cases", columns: ["status", "closes_at"], in: database)

        try await database.schema("case_closures").id()
            .field("case_id", .uuid, .required, .references("cases", "id"))
            .field("reason", .string, .required)
            .field("outcome", .string, .required)
            .field("summary", .string, .required)
            .field("state", .string, .required)
            .field("proposed_at", .datetime, .required)
            .field("proposed_by_id", .uuid, .required, .references("users", "id"))
            .field("decided_at", .datetime)
            .field("decided_by_id", .uuid, .references("users", "id"))
            .field("decision_note", .string)
            .field("notice_given_at", .datetime)
            .field("closes_at", .datetime)
            .field("letter_id", .uuid, .references("letters", "id"))
            .field("ended_at", .datetime)
            .field("ended_note", .string)
            .field("reopened_at", .datetime)
            .field("reopened_by_id", .uuid, .references("users", "id"))
            .field("reopen_reason", .string)
            .create()
        try await SQLIndex.create(
            "case_closures_case_idx", on: "case_closures", columns: ["case_id", "proposed_at"], in: database)
        try await SQLIndex.create(
            "case_closures_state_idx", on: "case_closures", columns: ["state", "proposed_at"], in: database)

        try await database.schema("survey_responses").id()
            .field("case_id", .uuid, .required, .references("cases", "id"))
            .field("audience", .string, .required)
            .field("method", .string, .required)
            .field("handling", .int)
            .field("outcome", .int)
            .field("empathy", .int)
            .field("support", .int)
            .field("contact", .int)
            .field("tp12", .int)
            .field("what_worked", .string)
            .field("comments", .string)
            .field("answered_at", .datetime, .required)
            .field("recorded_by_id", .uuid, .references("users", "id"))
            .field("resident_link_id", .uuid, .references("resident_links", "id"))
            .create()
        try await SQLIndex.create(
            "survey_responses_case_idx", on: "survey_responses", columns: ["case_id", "audience"], in: database)
        try await SQLIndex.create(
            "survey_responses_answered_idx", on: "survey_responses", columns: ["answered_at"], in: database)

        try await database.schema("landlord_homes").id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("year_start", .int, .required)
            .field("homes", .int, .required)
            .field("updated_at", .datetime, .required)
            .field("updated_by_id", .uuid, .references("users", "id"))
            .unique(on: "organisation_id", "year_start")
            .create()

        try await database.schema("closure_settings").id()
            .field("notice_days", .int, .required)
            .field("reopen_days", .int, .required)
            .field("satisfaction_target", .int, .required)
            .field("updated_at", .datetime, .required)
            .create()

        // Cases acknowledged before this migration were first responded to then.
        if let sql = database as? any SQLDatabase {
            try await sql.raw(
                "UPDATE cases SET first_response_at = acknowledged_at WHERE acknowledged_at IS NOT NULL"
            ).run()
            try await sql.raw("UPDATE cases SET closed_at = updated_at WHERE status = 'closed'").run()
        }
    }

    static let caseColumns: [(String, DatabaseSchema.DataType)] = [
        ("first_response_at", .datetime), ("closure_reason", .string), ("closure_outcome", .string),
        ("closes_at", .datetime), ("closed_at", .datetime), ("days_to_close", .int), ("reopened_at", .datetime),
    ]

    func revert(on database: any Database) async throws {
        for table in ["closure_settings", "landlord_homes", "survey_responses", "case_closures"] {
            try await database.schema(table).delete()
        }
        for index in ["cases_closed_idx", "cases_received_idx", "cases_closes_idx"] {
            try await SQLIndex.drop(index, in: database)
        }
        for (field, _) in Self.caseColumns {
            try await database.schema("cases").deleteField(.string(field)).update()
        }
    }
}
