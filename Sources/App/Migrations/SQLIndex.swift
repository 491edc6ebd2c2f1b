import Fluent
import SQLKit

/// Fluent's schema builder has no index support, so indexes are created with
/// SQLKit, whose builder emits the same statement on SQLite and PostgreSQL.
enum SQLIndex {
    static func create(_ name: String, on table: String, columns: [String], in database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        var builder = sql.create(index: name).on(table)
        for column in columns {
            builder = builder.column(column)
        }
        try await builder.run()
    }

    static func drop(_ name: String, in database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.drop(index: name).run()
    }
}
