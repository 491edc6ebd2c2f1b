import Fluent
import Foundation
import TandemCore
import Vapor

/// The catalogue of legal powers, which an administrator extends and adjusts:
/// who leads each, which prerequisite rules apply, what its form asks, how
/// the register counts it and when an order's extension reminder falls.
struct LegalPowersController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.admin(.powers), use: list)
        routes.post(.admin(.powers), use: create)
        routes.get(.admin(.power(.key)), use: edit)
        routes.post(.admin(.power(.key)), use: save)
    }

    struct Row: Encodable {
        var href: String
        var name: String
        var lead: String
        var prerequisites: [String]
        var reminderWeeks: Int
        var active: Bool
    }

    struct Option: Encodable {
        var value: String
        var label: String
        var checked: Bool
    }

    struct EditForm: Encodable {
        var action: String
        var name: String
        var summary: String
        var reminderWeeks: String
        var makesOrder: Bool
        var active: Bool
        var leads: [Choice]
        var groups: [Choice]
        var prerequisites: [Option]
        var fields: [Option]
    }

    struct ListPage: Encodable {
        var layout: LayoutContext
        var form: FormState
        var rows: [Row]
        var edit: EditForm
    }

    struct EditPage: Encodable {
        var layout: LayoutContext
        var form: FormState
        var name: String
        var edit: EditForm
        var powersLink: String
    }

    struct Input: Content {
        var name: String?
        var lead: String?
        var summary: String?
        var registerGroup: String?
        var reminderWeeks: String?
        var makesOrder: String?
        var active: String?
        var prerequisites: [String]?
        var fields: [String]?

        enum CodingKeys: String, CodingKey {
            case name, lead, summary, active, prerequisites, fields
            case registerGroup = "register_group"
            case reminderWeeks = "reminder_weeks"
            case makesOrder = "makes_order"
        }
    }

    private static func editForm(action: String, power: LegalPower?, input: Input?) -> EditForm {
        let prerequisites = Set(
            input?.prerequisites ?? power?.prerequisiteList.map(\.rawValue) ?? ["signed_off_review"])
        let fields = Set(input?.fields ?? power?.fieldList.map(\.rawValue) ?? [])
        return EditForm(
            action: action, name: input?.name ?? power?.name ?? "", summary: input?.summary ?? power?.summary ?? "",
            reminderWeeks: input?.reminderWeeks ?? String(power?.reminderWeeks ?? CourtRules.defaultReminderWeeks),
            makesOrder: input.map { $0.makesOrder == "yes" } ?? power?.makesOrder ?? false,
            active: input.map { $0.active == "yes" } ?? power?.active ?? true,
            leads: Choice.list(
                PowerLead.allCases, value: \.rawValue, label: \.label,
                selected: Set([input?.lead ?? power?.lead.rawValue ?? ""])),
            groups: Choice.list(
                RegisterGroup.allCases, value: \.rawValue, label: \.label,
                selected: Set([input?.registerGroup ?? (power?.registerGroup ?? .other).rawValue])),
            prerequisites: PowerPrerequisite.allCases.map {
                Option(value: $0.rawValue, label: $0.label, checked: prerequisites.contains($0.rawValue))
            },
            fields: MeasureField.allCases.map {
                Option(value: $0.rawValue, label: fieldLabel($0), checked: fields.contains($0.rawValue))
            })
    }

    static func fieldLabel(_ field: MeasureField) -> String {
        switch field {
        case .scope: "Individual or estate-wide"
        case .ground: "Ground for possession"
        case .conviction: "The conviction (date, court, offence)"
        case .servedAt: "When it was served (date and time)"
        }
    }

    private func renderList(_ request: Request, form: FormState, input: Input?) async throws -> View {
        let powers = try await LegalPower.query(on: request.db).sort(\.$sortOrder).all()
        return try await request.view.render(
            "admin/powers",
            ListPage(
                layout: request.layout(title: (form.isValid ? "" : "Error: ") + "Legal powers", section: .powers),
                form: form,
                rows: powers.map {
                    Row(
                        href: SiteURL.admin(.power(.value(try $0.requireID()))).path, name: $0.name,
                        lead: $0.lead.label,
                        prerequisites: $0.prerequisiteList.map(\.label), reminderWeeks: $0.reminderWeeks,
                        active: $0.active)
                }, edit: Self.editForm(action: SiteURL.admin(.powers).path, power: nil, input: input)))
    }

    @Sendable
    func list(request: Request) async throws -> View {
        try request.authorize(.manageReferenceData)
        return try await renderList(request, form: FormState(), input: nil)
    }

    /// Checks the input and applies it to `power`; the problems, if any.
    private func apply(_ input: Input, to power: LegalPower, on db: any Database) async throws -> FormState {
        var form = FormState()
        let name = TextRules.clean(input.name)
        let summary = TextRules.clean(input.summary)
        if let problem = TextRules.problem(name, label: "the name", max: 120) { form.add("name", problem) }
        if let problem = TextRules.multilineProblem(summary, label: "the summary", required: true, max: 500) {
            form.add("summary", problem)
        }
        let lead = input.lead.flatMap(PowerLead.init(rawValue:))
        if lead == nil { form.add("lead", "Select who leads it") }
        let group = input.registerGroup.flatMap(RegisterGroup.init(rawValue:))
        if group == nil { form.add("register_group", "Select how the register counts it") }
        let weeks = Int(TextRules.clean(input.reminderWeeks))
        if weeks == nil || !(1...52).contains(weeks ?? 0) {
            form.add("reminder_weeks", "Enter the weeks before expiry as a whole number from 1 to 52")
        }
        let prerequisites = (input.prerequisites ?? []).compactMap(PowerPrerequisite.init(rawValue:))
        if prerequisites.count != (input.prerequisites ?? []).count {
            form.add("prerequisites", "Choose prerequisites from the list")
        }
        let fields = (input.fields ?? []).compactMap(MeasureField.init(rawValue:))
        if fields.count != (input.fields ?? []).count { form.add("fields", "Choose details from the list") }
        if !name.isEmpty,
            let clash = try await LegalPower.query(on: db).filter(\.$name == name).first(), clash.id != power.id
        {
            form.add("name", "There is already a power called \(name)")
        }
        guard form.isValid, let lead, let group, let weeks else { return form }
        power.name = name
        power.summary = summary
        power.lead = lead
        power.registerGroup = group
        power.reminderWeeks = weeks
        power.makesOrder = input.makesOrder == "yes"
        power.prerequisites = PowerPrerequisite.allCases.filter(prerequisites.contains).map(\.rawValue)
            .joined(separator: ",")
        power.fields = MeasureField.allCases.filter(fields.contains).map(\.rawValue).joined(separator: ",")
        return form
    }

    @Sendable
    func create(request: Request) async throws -> Response {
        try request.authorize(.manageReferenceData)
        let input = (try? request.content.decode(Input.self)) ?? Input()
        let power = LegalPower()
        power.active = true
        power.createdAt = request.now
        power.sortOrder = (try await LegalPower.query(on: request.db).max(\.$sortOrder) ?? 0) + 1
        let form = try await apply(input, to: power, on: request.db)
        guard form.isValid else {
            return try await renderList(request, form: form, input: input)
                .encodeResponse(status: .badRequest, for: request)
        }
        power.key = "custom_" + String(UUID().uuidString.prefix(8)).lowercased()
        try await request.write { work in try await work.insert(power, "Added legal power \(power.name)") }
        return request.redirect(to: SiteURL.admin(.powers).path, flash: .powerSaved)
    }

    private func find(_ request: Request) async throws -> LegalPower {
        try request.authorize(.manageReferenceData)
        guard let id = request.parameters.get("powerID", as: UUID.self),
            let power = try await LegalPower.find(id, on: request.db)
        else { throw Abort(.notFound) }
        return power
    }

    private func renderEdit(_ request: Request, _ power: LegalPower, form: FormState, input: Input?) async throws
        -> View
    {
        try await request.view.render(
            "admin/power",
            EditPage(
                layout: request.layout(
                    title: (form.isValid ? "" : "Error: ") + "Legal power: \(power.name)", section: .powers),
                form: form, name: power.name,
                edit: Self.editForm(
                    action: SiteURL.admin(.power(.value(try power.requireID()))).path, power: power, input: input),
                powersLink: SiteURL.admin(.powers).path))
    }

    @Sendable
    func edit(request: Request) async throws -> View {
        let power = try await find(request)
        return try await renderEdit(request, power, form: FormState(), input: nil)
    }

    @Sendable
    func save(request: Request) async throws -> Response {
        let power = try await find(request)
        let input = (try? request.content.decode(Input.self)) ?? Input()
        let name = power.name
        let form = try await apply(input, to: power, on: request.db)
        guard form.isValid else {
            power.name = name
            return try await renderEdit(request, power, form: form, input: input)
                .encodeResponse(status: .badRequest, for: request)
        }
        power.active = input.active == "yes"
        try await request.write { work in try await work.update(power, "Changed legal power \(power.name)") }
        return request.redirect(to: SiteURL.admin(.powers).path, flash: .powerSaved)
    }
}
