import Fluent
import TandemCore
import Vapor

/// A partner organisation's home: "our shared cases, referrals to us, our actions and tasks with what is due and
/// overdue, shares ending soon" (issue 19, item 5).
struct PartnerHomeController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.partnerWork, use: show)
    }

    @Sendable
    func show(request: Request) async throws -> View {
        let user = try request.authorize(.viewPartnerWork)
        return try await request.view.render("partnership/home", PartnerHomePage.build(request, user: user))
    }
}
