import Fluent
import Foundation
import SQLKit
import TandemCore
import Vapor

/// The council's statistics (Westminster committee report, section 2) and
/// the Regulator's tenant satisfaction measures, as SQL aggregates.
enum StatisticsQueries {
    static let activeStatuses = CaseStatus.allCases.filter { $0.isActive && $0 != .reported }.map(\.rawValue)

    static func openByWard(organisationID: UUID, on db: any Database) async throws -> [Count] {
        try await MeasureQueries.counts(
            db,
            """
            SELECT COALESCE(w.name, 'No ward recorded') AS label, COUNT(*) AS n
            FROM cases c LEFT JOIN wards w ON w.id = c.ward_id
            WHERE c.organisation_id = \(bind: organisationID) AND c.status IN (\(binds: activeStatuses))
            GROUP BY COALESCE(w.name, 'No ward recorded') ORDER BY n DESC, label
            """)
    }

    static func openByEstate(organisationID: UUID, on db: any Database) async throws -> [Count] {
        try await MeasureQueries.counts(
            db,
            """
            SELECT e.name AS label, COUNT(*) AS n
            FROM cases c JOIN places p ON p.id = c.place_id JOIN estates e ON e.id = p.estate_id
            WHERE c.organisation_id = \(bind: organisationID) AND c.status IN (\(binds: activeStatuses))
            GROUP BY e.name ORDER BY n DESC, e.name
            """)
    }

    static func openByCategory(organisationID: UUID, on db: any Database) async throws -> [Count] {
        try await MeasureQueries.counts(
            db,
            """
            SELECT k.name AS label, COUNT(DISTINCT c.id) AS n
            FROM cases c JOIN case_categories cc ON cc.case_id = c.id JOIN categories k ON k.id = cc.category_id
            WHERE c.organisation_id = \(bind: organisationID) AND c.status IN (\(binds: activeStatuses))
            GROUP BY k.name ORDER BY n DESC, k.name
            """)
    }

    /// Cases managed in each reporting year: open at any time during it
    /// (received before it ended, and not closed before it began).
    static func managedPerYear(organisationID: UUID, years: [Int], calendar: WorkingCalendar, on db: any Database)
        async throws -> [Count]
    {
        var columns: [SQLQueryString] = []
        for (index, year) in years.enumerated() {
            let period = ReportingPeriod.reportingYear(starting: year)
            columns.append(
                """
                CAST(SUM(CASE WHEN COALESCE(c.received_at, c.opened_at) < \(bind: period.end(calendar))
                  AND (c.closed_at IS NULL OR c.closed_at >= \(bind: period.start(calendar))) THEN 1 ELSE 0 END) AS BIGINT) AS y\(unsafeRaw: String(index))
                """)
        }
        let row = try await MeasureQueries.sql(db).raw(
            """
            SELECT \(columns.joined(separator: ", ")) FROM cases c
            WHERE c.organisation_id = \(bind: organisationID) AND c.status <> \(bind: CaseStatus.reported.rawValue)
            """
        ).first()
        return try years.enumerated().map { index, year in
            Count(
                label: ReportingPeriod.yearLabel(starting: year),
                value: try row?.decode(column: "y\(index)", as: Int?.self) ?? 0)
        }
    }

    struct Satisfaction: Equatable, Sendable {
        var answered: Int
        var satisfied: Int
        var percent: Int? { Measure.percent(satisfied, of: answered) }
    }

