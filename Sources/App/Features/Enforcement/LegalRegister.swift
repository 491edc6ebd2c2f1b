import Fluent
import Foundation
import SQLKit
import TandemCore
import Vapor

/// The legal register: every legal measure on the organisation's cases by
/// type, status and year, and the counts per reporting year in the shape of
/// Westminster's enforcement tables (003 section 2). Counts are SQL
/// aggregates; the page and its CSV share one definition.
enum LegalRegisterQueries {
    /// The reporting year (1 April to 31 March) of an ISO date column, named by its first year.
    /// Cast to BIGINT, as are sums, so PostgreSQL returns what an `Int` decodes.
    static func financialYear(_ column: String) -> String {
        "CAST(CAST(substr(\(column), 1, 4) AS INTEGER) - CASE WHEN substr(\(column), 6, 2) < '04' THEN 1 ELSE 0 END AS BIGINT)"
    }

    /// A row of the counts table, as 003 words it.
    enum Line: String, CaseIterable {
        case nosp, possession, eviction, injunctionIndividual, injunctionEstate, closureOrder, lba, abaAbc, other

        var label: String {
            switch self {
            case .nosp: "Notice of Seeking Possession"
            case .possession: "Possession proceedings"
            case .eviction: "Eviction"
            case .injunctionIndividual: "Civil injunction – individual"
            case .injunctionEstate: "Civil injunction – estate-wide"
            case .closureOrder: "Closure order"
            case .lba: "Letters Before Action"
            case .abaAbc: "ABAs / ABCs"
            case .other: "Other legal measures"
            }
        }
    }

    struct Counts {
        var years: [Int]
        var cells: [Line: [Int: Int]]
        var current: Int
    }

    static func counts(organisationID: UUID, on db: any Database) async throws -> Counts {
        guard let sql = db as? any SQLDatabase else { return Counts(years: [], cells: [:], current: 0) }
        var cells: [Line: [Int: Int]] = [:]
        func add(_ line: Line, _ year: Int, _ n: Int) { cells[line, default: [:]][year, default: 0] += n }
        let fy = financialYear("m.instructed_on")
        for row in try await sql.raw(
            """
            SELECT p.register_group AS grp, m.scope AS scope, \(unsafeRaw: fy) AS fy, COUNT(*) AS n
            FROM legal_measures m JOIN legal_powers p ON p.id = m.power_id JOIN cases c ON c.id = m.case_id
            WHERE c.organisation_id = \(bind: organisationID)
            GROUP BY p.register_group, m.scope, \(unsafeRaw: fy)
            """
        ).all() {
            let group = RegisterGroup(rawValue: try row.decode(column: "grp", as: String.self)) ?? .other
            let scope = try row.decode(column: "scope", as: String?.self)
            let year = try row.decode(column: "fy", as: Int.self)
            let n = try row.decode(column: "n", as: Int.self)
            let line: Line =
                switch group {
                case .letterBeforeAction: .lba
                case .noticeOfSeekingPossession: .nosp
                case .possessionProceedings: .possession
                case .civilInjunction:
                    scope == MeasureScope.estateWide.rawValue ? .injunctionEstate : .injunctionIndividual
                case .closureOrder: .closureOrder
                case .other: .other
                }
            add(line, year, n)
        }
        let evicted = financialYear("m.evicted_on")
        for row in try await sql.raw(
            """
            SELECT \(unsafeRaw: evicted) AS fy, COUNT(*) AS n
            FROM legal_measures m JOIN cases c ON c.id = m.case_id
            WHERE c.organisation_id = \(bind: organisationID) AND m.evicted_on IS NOT NULL
            GROUP BY \(unsafeRaw: evicted)
            """
        ).all() {
            add(.eviction, try row.decode(column: "fy", as: Int.self), try row.decode(column: "n", as: Int.self))
        }
        let started = financialYear("i.started_on")
        for row in try await sql.raw(
            """
            SELECT \(unsafeRaw: started) AS fy, COUNT(*) AS n
            FROM interventions i JOIN cases c ON c.id = i.case_id
            WHERE c.organisation_id = \(bind: organisationID)
              AND i.kind IN (\(bind: InterventionKind.acceptableBehaviourAgreement.rawValue), \(bind: InterventionKind.acceptableBehaviourContract.rawValue))
            GROUP BY \(unsafeRaw: started)
            """
        ).all() {
            add(.abaAbc, try row.decode(column: "fy", as: Int.self), try row.decode(column: "n", as: Int.self))
        }
        let currentStatuses = MeasureStatus.allCases.filter(\.isCurrent).map(\.rawValue)
        let current =
            try await sql.raw(
                """
                SELECT COUNT(DISTINCT m.case_id) AS n FROM legal_measures m JOIN cases c ON c.id = m.case_id
                WHERE c.organisation_id = \(bind: organisationID) AND m.status IN (\(binds: currentStatuses))
                """
            ).first()?.decode(column: "n", as: Int.self) ?? 0
        let years = Set(cells.values.flatMap(\.keys)).sorted(by: >)
        return Counts(years: years, cells: cells, current: current)
    }

