import Fluent
import Foundation
import TandemCore
import Vapor

/// The performance reports. Every figure comes from `MeasureQueries`,
/// `StatisticsQueries` or `RepeatQueries`; a page and its CSV call the same
/// functions, so they cannot disagree.
struct PerformanceController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.measures, use: measures)
        routes.get(.measuresCSV, use: measuresCSV)
        routes.get(.council, use: council)
        routes.get(.councilCSV, use: councilCSV)
    }

    // MARK: - Filters

    struct Filters {
        var scope: ReportScope
        var form: FormState
        var from: String
        var to: String
        var wardID: String
        var officerID: String
        var query: String
    }

    static func filters(_ request: Request, user: CurrentUser) async throws -> Filters {
        let calendar = try await request.intakePolicy().calendar
        let today = calendar.local(request.now).day
        // The default period: the last twelve months, this month included.
        let thisMonth = ReportingPeriod.month(of: today)
        var first = thisMonth.first
        for _ in 0..<11 { first = ReportingPeriod.month(of: first.adding(days: -1)).first }
        var period = ReportingPeriod(first: first, last: thisMonth.last)
        var form = FormState()
        let fromText = TextRules.clean(request.query[String.self, at: "from"])
        let toText = TextRules.clean(request.query[String.self, at: "to"])
        switch ReportingPeriod.parse(from: fromText, to: toText) {
        case .success(let chosen): if let chosen { period = chosen }
        case .failure(let problem): form.add(problem.field, problem.message)
        }
        let wardText = TextRules.clean(request.query[String.self, at: "ward"])
        let officerText = TextRules.clean(request.query[String.self, at: "officer"])
        var wardID = UUID(uuidString: wardText)
        if !wardText.isEmpty && wardID == nil { form.add("ward", "Select a ward from the list") }
        var officerID = UUID(uuidString: officerText)
        if !officerText.isEmpty && officerID == nil { form.add("officer", "Select an officer from the list") }
        if !form.isValid {
            wardID = nil
            officerID = nil
        }
        let scope = ReportScope(
            organisationID: user.organisationID, period: period, wardID: wardID, officerID: officerID,
            calendar: calendar, now: request.now)
        var parts = ["from=\(period.first)", "to=\(period.last)"]
        if let wardID { parts.append("ward=\(wardID.uuidString)") }
        if let officerID { parts.append("officer=\(officerID.uuidString)") }
        return Filters(
            scope: scope, form: form, from: period.first.description, to: period.last.description,
            wardID: wardID?.uuidString ?? "", officerID: officerID?.uuidString ?? "",
            query: parts.joined(separator: "&"))
    }

    // MARK: - Monthly measures

    struct MeasuresData {
        var closures: MeasureQueries.Closures
        var responses: [MeasureQueries.Response]
        var trend: [MeasureQueries.MonthTrend]
        var breakdowns: [(String, String, [Count])]
        /// The response policy now: each case is measured against the limit
        /// set when it was triaged, and the labels name today's limits.
        var policy: ResponsePolicy
    }

    static func measuresData(_ scope: ReportScope, on db: any Database) async throws -> MeasuresData {
        MeasuresData(
            closures: try await MeasureQueries.closures(scope, on: db),
            responses: try await MeasureQueries.responses(scope, on: db),
            trend: try await MeasureQueries.trend(scope, on: db),
            breakdowns: [
                (
                    "categories", "Categories of ASB (cases received)",
                    try await MeasureQueries.categories(scope, on: db)
                ),
                ("interventions", "Early interventions started", try await MeasureQueries.interventions(scope, on: db)),
                ("enforcement", "Enforcement actions instructed", try await MeasureQueries.enforcement(scope, on: db)),
                (
                    "support", "Respondent (perpetrator) support referrals",
                    try await MeasureQueries.respondentSupport(scope, on: db)
                ),
                ("reasons", "Closed cases by reason", try await MeasureQueries.closureReasons(scope, on: db)),
                ("risk", "Risk ratings (cases received)", try await MeasureQueries.riskRatings(scope, on: db)),
            ],
            policy: try await IntakePolicy.load(on: db).response)
    }

    struct Figure: Encodable {
        var label: String
        var value: String
        var detail: String
    }

    struct Breakdown: Encodable {
        var key: String
        var title: String
        var rows: [Count]
        var hasRows: Bool
        var chart: BarChart
    }

    struct MeasuresPage: Encodable {
        var layout: LayoutContext
        var form: FormState
        var from: String
        var to: String
        var wards: [Choice]
        /// Escaped `<option>` markup (`OptionList`).
        var officerOptions: String
        var periodLabel: String
        /// The CSV of the measures shown, with the same filters.
        var csvLink: String
        var figures: [Figure]
        var responseChart: BarChart
        var trendChart: BarChart
        var trend: [MeasureQueries.MonthTrend]
        var breakdowns: [Breakdown]
        var action = SiteURL.measures.path
        var tabs = ReportTabs()
    }

    static func figures(_ data: MeasuresData) -> [Figure] {
        var figures = [
            Figure(
                label: "Closed cases resolved", value: data.closures.resolvedPercent.map { "\($0)%" } ?? "–",
                detail: "\(data.closures.resolved) of \(data.closures.closed) closed"),
            Figure(
                label: "Average calendar days to resolve",
                value: Measure.format(data.closures.averageDaysToResolve),
                detail: "over \(data.closures.resolved) resolved cases"),
            Figure(label: "Cases closed", value: String(data.closures.closed), detail: "in the period"),
        ]
        for response in data.responses {
            let limit = data.policy.targets[response.risk]?.limitLabel ?? "the limit"
            figures.append(
                Figure(
                    label: "\(response.risk.label) risk responded to within \(limit)",
                    value: response.percent.map { "\($0)%" } ?? "–",
                    detail: "\(response.met) of \(response.met + response.missed)"))
        }
        return figures
    }

    @Sendable
    func measures(request: Request) async throws -> Response {
        let user = try request.authorize(.viewReports)
        let filters = try await Self.filters(request, user: user)
        let data = try await Self.measuresData(filters.scope, on: request.db)
        let wards = try await Ward.query(on: request.db).sort(\.$name).all()
        let officers = try await Allocation.officers(of: user.organisationID, on: request.db)
        let page = MeasuresPage(
            layout: request.layout(
                title: (filters.form.isValid ? "" : "Error: ") + "Monthly measures", section: .reports),
            form: filters.form, from: filters.from, to: filters.to,
            wards: wards.map {
                Choice(value: $0.id?.uuidString ?? "", label: $0.name, selected: $0.id?.uuidString == filters.wardID)
            },
            officerOptions: OptionList.html(
                officers.map {
                    Choice(
                        value: $0.id.uuidString, label: $0.displayName, selected: $0.id.uuidString == filters.officerID)
                }),
            periodLabel:
                "\(DisplayDate.civil(filters.scope.period.first)) to \(DisplayDate.civil(filters.scope.period.last))",
            csvLink: SiteURL.measuresCSV.path + "?" + filters.query, figures: Self.figures(data),
            responseChart: BarChart.horizontal(
                id: "chart-response", title: "Responded to within the limit, by risk band (%)",
                items: data.responses.map { response in
                    let limit = data.policy.targets[response.risk]?.limitLabel ?? "the limit"
                    return Count(label: "\(response.risk.label): within \(limit)", value: response.percent ?? 0)
                },
                scale: .percent(unit: "Cases responded to within the limit (%)"),
                // The response matrix is a limit for every case, not an average to meet.
                target: .init(value: 100, label: "Target: every case within its limit")),
            trendChart: BarChart.columns(
                id: "chart-trend", title: "Cases opened and closed by month", groups: data.trend.map(\.month),
                series: [("Opened", data.trend.map(\.opened)), ("Closed", data.trend.map(\.closed))]),
            trend: data.trend,
            breakdowns: data.breakdowns.map { key, title, rows in
                Breakdown(
                    key: key, title: title, rows: rows, hasRows: !rows.isEmpty,
                    chart: BarChart.horizontal(id: "chart-\(key)", title: title, items: rows))
            })
        return try await request.view.render("performance/measures", page)
            .encodeResponse(status: filters.form.isValid ? .ok : .badRequest, for: request)
    }

    @Sendable
    func measuresCSV(request: Request) async throws -> Response {
        let user = try request.authorize(.viewReports)
        let filters = try await Self.filters(request, user: user)
        guard filters.form.isValid else { throw Abort(.badRequest, reason: filters.form.errorSummary[0].message) }
        let data = try await Self.measuresData(filters.scope, on: request.db)
        var rows: [[String]] = [["Section", "Item", "Value", "Detail"]]
        rows.append(["Period", filters.scope.period.label, "", ""])
        for figure in Self.figures(data) {
            let (item, value) = CSVFile.number(figure.label, figure.value)
            rows.append(["Measure", item, value, figure.detail])
        }
        for month in data.trend {
            rows.append(["Opened by month", month.month, String(month.opened), ""])
            rows.append(["Closed by month", month.month, String(month.closed), ""])
        }
        for (_, title, counts) in data.breakdowns {
            for count in counts { rows.append([title, count.label, String(count.value), ""]) }
        }
        return Self.csv(rows, filename: "monthly-measures.csv")
    }

    // MARK: - Council statistics

    struct CouncilData {
        var byWard: [Count]
        var byEstate: [Count]
        var byCategory: [Count]
        var managed: [Count]
        var legalCurrent: Int
        var satisfaction: StatisticsQueries.Satisfaction
        var target: Int
        var yearLabel: String
        var open: Int
    }

    static func councilData(_ request: Request, user: CurrentUser) async throws -> CouncilData {
        let db = request.db
        let calendar = try await IntakePolicy.load(on: db).calendar
        let today = calendar.local(request.now).day
        let year = ReportingPeriod.reportingYear(of: today)
        let byWard = try await StatisticsQueries.openByWard(organisationID: user.organisationID, on: db)
        return CouncilData(
            byWard: byWard,
            byEstate: try await StatisticsQueries.openByEstate(organisationID: user.organisationID, on: db),
            byCategory: try await StatisticsQueries.openByCategory(organisationID: user.organisationID, on: db),
            managed: try await StatisticsQueries.managedPerYear(
                organisationID: user.organisationID, years: (0..<5).map { year.first.year - $0 }, calendar: calendar,
                on: db),
            legalCurrent: try await LegalRegisterQueries.counts(organisationID: user.organisationID, on: db).current,
            satisfaction: try await StatisticsQueries.satisfaction(
                .handling, organisationID: user.organisationID, from: year.start(calendar), to: request.now, on: db),
            target: try await ClosureSettingsRecord.load(on: db).satisfactionTargetPercent,
            yearLabel: ReportingPeriod.yearLabel(starting: year.first.year), open: byWard.map(\.value).reduce(0, +))
    }

    struct CouncilPage: Encodable {
        var layout: LayoutContext
        var open: Int
        var byWard: [Count]
        var hasWards: Bool
        var wardChart: BarChart
        var topCategories: [Count]
        var hasCategories: Bool
        var topWards: [Count]
        var topEstates: [Count]
        var hasEstates: Bool
        var managed: [Count]
        var managedChart: BarChart
        var legalCurrent: Int
        var satisfaction: String
        var satisfactionDetail: String
        var target: Int
        var meetsTarget: Bool
        var hasSatisfaction: Bool
        var yearLabel: String
        var showTeamWork: Bool
        var over6: Int
        var over12: Int
        var overdueCases: Int
        var overdueTasks: Int
        var chaseReferrals: Int
        var ordersToExtend: Int
        var longRunning: [TeamWorkQueries.LongRunning]
        var hasLongRunning: Bool
        var csvLink = SiteURL.councilCSV.path
        var legalRegisterLink = SiteURL.legalRegister.path
        var tabs = ReportTabs()
    }

    @Sendable
    func council(request: Request) async throws -> View {
        let user = try request.authorize(.viewReports)
        let data = try await Self.councilData(request, user: user)
        let percent = data.satisfaction.percent
        // Long-running cases and overdue work are for managers (issue 7, item 7).
        let work: TeamWorkQueries.Summary? =
            request.may(.viewTeamWork)
            ? try await TeamWorkQueries.summary(organisationID: user.organisationID, now: request.now, on: request.db)
            : nil
        return try await request.view.render(
            "performance/council",
            CouncilPage(
                layout: request.layout(title: "Council statistics", section: .reports), open: data.open,
                byWard: data.byWard, hasWards: !data.byWard.isEmpty,
                wardChart: BarChart.horizontal(
                    id: "chart-wards", title: "Open cases by ward", items: data.byWard,
                    scale: .count(unit: "Open cases")),
                topCategories: Array(data.byCategory.prefix(3)), hasCategories: !data.byCategory.isEmpty,
                topWards: Array(data.byWard.prefix(3)), topEstates: Array(data.byEstate.prefix(3)),
                hasEstates: !data.byEstate.isEmpty, managed: data.managed,
                managedChart: BarChart.horizontal(
                    id: "chart-managed", title: "Cases managed per reporting year", items: data.managed),
                legalCurrent: data.legalCurrent, satisfaction: percent.map { "\($0)%" } ?? "–",
                satisfactionDetail: "\(data.satisfaction.satisfied) of \(data.satisfaction.answered) surveys answered",
                target: data.target, meetsTarget: (percent ?? 0) >= data.target,
                hasSatisfaction: data.satisfaction.answered > 0, yearLabel: data.yearLabel,
                showTeamWork: work != nil, over6: work?.over6 ?? 0, over12: work?.over12 ?? 0,
                overdueCases: work?.overdueCases ?? 0, overdueTasks: work?.overdueTasks ?? 0,
                chaseReferrals: work?.chaseReferrals ?? 0, ordersToExtend: work?.ordersToExtend ?? 0,
                longRunning: work?.longRunning ?? [], hasLongRunning: !(work?.longRunning.isEmpty ?? true)))
    }

    @Sendable
    func councilCSV(request: Request) async throws -> Response {
        let user = try request.authorize(.viewReports)
        let data = try await Self.councilData(request, user: user)
        var rows: [[String]] = [["Section", "Item", "Value"]]
        rows.append(["Open cases", "Total", String(data.open)])
        for count in data.byWard { rows.append(["Open cases by ward", count.label, String(count.value)]) }
        for count in data.byEstate { rows.append(["Open cases by estate", count.label, String(count.value)]) }
        for count in data.byCategory { rows.append(["Open cases by category", count.label, String(count.value)]) }
        for count in data.managed { rows.append(["Cases managed", count.label, String(count.value)]) }
        rows.append(["Legal cases", "Current", String(data.legalCurrent)])
        rows.append([
            "Satisfaction with case handling", data.yearLabel + " year to date (%)",
            data.satisfaction.percent.map(String.init) ?? "",
        ])
        rows.append(["Satisfaction with case handling", "Surveys answered", String(data.satisfaction.answered)])
        rows.append(["Satisfaction with case handling", "Target (%)", String(data.target)])
        // Managers also get the long-running cases and overdue work the page shows them.
        if request.may(.viewTeamWork) {
            let work = try await TeamWorkQueries.summary(
                organisationID: user.organisationID, now: request.now, on: request.db)
            rows.append(["Long-running cases", "Open over 6 months", String(work.over6)])
            rows.append(["Long-running cases", "Open over 12 months", String(work.over12)])
            rows.append(["Overdue work", "Cases with an overdue deadline", String(work.overdueCases)])
            rows.append(["Overdue work", "Overdue tasks", String(work.overdueTasks)])
            rows.append(["Overdue work", "Referrals to chase", String(work.chaseReferrals)])
            rows.append(["Overdue work", "Orders to consider extending", String(work.ordersToExtend)])
        }
        return Self.csv(rows, filename: "council-statistics.csv")
    }

    // MARK: - CSV

    static func csv(_ rows: [[String]], filename: String) -> Response {
        CSVFile.response(rows, filename: filename)
    }
}

/// The tabs above every report (`performance/nav`).
struct ReportTabs: Encodable {
    var measures = SiteURL.measures.path
    var council = SiteURL.council.path
    var tsm = SiteURL.tsm.path
    var repeatCallers = SiteURL.repeatCallers.path
    var closureCandidates = SiteURL.closureCandidates.path
}

/// Today on the council's calendar (its time zone), for pages that only need the date.
enum ReportDay {
    static func today(_ request: Request) -> CivilDate {
        WorkingCalendar().local(request.now).day
    }
}
