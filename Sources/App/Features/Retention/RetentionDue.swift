import Fluent
import Foundation
import SQLKit
import TandemCore

/// What the schedule makes due for disposal today, kind by kind. Each kind is selected by one cut-off on its event
/// (`Retention.lastEventDay`), read in SQL on an index, and sorted into what is due and what a hold keeps.
enum RetentionDue {
    struct Record: Sendable {
        var id: UUID
        /// A reference that names no one: the case's or the report's.
        var label: String
        var eventOn: CivilDate
        var dueOn: CivilDate
    }

    struct Listing: Sendable {
        var rule: RetentionRule
        var due: [Record]
        var held: [Record]
        /// For the audit trail: the events due and the newest of them; records are not listed one by one.
        var eventCount = 0
        var cutoffSequence: Int64?

        var count: Int { rule.record == .auditEvent ? eventCount : due.count }
        /// More are due than one batch takes: the count shown is "at least".
        var capped: Bool { rule.record != .auditEvent && due.count >= RetentionDue.batchLimit }
    }

    /// The most records one batch takes: a larger backlog goes in several batches, each approved on its own.
    static let batchLimit = 2000

    /// The first instant after the cut-off day, on the council's calendar.
    static func cutoff(_ rule: RetentionRule, today: CivilDate) -> Date {
        let calendar = WorkingCalendar()
        return calendar.instant(Retention.lastEventDay(rule: rule, today: today).adding(days: 1), minute: 0)
    }

    /// `only` narrows the listing to these records (to recheck a prepared batch).
    static func list(
        _ rule: RetentionRule, organisationID: UUID, now: Date, holds: RetentionSchedule.Holds,
        only: [UUID]? = nil, on db: any Database
    ) async throws -> Listing {
        guard let sql = db as? any SQLDatabase else { return Listing(rule: rule, due: [], held: []) }
        let calendar = WorkingCalendar()
        let today = calendar.local(now).day
        let cutoff = Self.cutoff(rule, today: today)
        let org = organisationID
        let limit = batchLimit + holds.caseIDs.count + holds.reportIDs.count
        let alias = [RetainedRecord.caseFile: "c", .unopenedReport: "r", .evidenceFile: "e", .residentLink: "l"]
        let narrowed: SQLQueryString =
            only.map { "AND \(unsafeRaw: alias[rule.record] ?? "c").id IN (\(binds: $0.isEmpty ? [UUID()] : $0))" }
            ?? ""
        let query: SQLQueryString
        switch rule.record {
        case .caseFile:
            query = """
                SELECT c.id AS id, c.reference AS label, c.closed_at AS at FROM cases c
                WHERE c.organisation_id = \(bind: org) AND c.status = 'closed' AND c.disposed_at IS NULL
                  AND c.closed_at < \(bind: cutoff) \(narrowed)
                ORDER BY c.closed_at, c.id LIMIT \(literal: limit)
                """
        case .unopenedReport:
            query = """
                SELECT r.id AS id, r.reference AS label, r.triaged_at AS at FROM reports r
                WHERE r.organisation_id = \(bind: org) AND r.case_id IS NULL AND r.disposed_at IS NULL
                  AND r.triaged_at < \(bind: cutoff) \(narrowed)
                ORDER BY r.triaged_at, r.id LIMIT \(literal: limit)
                """
        case .evidenceFile:
            query = """
                SELECT e.id AS id, c.reference AS label, c.closed_at AS at, c.id AS case_id FROM evidence_items e
                JOIN cases c ON c.id = e.case_id
                WHERE c.organisation_id = \(bind: org) AND c.status = 'closed' AND c.disposed_at IS NULL
                  AND c.closed_at < \(bind: cutoff) AND e.storage_key IS NOT NULL \(narrowed)
                ORDER BY c.closed_at, e.id LIMIT \(literal: limit)
                """
        case .residentLink:
            query = """
                SELECT l.id AS id, c.reference AS label, COALESCE(l.revoked_at, l.expires_at) AS at, c.id AS case_id
                FROM resident_links l JOIN cases c ON c.id = l.case_id
                WHERE c.organisation_id = \(bind: org) AND COALESCE(l.revoked_at, l.expires_at) < \(bind: cutoff)
                  AND COALESCE(l.revoked_at, l.expires_at) <= \(bind: now) \(narrowed)
                ORDER BY at, l.id LIMIT \(literal: limit)
                """
        case .auditEvent:
            let row = try await sql.raw(
                """
                SELECT COUNT(*) AS n, MAX(sequence) AS last FROM audit_events
                WHERE actor_organisation_id = \(bind: org) AND occurred_at < \(bind: cutoff)
                  AND content_digest IS NOT NULL AND disposed_batch_id IS NULL
                """
            ).first()
            return Listing(
                rule: rule, due: [], held: [], eventCount: try row?.decode(column: "n", as: Int.self) ?? 0,
                cutoffSequence: try row?.decode(column: "last", as: Int64?.self))
        }
        var listing = Listing(rule: rule, due: [], held: [])
        for row in try await sql.raw(query).all() {
            let eventOn = calendar.local(try row.decode(column: "at", as: Date.self)).day
            let id = try row.decode(column: "id", as: UUID.self)
            let record = Record(
                id: id, label: try row.decode(column: "label", as: String.self), eventOn: eventOn,
                dueOn: rule.dueOn(eventOn: eventOn))
            let held: Bool
            switch rule.record {
            case .caseFile: held = holds.covers(case: id)
            case .unopenedReport: held = holds.reportIDs.contains(id)
            default: held = holds.covers(case: try row.decode(column: "case_id", as: UUID.self))
            }
            if held {
                listing.held.append(record)
            } else if listing.due.count < batchLimit {
                listing.due.append(record)
            }
        }
        return listing
    }

    /// Where each record of a prepared batch stands now: a hold set since, a case reopened, a link renewed all
    /// show here, and any one of them refuses the whole batch (`Retention.batchProblems`).
    static func recheck(
        _ batch: DisposalBatch, items: [DisposalBatchItem], now: Date, on db: any Database
    ) async throws -> [(label: String, status: RetentionStatus)] {
        let today = WorkingCalendar().local(now).day
        let holds = try await RetentionSchedule.holds(for: batch.$organisation.id, today: today, on: db)
        let current = try await list(
            batch.rule, organisationID: batch.$organisation.id, now: now, holds: holds, only: items.map(\.recordID),
            on: db)
        let due = Set(current.due.map(\.id))
        let held = Set(current.held.map(\.id))
        return items.map { item in
            if held.contains(item.recordID) { return (item.label, .held(wasDue: item.dueOn)) }
            if due.contains(item.recordID) { return (item.label, .due(since: item.dueOn)) }
            return (item.label, .notStarted)
        }
    }
}
