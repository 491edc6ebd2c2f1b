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
        /// The partner agency that recorded it on the case, and its own reference (issue 19).
        var partnerName: String?
        var partnerReference: String?
    }

    struct NoteLine: Sendable {
        var writtenAt: Date
        var body: String
        var author: String
        var organisation: String
        var specialCategory: Bool
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
            SELECT r.id AS id, r.reference AS reference, r.channel AS channel, r.behaviour_date AS behaviour_date,
                   r.location AS location, r.description AS description, r.received_at AS received_at,
                   o.name AS partner_name, r.partner_reference AS partner_reference
            FROM reports r LEFT JOIN organisations o ON o.id = r.partner_organisation_id
            WHERE r.case_id = \(bind: caseID) ORDER BY r.received_at DESC LIMIT 100
            """
        ).all().map {
            ReportLine(
                id: try $0.decode(column: "id", as: UUID.self),
                reference: try $0.decode(column: "reference", as: String.self),
                channel: try $0.decode(column: "channel", as: String.self),
                behaviourDate: try $0.decode(column: "behaviour_date", as: String.self),
                location: try $0.decode(column: "location", as: String.self),
                description: try $0.decode(column: "description", as: String.self),
                receivedAt: try $0.decode(column: "received_at", as: Date.self),
                partnerName: try $0.decode(column: "partner_name", as: String?.self),
                partnerReference: try $0.decode(column: "partner_reference", as: String?.self))
        }
    }

    /// The newest two hundred shared case notes, each with its writer and their organisation; the ones marked
    /// special category only for a viewer whose access opens that section (left out in SQL, never read).
    static func notes(_ caseID: UUID, specialCategory: Bool, on sql: any SQLDatabase) async throws -> [NoteLine] {
        let restricted: SQLQueryString = specialCategory ? "" : "AND n.special_category = \(bind: false)"
        return try await sql.raw(
            """
            SELECT n.written_at AS written_at, n.body AS body, n.special_category AS special_category,
              u.display_name AS author, o.name AS organisation
            FROM case_notes n JOIN users u ON u.id = n.author_id JOIN organisations o ON o.id = n.organisation_id
            WHERE n.case_id = \(bind: caseID) \(restricted) ORDER BY n.written_at DESC, n.id LIMIT 200
            """
        ).all().map {
            NoteLine(
                writtenAt: try $0.decode(column: "written_at", as: Date.self),
                body: try $0.decode(column: "body", as: String.self),
                author: try $0.decode(column: "author", as: String.self),
                organisation: try $0.decode(column: "organisation", as: String.self),
                specialCategory: try $0.decode(column: "special_category", as: Bool.self))
        }
    }

    /// The newest hundred timeline lines of the kinds given (every kind when nil), with who wrote each. The
    /// kinds are filtered here, not after reading, so a partner still gets a hundred lines it may read.
    static func events(_ caseID: UUID, kinds: [CaseEventKind]? = nil, on sql: any SQLDatabase) async throws
        -> [EventLine]
    {
        if kinds?.isEmpty == true { return [] }
        let only: SQLQueryString =
            if let kinds { "AND e.kind IN (\(binds: kinds.map(\.rawValue)))" } else { "" }
        return try await sql.raw(
            """
            SELECT e.occurred_at AS occurred_at, e.summary AS summary, u.display_name AS actor
            FROM case_events e LEFT JOIN users u ON u.id = e.actor_id
            WHERE e.case_id = \(bind: caseID) \(only) ORDER BY e.occurred_at DESC LIMIT 100
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
