import Fluent
import Foundation
import SQLKit
import TandemCore
import Vapor

/// The personal inbox (issue 20, item 1): what is due today or overdue for the signed-in person, grouped by
/// kind, and for managers what waits for their sign-off and how their officers' caseloads stand. Every list
/// starts from an index (the officer's deadline queue, a state and date) and stops at a page's worth.
enum InboxQueries {
    struct Item: Encodable, Sendable {
        var href: String
        var reference: String
        var what: String
        var due: String
        var overdue: Bool
    }

    struct Group: Encodable, Sendable {
        var id: String
        var heading: String
        var items: [Item]
        var more: Bool
    }

    struct OfficerLoad: Encodable, Sendable {
        var name: String
        var open: Int
        var overdue: Int
    }

    static let limit = 25

    /// The groups with something in them, in the order an officer works them.
    static func groups(
        userID: UUID, organisationID: UUID, isManager: Bool, isPartner: Bool, now: Date, calendar: WorkingCalendar,
        on db: any Database
    ) async throws -> [Group] {
        let sql = try MeasureQueries.sql(db)
        let today = calendar.local(now).day
        let endOfToday = calendar.instant(today.adding(days: 1), minute: 0)
        var groups: [Group] = []
        func add(_ id: String, _ heading: String, _ items: [Item]) {
            guard !items.isEmpty else { return }
            groups.append(
                Group(id: id, heading: heading, items: Array(items.prefix(limit)), more: items.count > limit))
        }
        func dueText(_ date: Date) -> (String, Bool) { (DisplayDate.dayAndTime(date), date < now) }
        func dayText(_ day: CivilDate) -> (String, Bool) { (DisplayDate.civil(day), day < today) }

        if isManager {
            let closures = try await sql.raw(
                """
                SELECT c.id, c.reference, x.proposed_at, u.display_name AS proposer
                FROM case_closures x JOIN cases c ON c.id = x.case_id JOIN users u ON u.id = x.proposed_by_id
                WHERE x.state = 'proposed' AND c.organisation_id = \(bind: organisationID)
                  AND x.proposed_by_id <> \(bind: userID)
                ORDER BY x.proposed_at LIMIT \(bind: limit + 1)
                """
            ).all()
            add(
                "sign-off-closures", "Closures waiting for your sign-off",
                try closures.map { row in
                    let id = try row.decode(column: "id", as: UUID.self)
                    let proposer = try row.decode(column: "proposer", as: String.self)
                    return Item(
                        href: SiteURL.case(.value(id), .closure).path,
                        reference: try row.decode(column: "reference", as: String.self),
                        what: "Proposed by \(proposer)",
                        due: DisplayDate.dayAndTime(try row.decode(column: "proposed_at", as: Date.self)),
                        overdue: false)
                })
            let reviews = try await sql.raw(
                """
                SELECT c.id, c.reference, r.prepared_at, p.name AS power
                FROM proportionality_reviews r JOIN cases c ON c.id = r.case_id JOIN legal_powers p ON p.id = r.power_id
                WHERE r.status = 'awaiting_sign_off' AND c.organisation_id = \(bind: organisationID)
                  AND r.prepared_by_id <> \(bind: userID) AND (c.officer_id IS NULL OR c.officer_id <> \(bind: userID))
                ORDER BY r.prepared_at LIMIT \(bind: limit + 1)
                """
            ).all()
            add(
                "sign-off-reviews", "Proportionality reviews waiting for your sign-off",
                try reviews.map { row in
                    let id = try row.decode(column: "id", as: UUID.self)
                    return Item(
                        href: SiteURL.case(.value(id), .enforcement).path,
                        reference: try row.decode(column: "reference", as: String.self),
                        what: try row.decode(column: "power", as: String.self),
                        due: DisplayDate.dayAndTime(try row.decode(column: "prepared_at", as: Date.self)),
                        overdue: false)
                })
        }

        if !isPartner {
            // The officer's own cases with anything due by the end of today: the deadline queue's index.
            let cases = try await sql.raw(
                """
                SELECT id, reference, acknowledged_at, response_due_at, vulnerability_due_at, next_contact_due_at
                FROM cases
                WHERE officer_id = \(bind: userID) AND next_deadline_at <= \(bind: endOfToday) AND status <> 'closed'
                ORDER BY next_deadline_at LIMIT 200
                """
            ).all()
            var responses: [Item] = []
            var contacts: [Item] = []
            var assessments: [Item] = []
            for row in cases {
                let id = try row.decode(column: "id", as: UUID.self)
                let reference = try row.decode(column: "reference", as: String.self)
                let href = SiteURL.case(.value(id)).path
                if try row.decode(column: "acknowledged_at", as: Date?.self) == nil,
                    let due = try row.decode(column: "response_due_at", as: Date?.self), due <= endOfToday
                {
                    let (text, late) = dueText(due)
                    responses.append(
                        Item(href: href, reference: reference, what: "First response", due: text, overdue: late))
                }
                if let due = try row.decode(column: "vulnerability_due_at", as: Date?.self), due <= endOfToday {
                    let (text, late) = dueText(due)
                    assessments.append(
                        Item(
                            href: SiteURL.case(.value(id), .risk).path, reference: reference,
                            what: "Vulnerability assessment", due: text, overdue: late))
                }
                if let due = try row.decode(column: "next_contact_due_at", as: Date?.self), due <= endOfToday {
                    let (text, late) = dueText(due)
                    contacts.append(
                        Item(
                            href: SiteURL.case(.value(id), .contacts).path, reference: reference,
                            what: "Promised contact", due: text, overdue: late))
                }
            }
            add("first-responses", "First responses", responses)
            add("promised-contacts", "Promised contacts", contacts)
            add("assessments", "Vulnerability assessments", assessments)
        }

        // Risk tasks: on my cases, or given to my organisation.
        // A partner sees a task only while a share in force opens it, as on their organisation's home: once a
        // share is revoked or ends, nothing of the case shows (issue 19's rule, kept by the inbox too).
        let owner: SQLQueryString =
            isPartner
            ? """
            t.assigned_organisation_id = \(bind: organisationID)
              AND EXISTS (SELECT 1 FROM case_shares s WHERE s.case_id = t.case_id
                AND \(PartnerHomePage.activeShare(organisationID, today: today)) AND \(PartnerHomePage.opens([.risk, .casework])))
            """
            : "c.officer_id = \(bind: userID)"
        let tasks = try await sql.raw(
            """
            SELECT c.id, c.reference, t.kind, t.due_at FROM risk_tasks t JOIN cases c ON c.id = t.case_id
            WHERE \(owner) AND t.status = 'open' AND t.due_at <= \(bind: endOfToday) AND c.status <> 'closed'
            ORDER BY t.due_at LIMIT \(bind: limit + 1)
            """
        ).all()
        add(
            "risk-tasks", "Risk tasks and reassessments",
            try tasks.map { row in
                let id = try row.decode(column: "id", as: UUID.self)
                let kind = try row.decode(column: "kind", as: String.self)
                let (text, late) = dueText(try row.decode(column: "due_at", as: Date.self))
                return Item(
                    href: SiteURL.case(.value(id), .risk).path,
                    reference: try row.decode(column: "reference", as: String.self),
                    what: RiskTaskKind(rawValue: kind)?.label ?? kind, due: text, overdue: late)
            })

        // Two index reads, not an OR the planner answers by scanning every action: the actions on my cases
        // (through the officer's case index) and those I own in person (M024's index).
        let actionOwner: SQLQueryString =
            isPartner
            ? """
            a.owner_organisation_id = \(bind: organisationID)
              AND EXISTS (SELECT 1 FROM case_shares s WHERE s.case_id = a.case_id
                AND \(PartnerHomePage.activeShare(organisationID, today: today)) AND \(PartnerHomePage.opens([.casework])))
            """
            : """
            a.id IN (SELECT m.id FROM plan_actions m WHERE m.case_id IN (SELECT id FROM cases WHERE officer_id = \(bind: userID))
              UNION SELECT o.id FROM plan_actions o WHERE o.owner_user_id = \(bind: userID) AND o.status = 'open')
            """
        let actions = try await sql.raw(
            """
            SELECT c.id, c.reference, a.description, a.due_on FROM plan_actions a JOIN cases c ON c.id = a.case_id
            WHERE \(actionOwner) AND a.status = 'open' AND a.due_on <= \(bind: today.description)
              AND c.status <> 'closed'
            ORDER BY a.due_on LIMIT \(bind: limit + 1)
            """
        ).all()
        add(
            "plan-actions", "Plan actions",
            try actions.map { row in
                let id = try row.decode(column: "id", as: UUID.self)
                let day = CivilDate(iso: try row.decode(column: "due_on", as: String.self)) ?? today
                let (text, late) = dayText(day)
                return Item(
                    href: SiteURL.case(.value(id), .plan).path,
                    reference: try row.decode(column: "reference", as: String.self),
                    what: String(try row.decode(column: "description", as: String.self).prefix(120)), due: text,
                    overdue: late)
            })

        if !isPartner {
            let referrals = try await sql.raw(
                """
                SELECT c.id, c.reference, r.service, r.reply_due_on FROM referrals r JOIN cases c ON c.id = r.case_id
                WHERE c.officer_id = \(bind: userID) AND r.status IN ('sent', 'acknowledged')
                  AND r.reply_due_on <= \(bind: today.description) AND c.status <> 'closed'
                ORDER BY r.reply_due_on LIMIT \(bind: limit + 1)
                """
            ).all()
            add(
                "referrals", "Referrals to chase",
                try referrals.map { row in
                    let id = try row.decode(column: "id", as: UUID.self)
                    let service = try row.decode(column: "service", as: String.self)
                    let day = CivilDate(iso: try row.decode(column: "reply_due_on", as: String.self)) ?? today
                    let (text, late) = dayText(day)
                    return Item(
                        href: SiteURL.case(.value(id), .support).path,
                        reference: try row.decode(column: "reference", as: String.self),
                        what: "Reply from \(SupportService(rawValue: service)?.label ?? service)", due: text,
                        overdue: late)
                })
        }

        // Resident diary entries and uploads since I last looked: the unread notifications that say so.
        let diary = try await UserNotification.query(on: db).filter(\.$user.$id == userID)
            .filter(\.$readAt == nil).filter(\.$kind == .residentDiary).sort(\.$createdAt, .descending)
            .limit(limit + 1).all()
        add(
            "resident-diary", "From residents since you last looked",
            diary.map {
                Item(
                    href: $0.href, reference: "", what: $0.summary, due: DisplayDate.dayAndTime($0.createdAt),
                    overdue: false)
            })
        return groups
    }

