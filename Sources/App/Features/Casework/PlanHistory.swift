import Fluent
import Foundation
import TandemCore

/// Keeps each version of the plan: what changed, and the plan as it then stood.
enum PlanHistory {
    static func keep(_ plan: ActionPlan, change: String, userID: UUID, in work: UnitOfWork) async throws {
        let caseID = plan.$caseRecord.id
        // The owner as named in Tandem when the version was kept (issue 19), not only its kind.
        let actions = try await PlanAction.query(on: work.db).filter(\.$caseRecord.$id == caseID)
            .with(\.$ownerOrganisation).with(\.$ownerUser).sort(\.$dueOn).all()
        // Values as stored (raw values, ISO dates), as every kept version has been written.
        var lines = [
            "Version \(plan.version)",
            "Contact: \(plan.frequency.label), by \(plan.contactMethod.rawValue)",
            "Evidence: \(plan.evidencePlan)",
            "First review: \(plan.firstReviewOn); next review: \(plan.nextReviewOn)",
        ]
        lines += actions.map { "- \($0.description) (\($0.ownerLabel), due \($0.dueOn), \($0.status.rawValue))" }
        let revision = PlanRevision()
        revision.$caseRecord.id = caseID
        revision.version = plan.version
        revision.change = String(change.prefix(1000))
        revision.snapshot = lines.joined(separator: "\n")
        revision.recordedAt = work.now
        revision.$recordedBy.id = userID
        try await work.insert(revision, "Kept version \(plan.version) of the action plan")
    }
}

extension PlanHistory {
    /// A change to the plan's actions makes a new version of the plan, kept with what changed. A case whose plan
    /// is not drawn up yet has no version to move: a panel can agree actions before the plan exists (issue 21).
    static func revise(_ plan: ActionPlan?, change: String, userID: UUID, now: Date, in work: UnitOfWork)
        async throws
    {
        guard let plan else { return }
        plan.version = PlanRules.nextVersion(after: plan.version)
        plan.updatedAt = now
        try await work.update(plan, "Plan version \(plan.version)")
        try await keep(plan, change: change, userID: userID, in: work)
    }
}
