import Fluent
import TandemCore
import Vapor

/// The signed-in home page: who you are, what you can do, your recent cases.
struct HomeController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(use: show)
    }

    struct Page: Encodable {
        var layout: LayoutContext
        var name: String
        var organisation: String
        var roles: [String]
        var canListCases: Bool
        var cases: [CaseRow]
        var hasCases: Bool
    }

    @Sendable
    func show(request: Request) async throws -> View {
        let user = try request.authorize(.viewHome)
        var recent: [CaseRow] = []
        let scope = AccessPolicy.caseListScope(for: user.actor)
        if !scope.isEmpty {
            recent = try await CaseQueries.visible(scope, on: request.db, page: 1, perPage: 5).rows
        }
        let page = Page(
            layout: request.layout(title: "Home", section: "home"),
            name: user.displayName,
            organisation: user.organisationName,
            roles: user.roles.sorted().map(\.label),
            canListCases: request.may(.listCases),
            cases: recent,
            hasCases: !recent.isEmpty
        )
        return try await request.view.render("home/index", page)
    }
}
