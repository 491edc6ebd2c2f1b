import Fluent
import Foundation
import TandemCore
import Vapor

/// The plan's actions: added by the owning team with an owner chosen from the organisations and people in
/// Tandem (or an outside body named in words), and closed by the team or by the partner that owns them
/// (issue 19, item 3).
extension PlanController {
    struct ActionInput: Content {
        var description: String?
        var owner: String?
        var ownerUserID: String?
        var ownerOrganisationID: String?
        var ownerName: String?
        var dueOn: String?

        enum CodingKeys: String, CodingKey {
            case description, owner
            case ownerUserID = "owner_user_id"
            case ownerOrganisationID = "owner_organisation_id"
            case ownerName = "owner_name"
            case dueOn = "due_on"
        }
    }

    /// The value of the partner list that says the owner is a body outside Tandem.
    static let outsideBody = "outside"

    /// The owner the form names, its ids checked against the organisations and people in Tandem: a forged or
    /// stale id is a problem on the form, never a row saved.
    struct ChosenOwner {
        var partner: PartnerOwner?
        var organisation: Organisation?
        var officer: User?
    }

    static func chooseOwner(
        _ input: ActionInput, owner: ActionOwner?, record: CaseRecord, on db: any Database, form: inout FormState
    ) async throws -> ChosenOwner {
        var chosen = ChosenOwner()
        switch owner {
        case .officer:
            // The case officer unless another of the team's officers is chosen.
            let typed = TextRules.clean(input.ownerUserID)
            guard !typed.isEmpty else {
                chosen.officer = record.officer
                return chosen
            }
            let id = UUID(uuidString: typed)
            guard let id, let officer = try await Allocation.officer(id, of: record.$organisation.id, on: db) else {
                form.add("action_owner_user", "Select an officer of \(record.organisation.name) from the list")
                return chosen
            }
            chosen.officer = officer
        case .partner:
            let typed = TextRules.clean(input.ownerOrganisationID)
            if typed.isEmpty { return chosen }
            if typed == outsideBody {
                chosen.partner = .outsideBody
                return chosen
            }
            let id = UUID(uuidString: typed)
            guard let id, id != record.$organisation.id,
                let organisation = try await Organisation.query(on: db).filter(\.$id == id)
                    .filter(\.$active == true).first()
            else {
                form.add("action_owner_organisation", "Select a partner organisation from the list")
                return chosen
            }
            chosen.partner = .organisation(id)
            chosen.organisation = organisation
        case .reportingPerson, nil:
            break
        }
        return chosen
    }

