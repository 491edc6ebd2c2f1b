import Fluent
import Foundation
import SQLKit
import TandemCore
import Vapor

/// Who and what a report counts: the user's organisation, a period, and
/// optionally one ward or one officer.
struct ReportScope: Sendable {
    var organisationID: UUID
    var period: ReportingPeriod
    var wardID: UUID?
    var officerID: UUID?
    var calendar: WorkingCalendar
    var now: Date
    /// Whether whole-organisation figures may come from the hourly roll-ups
    /// (`MeasureRollups`); the tests turn it off to count the same figures
    /// from the cases and compare.
    var rollups = true

    var start: Date { period.start(calendar) }
    var end: Date { period.end(calendar) }

    /// The case filter every measure shares (the alias `c` is the case).
    var caseFilter: SQLQueryString {
        var filter: SQLQueryString = "c.organisation_id = \(bind: organisationID)"
        if let wardID { filter = filter + " AND c.ward_id = \(bind: wardID)" }
        if let officerID { filter = filter + " AND c.officer_id = \(bind: officerID)" }
        return filter
    }

    /// Civil dates stored as ISO text (started_on, sent_on, instructed_on) compare as strings.
    var firstDay: String { period.first.description }
    var lastDay: String { period.last.description }
}

/// A labelled count, for breakdowns and charts.
struct Count: Encodable, Sendable, Equatable {
    var label: String
    var value: Int
}

/// The monthly measures (Lambeth 3.7), every figure one SQL aggregate. The
/// page, its CSV and the tests all read these functions.
enum MeasureQueries {
    struct Closures: Equatable, Sendable {
        var closed: Int
        var resolved: Int
        var resolvedDays: Int
        var resolvedPercent: Int? { Measure.percent(resolved, of: closed) }
        var averageDaysToResolve: Double? { Measure.average(total: resolvedDays, count: resolved) }
    }

    struct Response: Equatable, Sendable {
        var risk: RiskLevel
        var met: Int
        var missed: Int
        var percent: Int? { Measure.percent(met, of: met + missed) }
    }

