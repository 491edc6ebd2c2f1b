import Foundation
import Testing

@testable import TandemCore

/// The panels' rules (issue 21): automatic referral by band, repeats within 12 months, carrying incomplete actions
/// forward with their reason, who sees an agenda item, and who may run a panel.
@Suite("Panel rules")
struct PanelRulesTests {
    static let council = UUID()
    static let police = UUID()
    static let health = UUID()
    static let stranger = UUID()

    @Test("a band the administrator set refers the case to that panel, once")
    func automaticReferral() {
        // Setup: the vulnerable victims panel takes High; the tasking group takes nothing automatically.
        let victims = UUID()
        let tasking = UUID()
        let panels: [(id: UUID, bands: Set<RiskLevel>)] = [(victims, [.high]), (tasking, [])]
        // Act / Check
        #expect(PanelRules.automaticReferrals(band: .high, panels: panels, alreadyOpen: []) == [victims])
        #expect(PanelRules.automaticReferrals(band: .medium, panels: panels, alreadyOpen: []).isEmpty)
        #expect(PanelRules.automaticReferrals(band: nil, panels: panels, alreadyOpen: []).isEmpty)
        #expect(PanelRules.automaticReferrals(band: .high, panels: panels, alreadyOpen: [victims]).isEmpty)
    }

    @Test("a referral within 12 calendar months of an earlier one is a repeat; a day more is not")
    func repeats() {
        // Setup
        let today = CivilDate(2026, 12, 3)
        // Act / Check
        #expect(PanelRules.isRepeat(earlierReferralDays: [CivilDate(2025, 12, 3)], on: today))
        #expect(!PanelRules.isRepeat(earlierReferralDays: [CivilDate(2025, 12, 2)], on: today))
        #expect(PanelRules.isRepeat(earlierReferralDays: [CivilDate(2026, 11, 30)], on: today))
        #expect(!PanelRules.isRepeat(earlierReferralDays: [], on: today))
        // A referral dated after the new one (a clock error) is not an earlier referral.
        #expect(!PanelRules.isRepeat(earlierReferralDays: [CivilDate(2026, 12, 4)], on: today))
        // 29 February counts back to 28 February of a year without one.
        #expect(PanelRules.monthsBefore(12, CivilDate(2028, 2, 29)) == CivilDate(2027, 2, 28))
        #expect(PanelRules.monthsBefore(1, CivilDate(2026, 3, 31)) == CivilDate(2026, 2, 28))
    }

    @Test("open actions of earlier meetings carry forward with the owner's reason; done ones do not")
    func carryForward() {
        // Setup: four actions agreed on 3 November; the next meeting is on 17 November.
        let agreed = CivilDate(2026, 11, 3)
        let next = CivilDate(2026, 11, 17)
        let changed = UUID()
        let notDone = UUID()
        let silent = UUID()
        let done = UUID()
        let actions = [
            PanelActionFacts(
                id: changed, meetingDate: agreed, dueOn: CivilDate(2026, 11, 20), isOpen: true,
                progress: .circumstancesChanged, progressNote: "The respondent moved out"),
            PanelActionFacts(
                id: notDone, meetingDate: agreed, dueOn: CivilDate(2026, 11, 10), isOpen: true,
                progress: .notUndertaken, progressNote: "Kit out for repair"),
            PanelActionFacts(
                id: silent, meetingDate: agreed, dueOn: CivilDate(2026, 11, 16), isOpen: true, progress: nil,
                progressNote: nil),
            PanelActionFacts(
                id: done, meetingDate: agreed, dueOn: CivilDate(2026, 11, 10), isOpen: false, progress: .done,
                progressNote: nil),
        ]
        // Act
        let carried = PanelRules.carryForward(actions, before: next)
        // Check: oldest due first, each with its reason and whether it is overdue at the meeting.
        #expect(carried.map(\.id) == [notDone, silent, changed])
        #expect(carried[0].reason == "Not undertaken: Kit out for repair")
        #expect(carried[0].overdue)
        #expect(carried[1].reason == "No update reported by the owner")
        #expect(carried[2].reason == "Circumstances changed: The respondent moved out")
        #expect(!carried[2].overdue)
        // An action agreed at the meeting itself is not carried onto its own agenda.
        #expect(PanelRules.carryForward(actions, before: agreed).isEmpty)
    }

    @Test("an attendee sees an item's detail only if their organisation owns the case or has a share in force")
    func whoSeesAnItem() {
        // Setup: the council's case, shared with the police only.
        let facts = CaseAccessFacts(owningOrganisationID: Self.council, sharedWithOrganisationIDs: [Self.police])
        // Act / Check
        #expect(PanelRules.seesItem(facts, organisationID: Self.council))
        #expect(PanelRules.seesItem(facts, organisationID: Self.police))
        #expect(!PanelRules.seesItem(facts, organisationID: Self.health))
    }

