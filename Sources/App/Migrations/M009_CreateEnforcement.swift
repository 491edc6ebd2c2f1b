import Fluent
import SQLKit
import TandemCore
import Vapor

/// Enforcement and legal action: the catalogue of powers (filled with the
/// standard powers), proportionality reviews, legal measures with their
/// hearings, orders, breaches and costs; and a place's sensitive-let flag.
struct M009CreateEnforcement: AsyncMigration {
    var name: String { "M009CreateEnforcement" }

    private func caseTable(_ name: String, on database: any Database) -> SchemaBuilder {
        database.schema(name).id().field("case_id", .uuid, .required, .references("cases", "id"))
    }

    func prepare(on database: any Database) async throws {
        try await database.schema("legal_powers").id()
            .field("key", .string, .required)
            .field("name", .string, .required)
            .field("lead", .string, .required)
            .field("prerequisites", .string, .required)
            .field("fields", .string, .required)
            .field("register_group", .string, .required)
            .field("makes_order", .bool, .required)
            .field("reminder_weeks", .int, .required)
            .field("summary", .string, .required)
            .field("active", .bool, .required)
            .field("sort_order", .int, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "key")
            .create()

        try await caseTable("proportionality_reviews", on: database)
            .field("power_id", .uuid, .required, .references("legal_powers", "id"))
            .field("party_id", .uuid, .references("case_parties", "id"))
            .field("answers", .string, .required)
            .field("confirmed", .string, .required)
            .field("status", .string, .required)
            .field("prepared_at", .datetime, .required)
            .field("prepared_by_id", .uuid, .required, .references("users", "id"))
            .field("decided_at", .datetime)
            .field("decided_by_id", .uuid, .references("users", "id"))
            .field("decision_reason", .string)
            .create()
        try await SQLIndex.create(
            "reviews_case_idx", on: "proportionality_reviews", columns: ["case_id", "prepared_at"], in: database)

        try await caseTable("legal_measures", on: database)
            .field("power_id", .uuid, .required, .references("legal_powers", "id"))
            .field("party_id", .uuid, .references("case_parties", "id"))
            .field("review_id", .uuid, .references("proportionality_reviews", "id"))
            .field("status", .string, .required)
            .field("instructed_on", .string, .required)
            .field("likelihood", .string, .required)
            .field("likelihood_notes", .string)
            .field("scope", .string)
            .field("ground", .string)
            .field("ground_condition", .string)
            .field("representations", .string)
            .field("court", .string)
            .field("conviction_on", .string)
            .field("conviction_court", .string)
            .field("conviction_offence", .string)
            .field("served_at", .datetime)
            .field("children_in_household", .bool)
            .field("evicted_on", .string)
            .field("sensitive_let", .bool)
            .field("ended_reason", .string)
            .field("recorded_at", .datetime, .required)
            .field("recorded_by_id", .uuid, .required, .references("users", "id"))
            .field("updated_at", .datetime, .required)
            .create()
        try await SQLIndex.create(
            "measures_case_idx", on: "legal_measures", columns: ["case_id", "recorded_at"], in: database)
        // The register lists and counts by year.
        try await SQLIndex.create(
            "measures_instructed_idx", on: "legal_measures", columns: ["instructed_on"], in: database)
        try await SQLIndex.create(
            "measures_power_idx", on: "legal_measures", columns: ["power_id", "instructed_on"], in: database)

        try await caseTable("court_hearings", on: database)
            .field("measure_id", .uuid, .required, .references("legal_measures", "id"))
            .field("heard_on", .string, .required)
            .field("court", .string, .required)
            .field("hearing_type", .string, .required)
            .field("outcome", .string)
            .field("adjourned_to", .string)
            .field("notes", .string)
            .field("recorded_at", .datetime, .required)
            .field("recorded_by_id", .uuid, .required, .references("users", "id"))
            .create()
        try await SQLIndex.create(
            "hearings_case_idx", on: "court_hearings", columns: ["case_id", "heard_on"], in: database)

        try await caseTable("court_orders", on: database)
            .field("measure_id", .uuid, .required, .references("legal_measures", "id"))
            .field("made_on", .string, .required)
            .field("starts_on", .string, .required)
            .field("expires_on", .string)
            .field("reminder_on", .string)
            .field("prohibitions", .string)
            .field("requirements", .string)
            .field("exclusion", .string)
            .field("power_of_arrest", .bool, .required)
            .field("arrest_terms", .string)
            .field("recorded_at", .datetime, .required)
            .field("recorded_by_id", .uuid, .required, .references("users", "id"))
            .create()
        try await SQLIndex.create("orders_case_idx", on: "court_orders", columns: ["case_id"], in: database)
        // Orders to consider extending, soonest first.
        try await SQLIndex.create("orders_reminder_idx", on: "court_orders", columns: ["reminder_on"], in: database)

        try await caseTable("order_breaches", on: database)
            .field("order_id", .uuid, .required, .references("court_orders", "id"))
            .field("occurred_on", .string, .required)
            .field("evidence", .string, .required)
            .field("police_involved", .bool, .required)
            .field("police_reference", .string)
            .field("action_taken", .string)
            .field("recorded_at", .datetime, .required)
            .field("recorded_by_id", .uuid, .required, .references("users", "id"))
            .create()
        try await SQLIndex.create(
            "order_breaches_case_idx", on: "order_breaches", columns: ["case_id", "occurred_on"], in: database)

        try await caseTable("legal_costs", on: database)
            .field("measure_id", .uuid, .references("legal_measures", "id"))
            .field("kind", .string, .required)
            .field("amount_pence", .int, .required)
            .field("incurred_on", .string, .required)
            .field("note", .string)
            .field("recorded_at", .datetime, .required)
            .field("recorded_by_id", .uuid, .required, .references("users", "id"))
            .create()
        try await SQLIndex.create("legal_costs_case_idx", on: "legal_costs", columns: ["case_id"], in: database)
        try await SQLIndex.create(
            "legal_costs_incurred_idx", on: "legal_costs", columns: ["incurred_on"], in: database)

        try await database.schema("places").field("sensitive_let_at", .datetime).update()

        // The standard catalogue, which administrators then extend and adjust.
        let now = Date()
        for (index, spec) in LegalPowerCatalogue.standard.enumerated() {
            try await LegalPower(spec, sortOrder: index, at: now).create(on: database)
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("places").deleteField("sensitive_let_at").update()
        for table in [
            "legal_costs", "order_breaches", "court_orders", "court_hearings", "legal_measures",
            "proportionality_reviews", "legal_powers",
        ] {
            try await database.schema(table).delete()
        }
    }
}
