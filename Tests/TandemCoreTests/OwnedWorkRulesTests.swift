import Foundation
import Testing

@testable import TandemCore

/// Issue 19, item 3: an action's owner is chosen from the organisations and people in Tandem, or named as an
/// outside body; a partner completes the work its organisation owns.
@Suite("Owned actions and tasks")
struct OwnedWorkRulesTests {
    let today = CivilDate(2026, 11, 23)

    @Test("an officer's action names the officer; a partner's names a Tandem organisation or an outside body")
    func owners() {
        // Setup
        let due = CivilDate(2026, 12, 1)
        func problems(_ owner: ActionOwner, _ partner: PartnerOwner? = nil, name: String = "", officer: UUID? = nil)
            -> [String]
        {
            PlanRules.problems(
                PlannedAction(
                    description: "Visit", owner: owner, ownerName: name, partner: partner, officerID: officer,
                    dueOn: due), today: today
            ).map(\.field)
        }
        // Act / Check: each kind of owner with what it needs.
        #expect(problems(.officer, officer: UUID()).isEmpty)
        #expect(problems(.officer) == ["action_owner_user"])
        #expect(problems(.partner, .organisation(UUID())).isEmpty)
        #expect(problems(.partner, .outsideBody, name: "Riverside Food Bank").isEmpty)
        // Free text alone is not an owner: the organisation must be chosen, or "an outside body" said.
        #expect(problems(.partner, name: "Riverside Food Bank") == ["action_owner_organisation"])
        #expect(problems(.partner, .outsideBody) == ["action_owner_name"])
        #expect(problems(.reportingPerson).isEmpty)
    }

    @Test("a partner marks its action done; dropping an action is the owning team's decision")
    func partnerCloses() {
        #expect(PlanRules.closeActionProblem(current: .open, to: .done, field: "a", byOwningTeam: false) == nil)
        #expect(
            PlanRules.closeActionProblem(current: .open, to: .dropped, field: "a", byOwningTeam: false)?.message
                == "Mark the action as done")
        #expect(
            PlanRules.closeActionProblem(current: .done, to: .done, field: "a", byOwningTeam: false)?.message
                == "This action has already been closed")
        #expect(PlanRules.closeActionProblem(current: .open, to: .dropped, field: "a") == nil)
    }

    @Test("only an open task without a senior decision can be given to a partner")
    func taskAssignment() {
        #expect(TaskRules.assignmentProblem(kind: .informPolice, status: .open) == nil)
        #expect(TaskRules.assignmentProblem(kind: .informPolice, status: .done) == "This task has already been closed")
        #expect(TaskRules.assignmentProblem(kind: .panelReferral, status: .open) != nil)
        #expect(TaskRules.assignmentProblem(kind: .reassessAtNextContact, status: .open) != nil)
        #expect(TaskRules.assignmentProblem(kind: .reassuranceCall, status: .open) == nil)
    }
}
