import Fluent
import SQLKit
import TandemCore
import Vapor

/// Intake and triage: reference data (wards, estates, categories), places,
/// people, reports and their triage, case parties and timeline, reference
/// counters and the local response policy, seeded with the defaults.
struct M005CreateIntake: AsyncMigration {
    var name: String { "M005CreateIntake" }

    func prepare(on database: any Database) async throws {
        try await database.schema("wards")
            .id()
            .field("name", .string, .required)
            .field("active", .bool, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "name")
            .create()
        try await database.schema("estates")
            .id()
            .field("ward_id", .uuid, .required, .references("wards", "id"))
            .field("name", .string, .required)
            .field("active", .bool, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "ward_id", "name")
            .create()
        try await database.schema("categories")
            .id()
            .field("name", .string, .required)
            .field("position", .int, .required)
            .field("active", .bool, .required)
            .field("marks_hate", .bool, .required)
            .unique(on: "name")
            .create()

        try await database.schema("places")
            .id()
            .field("kind", .string, .required)
            .field("line1", .string, .required)
            .field("line2", .string)
            .field("postcode", .string)
            .field("postcode_key", .string)
            .field("property_reference", .string)
            .field("ward_id", .uuid, .references("wards", "id"))
            .field("estate_id", .uuid, .references("estates", "id"))
            .field("tenure", .string)
            .field("landlord_organisation_id", .uuid, .references("organisations", "id"))
            .field("created_at", .datetime, .required)
            .create()
        try await SQLIndex.create("places_postcode_idx", on: "places", columns: ["postcode_key"], in: database)
        try await SQLIndex.create("places_reference_idx", on: "places", columns: ["property_reference"], in: database)

        try await database.schema("people")
            .id()
            .field("full_name", .string, .required)
            .field("name_key", .string, .required)
            .field("family_key", .string, .required)
            .field("date_of_birth", .string)
            .field("age", .int)
            .field("phone", .string)
            .field("email", .string)
            .field("preferred_contact", .string)
            .field("language", .string)
            .field("interpreter_needed", .bool, .required)
            .field("other_needs", .string)
            .field("place_id", .uuid, .references("places", "id"))
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await SQLIndex.create("people_family_idx", on: "people", columns: ["family_key", "name_key"], in: database)
        try await SQLIndex.create("people_dob_idx", on: "people", columns: ["date_of_birth"], in: database)

        try await database.schema("reports")
            .id()
            .field("reference", .string, .required)
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("source", .string, .required)
            .field("channel", .string, .required)
            .field("received_at", .datetime, .required)
            .field("recorded_by_id", .uuid, .references("users", "id"))
            .field("reporter_kind", .string, .required)
            .field("reporter_name", .string)
            .field("reporter_phone", .string)
            .field("reporter_email", .string)
            .field("reporter_address", .string)
            .field("reporter_postcode", .string)
            .field("preferred_contact", .string)
            .field("language", .string)
            .field("interpreter_needed", .bool, .required)
            .field("on_behalf_name", .string)
            .field("on_behalf_capacity", .string)
            .field("behaviour_date", .string, .required)
            .field("happening_now", .bool, .required)
            .field("location", .string, .required)
            .field("location_postcode", .string)
            .field("ward_id", .uuid, .references("wards", "id"))
            .field("description", .string, .required)
            .field("respondent_name", .string)
            .field("people_involved", .string)
            .field("effect", .string)
            .field("outcome_wanted", .string)
            .field("hate_incident", .bool, .required)
            .field("hate_strands", .string, .required)
            .field("suggested_risk", .string)
            .field("status", .string, .required)
            .field("triage_outcome", .string)
            .field("triage_reason", .string)
            .field("triaged_by_id", .uuid, .references("users", "id"))
            .field("triaged_at", .datetime)
            .field("case_id", .uuid, .references("cases", "id"))
            .field("reporter_person_id", .uuid, .references("people", "id"))
            .field("police_referred", .bool, .required)
            .field("submitter_key", .string)
            .unique(on: "reference")
            .create()
        try await SQLIndex.create(
            "reports_queue_idx", on: "reports", columns: ["organisation_id", "status", "received_at"], in: database)
        try await SQLIndex.create("reports_case_idx", on: "reports", columns: ["case_id", "received_at"], in: database)
        try await SQLIndex.create(
            "reports_reporter_idx", on: "reports", columns: ["reporter_person_id", "received_at"], in: database)
        try await SQLIndex.create(
            "reports_submitter_idx", on: "reports", columns: ["submitter_key", "received_at"], in: database)

        try await database.schema("report_categories")
            .id()
            .field("report_id", .uuid, .required, .references("reports", "id", onDelete: .cascade))
            .field("category_id", .uuid, .required, .references("categories", "id"))
            .unique(on: "report_id", "category_id")
            .create()
        try await database.schema("case_categories")
            .id()
            .field("case_id", .uuid, .required, .references("cases", "id", onDelete: .cascade))
            .field("category_id", .uuid, .required, .references("categories", "id"))
            .unique(on: "case_id", "category_id")
            .create()
        try await SQLIndex.create(
            "case_categories_category_idx", on: "case_categories", columns: ["category_id", "case_id"], in: database)

        try await database.schema("case_parties")
            .id()
            .field("case_id", .uuid, .required, .references("cases", "id", onDelete: .cascade))
            .field("person_id", .uuid, .references("people", "id"))
            .field("role", .string, .required)
            .field("respondent_kind", .string)
            .field("description", .string)
            .field("group_party_id", .uuid, .references("case_parties", "id"))
            .field("added_at", .datetime, .required)
            .create()
        try await SQLIndex.create("case_parties_case_idx", on: "case_parties", columns: ["case_id"], in: database)
        try await SQLIndex.create(
            "case_parties_person_idx", on: "case_parties", columns: ["person_id", "case_id"], in: database)

        try await database.schema("case_events")
            .id()
            .field("case_id", .uuid, .required, .references("cases", "id", onDelete: .cascade))
            .field("occurred_at", .datetime, .required)
            .field("kind", .string, .required)
            .field("summary", .string, .required)
            .field("actor_id", .uuid, .references("users", "id"))
            .create()
        try await SQLIndex.create(
            "case_events_case_idx", on: "case_events", columns: ["case_id", "occurred_at"], in: database)

        guard let sql = database as? any SQLDatabase else { return }
        // Numbering: one row per series (for example ASB-2026), bumped in the
        // transaction that uses the number, so numbers are never reused.
        try await sql.create(table: "reference_counters")
            .column("name", type: .text, .primaryKey(autoIncrement: false))
            .column("value", type: .bigint, .notNull)
            .run()

        try await database.schema("response_targets")
            .id()
            .field("risk_level", .string, .required)
            .field("target_days", .int, .required)
            .field("limit_days", .int, .required)
            .field("guidance", .string, .required)
            .unique(on: "risk_level")
            .create()
        try await database.schema("intake_settings")
            .id()
            .field("office_opens_minute", .int, .required)
            .field("office_closes_minute", .int, .required)
            .field("in_progress_minutes", .int, .required)
            .field("repeat_window_months", .int, .required)
            .field("case_review_threshold", .int, .required)
            .field("submitter_key_secret", .string, .required)
            .create()
        try await database.schema("office_closures")
            .id()
            .field("day", .string, .required)
            .field("description", .string, .required)
            .unique(on: "day")
            .create()

        // Seeds: local policy starts from the documented defaults.
        let policy = ResponsePolicy.lambethDefault
        for risk in RiskLevel.allCases {
            let target = policy.targets[risk]!
            try await ResponseTargetRecord(
                risk: risk, targetDays: target.targetWorkingDays, limitDays: target.limitWorkingDays,
                guidance: target.guidance
            ).create(on: database)
        }
        let hours = OfficeHours()
        let repeats = RepeatRules()
        try await IntakeSettingsRecord(
            opens: hours.opensAtMinute, closes: hours.closesAtMinute, inProgressMinutes: policy.inProgressMinutes,
            repeatWindowMonths: repeats.windowMonths, caseReviewThreshold: repeats.caseReviewThreshold,
            submitterKeySecret: Tokens.random()
        ).create(on: database)
        for (index, name) in DefaultCategories.names.enumerated() {
            try await Category(name: name, position: index + 1, marksHate: name == DefaultCategories.hateCategory)
                .create(on: database)
        }
    }

