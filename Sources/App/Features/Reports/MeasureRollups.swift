import Fluent
import Foundation
import SQLKit
import TandemCore

/// The monthly measures for a whole organisation, read from the
/// roll-ups the database keeps (`case_measure_counts`, M015) instead of from
/// every case of the period. `MeasureQueries` comes here when it can: no ward
/// or officer filter (the roll-ups are per organisation) and a period that
/// starts and ends on bucket edges, as a UK reporting month always does.
/// Each function returns exactly what its `MeasureQueries` counterpart
/// counts from the cases; `MeasureRollupTests` holds them to it.
enum MeasureRollups {
    struct Total: Sendable {
        var label: String
        var n: Int
        var days: Int
    }

    static func applies(to scope: ReportScope) -> Bool {
        scope.rollups && scope.wardID == nil && scope.officerID == nil && isEdge(scope.start) && isEdge(scope.end)
    }

    /// Whether the figures for `scope` can come from the roll-ups now: not while a
    /// bulk load has their triggers set aside (`DeferredIndexes`).
    static func usable(for scope: ReportScope, on db: any Database) async throws -> Bool {
        guard applies(to: scope) else { return false }
        return try await !DeferredIndexes.rollupsSuspended(on: db)
    }

    /// Whether an instant starts a bucket of the roll-ups (`M015CreateMeasureRollups.bucket`):
    /// a UK local midnight always does; a period in another time zone is counted from the cases.
    static func isEdge(_ date: Date) -> Bool {
        date.timeIntervalSince1970.truncatingRemainder(dividingBy: 3600) == 0
            && M015CreateMeasureRollups.bucket(hour: hour(date)) == hour(date)
    }

    static func hour(_ date: Date) -> Int { Int((date.timeIntervalSince1970 / 3600).rounded(.down)) }

    /// The counts of one measure over the period, by label; labels whose
    /// contributions cancelled out (a case that moved on) are left out.
    static func totals(_ measure: String, _ scope: ReportScope, on db: any Database) async throws -> [Total] {
        try await MeasureQueries.sql(db).raw(
            """
            SELECT label, CAST(SUM(n) AS BIGINT) AS n, CAST(SUM(days) AS BIGINT) AS days FROM case_measure_counts
            WHERE organisation_id = \(bind: scope.organisationID) AND measure = \(bind: measure)
              AND hour >= \(bind: hour(scope.start)) AND hour < \(bind: hour(scope.end))
            GROUP BY label HAVING SUM(n) <> 0
            """
        ).all().map {
            Total(
                label: try $0.decode(column: "label", as: String.self), n: try $0.decode(column: "n", as: Int.self),
                days: try $0.decode(column: "days", as: Int.self))
        }
    }

    /// "reason:outcome", as the closed measure's labels are written.
    private static func split(_ label: String) -> (reason: String, outcome: String) {
        let parts = label.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        return (parts.first ?? label, parts.count > 1 ? parts[1] : "")
    }

    static func closures(_ scope: ReportScope, on db: any Database) async throws -> MeasureQueries.Closures {
        let rows = try await totals("closed", scope, on: db)
        let resolved = rows.filter { split($0.label).outcome == ClosureOutcome.resolved.rawValue }
        return MeasureQueries.Closures(
            closed: rows.map(\.n).reduce(0, +), resolved: resolved.map(\.n).reduce(0, +),
            resolvedDays: resolved.map(\.days).reduce(0, +))
    }

    static func closureReasons(_ scope: ReportScope, on db: any Database) async throws -> [Count] {
        var byReason: [String: Int] = [:]
        for row in try await totals("closed", scope, on: db) {
            byReason[split(row.label).reason, default: 0] += row.n
        }
        return byReason.filter { $0.value != 0 }.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map {
            Count(label: ClosureReason(rawValue: $0.key)?.label ?? "Not recorded", value: $0.value)
        }
    }

    static func riskRatings(_ scope: ReportScope, on db: any Database) async throws -> [Count] {
        let rows = try await totals("received", scope, on: db)
        let order = RiskLevel.allCases.reversed().map(\.rawValue) + ["unrated"]
        return order.compactMap { key in
            rows.first { $0.label == key }.map {
                Count(label: RiskLevel(rawValue: key)?.label ?? "Not rated", value: $0.n)
            }
        }
    }

