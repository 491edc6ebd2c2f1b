import Fluent
import SQLKit

/// Issue 20, item 5: a report can be marked a duplicate of another; it keeps a reference to the report it
/// repeats, and the counts that read reports (repeat callers, the ASB Case Review threshold) leave it out.
struct M022MarkDuplicateReports: AsyncMigration {
    var name: String { "M022MarkDuplicateReports" }

    func prepare(on database: any Database) async throws {
        // SQLite cannot drop a column that references another table, so there it is a plain column (as M017).
        let sqlite = (database as? any SQLDatabase)?.dialect.name == "sqlite"
        try await database.schema("reports")
            .field(
                .definition(
                    name: .key("duplicate_of_id"), dataType: .uuid,
                    constraints: sqlite ? [] : [.references("reports", "id")])
            ).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("reports").deleteField("duplicate_of_id").update()
    }
}
