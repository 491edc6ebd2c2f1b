import Fluent
import SQLKit
import Vapor

/// Keeps the database's query planner informed about table sizes.
///
/// Without statistics SQLite guesses, and it guessed wrong on the monthly
/// measures: to count the year's interventions, referrals and legal measures
/// it walked every case of the organisation and looked each up in the small
/// table, instead of reading the small table by date (docs/PERFORMANCE.md).
/// SQLite's own advice for a long-running program is `PRAGMA optimize` when
/// it starts and every few hours, with a limit so it stays quick on a large
/// file. PostgreSQL's autovacuum keeps its statistics itself.
enum PlannerStatistics {
    /// How many index entries SQLite samples per index: enough for the
    /// planner's choices, and bounded at any table size.
    private static let analysisLimit = 1000

    /// Refreshes statistics where they are missing or stale (SQLite only).
    static func refresh(on db: any Database) async throws {
        guard !db.isPostgres, let sql = db as? any SQLDatabase else { return }
        try await sql.raw("PRAGMA analysis_limit = \(unsafeRaw: String(analysisLimit))").run()
        // 0x10002: analyse every table that needs it, not only those this
        // connection has already queried.
        try await sql.raw("PRAGMA optimize = 0x10002").run()
    }

    /// Gathers statistics for every table now, after a bulk load.
    static func analyse(on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        if !db.isPostgres {
            try await sql.raw("PRAGMA analysis_limit = \(unsafeRaw: String(analysisLimit))").run()
        }
        try await sql.raw("ANALYZE").run()
    }

    /// Refreshes at start-up and then every six hours while Tandem serves.
    static func schedule(on app: Application) {
        let loop = app.eventLoopGroup.next()
        let task = loop.scheduleRepeatedAsyncTask(initialDelay: .seconds(1), delay: .hours(6)) { _ in
            loop.makeFutureWithTask {
                do {
                    try await refresh(on: app.db)
                } catch {
                    app.logger.error("Refreshing the query planner's statistics failed: \(String(describing: error))")
                }
            }
        }
        app.lifecycle.use(ClosureService.CancelOnShutdown(cancel: { task.cancel() }))
    }
}
