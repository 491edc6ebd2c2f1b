import Fluent
import SQLKit

/// Issue 21: multi-agency panels.
/// - `panels` and `panel_members`: each forum as local policy, its host, chair, coordinator, members and their
///   representatives, and the bands an assessment refers to it automatically.
/// - `panel_referrals`: a case referred to a panel, accepted onto a meeting or returned, and closed by the panel.
/// - `panel_meetings`, `panel_attendance`, `panel_items`, `panel_research`: a meeting, who came, each case on its
///   agenda with what was decided, and what each member's records held beforehand.
/// - `panel_minutes`: every version of a meeting's minutes, issued once the chair approves.
/// - `plan_actions`: an action agreed at a panel is an action on the case's plan, so it lands in its owner's
///   inbox and on the plan; it names the agenda item and keeps the owner's report before the next meeting.
struct M027CreatePanels: AsyncMigration {
    var name: String { "M027CreatePanels" }

    func prepare(on database: any Database) async throws {
        try await database.schema("panels").id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("terms_of_reference", .string, .required)
            .field("cadence", .string, .required)
            .field("chair_id", .uuid, .references("users", "id"))
            .field("coordinator_id", .uuid, .references("users", "id"))
            .field("agreement_id", .uuid, .references("sharing_agreements", "id"))
            .field("automatic_bands", .string, .required)
            .field("active", .bool, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await database.schema("panel_members").id()
            .field("panel_id", .uuid, .required, .references("panels", "id"))
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("representative_id", .uuid, .references("users", "id"))
            .create()
        try await SQLIndex.create("panel_members_panel_idx", on: "panel_members", columns: ["panel_id"], in: database)
        try await SQLIndex.create(
            "panel_members_organisation_idx", on: "panel_members", columns: ["organisation_id"], in: database)

        try await database.schema("panel_meetings").id()
            .field("panel_id", .uuid, .required, .references("panels", "id"))
            .field("held_on", .string, .required)
            .field("starts_at", .string, .required)
            .field("place", .string, .required)
            .field("created_at", .datetime, .required)
            .field("created_by_id", .uuid, .required, .references("users", "id"))
            .field("held_at", .datetime)
            .create()
        try await SQLIndex.create(
            "panel_meetings_panel_idx", on: "panel_meetings", columns: ["panel_id", "held_on"], in: database)

        try await database.schema("panel_referrals").id()
            .field("panel_id", .uuid, .required, .references("panels", "id"))
            .field("case_id", .uuid, .required, .references("cases", "id"))
            .field("reason", .string, .required)
            .field("questions", .string, .required)
            .field("automatic", .bool, .required)
            .field("repeat", .bool, .required)
            .field("status", .string, .required)
            .field("referred_on", .string, .required)
            .field("referred_at", .datetime, .required)
            .field("referred_by_id", .uuid, .references("users", "id"))
            .field("meeting_id", .uuid, .references("panel_meetings", "id"))
            .field("decided_at", .datetime)
            .field("decided_by_id", .uuid, .references("users", "id"))
            .field("return_reason", .string)
            .field("closed_at", .datetime)
            .field("closing_decision", .string)
            .create()
        // The coordinator's queue and the panel's list read by panel and status; a case's history and the repeat
        // rule read by case.
        try await SQLIndex.create(
            "panel_referrals_panel_idx", on: "panel_referrals", columns: ["panel_id", "status", "referred_at"],
            in: database)
        try await SQLIndex.create(
            "panel_referrals_case_idx", on: "panel_referrals", columns: ["case_id", "referred_on"], in: database)

        try await database.schema("panel_attendance").id()
            .field("meeting_id", .uuid, .required, .references("panel_meetings", "id"))
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("attendees", .string, .required)
            .field("status", .string, .required)
            .create()
        try await SQLIndex.create(
            "panel_attendance_meeting_idx", on: "panel_attendance", columns: ["meeting_id"], in: database)

        try await database.schema("panel_items").id()
            .field("meeting_id", .uuid, .required, .references("panel_meetings", "id"))
            .field("case_id", .uuid, .required, .references("cases", "id"))
            .field("referral_id", .uuid, .required, .references("panel_referrals", "id"))
            .field("is_new", .bool, .required)
            .field("position", .int, .required)
            .field("discussion", .string)
            .field("risk_summary", .string)
            .field("decisions", .string)
            .field("lead_organisation_id", .uuid, .references("organisations", "id"))
            .field("case_manager_id", .uuid, .references("users", "id"))
            .field("outcome", .string)
            .field("recorded_at", .datetime)
            .field("recorded_by_id", .uuid, .references("users", "id"))
            .create()
        try await SQLIndex.create(
            "panel_items_meeting_idx", on: "panel_items", columns: ["meeting_id", "position"], in: database)
        try await SQLIndex.create("panel_items_case_idx", on: "panel_items", columns: ["case_id"], in: database)
        try await SQLIndex.create("panel_items_referral_idx", on: "panel_items", columns: ["referral_id"], in: database)

        try await database.schema("panel_research").id()
            .field("item_id", .uuid, .required, .references("panel_items", "id"))
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("facts", .string, .required)
            .field("opinion", .string, .required)
            .field("nothing_held", .bool, .required)
            .field("special_category", .bool, .required)
            .field("recorded_at", .datetime, .required)
            .field("recorded_by_id", .uuid, .required, .references("users", "id"))
            .create()
        // One record per organisation per item: a second save updates it.
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "panel_research_item_org_idx").unique().on("panel_research")
                .column("item_id").column("organisation_id").run()
        }

        try await database.schema("panel_minutes").id()
            .field("meeting_id", .uuid, .required, .references("panel_meetings", "id"))
            .field("version", .int, .required)
            .field("content", .string, .required)
            .field("drafted_at", .datetime, .required)
            .field("drafted_by_id", .uuid, .required, .references("users", "id"))
            .field("approved_at", .datetime)
            .field("approved_by_id", .uuid, .references("users", "id"))
            .create()
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "panel_minutes_meeting_version_idx").unique().on("panel_minutes")
                .column("meeting_id").column("version").run()
        }

        try await database.schema("plan_actions")
            .field("panel_item_id", .uuid, .references("panel_items", "id"))
            .update()
        try await database.schema("plan_actions").field("progress", .string).update()
        try await database.schema("plan_actions").field("progress_note", .string).update()
        try await database.schema("plan_actions").field("progress_at", .datetime).update()
        // The panel's actions, its carried-forward list and its report read actions by agenda item.
        try await SQLIndex.create(
            "plan_actions_panel_item_idx", on: "plan_actions", columns: ["panel_item_id"], in: database)
    }

    func revert(on database: any Database) async throws {
        try await SQLIndex.drop("plan_actions_panel_item_idx", in: database)
        for field in ["progress_at", "progress_note", "progress", "panel_item_id"] {
            try await database.schema("plan_actions").deleteField(.string(field)).update()
        }
        for table in [
            "panel_minutes", "panel_research", "panel_items", "panel_attendance", "panel_referrals", "panel_meetings",
            "panel_members", "panels",
        ] {
            try await database.schema(table).delete()
        }
    }
}
