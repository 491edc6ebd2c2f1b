import Fluent

/// Issue 20: the deadline reminders look up, a page of cases at a time, which reminders were already made
/// (`DeadlineReminders`): by their once-key, which grows by a day's reminders every day.
struct M026IndexNotificationOnceKeys: AsyncMigration {
    var name: String { "M026IndexNotificationOnceKeys" }

    func prepare(on database: any Database) async throws {
        try await SQLIndex.create(
            "notifications_once_key_idx", on: "notifications", columns: ["once_key"], in: database)
    }

    func revert(on database: any Database) async throws {
        try await SQLIndex.drop("notifications_once_key_idx", in: database)
    }
}
