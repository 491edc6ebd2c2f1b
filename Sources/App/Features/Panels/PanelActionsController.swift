import Fluent
import TandemCore
import Vapor

/// The owner's report on a panel action before the next meeting (issue 21, item 4; SafeLives' action tracking
/// form): done, in progress, or not done because the circumstances changed or it was not undertaken, and why.
/// Anything still open carries onto the next agenda with that reason.
struct PanelActionsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.post(.panelAction(.key), use: report)
    }

    struct ProgressInput: Content {
        var progress: String?
        var note: String?
    }

    @Sendable
    func report(request: Request) async throws -> Response {
        let user = try request.requireUser()
        guard let id = request.parameters.get("actionID", as: UUID.self),
            let action = try await PlanAction.query(on: request.db).filter(\.$id == id)
                .filter(\.$panelItem.$id != nil).with(\.$caseRecord).first()
        else { throw Abort(.notFound) }
        let facts = try await PanelReads.clearance([action.$caseRecord.id], today: request.today(), on: request.db)[
            action.$caseRecord.id]
        guard let facts else { throw Abort(.notFound) }
        try request.authorize(.completeOwnedWork(facts, ownerOrganisationID: action.$ownerOrganisation.id))
        let input = (try? request.content.decode(ProgressInput.self)) ?? ProgressInput()
        let field = "action-\(id.uuidString)"
        let note = TextRules.clean(input.note)
        let progress = input.progress.flatMap(PanelActionProgress.init(rawValue:))
        var form = FormState()
        form.keep(["\(field)-note": input.note, "\(field)-progress": input.progress])
        if action.status != .open { form.add(field, "This action is already closed") }
        if !action.caseRecord.isActive { form.add(field, "The case is closed: its actions cannot be changed") }
        if let problem = PanelRules.progressProblem(progress, note: note) { form.add(field, problem.message) }
        if let problem = TextRules.multilineProblem(note, label: "the note", required: false, max: 2000) {
            form.add(field, problem)
        }
        guard form.isValid, let progress else {
            let rows = try await PanelActionRows.owned(by: user, request: request, form: form)
            return try await request.view.render(
                "panels/actions",
                PanelActionRows.Page(
                    layout: request.layout(title: "Error: your panel actions", section: .panels), form: form,
                    actions: rows, hasActions: !rows.isEmpty)
            ).encodeResponse(status: .badRequest, for: request)
        }
        action.progress = progress
        action.progressNote = note.isEmpty ? nil : note
        action.progressAt = request.now
        if progress == .done {
            action.status = .done
            action.doneOn = request.today()
            action.$doneBy.id = user.id
        }
        let byOwningTeam = user.organisationID == action.caseRecord.$organisation.id
        let by = byOwningTeam ? "" : " by \(user.organisationName)"
        let summary =
            "Panel action \(progress.label.lowercased())\(by): \(action.description)"
            + (note.isEmpty ? "" : ". \(note)")
        let plan = try await ActionPlan.query(on: request.db).filter(\.$caseRecord.$id == action.$caseRecord.id)
            .first()
        try await request.write { work in
            try await work.update(action, summary)
            if progress == .done {
                try await PlanHistory.revise(plan, change: summary, userID: user.id, now: work.now, in: work)
            }
            try await work.timeline(action.$caseRecord.id, kind: .plan, summary, actorID: user.id)
        }
        return request.redirect(to: SiteURL.panels.path(fragment: "actions"), flash: .progressReported)
    }
}

/// The open panel actions with a user or their organisation, each with its report form: on the Panels page and
/// in the inbox's actions (they are plan actions, so the inbox and the partner's home list them too).
enum PanelActionRows {
    struct Row: Encodable {
        var id: String
        var field: String
        var action: String
        var description: String
        var owner: String
        var due: String
        var overdue: Bool
        var label: PanelPages.CaseLabel
        var progress: String?
        var mayReport: Bool
        var choices: [Choice]
        var note: String
        var error: String?
    }

    struct Page: Encodable {
        var layout: LayoutContext
        var form: FormState
        var actions: [Row]
        var hasActions: Bool
    }

    static func owned(by user: CurrentUser, request: Request, form: FormState = FormState()) async throws -> [Row] {
        let db = request.db
        let actions = try await PlanAction.query(on: db).filter(\.$panelItem.$id != nil).filter(\.$status == .open)
            .group(.or) { either in
                either.filter(\.$ownerUser.$id == user.id)
                either.group(.and) { org in
                    org.filter(\.$ownerOrganisation.$id == user.organisationID).filter(\.$ownerUser.$id == nil)
                }
            }
            .with(\.$caseRecord).with(\.$ownerOrganisation).with(\.$ownerUser).sort(\.$dueOn).limit(200).all()
        let today = request.today()
        let clearance = try await PanelReads.clearance(actions.map(\.$caseRecord.id), today: today, on: db)
        return actions.compactMap { action in
            guard let id = action.id else { return nil }
            let field = "action-\(id.uuidString)"
            let facts = clearance[action.$caseRecord.id]
            let chosen = form.values["\(field)-progress"] ?? action.progress?.rawValue ?? ""
            let label = PanelPages.CaseLabel(action.caseRecord, facts: facts, request: request)
            // A share that has ended since the action was given takes its detail with it.
            guard !label.restricted else { return nil }
            return Row(
                id: id.uuidString, field: field, action: SiteURL.panelAction(.value(id)).path,
                description: action.description, owner: action.ownerLabel, due: DisplayDate.civil(action.dueOn),
                overdue: action.dueOn < today, label: label,
                progress: action.progress.map { $0.label + (action.progressNote.map { ": \($0)" } ?? "") },
                mayReport: facts.map {
                    request.may(.completeOwnedWork($0, ownerOrganisationID: action.$ownerOrganisation.id))
                } ?? false,
                choices: PanelActionProgress.allCases.map {
                    Choice(value: $0.rawValue, label: $0.label, selected: chosen == $0.rawValue)
                },
                note: form.values["\(field)-note"] ?? action.progressNote ?? "", error: form.errors[field])
        }
    }
}