    /// One survey question's satisfaction among reporting people's surveys
    /// answered in the period, on the cases the filter selects.
    static func satisfaction(
        _ question: SurveyQuestion, organisationID: UUID, landlordID: UUID? = nil, from start: Date, to end: Date,
        on db: any Database
    ) async throws -> Satisfaction {
        let column = SQLColumn(question.rawValue, table: "s")
        let landlord: SQLQueryString =
            landlordID.map { " AND (c.organisation_id = \(bind: $0) OR p.landlord_organisation_id = \(bind: $0))" }
            ?? " AND c.organisation_id = \(bind: organisationID)"
        let row = try await MeasureQueries.sql(db).raw(
            """
            SELECT COUNT(*) AS answered,
              CAST(COALESCE(SUM(CASE WHEN \(column) >= \(bind: SatisfactionScore.satisfiedFrom) THEN 1 ELSE 0 END), 0) AS BIGINT) AS satisfied
            FROM survey_responses s JOIN cases c ON c.id = s.case_id LEFT JOIN places p ON p.id = c.place_id
            WHERE s.audience = \(bind: SurveyAudience.reportingPerson.rawValue) AND \(column) IS NOT NULL
              AND s.answered_at >= \(bind: start) AND s.answered_at < \(bind: end)\(landlord)
            """
        ).first()
        return Satisfaction(
            answered: try row?.decode(column: "answered", as: Int.self) ?? 0,
            satisfied: try row?.decode(column: "satisfied", as: Int.self) ?? 0)
    }

    struct NM01: Equatable, Sendable {
        var cases: Int
        var hateCases: Int
        var homes: Int?
        var perThousand: Double? { homes.flatMap { Measure.perThousandHomes(cases, homes: $0) } }
        var hatePerThousand: Double? { homes.flatMap { Measure.perThousandHomes(hateCases, homes: $0) } }
    }

    /// NM01 (1) and (2) for a landlord's reporting year: ASB cases opened,
    /// and those involving hate incidents, counted once per case however many
    /// reports joined it (the intake's NM01 rule). A landlord's cases are
    /// those it leads and those about homes it owns.
    static func nm01(landlordID: UUID, year: Int, calendar: WorkingCalendar, on db: any Database) async throws
        -> NM01
    {
        let period = ReportingPeriod.reportingYear(starting: year)
        let start = period.start(calendar)
        let end = period.end(calendar)
        let reported = CaseStatus.reported.rawValue
        // Two index-friendly halves (cases it leads; cases about its homes), the union removing overlaps.
        let row = try await MeasureQueries.sql(db).raw(
            """
            SELECT COUNT(*) AS n,
              CAST(COALESCE(SUM(CASE WHEN x.hate_incident = \(bind: true) THEN 1 ELSE 0 END), 0) AS BIGINT) AS hate
            FROM (
              SELECT c.id, c.hate_incident FROM cases c
              WHERE c.organisation_id = \(bind: landlordID) AND c.status <> \(bind: reported)
                AND c.received_at >= \(bind: start) AND c.received_at < \(bind: end)
              UNION
              SELECT c.id, c.hate_incident FROM places p JOIN cases c ON c.place_id = p.id
              WHERE p.landlord_organisation_id = \(bind: landlordID) AND c.status <> \(bind: reported)
                AND c.received_at >= \(bind: start) AND c.received_at < \(bind: end)
            ) x
            """
        ).first()
        let homes = try await LandlordHomes.query(on: db).filter(\.$organisation.$id == landlordID)
            .filter(\.$yearStart == year).first()?.homes
        return NM01(
            cases: try row?.decode(column: "n", as: Int.self) ?? 0,
            hateCases: try row?.decode(column: "hate", as: Int.self) ?? 0, homes: homes)
    }
}

/// Repeat callers (Islington, in the London Councils survey), repeat victims
/// and repeat respondents.
enum RepeatQueries {
    struct Caller: Encodable, Sendable {
        var personID: String
        /// The caller's person page.
        var href: String
        var name: String
        var ward: String
        var periods: [Int]
        var total: Int
        var nature: String
    }

