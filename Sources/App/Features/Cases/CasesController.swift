import Fluent
import TandemCore
import Vapor

/// The case list and the case page. Intake and casework add to these.
struct CasesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("cases", use: index)
        routes.get("cases", ":caseID", use: show)
    }

    struct ListPage: Encodable {
        var layout: LayoutContext
        var cases: [CaseRow]
        var hasCases: Bool
        var paging: Paging
        var pagingQuery = ""
    }

    struct ShowPage: Encodable {
        var layout: LayoutContext
        var caseRow: CaseRow
        var summary: String
        var organisation: String
        var sharedWith: [String]
        var isShared: Bool
    }

    @Sendable
    func index(request: Request) async throws -> View {
        let user = try request.authorize(.listCases)
        var paging = Paging(page: try? request.query.get(Int.self, at: "page"), perPage: 25)
        let result = try await CaseQueries.visible(
            AccessPolicy.caseListScope(for: user.actor), on: request.db, page: paging.page, perPage: paging.perPage)
        paging.hasNext = result.hasNext
        return try await request.view.render(
            "cases/index",
            ListPage(
                layout: request.layout(title: "Cases", section: "cases"), cases: result.rows,
                hasCases: !result.rows.isEmpty, paging: paging))
    }

    @Sendable
    func show(request: Request) async throws -> View {
        _ = try request.requireUser()
        guard let id = request.parameters.get("caseID", as: UUID.self),
            let record = try await CaseRecord.query(on: request.db).filter(\.$id == id)
                .with(\.$officer).with(\.$organisation).first()
        else {
            throw Abort(.notFound)
        }
        let shares = try await CaseShare.query(on: request.db).filter(\.$caseRecord.$id == id)
            .with(\.$organisation).all()
        let facts = CaseAccessFacts(
            owningOrganisationID: record.$organisation.id,
            sharedWithOrganisationIDs: Set(shares.map { $0.$organisation.id }))
        try request.authorize(.viewCase(facts))
        try await request.auditView(
            recordType: "case", recordID: id.uuidString, summary: "Viewed case \(record.reference)")
        let page = ShowPage(
            layout: request.layout(title: "Case \(record.reference)", section: "cases"),
            caseRow: try CaseQueries.row(record),
            summary: record.summary,
            organisation: record.organisation.name,
            sharedWith: shares.map(\.organisation.name).sorted(),
            isShared: !shares.isEmpty
        )
        return try await request.view.render("cases/show", page)
    }
}