    @Test("a meeting is for today or later; an action needs an owner and a due date no earlier than its meeting")
    func badInput() {
        // Setup
        let today = CivilDate(2026, 12, 3)
        // Act / Check
        #expect(PanelRules.meetingProblems(on: today.adding(days: -1), today: today).map(\.field) == ["held_on"])
        #expect(PanelRules.meetingProblems(on: nil, today: today).count == 1)
        #expect(PanelRules.meetingProblems(on: today, today: today).isEmpty)
        let missing = PanelRules.actionProblems(description: "", hasOwner: false, dueOn: nil, meetingDate: today)
        #expect(Set(missing.map(\.field)) == ["action_description", "action_owner", "action_due_on"])
        let early = PanelRules.actionProblems(
            description: "Patrol", hasOwner: true, dueOn: today.adding(days: -1), meetingDate: today)
        #expect(early.map(\.field) == ["action_due_on"])
        #expect(
            PanelRules.actionProblems(description: "Patrol", hasOwner: true, dueOn: today, meetingDate: today)
                .isEmpty)
        #expect(PanelRules.progressProblem(nil, note: "") != nil)
        #expect(PanelRules.progressProblem(.notUndertaken, note: "") != nil)
        #expect(PanelRules.progressProblem(.notUndertaken, note: "Kit out for repair") == nil)
        #expect(PanelRules.progressProblem(.done, note: "") == nil)
    }

    @Test("who sees, runs and chairs a panel, and who may refer to it and see its items", arguments: Role.allCases)
    func policy(role: Role) {
        // Setup: a council panel with the police as a member; the council's case is shared with the police.
        let coordinator = UUID()
        let chair = UUID()
        let panel = PanelFacts(
            hostOrganisationID: Self.council, memberOrganisationIDs: [Self.police], coordinatorID: coordinator,
            chairID: chair)
        let shared = CaseAccessFacts(owningOrganisationID: Self.council, sharedWithOrganisationIDs: [Self.police])
        let unshared = CaseAccessFacts(owningOrganisationID: Self.council, sharedWithOrganisationIDs: [])
        for organisation in [Self.council, Self.police, Self.stranger] {
            let actor = Actor(userID: UUID(), organisationID: organisation, roles: [role])
            // Anyone who works cases or partners at the host or a member organisation sits at the table.
            let atTable =
                organisation != Self.stranger && (role.isCasework || role == .partnerPractitioner)
            // Act / Check
            #expect(
                AccessPolicy.decide(.viewPanel(panel), for: actor) == (atTable ? .allow : .hide),
                "\(role) of \(organisation) viewing")
            let runs = organisation == Self.council && role == .panelCoordinator
            #expect(
                AccessPolicy.decide(.runPanel(panel), for: actor) == (runs ? .allow : atTable ? .forbid : .hide),
                "\(role) running")
            #expect(AccessPolicy.decide(.viewPanelItem(panel, shared), for: actor) == (atTable ? .allow : .hide))
            let councilAtTable = atTable && organisation == Self.council
            #expect(
                AccessPolicy.decide(.viewPanelItem(panel, unshared), for: actor) == (councilAtTable ? .allow : .hide))
            #expect(AccessPolicy.decide(.approveMinutes(panel), for: actor) == (atTable ? .forbid : .hide))
            #expect(AccessPolicy.decide(.managePanels, for: actor) == (role == .administrator ? .allow : .forbid))
        }
        // The named chair approves; the named coordinator runs it whatever their role.
        let chairActor = Actor(userID: chair, organisationID: Self.council, roles: [.teamManager])
        #expect(AccessPolicy.decide(.approveMinutes(panel), for: chairActor) == .allow)
        let named = Actor(userID: coordinator, organisationID: Self.council, roles: [.caseOfficer])
        #expect(AccessPolicy.decide(.runPanel(panel), for: named) == .allow)
        // A case's team refers only to a panel its organisation sits on.
        let officer = Actor(userID: UUID(), organisationID: Self.council, roles: [.caseOfficer])
        let elsewhere = PanelFacts(
            hostOrganisationID: Self.police, memberOrganisationIDs: [], coordinatorID: nil, chairID: nil)
        #expect(AccessPolicy.decide(.referToPanel(shared, panel), for: officer) == .allow)
        #expect(AccessPolicy.decide(.referToPanel(shared, elsewhere), for: officer) == .forbid)
    }
}
