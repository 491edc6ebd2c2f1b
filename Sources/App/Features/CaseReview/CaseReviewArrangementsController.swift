import Fluent
import Foundation
import TandemCore
import Vapor

/// The local Case Review arrangements as policy data (issue 22, item 1): the threshold and its rules, the stage
/// timescales, the single point of contact, the CT-MARAC, the relevant bodies with their designated officers, the
/// appeal route and the external escalation. A setting beyond the law is saved with a warning beside it.
struct CaseReviewArrangementsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.admin(.caseReview), use: show)
        routes.post(.admin(.caseReview), use: save)
    }

    struct BodyRow: Encodable {
        var field: String
        var officerField: String
        var name: String
        var checked: Bool
        var error: String?
        var officers: [Choice]
    }

    struct Page: Encodable {
        var layout: LayoutContext
        var form: FormState
        var action = SiteURL.admin(.caseReview).path
        var exists: Bool
        var organisations: [Choice]
        var contacts: [Choice]
        var panels: [Choice]
        var bodies: [BodyRow]
        var timescales: [FormField]
        var warnings: [String]
        var hasWarnings: Bool
        var requiresClosedCase: Bool
    }

    private func render(_ request: Request, form: FormState, loaded: LoadedArrangements?) async throws -> View {
        let db = request.db
        let values = form.values
        let organisations = try await Organisation.query(on: db).filter(\.$active == true).sort(\.$name).all()
        let users = try await User.query(on: db).filter(\.$active == true).sort(\.$displayName).all()
        let contactIDs = Set(
            try await UserRole.query(on: db).filter(\.$role == .caseReviewContact).all().map(\.$user.id))
        let panels = try await Panel.query(on: db).filter(\.$kind == .ctMarac).filter(\.$active == true).all()
        let bodies = organisations.compactMap { organisation -> BodyRow? in
            guard let id = organisation.id else { return nil }
            let field = "body_\(id.uuidString)"
            let officerField = "officer_\(id.uuidString)"
            return BodyRow(
                field: field, officerField: officerField, name: organisation.name, checked: values[field] == "yes",
                error: form.errors[officerField],
                officers: [Choice(value: "", label: "No designated officer", selected: false)]
                    + users.filter { $0.$organisation.id == id }.map {
                        Choice(
                            value: $0.id?.uuidString ?? "", label: $0.displayName,
                            selected: values[officerField] == $0.id?.uuidString)
                    })
        }
        let rules = loaded?.rules ?? CaseReviewArrangements()
        let timescales = rules.timescales.named.map { named in
            FormField(
                name: named.field, label: "\(named.label) (working days)", kind: .text,
                value: values[named.field] ?? String(named.days), error: form.errors[named.field], maxLength: 2,
                id: named.field)
        }
        return try await request.view.render(
            "admin/case-review",
            Page(
                layout: request.layout(
                    title: form.isValid ? "ASB Case Review arrangements" : "Error: ASB Case Review arrangements",
                    section: .caseReviewAdmin), form: form, exists: loaded != nil,
                organisations: organisations.map {
                    Choice(
                        value: $0.id?.uuidString ?? "", label: $0.name,
                        selected: values["organisation_id"] == $0.id?.uuidString)
                },
                contacts: [Choice(value: "", label: "Select the single point of contact", selected: false)]
                    + users.filter { contactIDs.contains($0.id ?? UUID()) }.map {
                        Choice(
                            value: $0.id?.uuidString ?? "", label: $0.displayName,
                            selected: values["contact_id"] == $0.id?.uuidString)
                    },
                panels: [Choice(value: "", label: "Select the CT-MARAC", selected: false)]
                    + panels.map {
                        Choice(
                            value: $0.id?.uuidString ?? "", label: $0.name,
                            selected: values["panel_id"] == $0.id?.uuidString)
                    }, bodies: bodies, timescales: timescales, warnings: rules.warnings,
                hasWarnings: !rules.warnings.isEmpty, requiresClosedCase: values["requires_closed_case"] == "yes"))
    }

    /// The stored arrangements as form values.
    private func values(_ loaded: LoadedArrangements) -> [String: String] {
        let record = loaded.record
        var values: [String: String] = [
            "organisation_id": record.$organisation.id.uuidString, "contact_id": record.$contact.id?.uuidString ?? "",
            "panel_id": record.$panel.id?.uuidString ?? "", "threshold": String(record.threshold),
            "period_months": String(record.periodMonths),
            "complaint_within_months": String(record.complaintWithinMonths),
            "application_within_months": String(record.applicationWithinMonths), "local_test": record.localTest ?? "",
            "requires_closed_case": record.requiresClosedCase ? "yes" : "", "appeal_route": record.appealRoute,
            "escalation": record.escalation,
        ]
        for body in loaded.bodies {
            values["body_\(body.$organisation.id.uuidString)"] = "yes"
            values["officer_\(body.$organisation.id.uuidString)"] = body.$designatedOfficer.id?.uuidString ?? ""
        }
        return values
    }

    @Sendable
    func show(request: Request) async throws -> View {
        try request.authorize(.manageCaseReviewArrangements)
        let loaded = try await CaseReviewReads.arrangements(on: request.db)
        var form = FormState()
        if let loaded { form.values = values(loaded) }
        return try await render(request, form: form, loaded: loaded)
    }

    @Sendable
    func save(request: Request) async throws -> Response {
        try request.authorize(.manageCaseReviewArrangements)
        let db = request.db
        let loaded = try await CaseReviewReads.arrangements(on: db)
        let input = (try? request.content.decode([String: String].self)) ?? [:]
        var form = FormState()
        form.keep(input.mapValues { Optional($0) })
        func number(_ name: String) -> Int {
            let value = Int(TextRules.clean(input[name])) ?? -1
            return value
        }
        let localTest = TextRules.clean(input["local_test"])
        let rules = CaseReviewArrangements(
            threshold: number("threshold"), periodMonths: number("period_months"),
            complaintWithinMonths: number("complaint_within_months"),
            applicationWithinMonths: number("application_within_months"),
            localTest: localTest.isEmpty ? nil : localTest,
            requiresClosedCase: input["requires_closed_case"] == "yes",
            timescales: CaseReviewTimescales(
                contactDays: number("contact_days"), decisionDays: number("decision_days"),
                outcomeDays: number("outcome_days"), actionDays: number("action_days"),
                resolutionDays: number("resolution_days"), appealDays: number("appeal_days")))
        Casework.add(rules.problems, to: &form)
        let organisations = try await Organisation.query(on: db).filter(\.$active == true).all()
        let organisationID =
            loaded?.organisationID
            ?? organisations.first { $0.id?.uuidString == TextRules.clean(input["organisation_id"]) }?.id
        if organisationID == nil { form.add("organisation_id", "Select the single point of contact's organisation") }
        let contact = UUID(uuidString: TextRules.clean(input["contact_id"]))
        if let contact {
            let holds =
                try await UserRole.query(on: db).filter(\.$user.$id == contact)
                .filter(\.$role == .caseReviewContact).first() != nil
            if !holds { form.add("contact_id", "The single point of contact needs the single point of contact role") }
        }
        let panel = UUID(uuidString: TextRules.clean(input["panel_id"]))
        if let panel, try await Panel.query(on: db).filter(\.$id == panel).filter(\.$kind == .ctMarac).first() == nil {
            form.add("panel_id", "Select a panel of the CT-MARAC kind")
        }
        let appealRoute = TextRules.clean(input["appeal_route"])
        if let problem = TextRules.multilineProblem(
            appealRoute, label: "who hears an appeal", required: true, max: 1000)
        {
            form.add("appeal_route", problem)
        }
        let escalation = TextRules.clean(input["escalation"])
        if let problem = TextRules.problem(escalation, label: "the external reviewer", max: 200) {
            form.add("escalation", problem)
        }
        var chosen: [(UUID, UUID?)] = []
        let users = try await User.query(on: db).all()
        for organisation in organisations {
            guard let id = organisation.id, input["body_\(id.uuidString)"] == "yes" else { continue }
            let officerText = TextRules.clean(input["officer_\(id.uuidString)"])
            let officer = users.first { $0.id?.uuidString == officerText && $0.$organisation.id == id }?.id
            if !officerText.isEmpty && officer == nil {
                form.add("officer_\(id.uuidString)", "The designated officer must work for \(organisation.name)")
            }
            chosen.append((id, officer))
        }
        if chosen.isEmpty { form.add("bodies", "Select the relevant bodies") }
        guard form.isValid, let organisationID else {
            return try await render(request, form: form, loaded: loaded).encodeResponse(
                status: .badRequest, for: request)
        }
        let record = loaded?.record ?? CaseReviewArrangementsRecord()
        if loaded == nil { record.$organisation.id = organisationID }
        record.rules = rules
        record.$contact.id = contact
        record.$panel.id = panel
        record.appealRoute = appealRoute
        record.escalation = escalation
        record.updatedAt = request.now
        let existing = loaded?.bodies ?? []
        let wanted = chosen
        try await request.write { work in
            try await work.save(record, "Saved the ASB Case Review arrangements")
            let arrangementsID = try record.requireID()
            for body in existing where !wanted.contains(where: { $0.0 == body.$organisation.id }) {
                try await work.delete(body, "Removed \(body.organisation.name) from the Case Review's relevant bodies")
            }
            for (organisationID, officer) in wanted {
                let body =
                    existing.first { $0.$organisation.id == organisationID } ?? CaseReviewBody()
                if body.id == nil {
                    body.$arrangements.id = arrangementsID
                    body.$organisation.id = organisationID
                }
                body.$designatedOfficer.id = officer
                try await work.save(body, "Saved a relevant body of the ASB Case Review")
            }
        }
        return request.redirect(to: SiteURL.admin(.caseReview).path, flash: .caseReviewArrangementsSaved)
    }
}
