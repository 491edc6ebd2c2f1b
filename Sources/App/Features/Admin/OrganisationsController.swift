import Fluent
import TandemCore
import Vapor

/// Administrators add, rename, re-kind and deactivate organisations.
struct OrganisationsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.admin(.organisations), use: index)
        routes.get(.admin(.newOrganisation), use: new)
        routes.post(.admin(.organisations), use: create)
        routes.get(.admin(.organisation(.key)), use: edit)
        routes.post(.admin(.organisation(.key)), use: update)
    }

    struct Row: Encodable {
        var href: String
        var name: String
        var kind: String
        var active: Bool
    }

    struct KindOption: Encodable {
        var value: String
        var label: String
        var selected: Bool
    }

    struct ListPage: Encodable {
        var layout: LayoutContext
        var organisations: [Row]
        var paging: Paging
        var pagingQuery = ""
        var newOrganisationLink: String
    }

    struct FormPage: Encodable {
        var layout: LayoutContext
        var form: FormState
        var kinds: [KindOption]
        var organisationID: String?
        var active: Bool
        var action: String
        var organisationsLink: String
    }

    struct OrganisationForm: Content {
        var name: String?
        var kind: String?
        var active: String?
        var letterhead: String?
    }

    @Sendable
    func index(request: Request) async throws -> View {
        try request.authorize(.manageOrganisations)
        var paging = Paging(page: try? request.query.get(Int.self, at: "page"), perPage: 50)
        let records = try await Organisation.query(on: request.db).sort(\.$name)
            .offset(paging.offset).limit(paging.perPage + 1).all()
        paging.hasNext = records.count > paging.perPage
        let rows = try records.prefix(paging.perPage).map {
            Row(
                href: SiteURL.admin(.organisation(.value(try $0.requireID()))).path, name: $0.name,
                kind: $0.kind.label, active: $0.active)
        }
        return try await request.view.render(
            "admin/organisations",
            ListPage(
                layout: request.layout(title: "Organisations", section: .organisations), organisations: rows,
                paging: paging, newOrganisationLink: SiteURL.admin(.newOrganisation).path))
    }

    @Sendable
    func new(request: Request) async throws -> View {
        try request.authorize(.manageOrganisations)
        return try await renderForm(request, form: FormState(), id: nil, active: true)
    }

    @Sendable
    func create(request: Request) async throws -> Response {
        try request.authorize(.manageOrganisations)
        let (form, name, kind) = try await validate(request, excluding: nil)
        guard form.isValid, let kind else {
            return try await renderForm(request, form: form, id: nil, active: true).encodeResponse(
                status: .badRequest, for: request)
        }
        let organisation = Organisation(name: name, kind: kind, at: request.now)
        organisation.letterhead = form.values["letterhead"].flatMap { $0.isEmpty ? nil : $0 }
        try await request.write { work in try await work.insert(organisation, "Added organisation \(name)") }
        return request.redirect(to: SiteURL.admin(.organisations).path, flash: .organisationCreated)
    }

    @Sendable
    func edit(request: Request) async throws -> View {
        try request.authorize(.manageOrganisations)
        let organisation = try await find(request)
        var form = FormState()
        form.values = [
            "name": organisation.name, "kind": organisation.kind.rawValue, "letterhead": organisation.letterhead ?? "",
        ]
        return try await renderForm(request, form: form, id: organisation.id, active: organisation.active)
    }

    @Sendable
    func update(request: Request) async throws -> Response {
        let current = try request.authorize(.manageOrganisations)
        let organisation = try await find(request)
        let (validated, name, kind) = try await validate(request, excluding: organisation.id)
        var form = validated
        let input = try? request.content.decode(OrganisationForm.self)
        let active = input?.active == "true"
        if let refusal = AdministrationRules.checkOrganisation(
            try organisation.requireID(), active: active, by: current.actor)
        {
            form.add("active", refusal.message)
        }
        guard form.isValid, let kind else {
            return try await renderForm(request, form: form, id: organisation.id, active: active)
                .encodeResponse(status: .badRequest, for: request)
        }
        let letterhead = form.values["letterhead"].flatMap { $0.isEmpty ? nil : $0 }
        // A form saved unchanged writes nothing, as for wards and categories.
        if organisation.name != name || organisation.kind != kind || organisation.active != active
            || organisation.letterhead != letterhead
        {
            organisation.name = name
            organisation.kind = kind
            organisation.active = active
            organisation.letterhead = letterhead
            organisation.updatedAt = request.now
            try await request.write { work in try await work.update(organisation, "Updated organisation \(name)") }
        }
        return request.redirect(to: SiteURL.admin(.organisations).path, flash: .organisationUpdated)
    }

    private func find(_ request: Request) async throws -> Organisation {
        guard let id = request.parameters.get("organisationID", as: UUID.self),
            let organisation = try await Organisation.find(id, on: request.db)
        else { throw Abort(.notFound) }
        return organisation
    }

    private func validate(_ request: Request, excluding id: UUID?) async throws -> (
        FormState, String, OrganisationKind?
    ) {
        let input = (try? request.content.decode(OrganisationForm.self)) ?? OrganisationForm()
        var form = FormState()
        let name = TextRules.clean(input.name)
        // Lines as typed, with the browser's CRLF made plain newlines and blank lines dropped.
        let letterhead = TextRules.clean(input.letterhead).replacingOccurrences(of: "\r\n", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: true)
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: "\n")
        form.values = ["name": name, "kind": input.kind ?? "", "letterhead": letterhead]
        if let problem = TextRules.multilineProblem(
            letterhead, label: "the letterhead", required: false, max: 500)
        {
            form.add("letterhead", problem)
        } else if letterhead.split(separator: "\n").count > 6 {
            form.add("letterhead", "Keep the letterhead to six lines: the address, phone and email")
        }
        if let problem = TextRules.problem(name, label: "the organisation's name", max: 120) {
            form.add("name", problem)
        } else {
            var clash = Organisation.query(on: request.db).filter(\.$name == name)
            if let id { clash = clash.filter(\.$id != id) }
            if try await clash.count() > 0 { form.add("name", "An organisation with this name already exists") }
        }
        let kind = input.kind.flatMap(OrganisationKind.init(rawValue:))
        if kind == nil { form.add("kind", "Select the kind of organisation") }
        return (form, name, kind)
    }

    private func renderForm(_ request: Request, form: FormState, id: UUID?, active: Bool) async throws -> View {
        let title = id == nil ? "Add an organisation" : "Edit organisation"
        let kinds = OrganisationKind.allCases.map {
            KindOption(value: $0.rawValue, label: $0.label, selected: form.values["kind"] == $0.rawValue)
        }
        return try await request.view.render(
            "admin/organisation-form",
            FormPage(
                layout: request.layout(title: form.isValid ? title : "Error: \(title)", section: .organisations),
                form: form, kinds: kinds, organisationID: id?.uuidString, active: active,
                action: id.map { SiteURL.admin(.organisation(.value($0))).path } ?? SiteURL.admin(.organisations).path,
                organisationsLink: SiteURL.admin(.organisations).path))
    }
}

extension View {
    func encodeResponse(status: HTTPStatus, for request: Request) async throws -> Response {
        let response = try await encodeResponse(for: request)
        response.status = status
        return response
    }
}
