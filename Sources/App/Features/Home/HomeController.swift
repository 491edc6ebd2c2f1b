import Fluent
import TandemCore
import Vapor

/// The signed-in home page: who you are, what you can do, your recent cases.
struct HomeController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.home, use: show)
    }

    struct Page: Encodable {
        var layout: LayoutContext
        var name: String
        var organisation: String
        var roles: [String]
        var canListCases: Bool
        var cases: [CaseRow]
        var hasCases: Bool
        var casesHeading: String
        var triageWaiting: Int?
        var unallocatedWaiting: Int?
        var triageHref = SiteURL.triage.path
        var unallocatedHref = SiteURL.unallocated.path
        var casesHref = SiteURL.cases.path
        /// A partner practitioner's way to their organisation's home (issue 19, item 5).
        var partnerWork: PartnerWork?
        /// What is due today or overdue, by kind, and what waits for my sign-off (issue 20).
        var inbox: [InboxQueries.Group] = []
        var hasInbox = false
        var showInbox = false
        var caseloads: [InboxQueries.OfficerLoad] = []
        var hasCaseloads = false
        /// The pages before and after this page of the team's caseloads, when there are more officers.
        var teamPrevious: String?
        var teamNext: String?
        var unread = 0
        var notificationsHref = SiteURL.notifications.path
    }

    struct PartnerWork: Encodable {
        var href = SiteURL.partnerWork.path
        var cases: Int
        var openWork: Int
    }

    @Sendable
    func show(request: Request) async throws -> View {
        let user = try request.authorize(.viewHome)
        var recent: [CaseRow] = []
        let scope = AccessPolicy.caseListScope(for: user.actor)
        let ownQueue = request.may(.viewOwnQueue)
        if !scope.isEmpty {
            recent = try await CaseQueries.list(
                ownQueue ? .mine(user.id) : .all, scope: scope, filters: QueueFilters(), now: request.now,
                on: request.db, paging: Paging(page: 1, perPage: 5)
            ).rows
        }
        var triage: Int?
        if request.may(.triageReports) {
            triage = try await Report.query(on: request.db).filter(\.$organisation.$id == user.organisationID)
                .filter(\.$status == Report.Status.awaitingTriage).count()
        }
        var unallocated: Int?
        if request.may(.allocateCases) {
            unallocated = try await CaseRecord.query(on: request.db)
                .filter(\.$organisation.$id == user.organisationID)
                .filter(\.$status == .triaged).count()
        }
        var partnerWork: PartnerWork?
        if request.may(.viewPartnerWork) {
            let summary = try await PartnerHomePage.summary(request, organisationID: user.organisationID)
            partnerWork = PartnerWork(cases: summary.cases, openWork: summary.openWork)
        }
        var inbox: [InboxQueries.Group] = []
        var caseloads: [InboxQueries.OfficerLoad] = []
        var teamPrevious: String?
        var teamNext: String?
        let isManager = !user.roles.isDisjoint(with: AccessPolicy.managerRoles)
        let isPartner = request.may(.viewPartnerWork)
        let showInbox = ownQueue || isManager || isPartner
        if showInbox {
            let calendar = try await request.intakePolicy().calendar
            inbox = try await InboxQueries.groups(
                userID: user.id, organisationID: user.organisationID, isManager: isManager, isPartner: isPartner,
                now: request.now, calendar: calendar, on: request.db)
            if let panels = try await PanelInbox.waiting(for: user, request: request) { inbox.insert(panels, at: 0) }
            if let reviews = try await CaseReviewInbox.waiting(for: user, request: request) {
                inbox.insert(reviews, at: 0)
            }
        }
        if isManager && request.may(.viewTeamWork) {
            let teamPage = min(max((try? request.query.get(Int.self, at: "team_page")) ?? 1, 1), 10_000)
            let loads = try await InboxQueries.caseloads(
                organisationID: user.organisationID, now: request.now, page: teamPage, on: request.db)
            caseloads = loads.rows
            if teamPage > 1 { teamPrevious = SiteURL.home.path + "?team_page=\(teamPage - 1)#caseloads" }
            if loads.more { teamNext = SiteURL.home.path + "?team_page=\(teamPage + 1)#caseloads" }
        }
        let page = Page(
            layout: request.layout(title: "Home", section: .home),
            name: user.displayName,
            organisation: user.organisationName,
            roles: user.roles.sorted().map(\.label),
            canListCases: request.may(.listCases),
            cases: recent,
            hasCases: !recent.isEmpty,
            casesHeading: ownQueue ? "Your next deadlines" : "Recent cases",
            triageWaiting: triage,
            unallocatedWaiting: unallocated,
            partnerWork: partnerWork,
            inbox: inbox, hasInbox: !inbox.isEmpty, showInbox: showInbox, caseloads: caseloads,
            hasCaseloads: !caseloads.isEmpty, teamPrevious: teamPrevious, teamNext: teamNext,
            unread: user.unreadNotifications
        )
        return try await request.view.render("home/index", page)
    }
}
