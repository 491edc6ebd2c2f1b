import Fluent
import SQLKit

/// Issue 22: the ASB Case Review.
/// - `case_review_arrangements` and `case_review_bodies`: the local arrangements as policy data (the threshold and
///   its rules, the stage timescales, the single point of contact, the CT-MARAC that reviews, the appeal route and
///   the external escalation), and the relevant bodies with their designated officers.
/// - `case_reviews`: one application, from receipt to appeal, with the moment each step was recorded; the
///   applicant's private page is reached by a token stored only as its hash.
/// - `case_review_complaints`: the complaints as the applicant stated them.
/// - `case_review_requests`: the information asked of each relevant body, and its reply.
/// - `case_review_updates`: every update and letter to the applicant, how and when it went.
struct M028CreateCaseReviews: AsyncMigration {
    var name: String { "M028CreateCaseReviews" }

    func prepare(on database: any Database) async throws {
        try await database.schema("case_review_arrangements").id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("contact_id", .uuid, .references("users", "id"))
            .field("panel_id", .uuid, .references("panels", "id"))
            .field("threshold", .int, .required)
            .field("period_months", .int, .required)
            .field("complaint_within_months", .int, .required)
            .field("application_within_months", .int, .required)
            .field("local_test", .string)
            .field("requires_closed_case", .bool, .required)
            .field("contact_days", .int, .required)
            .field("decision_days", .int, .required)
            .field("outcome_days", .int, .required)
            .field("action_days", .int, .required)
            .field("resolution_days", .int, .required)
            .field("appeal_days", .int, .required)
            .field("appeal_route", .string, .required)
            .field("escalation", .string, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "organisation_id")
            .create()
        try await database.schema("case_review_bodies").id()
            .field("arrangements_id", .uuid, .required, .references("case_review_arrangements", "id"))
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("designated_officer_id", .uuid, .references("users", "id"))
            .unique(on: "arrangements_id", "organisation_id")
            .create()

        try await database.schema("case_reviews").id()
            .field("reference", .string, .required)
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("channel", .string, .required)
            .field("applicant_kind", .string, .required)
            .field("applicant_name", .string, .required)
            .field("applicant_phone", .string)
            .field("applicant_email", .string)
            .field("applicant_address", .string)
            .field("victim_name", .string)
            .field("consent", .bool, .required)
            .field("description", .string, .required)
            .field("involvement", .string, .required)
            .field("needs", .string)
            .field("received_at", .datetime, .required)
            .field("recorded_by_id", .uuid, .references("users", "id"))
            .field("token_hash", .string, .required)
            .field("submitter_key", .string)
            .field("case_id", .uuid, .references("cases", "id"))
            .field("contacted_at", .datetime)
            .field("attendance_offered", .bool, .required)
            .field("decision", .string)
            .field("decision_reason", .string)
            .field("decided_at", .datetime)
            .field("decided_by_id", .uuid, .references("users", "id"))
            .field("decided_on_time", .bool)
            .field("assessment_offered", .bool, .required)
            .field("routes", .string, .required)
            .field("decision_letter_at", .datetime)
            .field("meeting_id", .uuid, .references("panel_meetings", "id"))
            .field("reviewed_at", .datetime)
            .field("lead_organisation_id", .uuid, .references("organisations", "id"))
            .field("lead_officer_id", .uuid, .references("users", "id"))
            .field("recommendations", .string)
            .field("action_plan", .string)
            .field("victim_attended", .bool, .required)
            .field("outcome_sent_at", .datetime)
            .field("actions_note", .string)
            .field("actions_done_at", .datetime)
            .field("resolution_text", .string)
            .field("resolution_drafted_at", .datetime)
            .field("resolution_signed_at", .datetime)
            .field("resolution_signed_by_id", .uuid, .references("users", "id"))
            .field("resolution_sent_at", .datetime)
            .field("meeting_offered", .bool, .required)
            .field("response", .string)
            .field("response_note", .string)
            .field("responded_at", .datetime)
            .field("appeal_officer_id", .uuid, .references("users", "id"))
            .field("appeal_outcome", .string)
            .field("appeal_reason", .string)
            .field("appeal_met_applicant", .bool, .required)
            .field("appeal_decided_at", .datetime)
            .field("escalated_at", .datetime)
            .field("escalation_reference", .string)
            .field("escalation_outcome", .string)
            .field("escalation_outcome_at", .datetime)
            .field("withdrawn_at", .datetime)
            .field("withdrawn_reason", .string)
            .unique(on: "reference")
            .unique(on: "token_hash")
            .create()
        // The register and the publication read applications by organisation and date received; the meeting's
        // agenda and the case page find theirs; the public form counts a submitter's recent applications.
        try await SQLIndex.create(
            "case_reviews_received_idx", on: "case_reviews", columns: ["organisation_id", "received_at"],
            in: database)
        try await SQLIndex.create("case_reviews_case_idx", on: "case_reviews", columns: ["case_id"], in: database)
        try await SQLIndex.create(
            "case_reviews_meeting_idx", on: "case_reviews", columns: ["meeting_id"], in: database)
        try await SQLIndex.create(
            "case_reviews_submitter_idx", on: "case_reviews", columns: ["submitter_key", "received_at"],
            in: database)

        try await database.schema("case_review_complaints").id()
            .field("review_id", .uuid, .required, .references("case_reviews", "id"))
            .field("reported_on", .string, .required)
            .field("made_to", .string, .required)
            .field("reference", .string)
            .field("position", .int, .required)
            .create()
        try await SQLIndex.create(
            "case_review_complaints_review_idx", on: "case_review_complaints", columns: ["review_id"], in: database)

        try await database.schema("case_review_requests").id()
            .field("review_id", .uuid, .required, .references("case_reviews", "id"))
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("requested_at", .datetime, .required)
            .field("reply", .string)
            .field("replied_at", .datetime)
            .field("replied_by_id", .uuid, .references("users", "id"))
            .unique(on: "review_id", "organisation_id")
            .create()
        try await SQLIndex.create(
            "case_review_requests_organisation_idx", on: "case_review_requests",
            columns: ["organisation_id", "replied_at"], in: database)

        try await database.schema("case_review_updates").id()
            .field("review_id", .uuid, .required, .references("case_reviews", "id"))
            .field("kind", .string, .required)
            .field("method", .string, .required)
            .field("summary", .string, .required)
            .field("body", .string)
            .field("email_id", .uuid, .references("emails", "id"))
            .field("sent_at", .datetime, .required)
            .field("sent_by_id", .uuid, .references("users", "id"))
            .create()
        try await SQLIndex.create(
            "case_review_updates_review_idx", on: "case_review_updates", columns: ["review_id", "sent_at"],
            in: database)
    }

    func revert(on database: any Database) async throws {
        for table in [
            "case_review_updates", "case_review_requests", "case_review_complaints", "case_reviews",
            "case_review_bodies", "case_review_arrangements",
        ] {
            try await database.schema(table).delete()
        }
    }
}
