import Fluent
import SQLKit
import TandemCore
import Vapor

/// Casework: interviews, the action plan with its actions, revisions and
/// review meetings, contacts against the promise, the incident diary and
/// evidence register, interventions and their breaches, referrals and their
/// updates, decisions about the respondent, letters and their templates, the
/// resident's private links and the outbox; and the case columns that
/// schedule the promised contact.
struct M008CreateCasework: AsyncMigration {
    var name: String { "M008CreateCasework" }

    private func caseTable(_ name: String, on database: any Database) -> SchemaBuilder {
        database.schema(name).id().field("case_id", .uuid, .required, .references("cases", "id"))
    }

    func prepare(on database: any Database) async throws {
        try await caseTable("interviews", on: database)
            .field("party_id", .uuid, .required, .references("case_parties", "id"))
            .field("kind", .string, .required)
            .field("interviewed_on", .string, .required)
            .field("method", .string, .required)
            .field("interpreter_present", .bool, .required)
            .field("answers", .string, .required)
            .field("allegation_response", .string)
            .field("notes_given_on", .string)
            .field("notes", .string)
            .field("recorded_at", .datetime, .required)
            .field("recorded_by_id", .uuid, .required, .references("users", "id"))
            .create()
        try await SQLIndex.create(
            "interviews_case_idx", on: "interviews", columns: ["case_id", "recorded_at"], in: database)

        try await caseTable("action_plans", on: database)
            .field("version", .int, .required)
            .field("drawn_up_on", .string, .required)
            .field("evidence_plan", .string, .required)
            .field("contact_frequency", .int, .required)
            .field("contact_method", .string, .required)
            .field("first_review_on", .string, .required)
            .field("next_review_on", .string, .required)
            .field("agreed_by", .string)
            .field("agreed_on", .string)
            .field("agreed_how", .string)
            .field("agreed_version", .int)
            .field("created_at", .datetime, .required)
            .field("created_by_id", .uuid, .required, .references("users", "id"))
            .field("updated_at", .datetime, .required)
            .unique(on: "case_id")
            .create()

        try await caseTable("plan_actions", on: database)
            .field("description", .string, .required)
            .field("owner", .string, .required)
            .field("owner_name", .string)
            .field("due_on", .string, .required)
            .field("status", .string, .required)
            .field("done_on", .string)
            .field("added_at", .datetime, .required)
            .field("added_by_id", .uuid, .required, .references("users", "id"))
            .create()
        try await SQLIndex.create(
            "plan_actions_case_idx", on: "plan_actions", columns: ["case_id", "due_on"], in: database)

        try await caseTable("plan_revisions", on: database)
            .field("version", .int, .required)
            .field("change", .string, .required)
            .field("snapshot", .string, .required)
            .field("recorded_at", .datetime, .required)
            .field("recorded_by_id", .uuid, .required, .references("users", "id"))
            .create()
        try await SQLIndex.create(
            "plan_revisions_case_idx", on: "plan_revisions", columns: ["case_id", "version"], in: database)

        try await caseTable("review_meetings", on: database)
            .field("held_on", .string, .required)
            .field("attendees", .string, .required)
            .field("progress", .string, .required)
            .field("next_steps", .string)
            .field("next_review_on", .string)
            .field("recorded_at", .datetime, .required)
            .field("recorded_by_id", .uuid, .required, .references("users", "id"))
            .create()
        try await SQLIndex.create(
            "review_meetings_case_idx", on: "review_meetings", columns: ["case_id", "held_on"], in: database)

        try await caseTable("contacts", on: database)
            .field("contacted_at", .datetime, .required)
            .field("channel", .string, .required)
            .field("with_whom", .string, .required)
            .field("summary", .string, .required)
            .field("recorded_at", .datetime, .required)
            .field("recorded_by_id", .uuid, .required, .references("users", "id"))
            .create()
        try await SQLIndex.create(
            "contacts_case_idx", on: "contacts", columns: ["case_id", "contacted_at"], in: database)

        try await database.schema("resident_links").id()
            .field("case_id", .uuid, .required, .references("cases", "id"))
            .field("party_id", .uuid, .required, .references("case_parties", "id"))
            .field("token_hash", .string, .required)
            .field("code_hash", .string, .required)
            .field("created_at", .datetime, .required)
            .field("created_by_id", .uuid, .required, .references("users", "id"))
            .field("expires_at", .datetime, .required)
            .field("revoked_at", .datetime)
            .field("revoked_by_id", .uuid, .references("users", "id"))
            .field("failed_attempts", .int, .required)
            .field("session_hash", .string)
            .field("session_expires_at", .datetime)
            .field("last_used_at", .datetime)
            .unique(on: "token_hash")
            .create()
        try await SQLIndex.create("resident_links_case_idx", on: "resident_links", columns: ["case_id"], in: database)

        try await caseTable("diary_entries", on: database)
            .field("occurred_at", .datetime, .required)
            .field("what_happened", .string, .required)
            .field("who_involved", .string)
            .field("effect", .string)
            .field("source", .string, .required)
            .field("recorded_at", .datetime, .required)
            .field("recorded_by_id", .uuid, .references("users", "id"))
            .field("resident_link_id", .uuid, .references("resident_links", "id"))
            .create()
        try await SQLIndex.create(
            "diary_entries_case_idx", on: "diary_entries", columns: ["case_id", "occurred_at"], in: database)

        try await caseTable("evidence_items", on: database)
            .field("kind", .string, .required)
            .field("title", .string, .required)
            .field("description", .string)
            .field("obtained_on", .string, .required)
            .field("diary_entry_id", .uuid, .references("diary_entries", "id"))
            .field("file_name", .string)
            .field("file_type", .string)
            .field("file_size", .int)
            .field("file_sha256", .string)
            .field("storage_key", .string)
            .field("added_at", .datetime, .required)
            .field("added_by_id", .uuid, .references("users", "id"))
            .field("from_resident", .bool, .required)
            .create()
        try await SQLIndex.create(
            "evidence_items_case_idx", on: "evidence_items", columns: ["case_id", "added_at"], in: database)

        try await caseTable("interventions", on: database)
            .field("party_id", .uuid, .references("case_parties", "id"))
            .field("kind", .string, .required)
            .field("started_on", .string, .required)
            .field("terms", .string)
            .field("guardians", .string)
            .field("review_on", .string)
            .field("ends_on", .string)
            .field("reporting_consents", .bool, .required)
            .field("respondent_consents", .bool, .required)
            .field("mediation_justification", .string)
            .field("victim_consulted_on", .string)
            .field("victim_view", .string)
            .field("engagement", .string, .required)
            .field("status", .string, .required)
            .field("outcome", .string)
            .field("outcome_notes", .string)
            .field("outcome_on", .string)
            .field("recorded_at", .datetime, .required)
            .field("recorded_by_id", .uuid, .required, .references("users", "id"))
            .create()
        try await SQLIndex.create(
            "interventions_case_idx", on: "interventions", columns: ["case_id", "status"], in: database)

        try await caseTable("intervention_breaches", on: database)
            .field("intervention_id", .uuid, .required, .references("interventions", "id"))
            .field("occurred_on", .string, .required)
            .field("details", .string, .required)
            .field("action_taken", .string)
            .field("recorded_at", .datetime, .required)
            .field("recorded_by_id", .uuid, .required, .references("users", "id"))
            .create()
        try await SQLIndex.create(
            "intervention_breaches_idx", on: "intervention_breaches", columns: ["intervention_id"], in: database)

        try await caseTable("referrals", on: database)
            .field("party_id", .uuid, .references("case_parties", "id"))
            .field("service", .string, .required)
            .field("organisation_name", .string)
            .field("asked", .string, .required)
            .field("sent_on", .string, .required)
            .field("reply_due_on", .string, .required)
            .field("status", .string, .required)
            .field("outcome", .string)
            .field("recorded_at", .datetime, .required)
            .field("recorded_by_id", .uuid, .required, .references("users", "id"))
            .field("updated_at", .datetime, .required)
            .create()
        try await SQLIndex.create("referrals_case_idx", on: "referrals", columns: ["case_id", "status"], in: database)
        try await SQLIndex.create(
            "referrals_chase_idx", on: "referrals", columns: ["status", "reply_due_on"], in: database)

        try await caseTable("referral_updates", on: database)
            .field("referral_id", .uuid, .required, .references("referrals", "id"))
            .field("status", .string, .required)
            .field("note", .string)
            .field("recorded_at", .datetime, .required)
            .field("recorded_by_id", .uuid, .required, .references("users", "id"))
            .create()
        try await SQLIndex.create(
            "referral_updates_idx", on: "referral_updates", columns: ["referral_id", "recorded_at"], in: database)

        try await caseTable("respondent_decisions", on: database)
            .field("party_id", .uuid, .references("case_parties", "id"))
            .field("suggested", .string, .required)
            .field("decided", .string, .required)
            .field("reason", .string, .required)
            .field("decided_at", .datetime, .required)
            .field("decided_by_id", .uuid, .required, .references("users", "id"))
            .create()
        try await SQLIndex.create(
            "respondent_decisions_idx", on: "respondent_decisions", columns: ["case_id", "decided_at"], in: database)

        try await database.schema("letter_templates").id()
            .field("key", .string, .required)
            .field("audience", .string, .required)
            .field("title", .string, .required)
            .field("body", .string, .required)
            .field("updated_at", .datetime, .required)
            .field("updated_by_id", .uuid, .references("users", "id"))
            .unique(on: "key")
            .create()
        for template in DefaultLetters.all {
            try await LetterTemplate(
                key: template.key, audience: template.audience, title: template.title,
                body: template.body, at: Date()
            ).create(on: database)
        }

        try await caseTable("letters", on: database)
            .field("template_key", .string, .required)
            .field("audience", .string, .required)
            .field("party_id", .uuid, .references("case_parties", "id"))
            .field("recipient_name", .string, .required)
            .field("title", .string, .required)
            .field("body", .string, .required)
            .field("method", .string, .required)
            .field("sent_on", .string, .required)
            .field("recorded_at", .datetime, .required)
            .field("recorded_by_id", .uuid, .required, .references("users", "id"))
            .create()
        try await SQLIndex.create("letters_case_idx", on: "letters", columns: ["case_id", "recorded_at"], in: database)

        try await caseTable("outbox_messages", on: database)
            .field("party_id", .uuid, .references("case_parties", "id"))
            .field("channel", .string, .required)
            .field("recipient", .string, .required)
            .field("subject", .string, .required)
            .field("body", .string, .required)
            .field("created_at", .datetime, .required)
            .field("created_by_id", .uuid, .required, .references("users", "id"))
            .create()
        try await SQLIndex.create(
            "outbox_case_idx", on: "outbox_messages", columns: ["case_id", "created_at"], in: database)

        // One column per statement: SQLite alters a table a column at a time.
        for (field, type) in Self.caseColumns {
            try await database.schema("cases").field(.string(field), type).update()
        }
        try await SQLIndex.create(
            "cases_contact_due_idx", on: "cases", columns: ["officer_id", "next_contact_due_at"], in: database)
    }

    static let caseColumns: [(String, DatabaseSchema.DataType)] = [
        ("contact_frequency", .int), ("next_contact_due_at", .datetime), ("last_contact_at", .datetime),
        ("household_at_risk_at", .datetime),
    ]

    func revert(on database: any Database) async throws {
        try await SQLIndex.drop("cases_contact_due_idx", in: database)
        for (field, _) in Self.caseColumns {
            try await database.schema("cases").deleteField(.string(field)).update()
        }
        for table in [
            "outbox_messages", "letters", "letter_templates", "respondent_decisions", "referral_updates", "referrals",
            "intervention_breaches", "interventions", "evidence_items", "diary_entries", "resident_links", "contacts",
            "review_meetings", "plan_revisions", "plan_actions", "action_plans", "interviews",
        ] {
            try await database.schema(table).delete()
        }
    }
}
