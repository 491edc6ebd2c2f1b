import Fluent

struct M004CreateCases: AsyncMigration {
    var name: String { "M004CreateCases" }

    func prepare(on database: any Database) async throws {
        try await database.schema("cases")
            .id()
            .field("reference", .string, .required)
            .field("title", .string, .required)
            .field("summary", .string, .required)
            .field("status", .string, .required)
            .field("risk_level", .string)
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("officer_id", .uuid, .references("users", "id"))
            .field("opened_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "reference")
            .create()
        try await SQLIndex.create(
            "cases_organisation_idx", on: "cases", columns: ["organisation_id", "opened_at"], in: database)
        try await SQLIndex.create("cases_officer_idx", on: "cases", columns: ["officer_id", "opened_at"], in: database)

        try await database.schema("case_shares")
            .id()
            .field("case_id", .uuid, .required, .references("cases", "id", onDelete: .cascade))
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("shared_at", .datetime, .required)
            .unique(on: "case_id", "organisation_id")
            .create()
        try await SQLIndex.create(
            "case_shares_organisation_idx", on: "case_shares", columns: ["organisation_id", "case_id"], in: database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema("case_shares").delete()
        try await database.schema("cases").delete()
    }
}
