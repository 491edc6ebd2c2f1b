import Fluent

/// Issue 20, item 8: letters ready to post. Each organisation carries a letterhead, which an administrator
/// sets (the address and contact lines printed under its name), and each letter keeps the address block it was
/// sent to, so the copy on file still shows where it went after the person moves.
struct M023LettersReadyToPost: AsyncMigration {
    var name: String { "M023LettersReadyToPost" }

    func prepare(on database: any Database) async throws {
        try await database.schema("organisations").field("letterhead", .string).update()
        try await database.schema("letters").field("recipient_address", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("letters").deleteField("recipient_address").update()
        try await database.schema("organisations").deleteField("letterhead").update()
    }
}
