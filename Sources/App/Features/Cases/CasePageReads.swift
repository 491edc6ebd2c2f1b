import Fluent
import Foundation
import SQLKit
import TandemCore

/// The case page's lists, each read by one projected statement decoded into plain rows (issue 18). A Fluent
/// query reflects over every model it builds and serialises its SQL through SQLKit's builders; on the case
/// page those two were a fifth of the CPU in the profile (docs/PERFORMANCE.md), for rows the page only shows.
enum CasePageReads {
    struct ReportLine: Sendable {
        var id: UUID
        var reference: String
        var channel: String
        var behaviourDate: String
        var location: String
        var description: String
        var receivedAt: Date
    }

    struct EventLine: Sendable {
        var occurredAt: Date
        var summary: String
        var actorName: String?
    }

    struct Named: Sendable {
        var id: UUID
        var name: String
        /// The ward an estate belongs to; nil for other lists.
        var wardID: UUID?
    }

    struct TaskCounts: Sendable {
        var open: Int
        var overdue: Int
    }

    /// The names of the organisations the case is shared with, in order.
    static func sharedWith(_ organisationIDs: [UUID], on sql: any SQLDatabase) async throws -> [String] {
        guard !organisationIDs.isEmpty else { return [] }
        return try await sql.raw(
            "SELECT name FROM organisations WHERE id IN (\(binds: organisationIDs)) ORDER BY name"
        ).all().map { try $0.decode(column: "name", as: String.self) }
    }

    /// The case's categories by name, in the local policy's order.
    static func categories(_ caseID: UUID, on sql: any SQLDatabase) async throws -> [String] {
        try await sql.raw(
            """
            SELECT c.name AS name FROM case_categories cc JOIN categories c ON c.id = cc.category_id
            WHERE cc.case_id = \(bind: caseID) ORDER BY c.position, c.name
            """
        ).all().map { try $0.decode(column: "name", as: String.self) }
    }

    /// The newest hundred reports joined to the case.
    static func reports(_ caseID: UUID, on sql: any SQLDatabase) async throws -> [ReportLine] {
        try await sql.raw(
            """
            SELECT id, reference, channel, behaviour_date, location, description, received_at FROM reports
            WHERE case_id = \(bind: caseID) ORDER BY received_at DESC LIMIT 100
            """
        ).all().map {
            ReportLine(
                id: try $0.decode(column: "id", as: UUID.self),
                reference: try $0.decode(column: "reference", as: String.self),
                channel: try $0.decode(column: "channel", as: String.self),
                behaviourDate: try $0.decode(column: "behaviour_date", as: String.self),
                location: try $0.decode(column: "location", as: String.self),
                description: try $0.decode(column: "description", as: String.self),
                receivedAt: try $0.decode(column: "received_at", as: Date.self))
        }
    }

    /// The newest hundred timeline lines, with who wrote each.
    static func events(_ caseID: UUID, on sql: any SQLDatabase) async throws -> [EventLine] {
        try await sql.raw(
            """
            SELECT e.occurred_at AS occurred_at, e.summary AS summary, u.display_name AS actor
            FROM case_events e LEFT JOIN users u ON u.id = e.actor_id
            WHERE e.case_id = \(bind: caseID) ORDER BY e.occurred_at DESC LIMIT 100
            """
        ).all().map {
            EventLine(
                occurredAt: try $0.decode(column: "occurred_at", as: Date.self),
                summary: try $0.decode(column: "summary", as: String.self),
                actorName: try $0.decode(column: "actor", as: String?.self))
        }
    }

    /// How many risk tasks are open on the case, and how many of those are past their due time.
    static func openTasks(_ caseID: UUID, now: Date, on sql: any SQLDatabase) async throws -> TaskCounts {
        let row = try await sql.raw(
            """
            SELECT COUNT(*) AS open,
                   COALESCE(SUM(CASE WHEN due_at IS NOT NULL AND due_at < \(bind: now) THEN 1 ELSE 0 END), 0) AS overdue
            FROM risk_tasks WHERE case_id = \(bind: caseID) AND status = \(bind: "open")
            """
        ).first()
        return TaskCounts(
            open: try row?.decode(column: "open", as: Int.self) ?? 0,
            overdue: try row?.decode(column: "overdue", as: Int.self) ?? 0)
    }

    /// The active wards, estates and landlords the place form offers, in two statements.
    static func placeChoices(on sql: any SQLDatabase) async throws -> (
        wards: [Named], estates: [Named], landlords: [Named]
    ) {
        let landlordKinds = [OrganisationKind.housingProvider.rawValue, OrganisationKind.councilASB.rawValue]
        let rows = try await sql.raw(
            """
            SELECT 'ward' AS list, id, name FROM wards WHERE active = \(bind: true)
            UNION ALL
            SELECT 'landlord' AS list, id, name FROM organisations
            WHERE active = \(bind: true) AND kind IN (\(binds: landlordKinds))
            ORDER BY list, name
            """
        ).all()
        var wards: [Named] = []
        var landlords: [Named] = []
        for row in rows {
            let named = Named(
                id: try row.decode(column: "id", as: UUID.self), name: try row.decode(column: "name", as: String.self),
                wardID: nil)
            if try row.decode(column: "list", as: String.self) == "ward" {
                wards.append(named)
            } else {
                landlords.append(named)
            }
        }
        let estates = try await sql.raw(
            "SELECT id, name, ward_id FROM estates WHERE active = \(bind: true) ORDER BY name"
        ).all().map {
            Named(
                id: try $0.decode(column: "id", as: UUID.self), name: try $0.decode(column: "name", as: String.self),
                wardID: try $0.decode(column: "ward_id", as: UUID.self))
        }
        return (wards, estates, landlords)
    }
}
