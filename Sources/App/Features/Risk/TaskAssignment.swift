import Fluent
import Foundation
import TandemCore
import Vapor

/// The owning team gives a risk task to a partner organisation that uses Tandem, or takes it back. The tasks
/// are created by the band and the casework rules as the officer's own ("contact the local police team"), so
/// none is given to a partner by itself: the officer decides (issue 19, item 3).
extension RiskController {
    struct AssignmentInput: Content {
        var organisationID: String?

        enum CodingKeys: String, CodingKey {
            case organisationID = "organisation_id"
        }
    }

    @Sendable
    func assignTask(request: Request) async throws -> Response {
        let (record, facts, user) = try await Casework.prepare(request, in: .risk)
        let caseID = try record.requireID()
        guard let taskID = request.parameters.get("taskID", as: UUID.self),
            let task = try await RiskTask.query(on: request.db).filter(\.$id == taskID)
                .filter(\.$caseRecord.$id == caseID).first()
        else { throw Abort(.notFound) }
        let input = (try? request.content.decode(AssignmentInput.self)) ?? AssignmentInput()
        let field = "task-\(taskID.uuidString)"
        var form = FormState()
        if let problem = TaskRules.assignmentProblem(kind: task.kind, status: task.status) {
            form.add(field, problem)
        }
        // Empty: back to the owning team. Otherwise an active organisation in Tandem other than the team's own:
        // a forged or stale id is refused with a message, and nothing is saved.
        let typed = TextRules.clean(input.organisationID)
        var organisation: Organisation?
        if !typed.isEmpty {
            if let id = UUID(uuidString: typed), id != record.$organisation.id {
                organisation = try await Organisation.query(on: request.db).filter(\.$id == id)
                    .filter(\.$active == true).first()
            }
            if organisation == nil {
                form.add(field, "Select a partner organisation from the list")
            } else if !Self.mayOwnTasks(organisation?.id, facts: facts) {
                form.add(
                    field,
                    "\(organisation?.name ?? "That organisation") cannot see this case's risk tasks: share the "
                        + "case with it for risk and casework first, on the Sharing tab")
            }
        }
        guard form.isValid else {
            return try await RiskPageBuilder.render(request, record: record, facts: facts, form: form)
                .encodeResponse(status: .badRequest, for: request)
        }
        let organisationID = try organisation?.requireID()
        guard organisationID != task.$assignedOrganisation.id else {
            return request.redirect(to: SiteURL.case(.value(caseID), .risk).path, flash: .taskAssigned)
        }
        task.$assignedOrganisation.id = organisationID
        let summary =
            organisation.map { "Task given to \($0.name): \(task.kind.label)" }
            ?? "Task taken back by \(record.organisation.name): \(task.kind.label)"
        try await Casework.write(request, record, user: user, kind: .task, timeline: summary) { work in
            try await work.update(task, summary)
        }
        return request.redirect(to: SiteURL.case(.value(caseID), .risk).path, flash: .taskAssigned)
    }

    /// A task is given only to an organisation that can see and complete it: one whose share in force opens the
    /// risk section, where tasks are, and casework, where owned work is completed (`completeOwnedWork`).
    static func mayOwnTasks(_ organisationID: UUID?, facts: CaseAccessFacts) -> Bool {
        guard let organisationID, let sections = facts.shares[organisationID] else { return false }
        return sections.isSuperset(of: [.risk, .casework])
    }
}
