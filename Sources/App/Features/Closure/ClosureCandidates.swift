import Fluent
import Foundation
import SQLKit
import TandemCore
import Vapor

/// Cases that look ready to close: open, no new incident (report or diary
/// entry) for three months, every plan action done, and no proposal under
/// way. One SQL query per page; the same rule as `ClosureCandidates`.
enum ClosureCandidatesQuery {
    struct Row: Encodable {
        var id: String
        /// The case's Closure tab.
        var href: String
        var reference: String
        var title: String
        var officer: String?
        var lastIncident: String
    }

    static func list(organisationID: UUID, officerID: UUID?, now: Date, paging: Paging, on db: any Database)
        async throws -> (rows: [Row], hasNext: Bool)
    {
        guard let sql = db as? any SQLDatabase else { return ([], false) }
        let calendar = try await IntakePolicy.load(on: db).calendar
        let cutoff = ClosureCandidates.quietSince(now: now, timeZone: calendar.timeZone)
        let officerFilter: SQLQueryString = officerID.map { "AND c.officer_id = \(bind: $0)" } ?? ""
        let rows = try await sql.raw(
            """
            SELECT c.id, c.reference, c.title, u.display_name AS officer,
              (SELECT MAX(r.received_at) FROM reports r WHERE r.case_id = c.id) AS last_report,
              (SELECT MAX(d.occurred_at) FROM diary_entries d WHERE d.case_id = c.id) AS last_diary,
              COALESCE(c.received_at, c.opened_at) AS started
            FROM cases c LEFT JOIN users u ON u.id = c.officer_id
            WHERE c.organisation_id = \(bind: organisationID) AND c.status = \(bind: CaseStatus.open.rawValue)
              \(officerFilter)
              AND COALESCE(c.received_at, c.opened_at) <= \(bind: cutoff)
              AND NOT EXISTS (SELECT 1 FROM reports r WHERE r.case_id = c.id AND r.received_at > \(bind: cutoff))
              AND NOT EXISTS (SELECT 1 FROM diary_entries d WHERE d.case_id = c.id AND d.occurred_at > \(bind: cutoff))
              AND NOT EXISTS (SELECT 1 FROM plan_actions a WHERE a.case_id = c.id AND a.status = \(bind: ActionStatus.open.rawValue))
              AND NOT EXISTS (SELECT 1 FROM case_closures cc WHERE cc.case_id = c.id
                AND cc.state IN (\(bind: ClosureRules.ProposalState.proposed.rawValue), \(bind: ClosureRules.ProposalState.noticeGiven.rawValue)))
            ORDER BY c.opened_at, c.reference
            LIMIT \(unsafeRaw: String(paging.perPage + 1)) OFFSET \(unsafeRaw: String(paging.offset))
            """
        ).all()
        let mapped = try rows.prefix(paging.perPage).map { row in
            let last = [
                try row.decode(column: "last_report", as: Date?.self),
                try row.decode(column: "last_diary", as: Date?.self),
                try row.decode(column: "started", as: Date?.self),
            ].compactMap { $0 }.max()
            let id = try row.decode(column: "id", as: UUID.self)
            return Row(
                id: id.uuidString, href: SiteURL.case(.value(id), .closure).path,
                reference: try row.decode(column: "reference", as: String.self),
                title: try row.decode(column: "title", as: String.self),
                officer: try row.decode(column: "officer", as: String?.self),
                lastIncident: last.map(DisplayDate.day) ?? "–")
        }
        return (mapped, rows.count > paging.perPage)
    }

    /// Why one case looks ready to close, or nil.
    static func reason(for record: CaseRecord, now: Date, on db: any Database) async throws -> String? {
        let caseID = try record.requireID()
        let calendar = try await IntakePolicy.load(on: db).calendar
        let lastReport = try await Report.query(on: db).filter(\.$caseRecord.$id == caseID).max(\.$receivedAt)
        let lastDiary = try await DiaryEntry.query(on: db).filter(\.$caseRecord.$id == caseID).max(\.$occurredAt)
        let openActions = try await PlanAction.query(on: db).filter(\.$caseRecord.$id == caseID)
            .filter(\.$status == ActionStatus.open).count()
        let last = [lastReport, lastDiary].compactMap { $0 }.max()
        guard
            ClosureCandidates.isCandidate(
                status: record.status, lastIncidentAt: last,
                openedAt: record.receivedAt ?? record.openedAt, openActions: openActions, now: now,
                timeZone: calendar.timeZone)
        else { return nil }
        let since = DisplayDate.day(last ?? record.receivedAt ?? record.openedAt)
        return
            "This case may be ready to close: no new incident since \(since) (three months or more) and every action on the plan is done."
    }
}

/// `/cases/closure-candidates`: the team's (or, for an officer, their own) quiet cases.
struct ClosureCandidatesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.closureCandidates, use: index)
    }

    struct Page: Encodable {
        var layout: LayoutContext
        var rows: [ClosureCandidatesQuery.Row]
        var hasRows: Bool
        var paging: Paging
        var pagingQuery: String
        var wholeTeam: Bool
    }

    @Sendable
    func index(request: Request) async throws -> View {
        let user = try request.authorize(.viewOwnQueue)
        let wholeTeam = request.may(.viewTeamWork)
        var paging = Paging(page: try? request.query.get(Int.self, at: "page"), perPage: 25)
        let result = try await ClosureCandidatesQuery.list(
            organisationID: user.organisationID, officerID: wholeTeam ? nil : user.id, now: request.now,
            paging: paging, on: request.db)
        paging.hasNext = result.hasNext
        return try await request.view.render(
            "closure/candidates",
            Page(
                layout: request.layout(title: "Cases ready to close", section: .candidates), rows: result.rows,
                hasRows: !result.rows.isEmpty, paging: paging, pagingQuery: "", wholeTeam: wholeTeam))
    }
}
