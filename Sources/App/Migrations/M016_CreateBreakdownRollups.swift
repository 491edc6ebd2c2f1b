import Fluent
import SQLKit

/// Daily roll-ups of the measures' three casework breakdowns: early
/// interventions started by kind, legal measures instructed by power, and
/// respondents' support referrals sent by service (`case_day_counts`).
///
/// Counting them joined each row to its case to check the organisation; at
/// 300,000 generated cases each breakdown took 0.3 to 0.8 s, most of the
/// dashboard's time once the case measures came from M015's roll-ups. The
/// dates are civil dates (ISO text), so the buckets are days and need no time
/// zone. Triggers keep the counts in the same transaction as each write, as
/// in M015. A case never changes organisation and a party never changes
/// role (no code path does either), so neither moves these counts.
struct M016CreateBreakdownRollups: AsyncMigration {
    var name: String { "M016CreateBreakdownRollups" }

    /// A counted table: its measure's name, its date column, the label column
    /// and, for referrals, the condition that the party is the respondent.
    struct Counted {
        var table: String
        var measure: String
        var date: String
        var label: String
        var respondentsOnly = false
    }

    static let counted = [
        Counted(table: "interventions", measure: "intervention", date: "started_on", label: "kind"),
        Counted(table: "legal_measures", measure: "enforcement", date: "instructed_on", label: "power_id"),
        Counted(table: "referrals", measure: "support", date: "sent_on", label: "service", respondentsOnly: true),
    ]

    func prepare(on database: any Database) async throws {
        let postgres = database.isPostgres
        var statements = [
            """
            CREATE TABLE case_day_counts (
              organisation_id \(postgres ? "UUID" : "TEXT") NOT NULL, measure TEXT NOT NULL, day TEXT NOT NULL,
              label TEXT NOT NULL, n \(postgres ? "BIGINT" : "INTEGER") NOT NULL,
              PRIMARY KEY (organisation_id, measure, day, label))
            """
        ]
        if postgres {
            statements.append(
                """
                CREATE FUNCTION case_day_add(org uuid, m text, d text, l text, k bigint) RETURNS void AS $$
                  INSERT INTO case_day_counts (organisation_id, measure, day, label, n) VALUES (org, m, d, l, k)
                  ON CONFLICT (organisation_id, measure, day, label) DO UPDATE SET n = case_day_counts.n + EXCLUDED.n
                $$ LANGUAGE sql
                """)
        }
        for counted in Self.counted {
            statements += postgres ? Self.postgresTriggers(counted) : Self.sqliteTriggers(counted)
            statements.append(Self.backfill(counted, postgres: postgres))
        }
        // One transaction, as in M015: each row is counted once, by the backfill or by its trigger.
        try await database.transaction { [statements] db in
            guard let sql = db as? any SQLDatabase else { return }
            for statement in statements {
                try await sql.raw(SQLQueryString(statement)).run()
            }
        }
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        for counted in Self.counted {
            if database.isPostgres {
                try await sql.raw(
                    "DROP TRIGGER IF EXISTS \(unsafeRaw: counted.table)_day_counts ON \(unsafeRaw: counted.table)"
                )
                .run()
                try await sql.raw("DROP FUNCTION IF EXISTS \(unsafeRaw: counted.table)_day_counts_trigger()").run()
            } else {
                for event in ["insert", "update", "delete"] {
                    try await sql.raw(
                        "DROP TRIGGER IF EXISTS \(unsafeRaw: counted.table)_day_counts_\(unsafeRaw: event)"
                    )
                    .run()
                }
            }
        }
        if database.isPostgres {
            try await sql.raw("DROP FUNCTION IF EXISTS case_day_add(uuid, text, text, text, bigint)").run()
        }
        try await sql.raw("DROP TABLE IF EXISTS case_day_counts").run()
    }

    /// The row's contribution (`row` is NEW or OLD), added or taken away.
    static func sqliteContribution(_ counted: Counted, _ row: String, sign: Int) -> String {
        let party =
            counted.respondentsOnly ? "JOIN case_parties cp ON cp.id = \(row).party_id AND cp.role = 'respondent'" : ""
        return """
            INSERT INTO case_day_counts (organisation_id, measure, day, label, n)
            SELECT c.organisation_id, '\(counted.measure)', \(row).\(counted.date), \(row).\(counted.label), \(sign)
            FROM cases c \(party) WHERE c.id = \(row).case_id
            ON CONFLICT (organisation_id, measure, day, label) DO UPDATE SET n = n + excluded.n;
            """
    }

    static func sqliteTriggers(_ counted: Counted) -> [String] {
        let add = sqliteContribution(counted, "NEW", sign: 1)
        let remove = sqliteContribution(counted, "OLD", sign: -1)
        let columns = ["case_id", counted.date, counted.label] + (counted.respondentsOnly ? ["party_id"] : [])
        let table = counted.table
        return [
            "CREATE TRIGGER \(table)_day_counts_insert AFTER INSERT ON \(table) BEGIN \(add) END",
            """
            CREATE TRIGGER \(table)_day_counts_update AFTER UPDATE OF \(columns.joined(separator: ", ")) ON \(table)
            BEGIN \(remove) \(add) END
            """,
            "CREATE TRIGGER \(table)_day_counts_delete AFTER DELETE ON \(table) BEGIN \(remove) END",
        ]
    }

    static func postgresTriggers(_ counted: Counted) -> [String] {
        let table = counted.table
        let contribution = { (row: String, sign: Int) in
            let party =
                counted.respondentsOnly
                ? "JOIN case_parties cp ON cp.id = \(row).party_id AND cp.role = 'respondent'" : ""
            return """
                PERFORM case_day_add(c.organisation_id, '\(counted.measure)', \(row).\(counted.date),
                  \(row).\(counted.label)::text, \(sign)) FROM cases c \(party) WHERE c.id = \(row).case_id;
                """
        }
        let columns = ["case_id", counted.date, counted.label] + (counted.respondentsOnly ? ["party_id"] : [])
        return [
            // The audit chain's lock first, as in M015, so writers take the counts' row locks in turn.
            """
            CREATE FUNCTION \(table)_day_counts_trigger() RETURNS trigger AS $$
            BEGIN
              PERFORM pg_advisory_xact_lock(7202611);
              IF TG_OP <> 'INSERT' THEN
                \(contribution("OLD", -1))
              END IF;
              IF TG_OP <> 'DELETE' THEN
                \(contribution("NEW", 1))
              END IF;
              RETURN NULL;
            END
            $$ LANGUAGE plpgsql
            """,
            """
            CREATE TRIGGER \(table)_day_counts AFTER INSERT OR DELETE OR UPDATE OF \(columns.joined(separator: ", "))
            ON \(table) FOR EACH ROW EXECUTE FUNCTION \(table)_day_counts_trigger()
            """,
        ]
    }

    /// The counts of the rows already there.
    static func backfill(_ counted: Counted, postgres: Bool) -> String {
        let label = postgres ? "x.\(counted.label)::text" : "x.\(counted.label)"
        let party =
            counted.respondentsOnly ? "JOIN case_parties cp ON cp.id = x.party_id AND cp.role = 'respondent'" : ""
        return """
            INSERT INTO case_day_counts (organisation_id, measure, day, label, n)
            SELECT c.organisation_id, '\(counted.measure)', x.\(counted.date), \(label), COUNT(*)
            FROM \(counted.table) x JOIN cases c ON c.id = x.case_id \(party)
            GROUP BY c.organisation_id, x.\(counted.date), \(label)
            """
    }
}