    static func sql(_ db: any Database) throws -> any SQLDatabase {
        guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError) }
        return sql
    }

    /// Cases closed in the period: how many, how many resolved, and their calendar days.
    static func closures(_ scope: ReportScope, on db: any Database) async throws -> Closures {
        if try await MeasureRollups.usable(for: scope, on: db) {
            return try await MeasureRollups.closures(scope, on: db)
        }
        let row = try await sql(db).raw(
            """
            SELECT COUNT(*) AS closed,
              CAST(COALESCE(SUM(CASE WHEN c.closure_outcome = \(bind: ClosureOutcome.resolved.rawValue) THEN 1 ELSE 0 END), 0) AS BIGINT) AS resolved,
              CAST(COALESCE(SUM(CASE WHEN c.closure_outcome = \(bind: ClosureOutcome.resolved.rawValue) THEN c.days_to_close ELSE 0 END), 0) AS BIGINT) AS days
            FROM cases c
            WHERE \(scope.caseFilter) AND c.closed_at >= \(bind: scope.start) AND c.closed_at < \(bind: scope.end)
            """
        ).first()
        return Closures(
            closed: try row?.decode(column: "closed", as: Int.self) ?? 0,
            resolved: try row?.decode(column: "resolved", as: Int.self) ?? 0,
            resolvedDays: try row?.decode(column: "days", as: Int.self) ?? 0)
    }

    /// Cases received in the period, by risk band: responded to (first contact
    /// with the reporting person) by the working-day limit, or not. A case not
    /// yet responded to and not yet due is left out until it is decided.
    static func responses(_ scope: ReportScope, on db: any Database) async throws -> [Response] {
        if try await MeasureRollups.usable(for: scope, on: db) {
            return try await MeasureRollups.responses(scope, on: db)
        }
        let rows = try await sql(db).raw(
            """
            SELECT c.risk_level AS risk,
              CAST(SUM(CASE WHEN c.first_response_at IS NOT NULL AND c.first_response_at <= c.response_due_at THEN 1 ELSE 0 END) AS BIGINT) AS met,
              CAST(SUM(CASE WHEN (c.first_response_at IS NOT NULL AND c.first_response_at > c.response_due_at)
                OR (c.first_response_at IS NULL AND c.response_due_at < \(bind: scope.now)) THEN 1 ELSE 0 END) AS BIGINT) AS missed
            FROM cases c
            WHERE \(scope.caseFilter) AND c.received_at >= \(bind: scope.start) AND c.received_at < \(bind: scope.end)
              AND c.response_due_at IS NOT NULL AND c.risk_level IS NOT NULL
            GROUP BY c.risk_level
            """
        ).all()
        var byRisk: [RiskLevel: Response] = [:]
        for row in rows {
            guard let risk = RiskLevel(rawValue: try row.decode(column: "risk", as: String.self)) else { continue }
            byRisk[risk] = Response(
                risk: risk, met: try row.decode(column: "met", as: Int.self),
                missed: try row.decode(column: "missed", as: Int.self))
        }
        return RiskLevel.allCases.reversed().map { byRisk[$0] ?? Response(risk: $0, met: 0, missed: 0) }
    }

    /// Cases received in the period by their categories (a case with two categories counts in each).
    /// A case holds a category once (unique on case and category), so counting
    /// pairs by category id counts cases, and the names are joined to the
    /// fifteen totals rather than to every pair.
    static func categories(_ scope: ReportScope, on db: any Database) async throws -> [Count] {
        if try await MeasureRollups.usable(for: scope, on: db) {
            return try await MeasureRollups.categories(scope, on: db)
        }
        return try await counts(
            db,
            """
            SELECT k.name AS label, x.n AS n FROM (
              SELECT cc.category_id AS category_id, COUNT(*) AS n
              FROM cases c JOIN case_categories cc ON cc.case_id = c.id
              WHERE \(scope.caseFilter) AND c.received_at >= \(bind: scope.start) AND c.received_at < \(bind: scope.end)
              GROUP BY cc.category_id
            ) x JOIN categories k ON k.id = x.category_id
            ORDER BY n DESC, k.name
            """)
    }

    static func riskRatings(_ scope: ReportScope, on db: any Database) async throws -> [Count] {
        if try await MeasureRollups.usable(for: scope, on: db) {
            return try await MeasureRollups.riskRatings(scope, on: db)
        }
        let rows = try await counts(
            db,
            """
            SELECT COALESCE(c.risk_level, 'unrated') AS label, COUNT(*) AS n FROM cases c
            WHERE \(scope.caseFilter) AND c.received_at >= \(bind: scope.start) AND c.received_at < \(bind: scope.end)
            GROUP BY COALESCE(c.risk_level, 'unrated')
            """)
        let order = RiskLevel.allCases.reversed().map(\.rawValue) + ["unrated"]
        return order.compactMap { key in
            rows.first { $0.label == key }.map {
                Count(label: RiskLevel(rawValue: key)?.label ?? "Not rated", value: $0.value)
            }
        }
    }

    static func closureReasons(_ scope: ReportScope, on db: any Database) async throws -> [Count] {
        if try await MeasureRollups.usable(for: scope, on: db) {
            return try await MeasureRollups.closureReasons(scope, on: db)
        }
        return try await counts(
            db,
            """
            SELECT COALESCE(c.closure_reason, 'unknown') AS label, COUNT(*) AS n FROM cases c
            WHERE \(scope.caseFilter) AND c.closed_at >= \(bind: scope.start) AND c.closed_at < \(bind: scope.end)
            GROUP BY COALESCE(c.closure_reason, 'unknown') ORDER BY n DESC
            """
        ).map { Count(label: ClosureReason(rawValue: $0.label)?.label ?? "Not recorded", value: $0.value) }
    }

    /// Early interventions started in the period, by kind.
    static func interventions(_ scope: ReportScope, on db: any Database) async throws -> [Count] {
        if try await MeasureRollups.usable(for: scope, on: db) {
            return try await MeasureRollups.interventions(scope, on: db)
        }
        return try await counts(
            db,
            """
            SELECT i.kind AS label, COUNT(*) AS n FROM interventions i JOIN cases c ON c.id = i.case_id
            WHERE \(scope.caseFilter) AND i.started_on >= \(bind: scope.firstDay) AND i.started_on <= \(bind: scope.lastDay)
            GROUP BY i.kind ORDER BY n DESC
            """
        ).map { Count(label: InterventionKind(rawValue: $0.label)?.label ?? $0.label, value: $0.value) }
    }

    /// Legal measures instructed in the period, by power.
    static func enforcement(_ scope: ReportScope, on db: any Database) async throws -> [Count] {
        if try await MeasureRollups.usable(for: scope, on: db) {
            return try await MeasureRollups.enforcement(scope, on: db)
        }
        return try await counts(
            db,
            """
            SELECT p.name AS label, COUNT(*) AS n
            FROM legal_measures m JOIN legal_powers p ON p.id = m.power_id JOIN cases c ON c.id = m.case_id
            WHERE \(scope.caseFilter) AND m.instructed_on >= \(bind: scope.firstDay) AND m.instructed_on <= \(bind: scope.lastDay)
            GROUP BY p.name ORDER BY n DESC, p.name
            """)
    }

    /// Referrals of respondents to support, sent in the period, by service (Lambeth: "perpetrator support").
    static func respondentSupport(_ scope: ReportScope, on db: any Database) async throws -> [Count] {
        if try await MeasureRollups.usable(for: scope, on: db) {
            return try await MeasureRollups.respondentSupport(scope, on: db)
        }
        return try await counts(
            db,
            """
            SELECT r.service AS label, COUNT(*) AS n
            FROM referrals r JOIN case_parties cp ON cp.id = r.party_id JOIN cases c ON c.id = r.case_id
            WHERE \(scope.caseFilter) AND cp.role = \(bind: PartyRole.respondent.rawValue)
              AND r.sent_on >= \(bind: scope.firstDay) AND r.sent_on <= \(bind: scope.lastDay)
            GROUP BY r.service ORDER BY n DESC
            """
        ).map { Count(label: SupportService(rawValue: $0.label)?.label ?? $0.label, value: $0.value) }
    }

    struct MonthTrend: Encodable, Sendable, Equatable {
        var month: String
        var opened: Int
        var closed: Int
    }

    /// Cases received and closed in each month of the period, in one query.
    static func trend(_ scope: ReportScope, on db: any Database) async throws -> [MonthTrend] {
        if try await MeasureRollups.usable(for: scope, on: db) { return try await MeasureRollups.trend(scope, on: db) }
        let months = scope.period.months
        // One counted index range per month and measure, as scalar sub-queries
        // in one statement: each is answered from the (organisation, received)
        // or (organisation, closed) index without reading the cases themselves.
        // (A single pass summing a CASE per month read every case in the year.)
        var columns: [SQLQueryString] = []
        for (index, month) in months.enumerated() {
            let from = month.start(scope.calendar)
            let to = month.end(scope.calendar)
            columns.append(
                "(SELECT COUNT(*) FROM cases c WHERE \(scope.caseFilter) AND c.received_at >= \(bind: from) AND c.received_at < \(bind: to)) AS o\(unsafeRaw: String(index))"
            )
            columns.append(
                "(SELECT COUNT(*) FROM cases c WHERE \(scope.caseFilter) AND c.closed_at >= \(bind: from) AND c.closed_at < \(bind: to)) AS c\(unsafeRaw: String(index))"
            )
        }
        let row = try await sql(db).raw("SELECT \(columns.joined(separator: ", "))").first()
        return try months.enumerated().map { index, month in
            MonthTrend(
                month: DisplayDate.month(month.first),
                opened: try row?.decode(column: "o\(index)", as: Int?.self) ?? 0,
                closed: try row?.decode(column: "c\(index)", as: Int?.self) ?? 0)
        }
    }

    static func counts(_ db: any Database, _ query: SQLQueryString) async throws -> [Count] {
        try await sql(db).raw(query).all().map {
            Count(
                label: try $0.decode(column: "label", as: String.self), value: try $0.decode(column: "n", as: Int.self))
        }
    }
}
