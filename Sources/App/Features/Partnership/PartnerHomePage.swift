import Fluent
import Foundation
import SQLKit
import TandemCore
import Vapor

/// A partner organisation's home (issue 19, item 5): the cases shared with it, the referrals sent to it, the
/// actions and tasks it owns and the shares that end soon. Each list is one projected statement on an index
/// (`case_shares_organisation_idx`, `referrals_to_organisation_idx`, `plan_actions_owner_organisation_idx`,
/// `risk_tasks_assigned_organisation_idx`), and only shares in force count: not revoked, not past their last day.
enum PartnerHomePage {
    struct SharedCase: Encodable {
        var reference: String
        var href: String
        var title: String
        var sections: String
        var since: String
        var lastDay: String
    }

    struct Work: Encodable {
        var reference: String
        var href: String
        var what: String
        var due: String
        var overdue: Bool
    }

    struct Ending: Encodable {
        var reference: String
        var href: String
        var title: String
        var lastDay: String
        var daysLeft: Int
    }

    struct Page: Encodable {
        var layout: LayoutContext
        var organisation: String
        var cases: [SharedCase]
        var hasCases: Bool
        var paging: Paging
        var pagingQuery = ""
        var referralsWaiting: Int
        var referralsOverdue: Int
        var referralQueue: String
        var actions: [Work]
        var hasActions: Bool
        var tasks: [Work]
        var hasTasks: Bool
        var ending: [Ending]
        var hasEnding: Bool
        var horizonDays: Int
    }

    /// How far ahead "ending soon" looks.
    static let horizonDays = 30

    /// A share in force for the organisation, as SQL over `case_shares s`: the same test as
    /// `SharingRules.isActive`, with the last day as its stored ISO date, which compares as text as the date does.
    static func activeShare(_ organisationID: UUID, today: CivilDate) -> SQLQueryString {
        """
        s.organisation_id = \(bind: organisationID) AND s.revoked_at IS NULL \
        AND (s.ends_on IS NULL OR s.ends_on >= \(bind: today.description))
        """
    }

    /// A share that opens these sections (stored comma-separated: `ShareSection.text`).
    static func opens(_ sections: [ShareSection]) -> SQLQueryString {
        sections.map { "(',' || s.sections || ',') LIKE \(bind: "%,\($0.rawValue),%")" as SQLQueryString }
            .joined(separator: " AND ")
    }

