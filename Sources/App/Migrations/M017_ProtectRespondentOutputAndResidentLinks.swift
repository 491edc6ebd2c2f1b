import Fluent
import SQLKit

/// Issue 17's security fixes that need the schema:
/// - a respondent letter records the officer's confirmation that it does not
///   identify the reporting person or a witness;
/// - an outbox message that carries a private link refers to the link
///   instead of holding it: the plain link and code were stored in the body,
///   so anyone reading the database or a backup could open a resident's
///   page. Bodies written before this migration have the link and code
///   taken out here.
struct M017ProtectRespondentOutputAndResidentLinks: AsyncMigration {
    var name: String { "M017ProtectRespondentOutputAndResidentLinks" }

    /// What replaces a private link or code in a stored message (kept here as
    /// landed, apart from `OutboxMessage`'s, so the migration never changes).
    static let linkPlaceholder = "[the private link, given once to the officer who issued it]"
    static let codePlaceholder = "[the code, given once to the officer who issued it]"

    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite alters a table a column at a time. SQLite cannot drop a column
        // that references another table, so there the two references are plain columns and revert works on
        // both databases; PostgreSQL keeps the foreign keys.
        let sqlite = (database as? any SQLDatabase)?.dialect.name == "sqlite"
        try await database.schema("letters").field("identity_confirmed_at", .datetime).update()
        try await database.schema("letters")
            .field(
                .definition(
                    name: .key("identity_confirmed_by_id"), dataType: .uuid,
                    constraints: sqlite ? [] : [.references("users", "id")])
            ).update()
        try await database.schema("outbox_messages")
            .field(
                .definition(
                    name: .key("resident_link_id"), dataType: .uuid,
                    constraints: sqlite ? [] : [.references("resident_links", "id")])
            ).update()
        guard let sql = database as? any SQLDatabase else { return }
        // The two messages issueLink wrote until now: the link's text ended with the URL's line, the code's
        // was a fixed sentence.
        try await sql.raw(
            """
            UPDATE outbox_messages SET body = \(bind: "Use this private link to see your case and add to your incident diary: \(Self.linkPlaceholder)\nYou will also need the code we send separately.")
            WHERE body LIKE \(bind: "%/r/%")
            """
        ).run()
        try await sql.raw(
            """
            UPDATE outbox_messages SET body = \(bind: "Your code is \(Self.codePlaceholder). Do not share it with anyone.")
            WHERE body LIKE \(bind: "Your code is %")
            """
        ).run()
    }

    func revert(on database: any Database) async throws {
        // The redacted bodies cannot be restored, by design.
        try await database.schema("outbox_messages").deleteField("resident_link_id").update()
        try await database.schema("letters").deleteField("identity_confirmed_by_id").update()
        try await database.schema("letters").deleteField("identity_confirmed_at").update()
    }
}