    /// Met and late come from the roll-ups; a case still waiting for its first
    /// response is late only once its deadline has passed, which depends on
    /// the clock, so those few are counted from the cases (a partial index
    /// holds only them).
    static func responses(_ scope: ReportScope, on db: any Database) async throws -> [MeasureQueries.Response] {
        var met: [String: Int] = [:]
        var missed: [String: Int] = [:]
        for row in try await totals("response", scope, on: db) {
            let (risk, state) = split(row.label)
            if state == "met" { met[risk, default: 0] += row.n } else { missed[risk, default: 0] += row.n }
        }
        let waiting = try await MeasureQueries.sql(db).raw(
            """
            SELECT c.risk_level AS risk, COUNT(*) AS n FROM cases c
            WHERE c.organisation_id = \(bind: scope.organisationID) AND c.first_response_at IS NULL
              AND c.received_at >= \(bind: scope.start) AND c.received_at < \(bind: scope.end)
              AND c.response_due_at < \(bind: scope.now) AND c.risk_level IS NOT NULL
            GROUP BY c.risk_level
            """
        ).all()
        for row in waiting {
            missed[try row.decode(column: "risk", as: String.self), default: 0] += try row.decode(
                column: "n", as: Int.self)
        }
        return RiskLevel.allCases.reversed().map {
            MeasureQueries.Response(risk: $0, met: met[$0.rawValue] ?? 0, missed: missed[$0.rawValue] ?? 0)
        }
    }

    static func categories(_ scope: ReportScope, on db: any Database) async throws -> [Count] {
        let totals = try await totals("category", scope, on: db)
        guard !totals.isEmpty else { return [] }
        let names = Dictionary(
            try await Category.query(on: db).all().compactMap { category in
                category.id.map { ($0, category.name) }
            }, uniquingKeysWith: { first, _ in first })
        return totals.compactMap { row in
            UUID(uuidString: row.label).flatMap { names[$0] }.map { Count(label: $0, value: row.n) }
        }.sorted { ($0.value, $1.label) > ($1.value, $0.label) }
    }

    /// Received and closed in each month, as sums over each month's buckets in one statement.
    static func trend(_ scope: ReportScope, on db: any Database) async throws -> [MeasureQueries.MonthTrend] {
        let months = scope.period.months
        var columns: [SQLQueryString] = []
        for (index, month) in months.enumerated() {
            let from = hour(month.start(scope.calendar))
            let to = hour(month.end(scope.calendar))
            for (measure, alias) in [("received", "o"), ("closed", "c")] {
                columns.append(
                    """
                    (SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) FROM case_measure_counts
                     WHERE organisation_id = \(bind: scope.organisationID) AND measure = \(bind: measure)
                       AND hour >= \(bind: from) AND hour < \(bind: to)) AS \(unsafeRaw: alias)\(unsafeRaw: String(index))
                    """)
            }
        }
        let row = try await MeasureQueries.sql(db).raw("SELECT \(columns.joined(separator: ", "))").first()
        return try months.enumerated().map { index, month in
            MeasureQueries.MonthTrend(
                month: DisplayDate.month(month.first),
                opened: try row?.decode(column: "o\(index)", as: Int?.self) ?? 0,
                closed: try row?.decode(column: "c\(index)", as: Int?.self) ?? 0)
        }
    }

    // MARK: The casework breakdowns, from the daily roll-ups (M016)

    /// The counts of one breakdown over the period's days, by label.
    static func days(_ measure: String, _ scope: ReportScope, on db: any Database) async throws -> [Count] {
        try await MeasureQueries.counts(
            db,
            """
            SELECT label, CAST(SUM(n) AS BIGINT) AS n FROM case_day_counts
            WHERE organisation_id = \(bind: scope.organisationID) AND measure = \(bind: measure)
              AND day >= \(bind: scope.firstDay) AND day <= \(bind: scope.lastDay)
            GROUP BY label HAVING SUM(n) <> 0
            """
        ).sorted { ($0.value, $1.label) > ($1.value, $0.label) }
    }

    static func interventions(_ scope: ReportScope, on db: any Database) async throws -> [Count] {
        try await days("intervention", scope, on: db).map {
            Count(label: InterventionKind(rawValue: $0.label)?.label ?? $0.label, value: $0.value)
        }
    }

    static func respondentSupport(_ scope: ReportScope, on db: any Database) async throws -> [Count] {
        try await days("support", scope, on: db).map {
            Count(label: SupportService(rawValue: $0.label)?.label ?? $0.label, value: $0.value)
        }
    }

    /// Labelled by power id; the names are joined here, as the query from the cases joins them.
    static func enforcement(_ scope: ReportScope, on db: any Database) async throws -> [Count] {
        let counts = try await days("enforcement", scope, on: db)
        guard !counts.isEmpty else { return [] }
        let names = Dictionary(
            try await LegalPower.query(on: db).all().compactMap { power in power.id.map { ($0, power.name) } },
            uniquingKeysWith: { first, _ in first })
        // Two powers could share a name; the query from the cases groups by name.
        var byName: [String: Int] = [:]
        for count in counts {
            guard let name = UUID(uuidString: count.label).flatMap({ names[$0] }) else { continue }
            byName[name, default: 0] += count.value
        }
        return byName.map { Count(label: $0.key, value: $0.value) }.sorted {
            ($0.value, $1.label) > ($1.value, $0.label)
        }
    }
}