    @Sendable
    func addAction(request: Request) async throws -> Response {
        let (record, facts, user) = try await Casework.prepare(request, in: .casework)
        let caseID = try record.requireID()
        let input = (try? request.content.decode(ActionInput.self)) ?? ActionInput()
        let today = try await request.intakePolicy().calendar.local(request.now).day
        var form = FormState()
        form.values = [
            "action_description": input.description ?? "", "action_owner": input.owner ?? "",
            "action_owner_user": input.ownerUserID ?? "", "action_owner_organisation": input.ownerOrganisationID ?? "",
            "action_owner_name": input.ownerName ?? "", "action_due_on": input.dueOn ?? "",
        ]
        let plan = try await requirePlan(request, caseID)
        if plan == nil { form.add("evidence_plan", "Draw up the action plan before adding actions") }
        let description = TextRules.clean(input.description)
        if let problem = TextRules.problem(description, label: "what needs to be done", max: 500) {
            form.add("action_description", problem)
        }
        let owner = input.owner.flatMap(ActionOwner.init(rawValue:))
        let chosen = try await Self.chooseOwner(input, owner: owner, record: record, on: request.db, form: &form)
        // A name is kept only for an outside body: an organisation or person in Tandem is its id.
        let outside = owner == .partner && chosen.partner == .outsideBody
        let ownerName = outside ? TextRules.clean(input.ownerName) : ""
        if let problem = TextRules.problem(ownerName, label: "the outside body's name", required: false, max: 200) {
            form.add("action_owner_name", problem)
        }
        let action = PlannedAction(
            description: description, owner: owner, ownerName: ownerName, partner: chosen.partner,
            officerID: chosen.officer?.id, dueOn: Casework.day(input.dueOn))
        Casework.add(PlanRules.problems(action, today: today), to: &form)
        guard form.isValid, let plan, let owner, let due = action.dueOn else {
            return try await PlanPageBuilder.fail(request, record, facts, form)
        }
        let row = PlanAction()
        row.$caseRecord.id = caseID
        row.description = description
        row.owner = owner
        row.ownerName = ownerName.isEmpty ? nil : ownerName
        switch owner {
        case .officer:
            row.$ownerOrganisation.id = record.$organisation.id
            row.$ownerOrganisation.value = record.organisation
            row.$ownerUser.id = chosen.officer?.id
            row.$ownerUser.value = chosen.officer
        case .partner:
            row.$ownerOrganisation.id = chosen.organisation?.id
            row.$ownerOrganisation.value = chosen.organisation
        case .reportingPerson:
            break
        }
        row.dueOn = due
        row.status = .open
        row.addedAt = request.now
        row.$addedBy.id = user.id
        plan.version = PlanRules.nextVersion(after: plan.version)
        plan.updatedAt = request.now
        let summary = "Action added to the plan: \(description) (\(row.ownerLabel), due \(DisplayDate.civil(due)))"
        try await Casework.write(request, record, user: user, kind: .plan, timeline: summary) { work in
            try await work.insert(row, summary)
            try await work.update(plan, "Plan version \(plan.version)")
            try await PlanHistory.keep(plan, change: summary, userID: user.id, in: work)
        }
        return request.redirect(to: try PlanPageBuilder.path(record), flash: .planSaved)
    }

    /// Done or no longer needed, by the owning team; done, by a partner whose organisation owns the action on
    /// a case shared with it for casework. Anyone else is refused by the policy (403, or 404 when the case is
    /// not shared with them for casework).
    @Sendable
    func updateAction(request: Request) async throws -> Response {
        let (record, facts) = try await CaseLookup.find(request, in: .casework)
        let caseID = try record.requireID()
        guard let actionID = request.parameters.get("actionID", as: UUID.self),
            let row = try await PlanAction.query(on: request.db).filter(\.$id == actionID)
                .filter(\.$caseRecord.$id == caseID).first()
        else { throw Abort(.notFound) }
        // A panel's action can sit on a case whose plan is not drawn up yet (issue 21).
        let plan = try await requirePlan(request, caseID)
        let user = try request.authorize(
            .completeOwnedWork(facts, ownerOrganisationID: row.$ownerOrganisation.id))
        guard record.isActive else { throw Abort(.badRequest) }
        let byOwningTeam = user.organisationID == record.$organisation.id
        let status = (try? request.content.get(String.self, at: "status")).flatMap(ActionStatus.init(rawValue:))
        var form = FormState()
        if let problem = PlanRules.closeActionProblem(
            current: row.status, to: status, field: "action-\(actionID.uuidString)", byOwningTeam: byOwningTeam)
        {
            form.add(problem.field, problem.message)
        }
        guard form.isValid, let status else { return try await PlanPageBuilder.fail(request, record, facts, form) }
        row.status = status
        row.doneOn = try await request.intakePolicy().calendar.local(request.now).day
        row.$doneBy.id = user.id
        if row.$panelItem.id != nil && status == .done {
            row.progress = .done
            row.progressAt = request.now
        }
        // The owning team sees on the timeline which partner did the work.
        let by = byOwningTeam ? "" : " by \(user.organisationName)"
        let summary = "Plan action \(status == .done ? "done" : "no longer needed")\(by): \(row.description)"
        try await Casework.write(request, record, user: user, kind: .plan, timeline: summary) { work in
            try await work.update(row, summary)
            try await PlanHistory.revise(plan, change: summary, userID: user.id, now: request.now, in: work)
        }
        return request.redirect(to: try PlanPageBuilder.path(record), flash: byOwningTeam ? .planSaved : .workCompleted)
    }
}
