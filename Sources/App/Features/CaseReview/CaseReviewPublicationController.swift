import Fluent
import SQLKit
import TandemCore
import Vapor

/// The annual publication (issue 22, item 7; s.104(11) of the 2014 Act): for any period, the four statutory counts,
/// applications by channel, decisions within the timescale, reviews the victim attended and appeals with their
/// outcomes. Counted in SQL; on screen, printable, as CSV, and for staff a drill-down to the applications behind
/// each figure.
struct CaseReviewPublicationController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.caseReviewPublication, use: show)
        routes.get(.caseReviewPublicationCSV, use: csv)
    }

    /// Each figure's condition in SQL: fixed text, never built from input. `CaseReviewPublication.Figure.includes`
    /// says the same in Swift, and the tests hold the two to each other.
    static func condition(_ figure: CaseReviewPublication.Figure) -> String {
        switch figure {
        case .applications: "1 = 1"
        case .thresholdNotMet: "decision = 'not_met'"
        case .reviews: "reviewed_at IS NOT NULL"
        case .recommendations: "reviewed_at IS NOT NULL AND recommendations IS NOT NULL"
        case .decidedOnTime: "decided_on_time = TRUE"
        case .decidedLate: "decided_on_time = FALSE"
        case .victimAttended: "reviewed_at IS NOT NULL AND victim_attended = TRUE"
        case .appeals: "response = 'appeal'"
        }
    }

    struct Figure: Encodable {
        var label: String
        var count: Int
        var href: String
        var statutory: Bool
    }

    struct Count: Encodable {
        var label: String
        var count: Int
    }

    struct Application: Encodable {
        var href: String
        var reference: String
        var received: String
        var channel: String
        var state: String
    }

    struct Page: Encodable {
        var layout: LayoutContext
        var form: FormState
        var period: String
        var action: String
        var figures: [Figure]
        var channels: [Count]
        var outcomes: [Count]
        var csvHref: String
        var drill: String?
        var applications: [Application]
        var hasApplications: Bool
    }

    /// The period asked for, or the 12 months ending today.
    static func period(_ request: Request, form: inout FormState) -> (CivilDate, CivilDate) {
        let (defaultFrom, today) = CaseReviewPublication.year(endingOn: request.today())
        let fromText = TextRules.clean(request.query[String.self, at: "from"])
        let toText = TextRules.clean(request.query[String.self, at: "to"])
        var from = defaultFrom
        var to = today
        if !fromText.isEmpty {
            if let day = Casework.day(fromText) {
                from = day
            } else {
                form.add("from", "Enter the first day as a real date")
            }
        }
        if !toText.isEmpty {
            if let day = Casework.day(toText) { to = day } else { form.add("to", "Enter the last day as a real date") }
        }
        if from > to { form.add("from", "The first day must be on or before the last day") }
        form.values = [
            "from": fromText.isEmpty ? from.description : fromText, "to": toText.isEmpty ? to.description : toText,
        ]
        return from > to ? (to, to) : (from, to)
    }

    /// The counts over applications received in the period, in three statements whatever the number of applications.
    static func publication(
        organisationID: UUID, from: CivilDate, to: CivilDate, calendar: WorkingCalendar, on db: any Database
    ) async throws -> CaseReviewPublication {
        let sql = try MeasureQueries.sql(db)
        let start = calendar.instant(from, minute: 0)
        let end = calendar.instant(to.adding(days: 1), minute: 0)
        let sums = CaseReviewPublication.Figure.allCases.map {
            "SUM(CASE WHEN \(condition($0)) THEN 1 ELSE 0 END) AS \"\($0.rawValue)\""
        }.joined(separator: ", ")
        let scope: SQLQueryString =
            "organisation_id = \(bind: organisationID) AND received_at >= \(bind: start) AND received_at < \(bind: end)"
        let row = try await sql.raw("SELECT \(unsafeRaw: sums) FROM case_reviews WHERE \(scope)").first()
        var figures: [CaseReviewPublication.Figure: Int] = [:]
        for figure in CaseReviewPublication.Figure.allCases {
            figures[figure] = (try? row?.decode(column: figure.rawValue, as: Int?.self)) ?? 0
        }
        struct Group: Decodable {
            var key: String
            var total: Int
        }
        let channels = try await sql.raw(
            "SELECT channel AS key, COUNT(*) AS total FROM case_reviews WHERE \(scope) GROUP BY channel"
        ).all(decoding: Group.self)
        let outcomes = try await sql.raw(
            """
            SELECT appeal_outcome AS key, COUNT(*) AS total FROM case_reviews
            WHERE \(scope) AND appeal_outcome IS NOT NULL GROUP BY appeal_outcome
            """
        ).all(decoding: Group.self)
        var byChannel: [CaseReviewChannel: Int] = [:]
        for group in channels {
            if let channel = CaseReviewChannel(rawValue: group.key) { byChannel[channel] = group.total }
        }
        var byOutcome: [AppealOutcome: Int] = [:]
        for group in outcomes {
            if let outcome = AppealOutcome(rawValue: group.key) { byOutcome[outcome] = group.total }
        }
        return CaseReviewPublication(figures: figures, byChannel: byChannel, appealOutcomes: byOutcome)
    }

    private static let statutory: Set<CaseReviewPublication.Figure> = [
        .applications, .thresholdNotMet, .reviews, .recommendations,
    ]

    @Sendable
    func show(request: Request) async throws -> View {
        let arrangements = try await CaseReviewReads.requireArrangements(request)
        try request.authorize(.viewCaseReviews(arrangements.registerFacts))
        var form = FormState()
        let (from, to) = Self.period(request, form: &form)
        let calendar = try await CaseReviewReads.calendar(request)
        let publication = try await Self.publication(
            organisationID: arrangements.organisationID, from: from, to: to, calendar: calendar, on: request.db)
        let query = [("from", from.description), ("to", to.description)]
        var drill: CaseReviewPublication.Figure?
        var applications: [Application] = []
        if let asked = request.query[String.self, at: "figure"] {
            guard let figure = CaseReviewPublication.Figure(rawValue: asked) else { throw Abort(.notFound) }
            drill = figure
            let start = calendar.instant(from, minute: 0)
            let end = calendar.instant(to.adding(days: 1), minute: 0)
            let sql = try MeasureQueries.sql(request.db)
            let ids = try await sql.raw(
                """
                SELECT id FROM case_reviews WHERE organisation_id = \(bind: arrangements.organisationID)
                  AND received_at >= \(bind: start) AND received_at < \(bind: end) AND \(unsafeRaw: Self.condition(figure))
                ORDER BY received_at LIMIT 500
                """
            ).all().map { try $0.decode(column: "id", as: UUID.self) }
            let reviews =
                ids.isEmpty
                ? [] : try await CaseReview.query(on: request.db).filter(\.$id ~~ ids).sort(\.$receivedAt).all()
            applications = try reviews.map {
                Application(
                    href: SiteURL.caseReview(.value(try $0.requireID())).path, reference: $0.reference,
                    received: DisplayDate.day($0.receivedAt), channel: $0.channel.label,
                    state: CaseReviewStages.state($0.progress).label)
            }
            try await request.auditView(
                recordType: .caseReview, recordID: "publication",
                summary: "Opened the applications behind \"\(figure.label)\" in the Case Review publication")
        }
        return try await request.view.render(
            "casereview/publication",
            Page(
                layout: request.layout(title: "ASB Case Review: annual publication", section: .caseReviews),
                form: form, period: "\(DisplayDate.civil(from)) to \(DisplayDate.civil(to))",
                action: SiteURL.caseReviewPublication.path,
                figures: CaseReviewPublication.Figure.allCases.map {
                    Figure(
                        label: $0.label, count: publication.count($0),
                        href: SiteURL.caseReviewPublication.path(query: query + [("figure", $0.rawValue)]),
                        statutory: Self.statutory.contains($0))
                },
                channels: CaseReviewChannel.allCases.map {
                    Count(label: $0.label, count: publication.byChannel[$0] ?? 0)
                },
                outcomes: AppealOutcome.allCases.map {
                    Count(label: $0.label, count: publication.appealOutcomes[$0] ?? 0)
                },
                csvHref: SiteURL.caseReviewPublicationCSV.path(query: query), drill: drill?.label,
                applications: applications, hasApplications: !applications.isEmpty))
    }

    @Sendable
    func csv(request: Request) async throws -> Response {
        let arrangements = try await CaseReviewReads.requireArrangements(request)
        try request.authorize(.viewCaseReviews(arrangements.registerFacts))
        var form = FormState()
        let (from, to) = Self.period(request, form: &form)
        guard form.isValid else { throw Abort(.badRequest, reason: "Enter the period as real dates") }
        let publication = try await Self.publication(
            organisationID: arrangements.organisationID, from: from, to: to,
            calendar: try await CaseReviewReads.calendar(request), on: request.db)
        var lines = [["Figure", "Count"], ["Period", "\(from) to \(to)"]]
        for figure in CaseReviewPublication.Figure.allCases {
            lines.append([figure.label, String(publication.count(figure))])
        }
        for channel in CaseReviewChannel.allCases {
            lines.append(["Applications by \(channel.label.lowercased())", String(publication.byChannel[channel] ?? 0)])
        }
        for outcome in AppealOutcome.allCases {
            lines.append([outcome.label, String(publication.appealOutcomes[outcome] ?? 0)])
        }
        return CSVFile.response(lines, filename: "case-review-publication-\(from)-to-\(to).csv")
    }
}
