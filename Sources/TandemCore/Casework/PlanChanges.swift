import Foundation

/// The rules of changing a plan, moved out of the controllers (issue 18).
extension PlanRules {
    /// Every change to the plan (its text, an action added or closed, a review) is a new version, so the
    /// record shows what the reporting person was shown when; the agreement stays with the version that was
    /// agreed, and a later version needs agreeing again (Lambeth 3.3.1, "every version kept").
    public static func nextVersion(after version: Int) -> Int { version + 1 }

    /// The current version is agreed only if the agreement was for it.
    public static func isAgreed(version: Int, agreedVersion: Int?) -> Bool { agreedVersion == version }

    /// A review meeting is recorded after it is held: its date is needed and cannot be in the future.
    public static func reviewMeetingProblem(heldOn: CivilDate?, today: CivilDate) -> CaseworkProblem? {
        guard let heldOn else { return .init("held_on", "Enter the date of the meeting, like 2026-12-07") }
        return heldOn > today ? .init("held_on", "The meeting date cannot be in the future") : nil
    }

    /// Only an open action can be closed, and only as done or no longer needed. A partner that owns the action
    /// completes it; whether it is still needed is the owning team's call, as the plan is theirs (issue 19).
    public static func closeActionProblem(
        current: ActionStatus?, to new: ActionStatus?, field: String, byOwningTeam: Bool = true
    ) -> CaseworkProblem? {
        if current != .open { return .init(field, "This action has already been closed") }
        if !byOwningTeam && new != .done { return .init(field, "Mark the action as done") }
        if new == nil || new == .open { return .init(field, "Select done or no longer needed") }
        return nil
    }
}

/// Lambeth 3.3.3: a household with children at risk of losing its home is flagged once, on the officer's
/// confirmation, and brings in adult social care and children's services.
public enum HouseholdAtRiskRules {
    public static func problem(alreadyRecordedAt: Date?, confirmed: Bool) -> CaseworkProblem? {
        if alreadyRecordedAt != nil { return .init("household_confirm", "This has already been recorded") }
        if !confirmed {
            return .init("household_confirm", "Confirm that a household with children is at risk of losing its home")
        }
        return nil
    }
}
