import Fluent
import Foundation
import SQLKit
import TandemCore
import Vapor

/// What a manager watches: cases open for a long time and work past its due date.
enum TeamWorkQueries {
    struct LongRunning: Encodable, Sendable {
        var id: String
        /// The case's page.
        var href: String
        var reference: String
        var title: String
        var officer: String
        var received: String
        var months: Int
    }

    struct Summary: Sendable {
        var over6: Int
        var over12: Int
        var overdueCases: Int
        var overdueTasks: Int
        var chaseReferrals: Int
        var ordersToExtend: Int
        var longRunning: [LongRunning]
    }

    static func summary(organisationID: UUID, now: Date, on db: any Database) async throws -> Summary {
        let sql = try MeasureQueries.sql(db)
        let calendar = try await IntakePolicy.load(on: db).calendar
        var gregorian = Calendar(identifier: .gregorian)
        gregorian.timeZone = calendar.timeZone
        let sixMonths = gregorian.date(byAdding: .month, value: -6, to: now)!
        let twelveMonths = gregorian.date(byAdding: .month, value: -12, to: now)!
        let today = calendar.local(now).day.description
        let active = StatisticsQueries.activeStatuses
        let counts = try await sql.raw(
            """
            SELECT
              CAST(COALESCE(SUM(CASE WHEN COALESCE(c.received_at, c.opened_at) < \(bind: sixMonths) THEN 1 ELSE 0 END), 0) AS BIGINT) AS over6,
              CAST(COALESCE(SUM(CASE WHEN COALESCE(c.received_at, c.opened_at) < \(bind: twelveMonths) THEN 1 ELSE 0 END), 0) AS BIGINT) AS over12,
              CAST(COALESCE(SUM(CASE WHEN c.next_deadline_at < \(bind: now) THEN 1 ELSE 0 END), 0) AS BIGINT) AS overdue
            FROM cases c WHERE c.organisation_id = \(bind: organisationID) AND c.status IN (\(binds: active))
            """
        ).first()
        let tasks =
            try await sql.raw(
                """
                SELECT COUNT(*) AS n FROM risk_tasks t JOIN cases c ON c.id = t.case_id
                WHERE c.organisation_id = \(bind: organisationID) AND t.status = 'open' AND t.due_at < \(bind: now)
                """
            ).first()?.decode(column: "n", as: Int.self) ?? 0
        let chase =
            try await sql.raw(
                """
                SELECT COUNT(*) AS n FROM referrals r JOIN cases c ON c.id = r.case_id
                WHERE c.organisation_id = \(bind: organisationID)
                  AND r.status IN (\(bind: ReferralStatus.sent.rawValue), \(bind: ReferralStatus.acknowledged.rawValue))
                  AND r.reply_due_on < \(bind: today)
                """
            ).first()?.decode(column: "n", as: Int.self) ?? 0
        let orders =
            try await sql.raw(
                """
                SELECT COUNT(*) AS n FROM court_orders o JOIN cases c ON c.id = o.case_id
                WHERE c.organisation_id = \(bind: organisationID) AND o.reminder_on <= \(bind: today)
                  AND (o.expires_on IS NULL OR o.expires_on >= \(bind: today))
                """
            ).first()?.decode(column: "n", as: Int.self) ?? 0
        let oldest = try await sql.raw(
            """
            SELECT c.id, c.reference, c.title, u.display_name AS officer, COALESCE(c.received_at, c.opened_at) AS received
            FROM cases c LEFT JOIN users u ON u.id = c.officer_id
            WHERE c.organisation_id = \(bind: organisationID) AND c.status IN (\(binds: active))
              AND COALESCE(c.received_at, c.opened_at) < \(bind: sixMonths)
            ORDER BY COALESCE(c.received_at, c.opened_at), c.reference LIMIT 25
            """
        ).all()
        return Summary(
            over6: try counts?.decode(column: "over6", as: Int.self) ?? 0,
            over12: try counts?.decode(column: "over12", as: Int.self) ?? 0,
            overdueCases: try counts?.decode(column: "overdue", as: Int.self) ?? 0, overdueTasks: tasks,
            chaseReferrals: chase, ordersToExtend: orders,
            longRunning: try oldest.map { row in
                let received = try row.decode(column: "received", as: Date.self)
                let id = try row.decode(column: "id", as: UUID.self)
                return LongRunning(
                    id: id.uuidString, href: SiteURL.case(.value(id)).path,
                    reference: try row.decode(column: "reference", as: String.self),
                    title: try row.decode(column: "title", as: String.self),
                    officer: try row.decode(column: "officer", as: String?.self) ?? "Unallocated",
                    received: DisplayDate.day(received),
                    months: gregorian.dateComponents([.month], from: received, to: now).month ?? 0)
            })
    }
}
