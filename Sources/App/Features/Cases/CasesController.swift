import Fluent
import TandemCore
import Vapor

/// The case lists (all cases, My cases, unallocated) and the case page.
struct CasesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.cases, use: index)
        routes.get(.myCases, use: mine)
        routes.get(.unallocated, use: unallocated)
        routes.get(.case(.key), use: show)
    }

    struct ListPage: Encodable {
        var layout: LayoutContext
        var heading: String
        var intro: String
        var cases: [CaseRow]
        var hasCases: Bool
        var filters: QueueFilters.Page
        var paging: Paging
        var pagingQuery: String
        var allocation: Bool
        /// Where the allocation form posts.
        var allocateAction: String
        /// Escaped `<option>` markup (`OptionList`).
        var officerOptions: String
        var form: FormState
    }

    @Sendable
    func index(request: Request) async throws -> View {
        let user = try request.authorize(.listCases)
        return try await list(
            request, user: user, queue: .all, heading: "Cases", section: .cases,
            intro: "Every case your organisation leads or that is shared with it, newest first.")
    }

    @Sendable
    func mine(request: Request) async throws -> View {
        let user = try request.authorize(.viewOwnQueue)
        return try await list(
            request, user: user, queue: .mine(user.id), heading: "My cases", section: .mine,
            intro: "Cases you are the single point of contact for, next deadline first. Overdue deadlines are marked.")
    }

    @Sendable
    func unallocated(request: Request) async throws -> View {
        let user = try request.authorize(.allocateCases)
        return try await list(
            request, user: user, queue: .unallocated, heading: "Unallocated cases", section: .unallocated,
            intro:
                "Triaged cases waiting for a named officer, most urgent first. Select cases and an officer to allocate them."
        )
    }

    func list(
        _ request: Request, user: CurrentUser, queue: CaseQueries.Queue, heading: String, section: Section,
        intro: String, form: FormState = FormState()
    ) async throws -> View {
        let filters = try await QueueFilters.read(request)
        var paging = Paging(page: try? request.query.get(Int.self, at: "page"), perPage: 25)
        let result = try await CaseQueries.list(
            queue, scope: AccessPolicy.caseListScope(for: user.actor), filters: filters, now: request.now,
            on: request.db, paging: paging)
        paging.hasNext = result.hasNext
        var allocation = false
        if case .unallocated = queue { allocation = true }
        let officers = allocation ? try await Allocation.officers(of: user.organisationID, on: request.db) : []
        let loads = allocation ? try await Allocation.caseloads(of: user.organisationID, on: request.db) : [:]
        var listsEveryOfficer = false
        if case .all = queue { listsEveryOfficer = user.actor.hasCaseworkRole }
        return try await request.view.render(
            "cases/index",
            ListPage(
                layout: request.layout(title: form.isValid ? heading : "Error: \(heading)", section: section),
                heading: heading, intro: intro, cases: result.rows, hasCases: !result.rows.isEmpty,
                filters: try await filters.page(
                    on: request.db, officersOf: listsEveryOfficer ? user.organisationID : nil),
                paging: paging, pagingQuery: filters.query,
                allocation: allocation, allocateAction: SiteURL.allocateMany.path,
                officerOptions: OptionList.html(
                    officers.map {
                        Choice(value: $0.id.uuidString, label: Allocation.label($0, loads: loads), selected: false)
                    }),
                form: form))
    }

    @Sendable
    func show(request: Request) async throws -> View {
        let (record, facts) = try await CaseLookup.find(request, in: .summary)
        try request.authorize(.viewCase(facts))
        try await request.auditView(
            recordType: .`case`, recordID: try record.requireID().uuidString, summary: "Viewed case \(record.reference)"
        )
        return try await CasePageBuilder.render(request, record: record, facts: facts, form: FormState())
    }
}

/// Loads a case with what the policy needs to decide on it.
enum CaseLookup {
    /// The case in the path, for a page or write in one section of it. Every case route names its section,
    /// so a partner whose share does not open it gets 404 here, and the refusal is recorded (issue 19).
    static func find(_ request: Request, in section: ShareSection) async throws -> (CaseRecord, CaseAccessFacts) {
        let (record, facts) = try await load(request)
        try request.authorize(.viewSection(facts, section))
        return (record, facts)
    }

    private static func load(_ request: Request) async throws -> (CaseRecord, CaseAccessFacts) {
        _ = try request.requireUser()
        guard let id = request.parameters.get("caseID", as: UUID.self),
            let record = try await CaseRecord.query(on: request.db).filter(\.$id == id)
                .join(Organisation.self, on: \CaseRecord.$organisation.$id == \Organisation.$id)
                .join(User.self, on: \CaseRecord.$officer.$id == \User.$id, method: .left)
                .join(Ward.self, on: \CaseRecord.$ward.$id == \Ward.$id, method: .left)
                .join(Place.self, on: \CaseRecord.$place.$id == \Place.$id, method: .left)
                .first()
        else {
            throw Abort(.notFound)
        }
        // One statement for the case and the four records every page of it shows, instead of one each: a
        // parent that is set must have joined, so its decoding error is not hidden as "none".
        record.$organisation.value = try record.joined(Organisation.self)
        record.$officer.value = .some(record.$officer.id == nil ? nil : try record.joined(User.self))
        record.$ward.value = .some(record.$ward.id == nil ? nil : try record.joined(Ward.self))
        record.$place.value = .some(record.$place.id == nil ? nil : try record.joined(Place.self))
        let shares = try await CaseShare.query(on: request.db).filter(\.$caseRecord.$id == id).all()
        // Kept for this request, so the case page lists the shares without reading them again.
        request.storage[LoadedShares.self] = shares
        // Only a share in force gives access: a revoked share, or one past its last day, is no share.
        let today = request.today()
        var scopes: [UUID: Set<ShareSection>] = [:]
        for share in shares where share.isActive(today: today) {
            scopes[share.$organisation.id] = share.sectionSet
        }
        let facts = CaseAccessFacts(owningOrganisationID: record.$organisation.id, shares: scopes)
        return (record, facts)
    }
}

/// The case's shares as `CaseLookup` read them for this request.
struct LoadedShares: StorageKey {
    typealias Value = [CaseShare]
}
