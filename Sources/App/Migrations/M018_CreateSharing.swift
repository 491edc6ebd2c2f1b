import Fluent
import SQLKit

/// Issue 19, partnership: the register of information sharing agreements, shares made under them with their
/// scope, consent and revocation, the disclosure log, shared case notes, referrals to organisations that use
/// Tandem, and work (plan actions, tasks) owned by an organisation.
///
/// Columns added to existing tables reference their parent only on PostgreSQL: SQLite adds a column a statement
/// at a time and cannot drop one that references another table, so there they are plain columns and revert
/// works on both databases (as in M017).
struct M018CreateSharing: AsyncMigration {
    var name: String { "M018CreateSharing" }

    /// What a share made before agreements existed opens: every section but special category data, which no
    /// share may open without an agreement's Article 9 condition.
    static let legacySections = "summary,reports,risk,casework,enforcement"

    func prepare(on database: any Database) async throws {
        let sqlite = (database as? any SQLDatabase)?.dialect.name == "sqlite"
        func reference(_ name: FieldKey, _ table: String) -> DatabaseSchema.FieldDefinition {
            .definition(name: .key(name), dataType: .uuid, constraints: sqlite ? [] : [.references(table, "id")])
        }
        try await database.schema("sharing_agreements")
            .id()
            .field("title", .string, .required)
            .field("purpose", .string, .required)
            .field("gateways", .string, .required)
            .field("special_condition", .string)
            .field("sections", .string, .required)
            .field("starts_on", .string, .required)
            .field("review_on", .string)
            .field("ends_on", .string)
            .field("document_reference", .string)
            .field("status", .string, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await database.schema("sharing_agreement_parties")
            .id()
            .field("agreement_id", .uuid, .required, .references("sharing_agreements", "id", onDelete: .cascade))
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .unique(on: "agreement_id", "organisation_id")
            .create()
        try await SQLIndex.create(
            "sharing_agreement_parties_organisation_idx", on: "sharing_agreement_parties",
            columns: ["organisation_id", "agreement_id"], in: database)

        // A case's share with an organisation stays one row (unique per case and organisation, M004): revoking
        // keeps the row with when, who and why; sharing again renews it. The history is the disclosure log.
        try await database.schema("case_shares").field(reference("agreement_id", "sharing_agreements")).update()
        try await database.schema("case_shares").field("purpose", .string).update()
        try await database.schema("case_shares")
            .field("sections", .string, .required, .sql(.default(Self.legacySections))).update()
        try await database.schema("case_shares").field("ends_on", .string).update()
        try await database.schema("case_shares").field(reference("shared_by_id", "users")).update()
        try await database.schema("case_shares").field("senior_decision", .string).update()
        try await database.schema("case_shares").field(reference("senior_decision_by_id", "users")).update()
        try await database.schema("case_shares").field("revoked_at", .datetime).update()
        try await database.schema("case_shares").field(reference("revoked_by_id", "users")).update()
        try await database.schema("case_shares").field("revoke_reason", .string).update()
        try await database.schema("case_shares").field(reference("referral_id", "referrals")).update()
        try await SQLIndex.create(
            "case_shares_agreement_idx", on: "case_shares", columns: ["agreement_id"], in: database)

        try await database.schema("share_consents")
            .id()
            .field("share_id", .uuid, .required, .references("case_shares", "id", onDelete: .cascade))
            .field("person_id", .uuid, .required, .references("people", "id"))
            .field("consent", .string, .required)
            .field("not_sought_reason", .string)
            .field("recorded_at", .datetime, .required)
            .unique(on: "share_id", "person_id")
            .create()

        try await database.schema("disclosures")
            .id()
            .field("case_id", .uuid, .required, .references("cases", "id", onDelete: .cascade))
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("agreement_id", .uuid, .references("sharing_agreements", "id"))
            .field("event", .string, .required)
            .field("sections", .string, .required)
            .field("purpose", .string, .required)
            .field("gateways", .string, .required)
            .field("consents", .string, .required)
            .field("senior_decision", .string)
            .field("reason", .string)
            .field("ends_on", .string)
            .field("actor_id", .uuid, .references("users", "id"))
            .field("at", .datetime, .required)
            .create()
        try await SQLIndex.create("disclosures_case_idx", on: "disclosures", columns: ["case_id", "at"], in: database)

        try await database.schema("case_notes")
            .id()
            .field("case_id", .uuid, .required, .references("cases", "id", onDelete: .cascade))
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("author_id", .uuid, .required, .references("users", "id"))
            .field("body", .string, .required)
            .field("written_at", .datetime, .required)
            .create()
        try await SQLIndex.create(
            "case_notes_case_idx", on: "case_notes", columns: ["case_id", "written_at"], in: database)

        // A referral to an organisation that uses Tandem lands in its queue; accepting it shares the case under
        // the agreement, sections and consent the referrer chose.
        try await database.schema("referrals").field(reference("to_organisation_id", "organisations")).update()
        try await database.schema("referrals").field(reference("agreement_id", "sharing_agreements")).update()
        try await database.schema("referrals").field("share_sections", .string).update()
        try await database.schema("referrals").field("consent", .string).update()
        try await database.schema("referrals").field("not_sought_reason", .string).update()
        try await database.schema("referrals").field("senior_decision", .string).update()
        try await database.schema("referrals").field("answered_at", .datetime).update()
        try await database.schema("referrals").field(reference("answered_by_id", "users")).update()
        try await database.schema("referrals").field("decline_reason", .string).update()
        try await SQLIndex.create(
            "referrals_to_organisation_idx", on: "referrals", columns: ["to_organisation_id", "status"], in: database)

        // Work an organisation owns: a partner completes it on a case shared with it.
        try await database.schema("plan_actions").field(reference("owner_organisation_id", "organisations")).update()
        try await database.schema("plan_actions").field(reference("owner_user_id", "users")).update()
        try await database.schema("plan_actions").field(reference("done_by_id", "users")).update()
        try await SQLIndex.create(
            "plan_actions_owner_organisation_idx", on: "plan_actions", columns: ["owner_organisation_id", "status"],
            in: database)
        try await database.schema("risk_tasks").field(reference("assigned_organisation_id", "organisations"))
            .update()
        try await SQLIndex.create(
            "risk_tasks_assigned_organisation_idx", on: "risk_tasks", columns: ["assigned_organisation_id", "status"],
            in: database)

        // An incident a partner agency received, recorded by it as a report on the case: whose it is and the
        // agency's own reference (a police log number).
        try await database.schema("reports").field(reference("partner_organisation_id", "organisations")).update()
        try await database.schema("reports").field("partner_reference", .string).update()

        // Before issue 18 typed `legal_measures.likelihood`, the demo loader wrote "medium", which is not a
        // likelihood of success; the generator has always written "reasonable" for the middle of the scale.
        if let sql = database as? any SQLDatabase {
            try await sql.raw(
                "UPDATE legal_measures SET likelihood = 'reasonable' WHERE likelihood = 'medium'"
            ).run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("reports").deleteField("partner_reference").update()
        try await database.schema("reports").deleteField("partner_organisation_id").update()
        try await SQLIndex.drop("risk_tasks_assigned_organisation_idx", in: database)
        try await database.schema("risk_tasks").deleteField("assigned_organisation_id").update()
        try await SQLIndex.drop("plan_actions_owner_organisation_idx", in: database)
        for field in ["done_by_id", "owner_user_id", "owner_organisation_id"] {
            try await database.schema("plan_actions").deleteField(FieldKey(stringLiteral: field)).update()
        }
        try await SQLIndex.drop("referrals_to_organisation_idx", in: database)
        for field in [
            "decline_reason", "answered_by_id", "answered_at", "senior_decision", "not_sought_reason", "consent",
            "share_sections", "agreement_id", "to_organisation_id",
        ] {
            try await database.schema("referrals").deleteField(FieldKey(stringLiteral: field)).update()
        }
        try await database.schema("case_notes").delete()
        try await database.schema("disclosures").delete()
        try await database.schema("share_consents").delete()
        try await SQLIndex.drop("case_shares_agreement_idx", in: database)
        for field in [
            "referral_id", "revoke_reason", "revoked_by_id", "revoked_at", "senior_decision_by_id",
            "senior_decision", "shared_by_id", "ends_on", "sections", "purpose", "agreement_id",
        ] {
            try await database.schema("case_shares").deleteField(FieldKey(stringLiteral: field)).update()
        }
        try await database.schema("sharing_agreement_parties").delete()
        try await database.schema("sharing_agreements").delete()
    }
}
