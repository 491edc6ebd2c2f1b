import Fluent
import SQLKit

/// Issue 20, item 4: search by part of a reference, a title, a name, an address or a postcode, tolerant of
/// spelling, from an index on each database rather than a scan.
/// - SQLite: FTS5 tables with the trigram tokenizer over the searched columns, filled by triggers on the
///   tables themselves, so every write (through the unit of work, the demo loader or the generator) updates
///   the index in its own transaction. Each index row has its table row's rowid. A `VACUUM` can renumber
///   rowids of these tables; after one, rebuild with `INSERT INTO cases_search(cases_search) VALUES('rebuild')`
///   (and likewise people_search, places_search) - docs/PERFORMANCE.md.
/// - PostgreSQL: the pg_trgm extension and trigram GIN indexes on the same columns, which `LIKE '%...%'`
///   and the similarity operator use; an index is part of its table, so it is always in step.
struct M021CreateSearchIndexes: AsyncMigration {
    var name: String { "M021CreateSearchIndexes" }

    /// Each searched table, its FTS table on SQLite and the columns searched (all lower-case text already,
    /// or lower-cased by the index expression on PostgreSQL).
    static let indexed: [(table: String, search: String, columns: [String])] = [
        ("cases", "cases_search", ["reference", "title", "location"]),
        ("people", "people_search", ["name_key"]),
        ("places", "places_search", ["line1", "postcode"]),
    ]

    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        if sql.dialect.name == "sqlite" {
            for (table, search, columns) in Self.indexed {
                let list = columns.joined(separator: ", ")
                let new = columns.map { "new.\($0)" }.joined(separator: ", ")
                let old = columns.map { "old.\($0)" }.joined(separator: ", ")
                try await sql.raw(
                    SQLQueryString(
                        "CREATE VIRTUAL TABLE \(search) USING fts5(\(list), content='\(table)', content_rowid='rowid', tokenize='trigram')"
                    )
                ).run()
                try await sql.raw(
                    SQLQueryString(
                        "CREATE TRIGGER \(search)_ai AFTER INSERT ON \(table) BEGIN INSERT INTO \(search)(rowid, \(list)) VALUES (new.rowid, \(new)); END"
                    )
                ).run()
                try await sql.raw(
                    SQLQueryString(
                        "CREATE TRIGGER \(search)_ad AFTER DELETE ON \(table) BEGIN INSERT INTO \(search)(\(search), rowid, \(list)) VALUES ('delete', old.rowid, \(old)); END"
                    )
                ).run()
                try await sql.raw(
                    SQLQueryString(
                        "CREATE TRIGGER \(search)_au AFTER UPDATE OF \(list) ON \(table) BEGIN INSERT INTO \(search)(\(search), rowid, \(list)) VALUES ('delete', old.rowid, \(old)); INSERT INTO \(search)(rowid, \(list)) VALUES (new.rowid, \(new)); END"
                    )
                ).run()
                try await sql.raw(SQLQueryString("INSERT INTO \(search)(\(search)) VALUES ('rebuild')")).run()
            }
        } else {
            try await sql.raw("CREATE EXTENSION IF NOT EXISTS pg_trgm").run()
            for (table, _, columns) in Self.indexed {
                for column in columns {
                    try await sql.raw(
                        SQLQueryString(
                            "CREATE INDEX \(table)_\(column)_trgm_idx ON \(table) USING gin (lower(\(column)) gin_trgm_ops)"
                        )
                    ).run()
                }
            }
        }
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        for (table, search, columns) in Self.indexed {
            if sql.dialect.name == "sqlite" {
                for suffix in ["ai", "ad", "au"] {
                    try await sql.raw(SQLQueryString("DROP TRIGGER IF EXISTS \(search)_\(suffix)")).run()
                }
                try await sql.raw(SQLQueryString("DROP TABLE IF EXISTS \(search)")).run()
            } else {
                for column in columns {
                    try await sql.raw(SQLQueryString("DROP INDEX IF EXISTS \(table)_\(column)_trgm_idx")).run()
                }
            }
        }
    }
}