    func revert(on database: any Database) async throws {
        for table in [
            "office_closures", "intake_settings", "response_targets", "reference_counters", "case_events",
            "case_parties", "case_categories", "report_categories", "reports", "people", "places", "categories",
            "estates", "wards",
        ] {
            try await database.schema(table).delete()
        }
    }
}

/// The case columns intake adds: where, the response deadline, the
/// acknowledgement, repeat prompts and links.
struct M006ExtendCasesForIntake: AsyncMigration {
    var name: String { "M006ExtendCasesForIntake" }

    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite alters a table a column at a time.
        for (field, type) in Self.columns {
            try await database.schema("cases").field(.string(field), type).update()
        }
        try await SQLIndex.create(
            "cases_queue_idx", on: "cases", columns: ["officer_id", "next_deadline_at"], in: database)
        try await SQLIndex.create(
            "cases_status_idx", on: "cases", columns: ["organisation_id", "status", "opened_at"], in: database)
        try await SQLIndex.create("cases_ward_idx", on: "cases", columns: ["ward_id", "opened_at"], in: database)
    }

    static let columns: [(String, DatabaseSchema.DataType)] = [
        ("ward_id", .uuid), ("place_id", .uuid), ("location", .string), ("hate_incident", .bool),
        ("hate_strands", .string), ("in_progress", .bool), ("received_at", .datetime),
        ("response_target_at", .datetime), ("response_due_at", .datetime), ("response_basis", .string),
        ("acknowledged_at", .datetime), ("acknowledgement_method", .string), ("case_review_prompt", .bool),
        ("case_review_explained_at", .datetime), ("threshold_flagged_at", .datetime), ("linked_case_id", .uuid),
        ("allocated_at", .datetime), ("next_deadline_at", .datetime),
    ]

    func revert(on database: any Database) async throws {
        for index in ["cases_queue_idx", "cases_status_idx", "cases_ward_idx"] {
            try await SQLIndex.drop(index, in: database)
        }
        for (field, _) in Self.columns {
            try await database.schema("cases").deleteField(.string(field)).update()
        }
    }
}
