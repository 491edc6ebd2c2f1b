import Fluent
import Foundation
import SQLKit
import Vapor

/// Secondary indexes and triggers set aside during a bulk load and rebuilt
/// once at its end (SQLite only).
///
/// Keeping an index while loading a million rows means one B-tree insert per
/// row at a key anywhere in the index; once the file outgrows the page cache
/// each is a read from disk. `CREATE INDEX` afterwards sorts the keys and
/// writes the index in one pass. The definitions are saved in
/// `deferred_indexes` in the same transaction that drops them, so a load cut
/// short leaves a record of what to put back: the generator and the server
/// call `restore` before they start. Unique indexes are never set aside, so
/// uniqueness holds throughout. The triggers that keep the measures' roll-ups
/// (M015, M016) add four upserts to every case written; instead the roll-ups are
/// counted again from the cases when the triggers come back, in the same
/// transaction, so they are exact whatever was written meanwhile.
enum DeferredIndexes {
    struct Saved: Sendable {
        var name: String
        var definition: String
        var isTrigger: Bool { definition.hasPrefix("CREATE TRIGGER") }
    }

    /// Drops the ordinary indexes and the triggers of `tables`, saving each definition first.
    static func suspend(tables: [String], on app: Application, _ db: any Database, at now: Date) async throws {
        guard !db.isPostgres else { return }
        try await app.writeTransaction(on: db) { db in
            guard let sql = db as? any SQLDatabase else { return }
            let rows = try await sql.raw(
                """
                SELECT name, sql, type FROM sqlite_master
                WHERE ((type = 'index' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%') OR type = 'trigger')
                  AND tbl_name IN (\(binds: tables)) ORDER BY name
                """
            ).all()
            for row in rows {
                let saved = Saved(
                    name: try row.decode(column: "name", as: String.self),
                    definition: try row.decode(column: "sql", as: String.self))
                try await sql.insert(into: "deferred_indexes").columns("name", "definition", "deferred_at")
                    .values(SQLBind(saved.name), SQLBind(saved.definition), SQLBind(now)).run()
                if try row.decode(column: "type", as: String.self) == "trigger" {
                    try await sql.raw("DROP TRIGGER \(ident: saved.name)").run()
                } else {
                    try await sql.drop(index: saved.name).run()
                }
            }
        }
    }

    /// Rebuilds every index set aside, each in its own transaction with the
    /// removal of its saved definition, then the triggers together with a
    /// fresh count of the roll-ups. Returns how many were rebuilt.
    @discardableResult
    static func restore(on app: Application, _ db: any Database) async throws -> Int {
        guard !db.isPostgres, let sql = db as? any SQLDatabase else { return 0 }
        let saved = try await listed(on: sql)
        var rebuilt = 0
        // Each definition is read again inside its write transaction: a server and a
        // generator starting together must not both rebuild the same index.
        for index in saved where !index.isTrigger {
            rebuilt += try await app.writeTransaction(on: db) { db in
                guard let sql = db as? any SQLDatabase,
                    try await listed(on: sql).contains(where: { $0.name == index.name })
                else { return 0 }
                // The definition is SQLite's own text for an index it created
                // from a migration, read back from sqlite_master.
                try await sql.raw("\(unsafeRaw: index.definition)").run()
                try await sql.delete(from: "deferred_indexes").where("name", .equal, index.name).run()
                return 1
            }
        }
        guard saved.contains(where: \.isTrigger) else { return rebuilt }
        rebuilt += try await app.writeTransaction(on: db) { db in
            guard let sql = db as? any SQLDatabase else { return 0 }
            let triggers = try await listed(on: sql).filter(\.isTrigger)
            guard !triggers.isEmpty else { return 0 }
            for trigger in triggers {
                try await sql.raw("\(unsafeRaw: trigger.definition)").run()
                try await sql.delete(from: "deferred_indexes").where("name", .equal, trigger.name).run()
            }
            try await sql.raw("DELETE FROM case_measure_counts").run()
            try await sql.raw("DELETE FROM case_day_counts").run()
            try await sql.raw("DELETE FROM officer_caseloads").run()
            let counts =
                [M024CreateOfficerCaseloads.backfill] + M015CreateMeasureRollups.backfill(postgres: false)
                + M016CreateBreakdownRollups.counted.map { M016CreateBreakdownRollups.backfill($0, postgres: false) }
            for statement in counts {
                try await sql.raw(SQLQueryString(statement)).run()
            }
            return triggers.count
        }
        return rebuilt
    }

    /// Whether the roll-ups' triggers are set aside (a load is running, or was
    /// cut short): the roll-ups are incomplete until they come back.
    static func rollupsSuspended(on db: any Database) async throws -> Bool {
        guard !db.isPostgres, let sql = db as? any SQLDatabase else { return false }
        return try await sql.raw(
            "SELECT name FROM deferred_indexes WHERE definition LIKE 'CREATE TRIGGER%' LIMIT 1"
        ).first() != nil
    }

    private static func listed(on sql: any SQLDatabase) async throws -> [Saved] {
        try await sql.raw("SELECT name, definition FROM deferred_indexes ORDER BY name").all().map {
            Saved(
                name: try $0.decode(column: "name", as: String.self),
                definition: try $0.decode(column: "definition", as: String.self))
        }
    }
}
