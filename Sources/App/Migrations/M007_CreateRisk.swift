import Fluent
import SQLKit
import TandemCore
import Vapor

/// Risk and vulnerability: Risk Assessment Matrix assessments and their band
/// policy, tasks created by risk, line-manager oversight, respondent
/// assessments, mental health records, safety markers, home visits and
/// safeguarding concerns; and the case columns that schedule them.
struct M007CreateRisk: AsyncMigration {
    var name: String { "M007CreateRisk" }

    func prepare(on database: any Database) async throws {
        try await database.schema("risk_matrix_settings")
            .id()
            .field("low_maximum", .int, .required)
            .field("medium_maximum", .int, .required)
            .create()
        try await RiskMatrixSettings(bands: .standard).create(on: database)

        try await database.schema("vulnerability_assessments")
            .id()
            .field("case_id", .uuid, .required, .references("cases", "id"))
            .field("person_id", .uuid, .required, .references("people", "id"))
            .field("occasion", .string, .required)
            .field("declined", .bool, .required)
            .field("answers", .string)
            .field("total", .int)
            .field("scored_band", .string)
            .field("band", .string)
            .field("adjustment_reason", .string)
            .field("note", .string)
            .field("assessed_at", .datetime, .required)
            .field("assessed_by_id", .uuid, .required, .references("users", "id"))
            .create()
        try await SQLIndex.create(
            "vulnerability_case_idx", on: "vulnerability_assessments", columns: ["case_id", "assessed_at"],
            in: database)

        try await database.schema("risk_tasks")
            .id()
            .field("case_id", .uuid, .required, .references("cases", "id"))
            .field("kind", .string, .required)
            .field("status", .string, .required)
            .field("due_at", .datetime)
            .field("source", .string, .required)
            .field("created_at", .datetime, .required)
            .field("completed_at", .datetime)
            .field("completed_by_id", .uuid, .references("users", "id"))
            .field("decision", .string)
            .field("note", .string)
            .create()
        try await SQLIndex.create(
            "risk_tasks_case_idx", on: "risk_tasks", columns: ["case_id", "status"], in: database)
        try await SQLIndex.create("risk_tasks_due_idx", on: "risk_tasks", columns: ["status", "due_at"], in: database)

        try await database.schema("oversight_discussions")
            .id()
            .field("case_id", .uuid, .required, .references("cases", "id"))
            .field("discussed_on", .string, .required)
            .field("band", .string, .required)
            .field("notes", .string, .required)
            .field("decisions", .string, .required)
            .field("next_due_on", .string, .required)
            .field("recorded_at", .datetime, .required)
            .field("recorded_by_id", .uuid, .required, .references("users", "id"))
            .create()
        try await SQLIndex.create(
            "oversight_case_idx", on: "oversight_discussions", columns: ["case_id", "recorded_at"], in: database)

        try await database.schema("respondent_assessments")
            .id()
            .field("case_id", .uuid, .required, .references("cases", "id"))
            .field("party_id", .uuid, .required, .references("case_parties", "id"))
            .field("risk_posed", .string, .required)
            .field("risk_posed_to", .string, .required)
            .field("risk_posed_notes", .string)
            .field("factors", .string, .required)
            .field("factor_notes", .string)
            .field("check_mental_health", .string, .required)
            .field("check_adult_social_care", .string, .required)
            .field("check_childrens_social_care", .string, .required)
            .field("checks_notes", .string)
            .field("support_in_place", .string)
            .field("under_18", .bool, .required)
            .field("assessed_at", .datetime, .required)
            .field("assessed_by_id", .uuid, .required, .references("users", "id"))
            .create()
        try await SQLIndex.create(
            "respondent_assessments_case_idx", on: "respondent_assessments", columns: ["case_id", "assessed_at"],
            in: database)

        try await database.schema("mental_health_records")
            .id()
            .field("case_id", .uuid, .required, .references("cases", "id"))
            .field("party_id", .uuid, .required, .references("case_parties", "id"))
            .field("status", .string, .required)
            .field("source", .string, .required)
            .field("lawful_basis", .string, .required)
            .field("care_coordinator", .string)
            .field("capacity_outcome", .string, .required)
            .field("pathway_notes", .string)
            .field("recorded_at", .datetime, .required)
            .field("recorded_by_id", .uuid, .required, .references("users", "id"))
            .create()
        try await SQLIndex.create(
            "mental_health_case_idx", on: "mental_health_records", columns: ["case_id"], in: database)

        try await database.schema("safety_markers")
            .id()
            .field("person_id", .uuid, .references("people", "id"))
            .field("place_id", .uuid, .references("places", "id"))
            .field("kind", .string, .required)
            .field("note", .string)
            .field("added_at", .datetime, .required)
            .field("added_by_id", .uuid, .required, .references("users", "id"))
            .field("removed_at", .datetime)
            .field("removed_by_id", .uuid, .references("users", "id"))
            .create()
        try await SQLIndex.create(
            "safety_markers_person_idx", on: "safety_markers", columns: ["person_id"], in: database)
        try await SQLIndex.create("safety_markers_place_idx", on: "safety_markers", columns: ["place_id"], in: database)

        try await database.schema("home_visits")
            .id()
            .field("case_id", .uuid, .required, .references("cases", "id"))
            .field("visited_at", .datetime, .required)
            .field("checks", .string, .required)
            .field("companion", .string)
            .field("notes", .string)
            .field("recorded_at", .datetime, .required)
            .field("recorded_by_id", .uuid, .required, .references("users", "id"))
            .create()
        try await SQLIndex.create(
            "home_visits_case_idx", on: "home_visits", columns: ["case_id", "visited_at"], in: database)

        try await database.schema("safeguarding_concerns")
            .id()
            .field("case_id", .uuid, .required, .references("cases", "id"))
            .field("party_id", .uuid, .references("case_parties", "id"))
            .field("kind", .string, .required)
            .field("raised_to", .string, .required)
            .field("raised_on", .string, .required)
            .field("reference", .string)
            .field("concern", .string, .required)
            .field("outcome", .string)
            .field("outcome_on", .string)
            .field("recorded_at", .datetime, .required)
            .field("recorded_by_id", .uuid, .required, .references("users", "id"))
            .create()
        try await SQLIndex.create(
            "safeguarding_case_idx", on: "safeguarding_concerns", columns: ["case_id", "recorded_at"], in: database)

        // One column per statement: SQLite alters a table a column at a time.
        for (field, type) in Self.caseColumns {
            try await database.schema("cases").field(.string(field), type).update()
        }
        try await SQLIndex.create(
            "cases_oversight_idx", on: "cases", columns: ["organisation_id", "oversight_due_at"], in: database)
    }

    static let caseColumns: [(String, DatabaseSchema.DataType)] = [
        ("vulnerability_band", .string), ("vulnerability_due_at", .datetime), ("vulnerability_due_reason", .string),
        ("oversight_due_at", .datetime),
    ]

    func revert(on database: any Database) async throws {
        try await SQLIndex.drop("cases_oversight_idx", in: database)
        for (field, _) in Self.caseColumns {
            try await database.schema("cases").deleteField(.string(field)).update()
        }
        for table in [
            "safeguarding_concerns", "home_visits", "safety_markers", "mental_health_records", "respondent_assessments",
            "oversight_discussions", "risk_tasks", "vulnerability_assessments", "risk_matrix_settings",
        ] {
            try await database.schema(table).delete()
        }
    }
}
