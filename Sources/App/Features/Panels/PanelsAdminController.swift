import Fluent
import TandemCore
import Vapor

/// The panels as local policy, kept by administrators (issue 21, item 1): each forum's kind, terms of reference,
/// host, chair and coordinator, members and their representatives, cadence, the information sharing agreement it
/// runs under, and the bands an assessment refers to it automatically.
struct PanelsAdminController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.admin(.panels), use: index)
        routes.get(.admin(.newPanel), use: new)
        routes.post(.admin(.panels), use: create)
        routes.get(.admin(.panel(.key)), use: edit)
        routes.post(.admin(.panel(.key)), use: update)
    }

    struct PanelForm: Content {
        var name: String?
        var kind: String?
        var organisationID: String?
        var termsOfReference: String?
        var cadence: String?
        var chairID: String?
        var coordinatorID: String?
        var agreementID: String?
        var bands: [String]?
        var members: [String]?
        var representatives: [String]?
        var active: String?

        enum CodingKeys: String, CodingKey {
            case name, kind, cadence, bands, members, representatives, active
            case organisationID = "organisation_id"
            case termsOfReference = "terms_of_reference"
            case chairID = "chair_id"
            case coordinatorID = "coordinator_id"
            case agreementID = "agreement_id"
        }
    }

    struct Row: Encodable {
        var href: String
        var name: String
        var kind: String
        var host: String
        var members: String
        var automatic: String
        var active: Bool
    }

    struct ListPage: Encodable {
        var layout: LayoutContext
        var panels: [Row]
        var hasPanels: Bool
        var newLink: String
    }

    struct FormPage: Encodable {
        var layout: LayoutContext
        var heading: String
        var form: FormState
        var action: String
        var isEdit: Bool
        var kinds: [Choice]
        var hosts: [Choice]
        var chairs: [Choice]
        var coordinators: [Choice]
        var agreements: [Choice]
        var bands: [Choice]
        var members: [Choice]
        var representatives: [Choice]
        var statuses: [Choice]
        var panelsLink: String
    }

    @Sendable
    func index(request: Request) async throws -> View {
        try request.authorize(.managePanels)
        let panels = try await Panel.query(on: request.db).with(\.$organisation).sort(\.$name).all()
        let members = try await PanelMember.query(on: request.db).with(\.$organisation).all()
        let rows = panels.map { panel in
            let names = Set(members.filter { $0.$panel.id == panel.id }.map(\.organisation.name)).sorted()
            return Row(
                href: panel.id.map { SiteURL.admin(.panel(.value($0))).path } ?? "", name: panel.name,
                kind: panel.kind.label, host: panel.organisation.name,
                members: names.isEmpty ? "None yet" : names.joined(separator: ", "),
                automatic: panel.bands.isEmpty
                    ? "None" : RiskLevel.allCases.filter(panel.bands.contains).map(\.label).joined(separator: ", "),
                active: panel.active)
        }
        return try await request.view.render(
            "admin/panels",
            ListPage(
                layout: request.layout(title: "Panels", section: .panelsAdmin), panels: rows,
                hasPanels: !rows.isEmpty, newLink: SiteURL.admin(.newPanel).path))
    }

    @Sendable
    func new(request: Request) async throws -> View {
        try request.authorize(.managePanels)
        var form = FormState()
        form.values["kind"] = PanelKind.vulnerableVictims.rawValue
        return try await render(request, form: form, panel: nil, input: nil)
    }

    @Sendable
    func create(request: Request) async throws -> Response {
        try request.authorize(.managePanels)
        let input = (try? request.content.decode(PanelForm.self)) ?? PanelForm()
        let (form, valid) = try await validate(input, on: request.db)
        guard form.isValid, let valid else {
            return try await render(request, form: form, panel: nil, input: input)
                .encodeResponse(status: .badRequest, for: request)
        }
        let panel = Panel()
        apply(valid, to: panel, active: true, at: request.now)
        panel.createdAt = request.now
        try await request.write { work in
            try await work.insert(panel, "Set up the panel \(valid.name)")
            try await Self.insertMembers(valid, panelID: try panel.requireID(), in: work)
        }
        return request.redirect(to: SiteURL.admin(.panels).path, flash: .panelSaved)
    }

    @Sendable
    func edit(request: Request) async throws -> View {
        try request.authorize(.managePanels)
        let (panel, members) = try await find(request)
        var form = FormState()
        form.values = [
            "name": panel.name, "kind": panel.kind.rawValue, "organisation_id": panel.$organisation.id.uuidString,
            "terms_of_reference": panel.termsOfReference, "cadence": panel.cadence,
            "chair_id": panel.$chair.id?.uuidString ?? "", "coordinator_id": panel.$coordinator.id?.uuidString ?? "",
            "agreement_id": panel.$agreement.id?.uuidString ?? "", "active": panel.active ? "true" : "false",
        ]
        let input = PanelForm(
            bands: panel.bands.map(\.rawValue), members: members.map(\.$organisation.id.uuidString),
            representatives: members.compactMap { $0.$representative.id?.uuidString })
        return try await render(request, form: form, panel: panel, input: input)
    }

    @Sendable
    func update(request: Request) async throws -> Response {
        try request.authorize(.managePanels)
        let (panel, members) = try await find(request)
        let input = (try? request.content.decode(PanelForm.self)) ?? PanelForm()
        var (form, valid) = try await validate(input, on: request.db)
        let active = input.active == "true" ? true : input.active == "false" ? false : nil
        if active == nil { form.add("active", "Select whether the panel is meeting") }
        guard form.isValid, let valid, let active else {
            return try await render(request, form: form, panel: panel, input: input)
                .encodeResponse(status: .badRequest, for: request)
        }
        apply(valid, to: panel, active: active, at: request.now)
        let panelID = try panel.requireID()
        let wanted = Set(Self.memberRows(valid).map { "\($0.0.uuidString)|\($0.1?.uuidString ?? "")" })
        let current = Set(
            members.map { "\($0.$organisation.id.uuidString)|\($0.$representative.id?.uuidString ?? "")" })
        try await request.write { work in
            try await work.update(panel, "Updated the panel \(valid.name)")
            for member in members
            where !wanted.contains(
                "\(member.$organisation.id.uuidString)|\(member.$representative.id?.uuidString ?? "")")
            {
                try await work.delete(member, "Removed a member from the panel \(valid.name)")
            }
            for (organisation, representative) in Self.memberRows(valid)
            where !current.contains("\(organisation.uuidString)|\(representative?.uuidString ?? "")") {
                try await work.insert(
                    PanelMember(panelID: panelID, organisationID: organisation, representativeID: representative),
                    "Added a member to the panel \(valid.name)")
            }
        }
        return request.redirect(to: SiteURL.admin(.panels).path, flash: .panelSaved)
    }

    struct Valid {
        var name: String
        var kind: PanelKind
        var host: UUID
        var terms: String
        var cadence: String
        var chair: UUID?
        var coordinator: UUID?
        var agreement: UUID?
        var bands: Set<RiskLevel>
        var members: Set<UUID>
        /// Each representative with their organisation.
        var representatives: [(UUID, UUID)]
    }

    /// One row per member organisation and representative, or one with no representative when none is named.
    static func memberRows(_ valid: Valid) -> [(UUID, UUID?)] {
        var rows: [(UUID, UUID?)] = []
        for organisation in valid.members.sorted(by: { $0.uuidString < $1.uuidString }) {
            let theirs = valid.representatives.filter { $0.1 == organisation }.map(\.0).sorted {
                $0.uuidString < $1.uuidString
            }
            if theirs.isEmpty { rows.append((organisation, nil)) }
            for person in theirs { rows.append((organisation, person)) }
        }
        return rows
    }

    static func insertMembers(_ valid: Valid, panelID: UUID, in work: UnitOfWork) async throws {
        for (organisation, representative) in memberRows(valid) {
            try await work.insert(
                PanelMember(panelID: panelID, organisationID: organisation, representativeID: representative),
                "Added a member to the panel \(valid.name)")
        }
    }

    private func apply(_ valid: Valid, to panel: Panel, active: Bool, at now: Date) {
        panel.name = valid.name
        panel.kind = valid.kind
        panel.$organisation.id = valid.host
        panel.termsOfReference = valid.terms
        panel.cadence = valid.cadence
        panel.$chair.id = valid.chair
        panel.$coordinator.id = valid.coordinator
        panel.$agreement.id = valid.agreement
        panel.automaticBands = Panel.text(valid.bands)
        panel.active = active
        panel.updatedAt = now
    }

    private func find(_ request: Request) async throws -> (Panel, [PanelMember]) {
        guard let id = request.parameters.get("panelID", as: UUID.self),
            let panel = try await Panel.find(id, on: request.db)
        else { throw Abort(.notFound) }
        let members = try await PanelMember.query(on: request.db).filter(\.$panel.$id == id).all()
        return (panel, members)
    }

    /// Every id must name a real, active organisation, user or agreement, and every choice a known value, so a
    /// forged form saves nothing. The chair and coordinator work for the host; a representative for a member.
    private func validate(_ input: PanelForm, on db: any Database) async throws -> (FormState, Valid?) {
        var form = FormState()
        let name = TextRules.clean(input.name)
        let terms = TextRules.clean(input.termsOfReference)
        let cadence = TextRules.clean(input.cadence)
        form.values = [
            "name": name, "kind": input.kind ?? "", "organisation_id": input.organisationID ?? "",
            "terms_of_reference": terms, "cadence": cadence, "chair_id": input.chairID ?? "",
            "coordinator_id": input.coordinatorID ?? "", "agreement_id": input.agreementID ?? "",
            "active": input.active ?? "",
        ]
        if let problem = TextRules.problem(name, label: "the panel's name", max: 200) { form.add("name", problem) }
        let kind = input.kind.flatMap(PanelKind.init(rawValue:))
        if kind == nil { form.add("kind", "Select what kind of panel it is") }
        let host = try await organisation(input.organisationID, on: db)
        if host == nil { form.add("organisation_id", "Select the organisation that hosts the panel") }
        if let problem = TextRules.multilineProblem(terms, label: "the terms of reference", required: true, max: 4000) {
            form.add("terms_of_reference", problem)
        }
        if let problem = TextRules.problem(cadence, label: "how often the panel meets", max: 200) {
            form.add("cadence", problem)
        }
        let chair = try await user(input.chairID, field: "chair_id", label: "chair", of: host, on: db, form: &form)
        let coordinator = try await user(
            input.coordinatorID, field: "coordinator_id", label: "coordinator", of: host, on: db, form: &form)
        var agreementID: UUID?
        if !TextRules.clean(input.agreementID).isEmpty {
            agreementID = UUID(uuidString: TextRules.clean(input.agreementID))
            if try await agreementID.asyncMap({ try await SharingAgreement.find($0, on: db) }) == nil {
                form.add("agreement_id", "Select an information sharing agreement from the list")
                agreementID = nil
            }
        }
        let bands = (input.bands ?? []).map(RiskLevel.init(rawValue:))
        if bands.contains(where: { $0 == nil }) { form.add("bands", "Select risk bands from the list") }
        let memberIDs = (input.members ?? []).map { UUID(uuidString: $0) }
        var members = Set(memberIDs.compactMap { $0 })
        if memberIDs.count > 50 || memberIDs.contains(where: { $0 == nil }) {
            form.add("members", "Select member organisations from the list")
        } else if !members.isEmpty,
            try await Organisation.query(on: db).filter(\.$id ~~ members).filter(\.$active == true).count()
                != members.count
        {
            form.add("members", "Select member organisations from the list")
        }
        if let host = host?.id { members.remove(host) }
        let representativeIDs = (input.representatives ?? []).map { UUID(uuidString: $0) }
        var representatives: [(UUID, UUID)] = []
        if representativeIDs.count > 100 || representativeIDs.contains(where: { $0 == nil }) {
            form.add("representatives", "Select representatives from the list")
        } else {
            let ids = representativeIDs.compactMap { $0 }
            let found =
                ids.isEmpty ? [] : try await User.query(on: db).filter(\.$id ~~ ids).filter(\.$active == true).all()
            if found.count != Set(ids).count {
                form.add("representatives", "Select representatives from the list")
            }
            for person in found {
                guard let id = person.id else { continue }
                if person.$organisation.id == host?.id { continue }
                if !members.contains(person.$organisation.id) {
                    form.add(
                        "representatives",
                        "\(person.displayName) works for an organisation that is not a member: select it as a member too"
                    )
                }
                representatives.append((id, person.$organisation.id))
            }
        }
        guard form.isValid, let kind, let hostID = host?.id else { return (form, nil) }
        return (
            form,
            Valid(
                name: name, kind: kind, host: hostID, terms: terms, cadence: cadence, chair: chair,
                coordinator: coordinator, agreement: agreementID, bands: Set(bands.compactMap { $0 }),
                members: members, representatives: representatives)
        )
    }

    private func organisation(_ text: String?, on db: any Database) async throws -> Organisation? {
        guard let id = UUID(uuidString: TextRules.clean(text)) else { return nil }
        return try await Organisation.query(on: db).filter(\.$id == id).filter(\.$active == true).first()
    }

    /// A chair or coordinator: optional, but when given, an active user of the host.
    private func user(
        _ text: String?, field: String, label: String, of host: Organisation?, on db: any Database,
        form: inout FormState
    ) async throws -> UUID? {
        let typed = TextRules.clean(text)
        guard !typed.isEmpty else { return nil }
        guard let id = UUID(uuidString: typed),
            let person = try await User.query(on: db).filter(\.$id == id).filter(\.$active == true).first()
        else {
            form.add(field, "Select the \(label) from the list")
            return nil
        }
        if let host, person.$organisation.id != host.id {
            form.add(field, "The \(label) must work for \(host.name), which hosts the panel")
            return nil
        }
        return id
    }

    private func render(_ request: Request, form: FormState, panel: Panel?, input: PanelForm?) async throws -> View {
        let heading = panel == nil ? "Set up a panel" : "Edit the panel"
        let organisations = try await Organisation.query(on: request.db).filter(\.$active == true).sort(\.$name).all()
        let people = try await User.query(on: request.db).filter(\.$active == true).with(\.$organisation)
            .sort(\.$displayName).all()
        let agreements = try await SharingAgreement.query(on: request.db).sort(\.$title).all()
        let chosenBands = Set(input?.bands ?? [])
        let chosenMembers = Set(input?.members ?? [])
        let chosenReps = Set(input?.representatives ?? [])
        func personChoices(_ field: String) -> [Choice] {
            people.compactMap { person in
                person.id.map {
                    Choice(
                        value: $0.uuidString, label: "\(person.displayName), \(person.organisation.name)",
                        selected: form.values[field] == $0.uuidString)
                }
            }
        }
        return try await request.view.render(
            "admin/panel-form",
            FormPage(
                layout: request.layout(title: form.isValid ? heading : "Error: \(heading)", section: .panelsAdmin),
                heading: heading, form: form,
                action: panel?.id.map { SiteURL.admin(.panel(.value($0))).path } ?? SiteURL.admin(.panels).path,
                isEdit: panel != nil,
                kinds: PanelKind.allCases.map {
                    Choice(value: $0.rawValue, label: $0.label, selected: form.values["kind"] == $0.rawValue)
                },
                hosts: organisations.compactMap { organisation in
                    organisation.id.map {
                        Choice(
                            value: $0.uuidString, label: organisation.name,
                            selected: form.values["organisation_id"] == $0.uuidString)
                    }
                },
                chairs: personChoices("chair_id"), coordinators: personChoices("coordinator_id"),
                agreements: agreements.compactMap { agreement in
                    agreement.id.map {
                        Choice(
                            value: $0.uuidString, label: agreement.title,
                            selected: form.values["agreement_id"] == $0.uuidString)
                    }
                },
                bands: RiskLevel.allCases.reversed().map {
                    Choice(value: $0.rawValue, label: $0.label, selected: chosenBands.contains($0.rawValue))
                },
                members: organisations.compactMap { organisation in
                    organisation.id.map {
                        Choice(
                            value: $0.uuidString, label: "\(organisation.name) (\(organisation.kind.label))",
                            selected: chosenMembers.contains($0.uuidString))
                    }
                },
                representatives: people.compactMap { person in
                    person.id.map {
                        Choice(
                            value: $0.uuidString, label: "\(person.displayName), \(person.organisation.name)",
                            selected: chosenReps.contains($0.uuidString))
                    }
                },
                statuses: [("true", "Meeting"), ("false", "Stood down: takes no new referrals")].map {
                    Choice(value: $0.0, label: $0.1, selected: form.values["active"] == $0.0)
                },
                panelsLink: SiteURL.admin(.panels).path))
    }
}