    static func yearLabel(_ year: Int) -> String { "\(year)/\(String(format: "%02d", (year + 1) % 100))" }
}

struct LegalRegisterController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.legalRegister, use: show)
        routes.get(.legalRegisterCSV, use: csv)
    }

    struct MeasureRow: Encodable {
        var caseID: String
        /// The case's enforcement page.
        var href: String
        var reference: String
        var power: String
        var status: String
        var instructed: String
    }

    struct ReminderRow: Encodable {
        var caseID: String
        /// The case's enforcement page.
        var href: String
        var reference: String
        var power: String
        var expires: String
        var reminder: String
        var due: Bool
    }

    struct CountRow: Encodable {
        var label: String
        var cells: [Int]
        var total: Int
    }

    struct Page: Encodable {
        var layout: LayoutContext
        var years: [String]
        var counts: [CountRow]
        var hasYears: Bool
        var current: Int
        var measures: [MeasureRow]
        var hasMeasures: Bool
        var reminders: [ReminderRow]
        var hasReminders: Bool
        var powers: [Choice]
        var statuses: [Choice]
        var yearChoices: [Choice]
        var paging: Paging
        /// The register with the same filters on the previous and the next page.
        var previousHref: String?
        var nextHref: String?
        /// Where the filter form goes, and the counts as CSV.
        var action = SiteURL.legalRegister.path
        var csvHref = SiteURL.legalRegisterCSV.path
        var costs: [CountRow]
        var hasCosts: Bool
    }

    struct Filter: Content {
        var power: String?
        var status: String?
        var year: String?
        var page: Int?
    }

    @Sendable
    func show(request: Request) async throws -> View {
        let user = try request.authorize(.viewLegalRegister)
        let db = request.db
        let filter = (try? request.query.decode(Filter.self)) ?? Filter()
        let counts = try await LegalRegisterQueries.counts(organisationID: user.organisationID, on: db)
        let powers = try await LegalPower.query(on: db).sort(\.$sortOrder).all()
        let power = powers.first { $0.key == filter.power }
        let status = filter.status.flatMap(MeasureStatus.init(rawValue:))
        let year = filter.year.flatMap(Int.init).flatMap { (2000...2100).contains($0) ? $0 : nil }
        var paging = Paging(page: filter.page, perPage: 50)
        let query = LegalMeasure.query(on: db).join(
            CaseRecord.self, on: \LegalMeasure.$caseRecord.$id == \CaseRecord.$id
        )
        .filter(CaseRecord.self, \.$organisation.$id == user.organisationID).with(\.$power)
        if let id = power?.id { query.filter(\.$power.$id == id) }
        if let status { query.filter(\.$status == status) }
        if let year {
            query.filter(\.$instructedOn >= CivilDate(year, 4, 1)).filter(\.$instructedOn < CivilDate(year + 1, 4, 1))
        }
        let rows = try await query.sort(\.$instructedOn, .descending).offset(paging.offset).limit(paging.perPage + 1)
            .all()
        paging.hasNext = rows.count > paging.perPage
        let measures = rows.prefix(paging.perPage).map { measure in
            let record = try? measure.joined(CaseRecord.self)
            return MeasureRow(
                caseID: record?.id?.uuidString ?? "", href: Self.enforcement(record),
                reference: record?.reference ?? "", power: measure.power.name,
                status: measure.status.label, instructed: DisplayDate.civil(measure.instructedOn))
        }
        let today = try await IntakePolicy.load(on: db).calendar.local(request.now).day
        // Orders whose extension is to be considered now or within the next eight weeks.
        let horizon = today.adding(days: 7 * CourtRules.defaultReminderWeeks)
        let orders = try await CourtOrder.query(on: db)
            .join(CaseRecord.self, on: \CourtOrder.$caseRecord.$id == \CaseRecord.$id)
            .filter(CaseRecord.self, \.$organisation.$id == user.organisationID)
            .filter(\.$reminderOn != nil).filter(\.$reminderOn <= horizon).filter(\.$expiresOn >= today)
            .with(\.$measure) { $0.with(\.$power) }.sort(\.$reminderOn).limit(50).all()
        let reminders = orders.map { order in
            let record = try? order.joined(CaseRecord.self)
            return ReminderRow(
                caseID: record?.id?.uuidString ?? "", href: Self.enforcement(record),
                reference: record?.reference ?? "",
                power: order.measure.power.name,
                expires: order.expiresOn.map(DisplayDate.civil) ?? "",
                reminder: order.reminderOn.map(DisplayDate.civil) ?? "",
                due: order.reminderOn.map { $0 <= today } ?? true)
        }
        let costs = try await Self.costs(organisationID: user.organisationID, on: db)
        var parameters: [(String, String)] = []
        if let power { parameters.append(("power", power.key)) }
        if let status { parameters.append(("status", status.rawValue)) }
        if let year { parameters.append(("year", String(year))) }
        func pageHref(_ number: Int?) -> String? {
            number.map { SiteURL.legalRegister.path(query: parameters + [("page", String($0))]) }
        }
        let page = Page(
            layout: request.layout(title: "Legal register", section: .legal),
            years: counts.years.map(LegalRegisterQueries.yearLabel),
            counts: LegalRegisterQueries.Line.allCases.map { line in
                let cells = counts.years.map { counts.cells[line]?[$0] ?? 0 }
                return CountRow(label: line.label, cells: cells, total: cells.reduce(0, +))
            }, hasYears: !counts.years.isEmpty, current: counts.current, measures: Array(measures),
            hasMeasures: !measures.isEmpty, reminders: reminders, hasReminders: !reminders.isEmpty,
            powers: powers.map { Choice(value: $0.key, label: $0.name, selected: $0.key == power?.key) },
            statuses: Choice.list(
                MeasureStatus.allCases, value: \.rawValue, label: \.label, selected: Set([status?.rawValue ?? ""])),
            yearChoices: counts.years.map {
                Choice(value: String($0), label: LegalRegisterQueries.yearLabel($0), selected: $0 == year)
            }, paging: paging, previousHref: pageHref(paging.previousPage), nextHref: pageHref(paging.nextPage),
            costs: costs, hasCosts: !costs.isEmpty)
        return try await request.view.render("enforcement/register", page)
    }

    /// The enforcement page of a measure's or an order's case.
    static func enforcement(_ record: CaseRecord?) -> String {
        record?.id.map { SiteURL.case(.value($0), .enforcement).path } ?? ""
    }

    /// Costs per kind per reporting year, summed in SQL.
    static func costs(organisationID: UUID, on db: any Database) async throws -> [CountRow] {
        guard let sql = db as? any SQLDatabase else { return [] }
        let fy = LegalRegisterQueries.financialYear("k.incurred_on")
        var cells: [String: [Int: Int]] = [:]
        for row in try await sql.raw(
            """
            SELECT k.kind AS kind, \(unsafeRaw: fy) AS fy, CAST(SUM(k.amount_pence) AS BIGINT) AS pence
            FROM legal_costs k JOIN cases c ON c.id = k.case_id
            WHERE c.organisation_id = \(bind: organisationID)
            GROUP BY k.kind, \(unsafeRaw: fy)
            """
        ).all() {
            cells[try row.decode(column: "kind", as: String.self), default: [:]][
                try row.decode(column: "fy", as: Int.self)] = try row.decode(column: "pence", as: Int.self)
        }
        return CostKind.allCases.compactMap { kind in
            guard let years = cells[kind.rawValue] else { return nil }
            let sorted = years.keys.sorted(by: >)
            return CountRow(
                label: kind.label + ": "
                    + sorted.map {
                        "\(LegalRegisterQueries.yearLabel($0)) \(CostRules.display(pence: years[$0] ?? 0))"
                    }.joined(separator: "; "), cells: [], total: years.values.reduce(0, +))
        }
    }

    @Sendable
    func csv(request: Request) async throws -> Response {
        let user = try request.authorize(.viewLegalRegister)
        let counts = try await LegalRegisterQueries.counts(organisationID: user.organisationID, on: request.db)
        var rows = [["Measure"] + counts.years.map(LegalRegisterQueries.yearLabel)]
        for line in LegalRegisterQueries.Line.allCases {
            rows.append([line.label] + counts.years.map { String(counts.cells[line]?[$0] ?? 0) })
        }
        // A count now, not by year: in its own column, the year columns left empty (every row one shape).
        rows[0].append("Now")
        for index in rows.indices.dropFirst() { rows[index].append("") }
        rows.append(["Current legal cases"] + counts.years.map { _ in "" } + [String(counts.current)])
        return CSVFile.response(rows, filename: "legal-register.csv")
    }
}
