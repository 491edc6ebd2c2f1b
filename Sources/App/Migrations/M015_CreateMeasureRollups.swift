import Fluent
import SQLKit

/// Roll-ups of the monthly measures, kept by the database itself.
///
/// The year dashboard counted every case of the year: at a million cases,
/// with 700,000 in the last year, the aggregates alone took seconds even from
/// covering indexes (docs/PERFORMANCE.md). `case_measure_counts` holds, per
/// organisation and bucket of hours (see `bucket(hour:)`), how many cases were received by risk rating,
/// answered in time or late by risk, closed by reason and outcome (with
/// their days to close), and received by category. Triggers on `cases` and
/// `case_categories` add a row's contribution when it is written and take it
/// away when it changes or goes, in the same transaction as the write, so no
/// code path can forget them. A year is then about 730 buckets per measure
/// and label, whatever the caseload.
///
/// Buckets of UTC hours, not months: a reporting month starts at local
/// midnight, which in the United Kingdom always falls on a bucket edge, so
/// any month is a range of buckets and SQL needs no time zone. Cases waiting for a first
/// response are not rolled up (whether they are late depends on the clock);
/// a partial index finds them.
struct M015CreateMeasureRollups: AsyncMigration {
    var name: String { "M015CreateMeasureRollups" }

