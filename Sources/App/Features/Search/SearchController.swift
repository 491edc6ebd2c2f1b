import Fluent
import TandemCore
import Vapor

/// One search box in the header for every signed-in role (issue 20, item 4): cases and people the user may
/// see, with the match marked.
struct SearchController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.search, use: search)
    }

    /// A piece of a result's text, marked when it is what matched.
    struct Run: Encodable {
        var text: String
        var match: Bool
    }

    struct CaseRow: Encodable {
        var href: String
        var reference: [Run]
        var title: [Run]
        var location: [Run]
        var status: String
    }

    struct PersonRow: Encodable {
        var href: String
        var name: [Run]
        var address: [Run]
    }

    struct Page: Encodable {
        var layout: LayoutContext
        var query: String
        var error: String?
        var searched: Bool
        var cases: [CaseRow]
        var caseCount: Int
        var casesMore: Bool
        var people: [PersonRow]
        var personCount: Int
        var peopleMore: Bool
        var searchesPeople: Bool
        var searchesCases: Bool
    }

    static func runs(_ text: String?, _ query: String) -> [Run] {
        guard let text, !text.isEmpty else { return [] }
        return SearchText.highlight(text, query: query).map { Run(text: $0.text, match: $0.match) }
    }

    @Sendable
    func search(request: Request) async throws -> Response {
        let user = try request.authorize(.viewHome)
        let raw = String((try? request.query.get(String.self, at: "q")) ?? "").prefix(500)
        let query = TextRules.clean(String(raw))
        let scope = AccessPolicy.caseListScope(for: user.actor)
        let searchesPeople = request.may(.findPeople)
        var error: String?
        var cases: [SearchQueries.CaseHit] = []
        var people: [SearchQueries.PersonHit] = []
        if !query.isEmpty {
            switch SearchText.normalise(query) {
            case .failure(let problem): error = problem.message
            case .success:
                let trimmed = query.trimmingCharacters(in: .whitespaces)
                cases = try await SearchQueries.cases(
                    trimmed, scope: scope, today: DisplayDate.civilDay(request.now), on: request.db)
                if searchesPeople {
                    people = try await SearchQueries.people(trimmed, knownTo: user.organisationID, on: request.db)
                }
                // A search reads case and person records: it is a view like any other (the words are not kept).
                try await request.auditView(
                    recordType: .personSearch, recordID: "-",
                    summary: "Searched cases and people (\(cases.count) case(s), \(people.count) person(s) shown)")
            }
        }
        let shown = query.trimmingCharacters(in: .whitespaces)
        var layout = request.layout(
            title: error == nil ? (query.isEmpty ? "Search" : "Search: \(query)") : "Error: Search", section: .search)
        layout.searchQuery = query
        let page = Page(
            layout: layout, query: query, error: error, searched: !query.isEmpty && error == nil,
            cases: cases.prefix(SearchQueries.limit).map {
                CaseRow(
                    href: SiteURL.case(.value($0.id)).path, reference: Self.runs($0.reference, shown),
                    title: Self.runs($0.title, shown), location: Self.runs($0.location, shown),
                    status: CaseStatus(rawValue: $0.status)?.label ?? $0.status)
            },
            caseCount: min(cases.count, SearchQueries.limit), casesMore: cases.count > SearchQueries.limit,
            people: people.prefix(SearchQueries.limit).map {
                PersonRow(
                    href: SiteURL.person(.value($0.id)).path, name: Self.runs($0.name, shown),
                    address: Self.runs($0.address, shown))
            },
            personCount: min(people.count, SearchQueries.limit), peopleMore: people.count > SearchQueries.limit,
            searchesPeople: searchesPeople,
            searchesCases: !scope.isEmpty)
        return try await request.view.render("search/index", page)
            .encodeResponse(status: error == nil ? .ok : .badRequest, for: request)
    }
}