    /// A page of the team's officers, by name: each one's open caseload (kept by the database, M024) and how
    /// many of those cases have a deadline past, counted on the officer's deadline index (`cases_queue_idx`)
    /// for the officers on the page only, so a manager's Home costs the same whatever the team's caseload.
    static func caseloads(organisationID: UUID, now: Date, page: Int, on db: any Database) async throws
        -> (rows: [OfficerLoad], more: Bool)
    {
        let sql = try MeasureQueries.sql(db)
        let rows = try await sql.raw(
            """
            SELECT p.name, CAST(COALESCE(l.open_cases, 0) AS BIGINT) AS open,
              (SELECT CAST(COUNT(*) AS BIGINT) FROM cases c
                WHERE c.officer_id = p.id AND c.next_deadline_at < \(bind: now) AND c.status <> 'closed') AS overdue
            FROM (
              SELECT u.id, u.display_name AS name FROM users u
              WHERE u.organisation_id = \(bind: organisationID) AND u.active = \(bind: true)
                AND EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role IN ('case_officer', 'senior_officer'))
              ORDER BY u.display_name, u.id LIMIT \(bind: limit + 1) OFFSET \(bind: max(page - 1, 0) * limit)
            ) p
            LEFT JOIN officer_caseloads l ON l.officer_id = p.id
            ORDER BY p.name, p.id
            """
        ).all()
        let loads = try rows.map {
            OfficerLoad(
                name: try $0.decode(column: "name", as: String.self), open: try $0.decode(column: "open", as: Int.self),
                overdue: try $0.decode(column: "overdue", as: Int.self))
        }
        return (Array(loads.prefix(limit)), loads.count > limit)
    }
}
