import Fluent
import SQLKit

/// Issue 20: each officer's open caseload, kept by the database itself, and an index for the plan actions
/// an officer owns.
///
/// Allocation shows every officer's open caseload beside their name, and a manager's Home shows their
/// team's. Counted from the cases, that read every open case of the organisation on each page: at a
/// million generated cases, 500,000 open, about a second (scripts/bench, docs/PERFORMANCE.md). As with the
/// measures' roll-ups (M015), triggers on `cases` move an officer's count when a case is given to them,
/// moves to someone else, closes or reopens, in the same transaction as the write, so no code path can
/// forget it; a page then reads one row per officer.
struct M024CreateOfficerCaseloads: AsyncMigration {
    var name: String { "M024CreateOfficerCaseloads" }

    /// One transaction, as M015: a write from another instance waits for the trigger, so each case is
    /// counted once, by the backfill or by its trigger.
    func prepare(on database: any Database) async throws {
        let statements = (database.isPostgres ? Self.postgres : Self.sqlite) + [Self.backfill]
        try await database.transaction { db in
            guard let sql = db as? any SQLDatabase else { return }
            for statement in statements {
                try await sql.raw(SQLQueryString(statement)).run()
            }
        }
        // The inbox's plan actions an officer owns in person (not through their case), open and by due date.
        try await SQLIndex.create(
            "plan_actions_owner_user_idx", on: "plan_actions", columns: ["owner_user_id", "status", "due_on"],
            in: database)
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await SQLIndex.drop("plan_actions_owner_user_idx", in: database)
        let statements =
            database.isPostgres
            ? [
                "DROP TRIGGER IF EXISTS cases_officer_caseloads ON cases",
                "DROP FUNCTION IF EXISTS officer_caseloads_trigger()",
            ]
            : [
                "DROP TRIGGER IF EXISTS cases_officer_caseloads_insert",
                "DROP TRIGGER IF EXISTS cases_officer_caseloads_update",
                "DROP TRIGGER IF EXISTS cases_officer_caseloads_delete",
            ]
        for statement in statements + ["DROP TABLE IF EXISTS officer_caseloads"] {
            try await sql.raw(SQLQueryString(statement)).run()
        }
    }

    /// The counts of the cases already there (and, after a bulk load, again: `DeferredIndexes`).
    static let backfill = """
        INSERT INTO officer_caseloads (officer_id, open_cases)
        SELECT officer_id, COUNT(*) FROM cases WHERE officer_id IS NOT NULL AND status <> 'closed'
        GROUP BY officer_id
        """

    static var sqlite: [String] {
        let add = """
            INSERT INTO officer_caseloads (officer_id, open_cases)
            SELECT NEW.officer_id, 1 WHERE NEW.officer_id IS NOT NULL AND NEW.status <> 'closed'
            ON CONFLICT (officer_id) DO UPDATE SET open_cases = open_cases + 1;
            """
        let remove = """
            UPDATE officer_caseloads SET open_cases = open_cases - 1
            WHERE officer_id = OLD.officer_id AND OLD.status <> 'closed';
            """
        return [
            "CREATE TABLE officer_caseloads (officer_id UUID PRIMARY KEY NOT NULL, open_cases BIGINT NOT NULL DEFAULT 0)",
            "CREATE TRIGGER cases_officer_caseloads_insert AFTER INSERT ON cases BEGIN \(add) END",
            """
            CREATE TRIGGER cases_officer_caseloads_update AFTER UPDATE OF officer_id, status ON cases
            WHEN OLD.officer_id IS NOT NEW.officer_id OR (OLD.status = 'closed') <> (NEW.status = 'closed')
            BEGIN \(remove) \(add) END
            """,
            "CREATE TRIGGER cases_officer_caseloads_delete AFTER DELETE ON cases BEGIN \(remove) END",
        ]
    }

    /// The audit chain's lock is taken first, as M015's triggers do: every write that moves a count is an
    /// audited write and takes it anyway, and taking it here orders the counts' row locks, so two writers
    /// moving cases between the same two officers cannot deadlock.
    static var postgres: [String] {
        [
            "CREATE TABLE officer_caseloads (officer_id uuid PRIMARY KEY, open_cases bigint NOT NULL DEFAULT 0)",
            """
            CREATE FUNCTION officer_caseloads_trigger() RETURNS trigger AS $$
            BEGIN
              IF TG_OP = 'UPDATE' AND OLD.officer_id IS NOT DISTINCT FROM NEW.officer_id
                  AND (OLD.status = 'closed') = (NEW.status = 'closed') THEN
                RETURN NULL;
              END IF;
              PERFORM pg_advisory_xact_lock(7202611);
              IF TG_OP <> 'INSERT' AND OLD.officer_id IS NOT NULL AND OLD.status <> 'closed' THEN
                UPDATE officer_caseloads SET open_cases = open_cases - 1 WHERE officer_id = OLD.officer_id;
              END IF;
              IF TG_OP <> 'DELETE' AND NEW.officer_id IS NOT NULL AND NEW.status <> 'closed' THEN
                INSERT INTO officer_caseloads (officer_id, open_cases) VALUES (NEW.officer_id, 1)
                ON CONFLICT (officer_id) DO UPDATE SET open_cases = officer_caseloads.open_cases + 1;
              END IF;
              RETURN NULL;
            END
            $$ LANGUAGE plpgsql
            """,
            """
            CREATE TRIGGER cases_officer_caseloads AFTER INSERT OR DELETE OR UPDATE OF officer_id, status ON cases
            FOR EACH ROW EXECUTE FUNCTION officer_caseloads_trigger()
            """,
        ]
    }
}
