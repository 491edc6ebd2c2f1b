import Fluent
import Foundation
import TandemCore
import Vapor

/// The Regulator's tenant satisfaction measures (NM01, TP12) and the repeat callers report, with CSV.
struct HousingMeasuresController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.tsm, use: tsm)
        routes.get(.tsmCSV, use: tsmCSV)
        routes.get(.repeatCallers, use: repeatCallers)
        routes.get(.repeatCallersCSV, use: repeatCallersCSV)
    }

    // MARK: - Tenant satisfaction measures

    struct TSMData {
        var landlord: Organisation
        var year: Int
        var nm01: StatisticsQueries.NM01
        var tp12: StatisticsQueries.Satisfaction
    }

    static func landlords(on db: any Database) async throws -> [Organisation] {
        try await Organisation.query(on: db)
            .filter(\.$kind ~~ [OrganisationKind.housingProvider, OrganisationKind.councilASB])
            .filter(\.$active == true).sort(\.$name).all()
    }

    static func tsmData(_ request: Request, user: CurrentUser) async throws -> (TSMData, [Organisation]) {
        let db = request.db
        let calendar = try await IntakePolicy.load(on: db).calendar
        let landlords = try await landlords(on: db)
        let chosen = request.query[String.self, at: "landlord"].flatMap(UUID.init(uuidString:))
        guard
            let landlord = landlords.first(where: { $0.id == chosen }) ?? landlords.first(where: {
                $0.id == user.organisationID
            })
                ?? landlords.first
        else { throw Abort(.notFound, reason: "No landlord is set up yet") }
        let thisYear = ReportingPeriod.reportingYear(of: calendar.local(request.now).day).first.year
        let year = request.query[Int.self, at: "year"].flatMap { (2000...thisYear).contains($0) ? $0 : nil } ?? thisYear
        let period = ReportingPeriod.reportingYear(starting: year)
        let landlordID = try landlord.requireID()
        return (
            TSMData(
                landlord: landlord, year: year,
                nm01: try await StatisticsQueries.nm01(landlordID: landlordID, year: year, calendar: calendar, on: db),
                tp12: try await StatisticsQueries.satisfaction(
                    .tp12, organisationID: user.organisationID, landlordID: landlordID, from: period.start(calendar),
                    to: period.end(calendar), on: db)
            ), landlords
        )
    }

    struct TSMPage: Encodable {
        var layout: LayoutContext
        var landlords: [Choice]
        var years: [Choice]
        var landlord: String
        var yearLabel: String
        var cases: Int
        var hateCases: Int
        var homes: String
        var hasHomes: Bool
        var nm01: String
        var nm01Hate: String
        var tp12: String
        var tp12Detail: String
        /// The CSV of the landlord and year shown.
        var csvLink: String
        var mayEditHomes: Bool
        var action = SiteURL.tsm.path
        var reportingSettingsLink = SiteURL.admin(.reporting).path
        var tabs = ReportTabs()
    }

    @Sendable
    func tsm(request: Request) async throws -> View {
        let user = try request.authorize(.viewReports)
        let (data, landlords) = try await Self.tsmData(request, user: user)
        let thisYear = ReportingPeriod.reportingYear(of: ReportDay.today(request)).first.year
        return try await request.view.render(
            "performance/tsm",
            TSMPage(
                layout: request.layout(title: "Tenant satisfaction measures", section: .reports),
                landlords: landlords.map {
                    Choice(value: $0.id?.uuidString ?? "", label: $0.name, selected: $0.id == data.landlord.id)
                },
                years: (0..<5).map { thisYear - $0 }.map {
                    Choice(value: String($0), label: ReportingPeriod.yearLabel(starting: $0), selected: $0 == data.year)
                },
                landlord: data.landlord.name, yearLabel: ReportingPeriod.yearLabel(starting: data.year),
                cases: data.nm01.cases, hateCases: data.nm01.hateCases,
                homes: data.nm01.homes.map(String.init) ?? "not entered", hasHomes: data.nm01.homes != nil,
                nm01: Measure.formatRate(data.nm01.perThousand),
                nm01Hate: Measure.formatRate(data.nm01.hatePerThousand),
                tp12: data.tp12.percent.map { "\($0)%" } ?? "–",
                tp12Detail: "\(data.tp12.satisfied) of \(data.tp12.answered) answers very or fairly satisfied",
                csvLink: SiteURL.tsmCSV.path(query: [
                    ("landlord", data.landlord.id?.uuidString ?? ""), ("year", String(data.year)),
                ]),
                mayEditHomes: request.may(.manageReferenceData)))
    }

    @Sendable
    func tsmCSV(request: Request) async throws -> Response {
        let user = try request.authorize(.viewReports)
        let (data, _) = try await Self.tsmData(request, user: user)
        let year = ReportingPeriod.yearLabel(starting: data.year)
        let rows: [[String]] = [
            ["Landlord", "Year", "Measure", "Value"],
            [data.landlord.name, year, "ASB cases opened", String(data.nm01.cases)],
            [data.landlord.name, year, "ASB cases involving hate incidents", String(data.nm01.hateCases)],
            [data.landlord.name, year, "Homes owned", data.nm01.homes.map(String.init) ?? ""],
            [
                data.landlord.name, year, "NM01 (1) per 1,000 homes",
                data.nm01.perThousand.map { Measure.formatRate($0) } ?? "",
            ],
            [
                data.landlord.name, year, "NM01 (2) per 1,000 homes",
                data.nm01.hatePerThousand.map { Measure.formatRate($0) } ?? "",
            ],
            [data.landlord.name, year, "TP12 satisfied (%)", data.tp12.percent.map(String.init) ?? ""],
            [data.landlord.name, year, "TP12 answers", String(data.tp12.answered)],
        ]
        return PerformanceController.csv(rows, filename: "tenant-satisfaction-measures.csv")
    }

    // MARK: - Repeat callers

    struct RepeatData {
        var periods: [ReportingPeriod]
        var callers: [RepeatQueries.Caller]
        var victims: [RepeatQueries.Repeat]
        var respondents: [RepeatQueries.Repeat]
        var wardID: UUID?
    }

    static func repeatData(_ request: Request, user: CurrentUser) async throws -> RepeatData {
        let db = request.db
        let calendar = try await IntakePolicy.load(on: db).calendar
        let today = calendar.local(request.now).day
        let periods = RepeatCallerWindow.periods(endingBefore: today.adding(days: 1))
        let wardID = request.query[String.self, at: "ward"].flatMap(UUID.init(uuidString:))
        let since = calendar.instant(today.adding(days: -365), minute: 0)
        return RepeatData(
            periods: periods,
            callers: try await RepeatQueries.callers(
                organisationID: user.organisationID, wardID: wardID, periods: periods, calendar: calendar, limit: 100,
                on: db),
            victims: try await RepeatQueries.people(
                role: .reportingPerson, organisationID: user.organisationID, since: since, on: db),
            respondents: try await RepeatQueries.people(
                role: .respondent, organisationID: user.organisationID, since: since, on: db),
            wardID: wardID)
    }

    struct RepeatPage: Encodable {
        var layout: LayoutContext
        var wards: [Choice]
        var periods: [String]
        var callers: [RepeatQueries.Caller]
        var hasCallers: Bool
        var victims: [RepeatQueries.Repeat]
        var hasVictims: Bool
        var respondents: [RepeatQueries.Repeat]
        var hasRespondents: Bool
        /// The CSV of the callers shown, with the same ward.
        var csvLink: String
        var action = SiteURL.repeatCallers.path
        var tabs = ReportTabs()
    }

    @Sendable
    func repeatCallers(request: Request) async throws -> View {
        let user = try request.authorize(.viewReports)
        let data = try await Self.repeatData(request, user: user)
        let wards = try await Ward.query(on: request.db).sort(\.$name).all()
        return try await request.view.render(
            "performance/repeat-callers",
            RepeatPage(
                layout: request.layout(title: "Repeat callers", section: .reports),
                wards: wards.map {
                    Choice(value: $0.id?.uuidString ?? "", label: $0.name, selected: $0.id == data.wardID)
                },
                periods: data.periods.map { "\(DisplayDate.civil($0.first)) to \(DisplayDate.civil($0.last))" },
                callers: data.callers, hasCallers: !data.callers.isEmpty, victims: data.victims,
                hasVictims: !data.victims.isEmpty, respondents: data.respondents,
                hasRespondents: !data.respondents.isEmpty,
                csvLink: SiteURL.repeatCallersCSV.path(query: data.wardID.map { [("ward", $0.uuidString)] } ?? [])))
    }

    @Sendable
    func repeatCallersCSV(request: Request) async throws -> Response {
        let user = try request.authorize(.viewReports)
        let data = try await Self.repeatData(request, user: user)
        var rows: [[String]] = [
            ["Caller", "Ward"] + data.periods.map { "\($0.first) to \($0.last)" } + ["Total", "Nature of reports"]
        ]
        for caller in data.callers {
            rows.append(
                [caller.name, caller.ward] + caller.periods.map(String.init) + [String(caller.total), caller.nature])
        }
        return PerformanceController.csv(rows, filename: "repeat-callers.csv")
    }
}