    /// One transaction: writes from another instance wait for the triggers
    /// (creating one locks the table), so each case is counted once, either
    /// by the backfill or by its trigger.
    func prepare(on database: any Database) async throws {
        let statements =
            (database.isPostgres ? Self.postgres : Self.sqlite) + Self.backfill(postgres: database.isPostgres)
        try await database.transaction { db in
            guard let sql = db as? any SQLDatabase else { return }
            for statement in statements {
                try await sql.raw(SQLQueryString(statement)).run()
            }
        }
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        if database.isPostgres {
            for statement in [
                "DROP TRIGGER IF EXISTS cases_measures ON cases",
                "DROP TRIGGER IF EXISTS case_categories_measures ON case_categories",
                "DROP FUNCTION IF EXISTS cases_measures_trigger()",
                "DROP FUNCTION IF EXISTS case_categories_measures_trigger()",
                "DROP FUNCTION IF EXISTS case_measures_apply(cases, bigint)",
                "DROP FUNCTION IF EXISTS case_measure_add(uuid, text, bigint, text, bigint, bigint)",
            ] {
                try await sql.raw(SQLQueryString(statement)).run()
            }
        } else {
            for trigger in [
                "cases_measures_insert", "cases_measures_update", "cases_measures_move_categories",
                "cases_measures_delete", "case_categories_measures_insert", "case_categories_measures_update",
                "case_categories_measures_delete",
            ] {
                try await sql.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: trigger)").run()
            }
        }
        try await sql.raw("DROP INDEX IF EXISTS cases_unresponded_idx").run()
        try await sql.raw("DROP TABLE IF EXISTS case_measure_counts").run()
    }

    /// The table and the partial index, the same on both databases but for types.
    static func table(postgres: Bool) -> [String] {
        let id = postgres ? "UUID" : "TEXT"
        let big = postgres ? "BIGINT" : "INTEGER"
        return [
            """
            CREATE TABLE case_measure_counts (
              organisation_id \(id) NOT NULL, measure TEXT NOT NULL, hour \(big) NOT NULL, label TEXT NOT NULL,
              n \(big) NOT NULL, days \(big) NOT NULL,
              PRIMARY KEY (organisation_id, measure, hour, label))
            """,
            // Cases still waiting for their first response, by when they were received,
            // with the columns their count reads (without them SQLite preferred M012's
            // covering index of every case: 76 ms against 1 ms at a million).
            """
            CREATE INDEX cases_unresponded_idx ON cases (organisation_id, received_at, risk_level, response_due_at)
            WHERE first_response_at IS NULL
            """,
        ]
    }

    // MARK: Buckets

    /// The bucket of an instant, named by the UTC hour it starts at: the hour
    /// from 23:00 to midnight UTC on its own, and the 23 hours from midnight
    /// together. Local midnight in the United Kingdom is midnight UTC in
    /// winter and 23:00 UTC in summer, so both are bucket edges and any
    /// reporting month is a whole number of buckets: about 730 a year.
    static func bucket(hour: Int) -> Int { hour % 24 == 23 ? hour : hour - hour % 24 }

    static func sqliteBucket(_ seconds: String) -> String {
        let hour = "CAST(\(seconds) / 3600 AS INTEGER)"
        return "(\(hour) - CASE WHEN \(hour) % 24 = 23 THEN 0 ELSE \(hour) % 24 END)"
    }

    static func postgresBucket(_ instant: String) -> String {
        let hour = "floor(extract(epoch FROM \(instant)) / 3600)::bigint"
        return "(\(hour) - CASE WHEN \(hour) % 24 = 23 THEN 0 ELSE \(hour) % 24 END)"
    }

    // MARK: SQLite

    /// One case's contributions, added (sign 1) or taken away (sign -1); `row` is NEW or OLD.
    static func sqliteContributions(_ row: String, sign: Int) -> [String] {
        let hour = { (column: String) in sqliteBucket("\(row).\(column)") }
        let upsert = sqliteUpsert
        return [
            """
            INSERT INTO case_measure_counts (organisation_id, measure, hour, label, n, days)
            SELECT \(row).organisation_id, 'received', \(hour("received_at")), COALESCE(\(row).risk_level, 'unrated'), \(sign), 0
            WHERE \(row).received_at IS NOT NULL \(upsert);
            """,
            """
            INSERT INTO case_measure_counts (organisation_id, measure, hour, label, n, days)
            SELECT \(row).organisation_id, 'response', \(hour("received_at")),
              \(row).risk_level || CASE WHEN \(row).first_response_at <= \(row).response_due_at THEN ':met' ELSE ':late' END, \(sign), 0
            WHERE \(row).received_at IS NOT NULL AND \(row).risk_level IS NOT NULL AND \(row).response_due_at IS NOT NULL
              AND \(row).first_response_at IS NOT NULL \(upsert);
            """,
            """
            INSERT INTO case_measure_counts (organisation_id, measure, hour, label, n, days)
            SELECT \(row).organisation_id, 'closed', \(hour("closed_at")),
              COALESCE(\(row).closure_reason, 'unknown') || ':' || COALESCE(\(row).closure_outcome, ''), \(sign),
              \(sign) * COALESCE(\(row).days_to_close, 0)
            WHERE \(row).closed_at IS NOT NULL \(upsert);
            """,
        ]
    }

    static let measuredColumns =
        "organisation_id, received_at, risk_level, response_due_at, first_response_at, closed_at, closure_reason, closure_outcome, days_to_close"

    /// Adds a counted row to an existing one (SQLite's upsert, as the triggers write it).
    static let sqliteUpsert =
        "ON CONFLICT (organisation_id, measure, hour, label) DO UPDATE SET n = n + excluded.n, days = days + excluded.days"

    /// One category of a case counted in (sign 1) or out (sign -1) of its
    /// received bucket: `organisation`, `received` and `category` are the
    /// columns to read, `from` the rows they come from and which of them.
    static func sqliteCategoryCount(organisation: String, received: String, category: String, sign: Int, from: String)
        -> String
    {
        """
        INSERT INTO case_measure_counts (organisation_id, measure, hour, label, n, days)
        SELECT \(organisation), 'category', \(sqliteBucket(received)), \(category), \(sign), 0
        FROM \(from) AND \(received) IS NOT NULL \(sqliteUpsert);
        """
    }

    static var sqlite: [String] {
        let add = sqliteContributions("NEW", sign: 1).joined(separator: "\n")
        let remove = sqliteContributions("OLD", sign: -1).joined(separator: "\n")
        // A row of case_categories (NEW or OLD), counted through its case.
        let categoryRow = { (row: String, sign: Int) in
            sqliteCategoryCount(
                organisation: "c.organisation_id", received: "c.received_at", category: "\(row).category_id",
                sign: sign, from: "cases c WHERE c.id = \(row).case_id")
        }
        // Every category of a case (NEW or OLD), for a case that moves.
        let caseCategories = { (row: String, sign: Int) in
            sqliteCategoryCount(
                organisation: "\(row).organisation_id", received: "\(row).received_at", category: "cc.category_id",
                sign: sign, from: "case_categories cc WHERE cc.case_id = \(row).id")
        }
        return table(postgres: false) + [
            "CREATE TRIGGER cases_measures_insert AFTER INSERT ON cases BEGIN \(add) END",
            "CREATE TRIGGER cases_measures_update AFTER UPDATE OF \(measuredColumns) ON cases BEGIN \(remove) \(add) END",
            "CREATE TRIGGER cases_measures_delete AFTER DELETE ON cases BEGIN \(remove) END",
            // A case whose organisation or received time changes takes its categories with it.
            """
            CREATE TRIGGER cases_measures_move_categories AFTER UPDATE OF organisation_id, received_at ON cases
            WHEN OLD.organisation_id IS NOT NEW.organisation_id OR OLD.received_at IS NOT NEW.received_at
            BEGIN \(caseCategories("OLD", -1)) \(caseCategories("NEW", 1)) END
            """,
            "CREATE TRIGGER case_categories_measures_insert AFTER INSERT ON case_categories BEGIN \(categoryRow("NEW", 1)) END",
            """
            CREATE TRIGGER case_categories_measures_update AFTER UPDATE ON case_categories
            BEGIN \(categoryRow("OLD", -1)) \(categoryRow("NEW", 1)) END
            """,
            "CREATE TRIGGER case_categories_measures_delete AFTER DELETE ON case_categories BEGIN \(categoryRow("OLD", -1)) END",
        ]
    }

    // MARK: PostgreSQL

    static var postgres: [String] {
        let hour = { (expression: String) in postgresBucket(expression) }
        return table(postgres: true) + [
            """
            CREATE FUNCTION case_measure_add(org uuid, m text, h bigint, l text, k bigint, d bigint) RETURNS void AS $$
              INSERT INTO case_measure_counts (organisation_id, measure, hour, label, n, days) VALUES (org, m, h, l, k, d)
              ON CONFLICT (organisation_id, measure, hour, label)
              DO UPDATE SET n = case_measure_counts.n + EXCLUDED.n, days = case_measure_counts.days + EXCLUDED.days
            $$ LANGUAGE sql
            """,
            """
            CREATE FUNCTION case_measures_apply(c cases, sign bigint) RETURNS void AS $$
            BEGIN
              IF c.received_at IS NOT NULL THEN
                PERFORM case_measure_add(c.organisation_id, 'received', \(hour("c.received_at")),
                  COALESCE(c.risk_level, 'unrated'), sign, 0);
                IF c.risk_level IS NOT NULL AND c.response_due_at IS NOT NULL AND c.first_response_at IS NOT NULL THEN
                  PERFORM case_measure_add(c.organisation_id, 'response', \(hour("c.received_at")),
                    c.risk_level || CASE WHEN c.first_response_at <= c.response_due_at THEN ':met' ELSE ':late' END,
                    sign, 0);
                END IF;
              END IF;
              IF c.closed_at IS NOT NULL THEN
                PERFORM case_measure_add(c.organisation_id, 'closed', \(hour("c.closed_at")),
                  COALESCE(c.closure_reason, 'unknown') || ':' || COALESCE(c.closure_outcome, ''), sign,
                  sign * COALESCE(c.days_to_close, 0));
              END IF;
            END
            $$ LANGUAGE plpgsql
            """,
            // The audit chain's lock (AuditLog) is taken first: every write that
            // moves a count is an audited write and takes it anyway, and taking it
            // here orders the counts' row locks so two writers cannot deadlock.
            """
            CREATE FUNCTION cases_measures_trigger() RETURNS trigger AS $$
            BEGIN
              PERFORM pg_advisory_xact_lock(7202611);
              IF TG_OP <> 'INSERT' THEN
                PERFORM case_measures_apply(OLD, -1);
              END IF;
              IF TG_OP <> 'DELETE' THEN
                PERFORM case_measures_apply(NEW, 1);
              END IF;
              IF TG_OP = 'UPDATE' AND (OLD.organisation_id IS DISTINCT FROM NEW.organisation_id
                  OR OLD.received_at IS DISTINCT FROM NEW.received_at) THEN
                PERFORM case_measure_add(OLD.organisation_id, 'category', \(hour("OLD.received_at")), cc.category_id::text, -1, 0)
                  FROM case_categories cc WHERE cc.case_id = OLD.id AND OLD.received_at IS NOT NULL;
                PERFORM case_measure_add(NEW.organisation_id, 'category', \(hour("NEW.received_at")), cc.category_id::text, 1, 0)
                  FROM case_categories cc WHERE cc.case_id = NEW.id AND NEW.received_at IS NOT NULL;
              END IF;
              RETURN NULL;
            END
            $$ LANGUAGE plpgsql
            """,
            """
            CREATE TRIGGER cases_measures AFTER INSERT OR DELETE OR UPDATE OF \(measuredColumns) ON cases
            FOR EACH ROW EXECUTE FUNCTION cases_measures_trigger()
            """,
            """
            CREATE FUNCTION case_categories_measures_trigger() RETURNS trigger AS $$
            BEGIN
              PERFORM pg_advisory_xact_lock(7202611);
              IF TG_OP <> 'INSERT' THEN
                PERFORM case_measure_add(c.organisation_id, 'category', \(hour("c.received_at")), OLD.category_id::text, -1, 0)
                  FROM cases c WHERE c.id = OLD.case_id AND c.received_at IS NOT NULL;
              END IF;
              IF TG_OP <> 'DELETE' THEN
                PERFORM case_measure_add(c.organisation_id, 'category', \(hour("c.received_at")), NEW.category_id::text, 1, 0)
                  FROM cases c WHERE c.id = NEW.case_id AND c.received_at IS NOT NULL;
              END IF;
              RETURN NULL;
            END
            $$ LANGUAGE plpgsql
            """,
            """
            CREATE TRIGGER case_categories_measures AFTER INSERT OR DELETE OR UPDATE ON case_categories
            FOR EACH ROW EXECUTE FUNCTION case_categories_measures_trigger()
            """,
        ]
    }

    // MARK: The counts of the cases already there

    static func backfill(postgres: Bool) -> [String] {
        let hour = { (column: String) in
            postgres ? postgresBucket(column) : sqliteBucket(column)
        }
        let category = postgres ? "cc.category_id::text" : "cc.category_id"
        return [
            """
            INSERT INTO case_measure_counts (organisation_id, measure, hour, label, n, days)
            SELECT organisation_id, 'received', \(hour("received_at")), COALESCE(risk_level, 'unrated'), COUNT(*), 0
            FROM cases WHERE received_at IS NOT NULL
            GROUP BY organisation_id, \(hour("received_at")), COALESCE(risk_level, 'unrated')
            """,
            """
            INSERT INTO case_measure_counts (organisation_id, measure, hour, label, n, days)
            SELECT organisation_id, 'response', \(hour("received_at")),
              risk_level || CASE WHEN first_response_at <= response_due_at THEN ':met' ELSE ':late' END, COUNT(*), 0
            FROM cases WHERE received_at IS NOT NULL AND risk_level IS NOT NULL AND response_due_at IS NOT NULL
              AND first_response_at IS NOT NULL
            GROUP BY organisation_id, \(hour("received_at")),
              risk_level || CASE WHEN first_response_at <= response_due_at THEN ':met' ELSE ':late' END
            """,
            """
            INSERT INTO case_measure_counts (organisation_id, measure, hour, label, n, days)
            SELECT organisation_id, 'closed', \(hour("closed_at")),
              COALESCE(closure_reason, 'unknown') || ':' || COALESCE(closure_outcome, ''), COUNT(*),
              COALESCE(SUM(days_to_close), 0)
            FROM cases WHERE closed_at IS NOT NULL
            GROUP BY organisation_id, \(hour("closed_at")),
              COALESCE(closure_reason, 'unknown') || ':' || COALESCE(closure_outcome, '')
            """,
            """
            INSERT INTO case_measure_counts (organisation_id, measure, hour, label, n, days)
            SELECT c.organisation_id, 'category', \(hour("c.received_at")), \(category), COUNT(*), 0
            FROM cases c JOIN case_categories cc ON cc.case_id = c.id WHERE c.received_at IS NOT NULL
            GROUP BY c.organisation_id, \(hour("c.received_at")), \(category)
            """,
        ]
    }
}
