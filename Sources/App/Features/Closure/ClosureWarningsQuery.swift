import Fluent
import Foundation
import SQLKit
import TandemCore

/// What the record holds against a closure (`ClosureWarnings`), read in one statement.
enum ClosureWarningsQuery {
    static func record(_ caseID: UUID, on db: any Database) async throws -> ClosureWarnings.Record {
        let sql = try MeasureQueries.sql(db)
        let row = try await sql.raw(
            """
            SELECT
              (SELECT MAX(r.received_at) FROM reports r WHERE r.case_id = \(bind: caseID)) AS latest_report,
              (SELECT MAX(d.recorded_at) FROM diary_entries d WHERE d.case_id = \(bind: caseID)) AS latest_diary,
              (SELECT COUNT(*) FROM plan_actions a WHERE a.case_id = \(bind: caseID) AND a.status = 'open') AS actions,
              (SELECT COUNT(*) FROM referrals f WHERE f.case_id = \(bind: caseID)
                 AND f.status IN ('sent', 'acknowledged')) AS referrals,
              (SELECT COUNT(*) FROM risk_tasks t WHERE t.case_id = \(bind: caseID) AND t.status = 'open') AS tasks
            """
        ).first()
        guard let row else {
            return .init(
                latestReportAt: nil, latestDiaryAt: nil, openActions: 0, referralsAwaitingReply: 0, openTasks: 0)
        }
        return ClosureWarnings.Record(
            latestReportAt: try row.decode(column: "latest_report", as: Date?.self),
            latestDiaryAt: try row.decode(column: "latest_diary", as: Date?.self),
            openActions: try row.decode(column: "actions", as: Int.self),
            referralsAwaitingReply: try row.decode(column: "referrals", as: Int.self),
            openTasks: try row.decode(column: "tasks", as: Int.self))
    }

    static func warnings(for closure: CaseClosure, now: Date, on db: any Database) async throws
        -> [ClosureWarnings.Warning]
    {
        let record = try await record(closure.$caseRecord.id, on: db)
        return ClosureWarnings.warnings(
            reason: closure.reason, proposedAt: closure.proposedAt, record: record, now: now,
            describe: DisplayDate.dayAndTime)
    }
}