    static func callers(
        organisationID: UUID, wardID: UUID?, periods: [ReportingPeriod], calendar: WorkingCalendar, limit: Int,
        on db: any Database
    ) async throws -> [Caller] {
        guard let first = periods.first, let last = periods.last else { return [] }
        let start = first.start(calendar)
        let end = last.end(calendar)
        var columns: [SQLQueryString] = []
        for (index, period) in periods.enumerated() {
            columns.append(
                "CAST(SUM(CASE WHEN r.received_at >= \(bind: period.start(calendar)) AND r.received_at < \(bind: period.end(calendar)) THEN 1 ELSE 0 END) AS BIGINT) AS p\(unsafeRaw: String(index))"
            )
        }
        let ward: SQLQueryString = wardID.map { " AND r.ward_id = \(bind: $0)" } ?? ""
        let rows = try await MeasureQueries.sql(db).raw(
            """
            SELECT r.reporter_person_id AS person, MAX(pe.full_name) AS name, MAX(w.name) AS ward, COUNT(*) AS total,
              \(columns.joined(separator: ", "))
            FROM reports r JOIN people pe ON pe.id = r.reporter_person_id LEFT JOIN wards w ON w.id = r.ward_id
            WHERE r.organisation_id = \(bind: organisationID) AND r.received_at >= \(bind: start) AND r.received_at < \(bind: end)\(ward)
              AND r.duplicate_of_id IS NULL
            GROUP BY r.reporter_person_id
            HAVING COUNT(*) >= \(bind: RepeatCallerWindow.threshold)
            ORDER BY total DESC, name
            LIMIT \(unsafeRaw: String(limit))
            """
        ).all()
        let people = try rows.map { try $0.decode(column: "person", as: UUID.self) }
        // The nature of the calls: categories per caller, in one query for the whole page.
        var nature: [UUID: [String]] = [:]
        if !people.isEmpty {
            for row in try await MeasureQueries.sql(db).raw(
                """
                SELECT r.reporter_person_id AS person, k.name AS category, COUNT(*) AS n
                FROM reports r JOIN report_categories rc ON rc.report_id = r.id JOIN categories k ON k.id = rc.category_id
                WHERE r.reporter_person_id IN (\(binds: people)) AND r.organisation_id = \(bind: organisationID)
                  AND r.received_at >= \(bind: start) AND r.received_at < \(bind: end)\(ward)
                  AND r.duplicate_of_id IS NULL
                GROUP BY r.reporter_person_id, k.name ORDER BY n DESC, k.name
                """
            ).all() {
                let person = try row.decode(column: "person", as: UUID.self)
                let n = try row.decode(column: "n", as: Int.self)
                nature[person, default: []].append(
                    "\(try row.decode(column: "category", as: String.self).lowercased()) (\(n))")
            }
        }
        return try rows.map { row in
            let person = try row.decode(column: "person", as: UUID.self)
            return Caller(
                personID: person.uuidString, href: SiteURL.person(.value(person)).path,
                name: try row.decode(column: "name", as: String.self),
                ward: try row.decode(column: "ward", as: String?.self) ?? "–",
                periods: try periods.indices.map { try row.decode(column: "p\($0)", as: Int?.self) ?? 0 },
                total: try row.decode(column: "total", as: Int.self),
                nature: nature[person]?.joined(separator: ", ") ?? "not categorised")
        }
    }

    struct Repeat: Encodable, Sendable {
        var personID: String
        /// The person's page.
        var href: String
        var name: String
        var cases: Int
    }

    /// People in the same role on two or more cases received since `since`.
    static func people(role: PartyRole, organisationID: UUID, since: Date, on db: any Database) async throws
        -> [Repeat]
    {
        try await MeasureQueries.sql(db).raw(
            """
            SELECT cp.person_id AS person, MAX(pe.full_name) AS name, COUNT(DISTINCT cp.case_id) AS n
            FROM case_parties cp JOIN cases c ON c.id = cp.case_id JOIN people pe ON pe.id = cp.person_id
            WHERE cp.role = \(bind: role.rawValue) AND c.organisation_id = \(bind: organisationID)
              AND COALESCE(c.received_at, c.opened_at) >= \(bind: since)
            GROUP BY cp.person_id
            HAVING COUNT(DISTINCT cp.case_id) >= 2
            ORDER BY n DESC, name
            LIMIT 50
            """
        ).all().map {
            let person = try $0.decode(column: "person", as: UUID.self)
            return Repeat(
                personID: person.uuidString, href: SiteURL.person(.value(person)).path,
                name: try $0.decode(column: "name", as: String.self), cases: try $0.decode(column: "n", as: Int.self))
        }
    }
}
