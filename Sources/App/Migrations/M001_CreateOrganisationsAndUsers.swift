import Fluent

struct M001CreateOrganisationsAndUsers: AsyncMigration {
    var name: String { "M001CreateOrganisationsAndUsers" }

    func prepare(on database: any Database) async throws {
        try await database.schema("organisations")
            .id()
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("active", .bool, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "name")
            .create()

        try await database.schema("users")
            .id()
            .field("email", .string, .required)
            .field("display_name", .string, .required)
            .field("password_hash", .string, .required)
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("active", .bool, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "email")
            .create()
        try await SQLIndex.create(
            "users_organisation_idx", on: "users", columns: ["organisation_id", "display_name"], in: database)
        try await SQLIndex.create("users_name_idx", on: "users", columns: ["display_name"], in: database)

        try await database.schema("user_roles")
            .id()
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("role", .string, .required)
            .unique(on: "user_id", "role")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("user_roles").delete()
        try await database.schema("users").delete()
        try await database.schema("organisations").delete()
    }
}
