import Fluent
import FluentSQL
import SQLKit
import TandemCore
import Vapor

struct CaseRow: Encodable, Sendable {
    var id: String
    /// The case page.
    var href: String
    var reference: String
    var title: String
    var status: String
    var risk: String?
    var officer: String?
    var opened: String
    var ward: String?
    /// The next deadline (the response to the reporting person until it is acknowledged).
    var deadline: String?
    /// What the next deadline is for (issue 20: My cases names each deadline).
    var deadlineWhat: String?
    var overdue: Bool
    var flagged: Bool
    /// The vulnerability assessment, when one is due (shown in the officer's queue).
    var assessmentDue: String?
    var assessmentOverdue: Bool
    /// The higher of the case risk and the assessed band, which sets the oversight cadence.
    var oversightBand: String
    var oversightDue: String?
    var oversightOverdue: Bool
}

/// Case queries that honour the policy's `CaseListScope`, so a list never
/// shows a case that the case page would refuse. Every list is one query for
/// the page plus one for its officers and wards (eager loads), never one per row.
enum CaseQueries {
    enum Queue: Sendable {
        /// Every case the user may see, newest first.
        case all
        /// The officer's own active cases, next deadline first.
        case mine(UUID)
        /// Triaged cases waiting for an officer, oldest deadline first.
        case unallocated
        /// The organisation's active cases due for a line-manager discussion before a date, most overdue first.
        case oversight(dueBefore: Date)
    }

    static func list(
        _ queue: Queue, scope: CaseListScope, filters: QueueFilters, now: Date, on db: any Database, paging: Paging
    ) async throws -> (rows: [CaseRow], hasNext: Bool) {
        guard !scope.isEmpty else { return ([], false) }
        var query = CaseRecord.query(on: db).group(.or) { or in
            if let owner = scope.ownedBy {
                or.filter(\.$organisation.$id == owner)
            }
            if let sharedWith = scope.sharedWith {
                // Only a share in force lists the case, as only one opens it (issue 19): not revoked, and not
                // past its last day (stored as an ISO date, so the text compares as the date does).
                let today = DisplayDate.civilDay(now).description
                let shared = SQLSubquery.select { sub in
                    sub.column("case_id").from(CaseShare.schema).where("organisation_id", .equal, sharedWith)
                        .where("revoked_at", .is, SQLLiteral.null)
                        .where {
                            $0.where("ends_on", .is, SQLLiteral.null).orWhere("ends_on", .greaterThanOrEqual, today)
                        }
                }
                or.filter(.sql(SQLBinaryExpression(SQLColumn("id", table: CaseRecord.schema), .in, shared)))
            }
        }
        if let ward = filters.wardID { query = query.filter(\.$ward.$id == ward) }
        if let risk = filters.risk { query = query.filter(\.$riskLevel == risk) }
        if let status = filters.status { query = query.filter(\.$status == status) }
        if let officer = filters.officerID { query = query.filter(\.$officer.$id == officer) }
        if let reference = filters.reference { query = query.filter(\.$reference == reference) }
        if let category = filters.categoryID {
            let inCategory = SQLSubquery.select { sub in
                sub.column("case_id").from(CaseCategory.schema).where("category_id", .equal, category)
            }
            query = query.filter(.sql(SQLBinaryExpression(SQLColumn("id", table: CaseRecord.schema), .in, inCategory)))
        }
        let nullsLast = DatabaseQuery.Sort.sql(unsafeRaw: "\"cases\".\"next_deadline_at\" IS NULL")
        switch queue {
        case .all:
            query = query.sort(\.$openedAt, .descending)
        case .mine(let officer):
            query = query.filter(\.$officer.$id == officer)
                .filter(\.$status ~~ CaseStatus.allCases.filter(\.isActive))
                .sort(nullsLast).sort(\.$nextDeadlineAt, .ascending).sort(\.$openedAt, .ascending)
        case .unallocated:
            query = query.filter(\.$status == .triaged).filter(\.$officer.$id == nil)
                .sort(nullsLast).sort(\.$nextDeadlineAt, .ascending).sort(\.$openedAt, .ascending)
        case .oversight(let before):
            // Oversight is the owning team's: shared cases are overseen by their own managers.
            query = query.filter(\.$organisation.$id == (scope.ownedBy ?? UUID()))
                .filter(\.$status ~~ CaseStatus.allCases.filter(\.isActive))
                .filter(\.$oversightDueAt <= before)
                .sort(\.$oversightDueAt, .ascending)
        }
        let records =
            try await query
            .with(\.$officer).with(\.$ward)
            .sort(\.$reference, .ascending)
            .offset(paging.offset)
            .limit(paging.perPage + 1)
            .all()
        let rows = try records.prefix(paging.perPage).map { try row($0, now: now) }
        return (rows, records.count > paging.perPage)
    }

    static func row(_ record: CaseRecord, now: Date) throws -> CaseRow {
        let id = try record.requireID()
        return CaseRow(
            id: id.uuidString,
            href: SiteURL.case(.value(id)).path,
            reference: record.reference,
            title: record.title,
            status: record.status.label,
            risk: record.riskLevel?.rawValue,
            officer: record.$officer.value??.displayName,
            opened: DisplayDate.day(record.openedAt),
            ward: record.$ward.value??.name,
            deadline: record.nextDeadlineAt.map(DisplayDate.dayAndTime),
            deadlineWhat: CaseDeadline.next(of: record)?.label,
            overdue: record.nextDeadlineAt.map { $0 < now } ?? false,
            flagged: record.thresholdFlaggedAt != nil,
            assessmentDue: record.vulnerabilityDueAt.map(DisplayDate.dayAndTime),
            assessmentOverdue: record.vulnerabilityDueAt.map { $0 < now } ?? false,
            oversightBand: Oversight.band(caseRisk: record.riskLevel, vulnerability: record.vulnerabilityBand).rawValue,
            oversightDue: record.oversightDueAt.map(DisplayDate.day),
            oversightOverdue: record.oversightDueAt.map { $0 < now } ?? false
        )
    }
}
