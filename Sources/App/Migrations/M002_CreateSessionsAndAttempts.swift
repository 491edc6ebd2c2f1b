import Fluent

struct M002CreateSessionsAndAttempts: AsyncMigration {
    var name: String { "M002CreateSessionsAndAttempts" }

    func prepare(on database: any Database) async throws {
        try await database.schema("user_sessions")
            .id()
            .field("token_hash", .string, .required)
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("csrf_token", .string, .required)
            .field("created_at", .datetime, .required)
            .field("last_seen_at", .datetime, .required)
            .field("address", .string)
            .unique(on: "token_hash")
            .create()
        try await SQLIndex.create("user_sessions_user_idx", on: "user_sessions", columns: ["user_id"], in: database)

        try await database.schema("sign_in_attempts")
            .id()
            .field("email", .string, .required)
            .field("address", .string, .required)
            .field("attempted_at", .datetime, .required)
            .field("succeeded", .bool, .required)
            .create()
        // Throttling counts recent attempts by account and by address.
        try await SQLIndex.create(
            "sign_in_attempts_email_idx", on: "sign_in_attempts", columns: ["email", "attempted_at"], in: database)
        try await SQLIndex.create(
            "sign_in_attempts_address_idx", on: "sign_in_attempts", columns: ["address", "attempted_at"], in: database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema("sign_in_attempts").delete()
        try await database.schema("user_sessions").delete()
    }
}
