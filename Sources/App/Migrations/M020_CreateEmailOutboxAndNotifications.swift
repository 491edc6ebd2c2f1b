import Fluent
import SQLKit

/// Issue 20: real outbound email through a durable outbox, and in-app notifications.
/// - `emails`: every message Tandem sends, queued in the transaction of the change that causes it and sent
///   by a background worker, which claims a batch (`FOR UPDATE SKIP LOCKED` on PostgreSQL), so one message
///   goes through one worker however many instances run. `sealed` holds a private link and its code,
///   encrypted, only until the message is sent (M017 keeps neither in plain text).
/// - `notifications`: what each user is told in Tandem, with when they read it.
/// - `users.email_notifications`: the kinds a user also wants by email.
struct M020CreateEmailOutboxAndNotifications: AsyncMigration {
    var name: String { "M020CreateEmailOutboxAndNotifications" }

    func prepare(on database: any Database) async throws {
        try await database.schema("emails").id()
            .field("case_id", .uuid, .references("cases", "id"))
            .field("letter_id", .uuid, .references("letters", "id"))
            .field("outbox_message_id", .uuid, .references("outbox_messages", "id"))
            .field("user_id", .uuid, .references("users", "id"))
            .field("purpose", .string, .required)
            .field("to_address", .string, .required)
            .field("subject", .string, .required)
            .field("body", .string, .required)
            .field("sealed", .string)
            .field("status", .string, .required)
            .field("attempts", .int, .required)
            .field("next_attempt_at", .datetime, .required)
            .field("claimed_by", .string)
            .field("claimed_until", .datetime)
            .field("sent_at", .datetime)
            .field("last_error", .string)
            .field("created_at", .datetime, .required)
            .create()
        // The worker's claim reads the due messages in order; the case's outbox and the admin list read theirs.
        try await SQLIndex.create("emails_due_idx", on: "emails", columns: ["status", "next_attempt_at"], in: database)
        try await SQLIndex.create("emails_case_idx", on: "emails", columns: ["case_id", "created_at"], in: database)
        try await SQLIndex.create("emails_created_idx", on: "emails", columns: ["created_at"], in: database)

        try await database.schema("notifications").id()
            .field("user_id", .uuid, .required, .references("users", "id"))
            .field("case_id", .uuid, .references("cases", "id"))
            .field("kind", .string, .required)
            .field("summary", .string, .required)
            .field("href", .string, .required)
            /// Set for notifications that must come once only (a deadline tomorrow): the unique index holds it.
            .field("once_key", .string)
            .field("created_at", .datetime, .required)
            .field("read_at", .datetime)
            .create()
        // The header's unread count and the list, newest first, for one user.
        try await SQLIndex.create(
            "notifications_user_idx", on: "notifications", columns: ["user_id", "read_at", "created_at"], in: database)
        try await SQLIndex.create(
            "notifications_user_created_idx", on: "notifications", columns: ["user_id", "created_at"], in: database)
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "notifications_once_idx").unique().on("notifications")
                .column("user_id").column("once_key").run()
        }
        try await database.schema("users").field("email_notifications", .string).update()
        // The nightly "due tomorrow" reminders read cases by their next deadline across every officer.
        try await SQLIndex.create("cases_next_deadline_idx", on: "cases", columns: ["next_deadline_at"], in: database)
        // The inbox's list of reviews waiting for sign-off reads them by status (closures already have theirs).
        try await SQLIndex.create(
            "reviews_status_idx", on: "proportionality_reviews", columns: ["status", "prepared_at"], in: database)
    }

    func revert(on database: any Database) async throws {
        for index in ["reviews_status_idx", "cases_next_deadline_idx"] {
            try await SQLIndex.drop(index, in: database)
        }
        try await database.schema("users").deleteField("email_notifications").update()
        try await database.schema("notifications").delete()
        try await database.schema("emails").delete()
    }
}
