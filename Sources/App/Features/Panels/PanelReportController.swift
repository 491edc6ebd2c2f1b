import Fluent
import SQLKit
import TandemCore
import Vapor

/// A panel's report for a period (issue 21, item 6): cases heard, new and repeat referrals, actions agreed,
/// completed on time and overdue, meeting by meeting, counted in SQL. Counts only, so every member may read it.
struct PanelReportController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.panel(.key, .report), use: show)
        routes.get(.panel(.key, .reportCSV), use: csv)
    }

    struct MeetingRow: Encodable, Decodable {
        var heldOn: String
        var heard: Int
        var agreed: Int
        var onTime: Int
        var overdue: Int
    }

    struct Totals: Encodable {
        var meetings: Int
        var heard: Int
        var referrals: Int
        var repeats: Int
        var agreed: Int
        var onTime: Int
        var overdue: Int
    }

    struct Page: Encodable {
        var layout: LayoutContext
        var form: FormState
        var panel: String
        var panelHref: String
        var from: String
        var to: String
        var period: String
        var rows: [MeetingRow]
        var hasRows: Bool
        var totals: Totals
        var action: String
        var csvLink: String
    }

    /// The period asked for, or the last 12 months to today; a date that is not a date is a problem on the form.
    private func period(_ request: Request, form: inout FormState) -> (CivilDate, CivilDate) {
        let today = request.today()
        let fromText = TextRules.clean(request.query[String.self, at: "from"])
        let toText = TextRules.clean(request.query[String.self, at: "to"])
        var from = PanelRules.monthsBefore(12, today)
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

    private func figures(_ panelID: UUID, from: CivilDate, to: CivilDate, today: CivilDate, on db: any Database)
        async throws -> ([MeetingRow], Totals)
    {
        let sql = try MeasureQueries.sql(db)
        let rows = try await sql.raw(
            """
            SELECT m.held_on AS "heldOn",
              (SELECT COUNT(*) FROM panel_items i WHERE i.meeting_id = m.id AND i.recorded_at IS NOT NULL) AS heard,
              (SELECT COUNT(*) FROM plan_actions a JOIN panel_items i ON i.id = a.panel_item_id
                WHERE i.meeting_id = m.id) AS agreed,
              (SELECT COUNT(*) FROM plan_actions a JOIN panel_items i ON i.id = a.panel_item_id
                WHERE i.meeting_id = m.id AND a.status = 'done' AND a.done_on <= a.due_on) AS "onTime",
              (SELECT COUNT(*) FROM plan_actions a JOIN panel_items i ON i.id = a.panel_item_id
                WHERE i.meeting_id = m.id AND ((a.status = 'open' AND a.due_on < \(bind: today.description))
                  OR (a.status = 'done' AND a.done_on > a.due_on))) AS overdue
            FROM panel_meetings m
            WHERE m.panel_id = \(bind: panelID) AND m.held_at IS NOT NULL
              AND m.held_on >= \(bind: from.description) AND m.held_on <= \(bind: to.description)
            ORDER BY m.held_on
            """
        ).all(decoding: MeetingRow.self)
        struct Referrals: Decodable {
            var total: Int
            var repeats: Int?
        }
        let referrals = try await sql.raw(
            """
            SELECT COUNT(*) AS total, SUM(CASE WHEN r."repeat" = \(bind: true) THEN 1 ELSE 0 END) AS repeats
            FROM panel_referrals r
            WHERE r.panel_id = \(bind: panelID) AND r.referred_on >= \(bind: from.description)
              AND r.referred_on <= \(bind: to.description)
            """
        ).first(decoding: Referrals.self)
        let totals = Totals(
            meetings: rows.count, heard: rows.map(\.heard).reduce(0, +), referrals: referrals?.total ?? 0,
            repeats: referrals?.repeats ?? 0, agreed: rows.map(\.agreed).reduce(0, +),
            onTime: rows.map(\.onTime).reduce(0, +), overdue: rows.map(\.overdue).reduce(0, +))
        return (rows, totals)
    }

    @Sendable
    func show(request: Request) async throws -> View {
        let loaded = try await PanelReads.find(request)
        let panelID = try loaded.panel.requireID()
        var form = FormState()
        let (from, to) = period(request, form: &form)
        let (rows, totals) = try await figures(panelID, from: from, to: to, today: request.today(), on: request.db)
        let query = [("from", from.description), ("to", to.description)]
        return try await request.view.render(
            "panels/report",
            Page(
                layout: request.layout(title: "Report: \(loaded.panel.name)", section: .panels), form: form,
                panel: loaded.panel.name, panelHref: SiteURL.panel(.value(panelID)).path,
                from: from.description, to: to.description,
                period: "\(DisplayDate.civil(from)) to \(DisplayDate.civil(to))",
                rows: rows.map { row in
                    var shown = row
                    shown.heldOn = CivilDate(iso: row.heldOn).map(DisplayDate.civil) ?? row.heldOn
                    return shown
                }, hasRows: !rows.isEmpty, totals: totals, action: SiteURL.panel(.value(panelID), .report).path,
                csvLink: SiteURL.panel(.value(panelID), .reportCSV).path(query: query)))
    }

    @Sendable
    func csv(request: Request) async throws -> Response {
        let loaded = try await PanelReads.find(request)
        var form = FormState()
        let (from, to) = period(request, form: &form)
        guard form.isValid else { throw Abort(.badRequest, reason: "Enter the period as real dates") }
        let (rows, totals) = try await figures(
            try loaded.panel.requireID(), from: from, to: to, today: request.today(), on: request.db)
        var lines = [["Meeting", "Cases heard", "Actions agreed", "Completed on time", "Overdue"]]
        for row in rows {
            lines.append([row.heldOn, String(row.heard), String(row.agreed), String(row.onTime), String(row.overdue)])
        }
        lines.append([
            "Total (\(totals.meetings) meetings)", String(totals.heard), String(totals.agreed), String(totals.onTime),
            String(totals.overdue),
        ])
        lines.append(["New referrals in the period", String(totals.referrals), "", "", ""])
        lines.append(["Of which repeat referrals", String(totals.repeats), "", "", ""])
        return CSVFile.response(lines, filename: "panel-report-\(from)-to-\(to).csv")
    }
}