    static func build(_ request: Request, user: CurrentUser) async throws -> Page {
        guard let sql = request.db as? any SQLDatabase else { throw Abort(.internalServerError) }
        let organisation = user.organisationID
        let today = request.today()
        let now = request.now
        var paging = Paging(page: try? request.query.get(Int.self, at: "page"), perPage: 25)

        struct CaseRaw: Decodable {
            var caseID: UUID
            var reference: String
            var title: String
            var sections: String
            var sharedAt: Date
            var endsOn: String?
        }
        let shared = try await sql.raw(
            """
            SELECT c.id AS "caseID", c.reference AS reference, c.title AS title, s.sections AS sections,
              s.shared_at AS "sharedAt", s.ends_on AS "endsOn"
            FROM case_shares s JOIN cases c ON c.id = s.case_id
            WHERE \(activeShare(organisation, today: today))
            ORDER BY s.shared_at DESC, s.id
            LIMIT \(bind: paging.perPage + 1) OFFSET \(bind: paging.offset)
            """
        ).all(decoding: CaseRaw.self)
        paging.hasNext = shared.count > paging.perPage

        // Another helper's queue answers them; here only how many wait, and how many are past their reply date.
        let referrals = try await sql.raw(
            """
            SELECT COUNT(*) AS waiting,
              COALESCE(SUM(CASE WHEN r.reply_due_on < \(bind: today.description) THEN 1 ELSE 0 END), 0) AS overdue
            FROM referrals r
            WHERE r.to_organisation_id = \(bind: organisation)
              AND r.status IN (\(bind: ReferralStatus.sent.rawValue), \(bind: ReferralStatus.acknowledged.rawValue))
            """
        ).first()

        struct ActionRaw: Decodable {
            var id: UUID
            var caseID: UUID
            var reference: String
            var description: String
            var dueOn: String
        }
        // Only on cases whose share opens the plan to us: the page behind the link must open.
        let actions = try await sql.raw(
            """
            SELECT a.id AS id, a.case_id AS "caseID", c.reference AS reference, a.description AS description,
              a.due_on AS "dueOn"
            FROM plan_actions a JOIN cases c ON c.id = a.case_id
            WHERE a.owner_organisation_id = \(bind: organisation) AND a.status = \(bind: ActionStatus.open.rawValue)
              AND EXISTS (SELECT 1 FROM case_shares s WHERE s.case_id = a.case_id
                AND \(activeShare(organisation, today: today)) AND \(opens([.casework])))
            ORDER BY a.due_on, a.id
            LIMIT 100
            """
        ).all(decoding: ActionRaw.self)

        struct TaskRaw: Decodable {
            var id: UUID
            var caseID: UUID
            var reference: String
            var kind: String
            var dueAt: Date?
        }
        let tasks = try await sql.raw(
            """
            SELECT t.id AS id, t.case_id AS "caseID", c.reference AS reference, t.kind AS kind, t.due_at AS "dueAt"
            FROM risk_tasks t JOIN cases c ON c.id = t.case_id
            WHERE t.assigned_organisation_id = \(bind: organisation) AND t.status = \(bind: RiskTaskStatus.open.rawValue)
              AND EXISTS (SELECT 1 FROM case_shares s WHERE s.case_id = t.case_id
                AND \(activeShare(organisation, today: today)) AND \(opens([.risk, .casework])))
            ORDER BY t.due_at IS NULL, t.due_at, t.id
            LIMIT 100
            """
        ).all(decoding: TaskRaw.self)

        struct EndingRaw: Decodable {
            var caseID: UUID
            var reference: String
            var title: String
            var endsOn: String
        }
        let horizon = today.adding(days: horizonDays)
        let ending = try await sql.raw(
            """
            SELECT c.id AS "caseID", c.reference AS reference, c.title AS title, s.ends_on AS "endsOn"
            FROM case_shares s JOIN cases c ON c.id = s.case_id
            WHERE \(activeShare(organisation, today: today)) AND s.ends_on IS NOT NULL
              AND s.ends_on <= \(bind: horizon.description)
            ORDER BY s.ends_on, c.reference
            LIMIT 100
            """
        ).all(decoding: EndingRaw.self)

        let caseRows = shared.prefix(paging.perPage).map { raw in
            SharedCase(
                reference: raw.reference, href: SiteURL.case(.value(raw.caseID)).path, title: raw.title,
                sections: ShareSection.labels(ShareSection.parse(raw.sections)),
                since: DisplayDate.day(raw.sharedAt),
                lastDay: raw.endsOn.flatMap(CivilDate.init(iso:)).map(DisplayDate.civil) ?? "No end date set")
        }
        let actionRows = actions.map { raw in
            let due = CivilDate(iso: raw.dueOn)
            return Work(
                reference: raw.reference,
                href: SiteURL.case(.value(raw.caseID), .plan).path(fragment: "action-\(raw.id.uuidString)"),
                what: raw.description, due: due.map(DisplayDate.civil) ?? raw.dueOn,
                overdue: due.map { $0 < today } ?? false)
        }
        let taskRows = tasks.map { raw in
            Work(
                reference: raw.reference,
                href: SiteURL.case(.value(raw.caseID), .risk).path(fragment: "task-\(raw.id.uuidString)"),
                what: RiskTaskKind(rawValue: raw.kind)?.label ?? raw.kind,
                due: raw.dueAt.map(DisplayDate.dayAndTime) ?? "At the next contact",
                overdue: raw.dueAt.map { $0 < now } ?? false)
        }
        let endingRows = ending.compactMap { raw -> Ending? in
            guard let day = CivilDate(iso: raw.endsOn) else { return nil }
            return Ending(
                reference: raw.reference, href: SiteURL.case(.value(raw.caseID)).path, title: raw.title,
                lastDay: DisplayDate.civil(day), daysLeft: day.dayNumber - today.dayNumber)
        }
        return Page(
            layout: request.layout(title: "Our shared work", section: .partnership),
            organisation: user.organisationName, cases: Array(caseRows), hasCases: !caseRows.isEmpty,
            paging: paging,
            referralsWaiting: try referrals?.decode(column: "waiting", as: Int.self) ?? 0,
            referralsOverdue: try referrals?.decode(column: "overdue", as: Int.self) ?? 0,
            referralQueue: SiteURL.referralQueue.path, actions: actionRows, hasActions: !actionRows.isEmpty,
            tasks: taskRows, hasTasks: !taskRows.isEmpty, ending: endingRows, hasEnding: !endingRows.isEmpty,
            horizonDays: horizonDays)
    }

    /// For the home page: how many cases are shared with the organisation now, and how much of its work is open.
    static func summary(_ request: Request, organisationID: UUID) async throws -> (cases: Int, openWork: Int) {
        guard let sql = request.db as? any SQLDatabase else { return (0, 0) }
        let today = request.today()
        let row = try await sql.raw(
            """
            SELECT (SELECT COUNT(*) FROM case_shares s WHERE \(activeShare(organisationID, today: today))) AS cases,
              (SELECT COUNT(*) FROM plan_actions a WHERE a.owner_organisation_id = \(bind: organisationID)
                AND a.status = \(bind: ActionStatus.open.rawValue)
                AND EXISTS (SELECT 1 FROM case_shares s WHERE s.case_id = a.case_id
                  AND \(activeShare(organisationID, today: today)) AND \(opens([.casework]))))
              + (SELECT COUNT(*) FROM risk_tasks t WHERE t.assigned_organisation_id = \(bind: organisationID)
                AND t.status = \(bind: RiskTaskStatus.open.rawValue)
                AND EXISTS (SELECT 1 FROM case_shares s WHERE s.case_id = t.case_id
                  AND \(activeShare(organisationID, today: today)) AND \(opens([.risk, .casework])))) AS work
            """
        ).first()
        return (
            try row?.decode(column: "cases", as: Int.self) ?? 0, try row?.decode(column: "work", as: Int.self) ?? 0
        )
    }
}
