import Foundation

/// The forums a partnership runs (Lambeth 004 3.5; Lewisham's ASB MARAC, 000; Westminster's complex case panel,
/// 003 section 10; Kensington and Chelsea's case conference before court, 000 section 7).
public enum PanelKind: String, CaseIterable, Codable, Sendable {
    case vulnerableVictims = "vulnerable_victims"
    case asbMarac = "asb_marac"
    case ctMarac = "ct_marac"
    case partnershipTasking = "partnership_tasking"
    case operationalWorkingGroup = "operational_working_group"
    case complexCase = "complex_case"
    case caseConference = "case_conference"

    public var label: String {
        switch self {
        case .vulnerableVictims: "Vulnerable victims panel"
        case .asbMarac: "ASB MARAC"
        case .ctMarac: "CT-MARAC (ASB Case Reviews)"
        case .partnershipTasking: "Partnership tasking group"
        case .operationalWorkingGroup: "Operational working group"
        case .complexCase: "Complex case panel"
        case .caseConference: "Case conference"
        }
    }
}

/// Where a referral to a panel stands. The coordinator accepts it onto a meeting's agenda or returns it; once
/// accepted the case stays on the panel's list until the panel closes it with a decision.
public enum PanelReferralStatus: String, CaseIterable, Codable, Sendable {
    case waiting
    case accepted
    case returned
    case closed

    public var label: String {
        switch self {
        case .waiting: "Waiting for the coordinator"
        case .accepted: "On the panel's list"
        case .returned: "Returned"
        case .closed: "Closed by the panel"
        }
    }
}

/// Who came to a meeting (SafeLives: minutes record attendance and apologies).
public enum Attendance: String, CaseIterable, Codable, Sendable {
    case present
    case apologies
    case absent

    public var label: String {
        switch self {
        case .present: "Present"
        case .apologies: "Apologies"
        case .absent: "Did not attend"
        }
    }
}

/// What the panel decided about a case at a meeting: keep it on the list, or close it at the panel.
public enum PanelOutcome: String, CaseIterable, Codable, Sendable {
    case keepOnList = "keep"
    case close

    public var label: String {
        switch self {
        case .keepOnList: "Keep the case on the panel's list"
        case .close: "Close the case at the panel"
        }
    }
}

/// An owner's report on a panel action before the next meeting (SafeLives' action tracking form). An action
/// not done is reported as one of the two kinds the minutes keep apart: the circumstances changed, or it was
/// not undertaken and why.
public enum PanelActionProgress: String, CaseIterable, Codable, Sendable {
    case inProgress = "in_progress"
    case circumstancesChanged = "circumstances_changed"
    case notUndertaken = "not_undertaken"
    case done

    public var label: String {
        switch self {
        case .inProgress: "In progress"
        case .circumstancesChanged: "Not done: circumstances changed"
        case .notUndertaken: "Not done: not undertaken"
        case .done: "Done"
        }
    }
}

/// An action agreed at a meeting, as the carry-forward rule sees it.
public struct PanelActionFacts: Sendable, Equatable {
    public var id: UUID
    public var meetingDate: CivilDate
    public var dueOn: CivilDate
    public var isOpen: Bool
    public var progress: PanelActionProgress?
    public var progressNote: String?

    public init(
        id: UUID, meetingDate: CivilDate, dueOn: CivilDate, isOpen: Bool, progress: PanelActionProgress?,
        progressNote: String?
    ) {
        self.id = id
        self.meetingDate = meetingDate
        self.dueOn = dueOn
        self.isOpen = isOpen
        self.progress = progress
        self.progressNote = progressNote
    }
}

/// An incomplete action on the next agenda, with the reason it is still open.
public struct CarriedAction: Sendable, Equatable {
    public var id: UUID
    public var reason: String
    public var overdue: Bool
}

/// The panels' rules: automatic referral by band, repeats, carrying actions forward, who sees an agenda item,
/// and what a meeting and an action need.
public enum PanelRules {
    /// The panels a case's new band refers it to automatically, as the administrator set them (default: High to
    /// the vulnerable victims panel, as Lewisham refers every RED case to the ASB MARAC, 000). A panel the case
    /// is already waiting for or listed at is left out, so a second High assessment refers nobody twice.
    public static func automaticReferrals(
        band: RiskLevel?, panels: [(id: UUID, bands: Set<RiskLevel>)], alreadyOpen: Set<UUID>
    ) -> [UUID] {
        guard let band else { return [] }
        return panels.filter { $0.bands.contains(band) && !alreadyOpen.contains($0.id) }.map(\.id)
    }

    /// SafeLives: a repeat is a new referral within 12 months of an earlier one for the same case, whichever
    /// organisation made it. Counted in calendar months back from the day of the new referral.
    public static func isRepeat(earlierReferralDays: [CivilDate], on day: CivilDate) -> Bool {
        let since = monthsBefore(12, day)
        return earlierReferralDays.contains { $0 >= since && $0 <= day }
    }

    /// The same day `months` calendar months earlier (29 February falls back to the 28th).
    public static func monthsBefore(_ months: Int, _ day: CivilDate) -> CivilDate {
        var year = day.year
        var month = day.month - months
        while month < 1 {
            month += 12
            year -= 1
        }
        var date = CivilDate(validating: year, month, day.day)
        var dayOfMonth = day.day
        while date == nil && dayOfMonth > 28 {
            dayOfMonth -= 1
            date = CivilDate(validating: year, month, dayOfMonth)
        }
        return date ?? CivilDate(year, month, 28)
    }

    /// The actions of earlier meetings that carry onto the next agenda: every one still open, with its reason in
    /// the owner's words (circumstances changed, or not undertaken and why), or, where the owner has said nothing,
    /// that no update was reported. Oldest meeting first.
    public static func carryForward(_ actions: [PanelActionFacts], before meetingDate: CivilDate) -> [CarriedAction] {
        actions.filter { $0.isOpen && $0.meetingDate < meetingDate }
            .sorted { ($0.meetingDate, $0.dueOn) < ($1.meetingDate, $1.dueOn) }
            .map { action in
                let note = action.progressNote.map { ": \($0)" } ?? ""
                let reason: String
                switch action.progress {
                case .circumstancesChanged: reason = "Circumstances changed\(note)"
                case .notUndertaken: reason = "Not undertaken\(note)"
                case .inProgress: reason = "In progress\(note)"
                case .done, nil: reason = "No update reported by the owner"
                }
                return CarriedAction(id: action.id, reason: reason, overdue: action.dueOn < meetingDate)
            }
    }

    /// Whether an attendee sees an agenda item's detail: only if their organisation may see the case (it owns
    /// it, or has a share in force). Anyone else sees the item as "Restricted", with no detail (NCAtrak).
    public static func seesItem(_ facts: CaseAccessFacts, organisationID: UUID) -> Bool {
        facts.owningOrganisationID == organisationID || facts.sharedWithOrganisationIDs.contains(organisationID)
    }

    /// Who may own an action on a case: its owning organisation, or one whose share in force opens casework, so
    /// that it can see the action and report on it (issue 19: a partner completes the work it owns only then).
    public static func mayOwnAction(_ facts: CaseAccessFacts, organisationID: UUID) -> Bool {
        facts.owningOrganisationID == organisationID
            || facts.sections(sharedWith: organisationID).contains(.casework)
    }

    /// A new meeting is for today or later: an agenda is built for a meeting to come.
    public static func meetingProblems(on day: CivilDate?, today: CivilDate) -> [CaseworkProblem] {
        guard let day else { return [CaseworkProblem("held_on", "Enter the date of the meeting, like 2027-01-12")] }
        if day < today { return [CaseworkProblem("held_on", "The meeting must be today or later")] }
        return []
    }

    /// An action needs what it is, an owner and a due date, no earlier than the meeting that agreed it
    /// (SafeLives: the chair asks for timed actions).
    public static func actionProblems(
        description: String, hasOwner: Bool, dueOn: CivilDate?, meetingDate: CivilDate
    ) -> [CaseworkProblem] {
        var problems: [CaseworkProblem] = []
        if description.isEmpty { problems.append(CaseworkProblem("action_description", "Enter what needs to be done")) }
        if !hasOwner {
            problems.append(
                CaseworkProblem("action_owner", "Select who owns the action: an organisation or a person"))
        }
        if let dueOn {
            if dueOn < meetingDate {
                problems.append(CaseworkProblem("action_due_on", "The due date cannot be before the meeting"))
            }
        } else {
            problems.append(CaseworkProblem("action_due_on", "Enter the date the action is due, like 2027-01-26"))
        }
        return problems
    }

    /// An owner's report: anything short of done needs a word on why.
    public static func progressProblem(_ progress: PanelActionProgress?, note: String) -> CaseworkProblem? {
        guard let progress else { return CaseworkProblem("progress", "Select where the action stands") }
        if progress != .done && progress != .inProgress && note.isEmpty {
            return CaseworkProblem("progress_note", "Say why the action was not done")
        }
        return nil
    }
}

/// The facts about a panel that decide who may see and run it.
public struct PanelFacts: Sendable, Equatable {
    /// The organisation that hosts the panel and owns its records (the council's ASB team in the demo).
    public var hostOrganisationID: UUID
    public var memberOrganisationIDs: Set<UUID>
    public var coordinatorID: UUID?
    public var chairID: UUID?

    public init(hostOrganisationID: UUID, memberOrganisationIDs: Set<UUID>, coordinatorID: UUID?, chairID: UUID?) {
        self.hostOrganisationID = hostOrganisationID
        self.memberOrganisationIDs = memberOrganisationIDs
        self.coordinatorID = coordinatorID
        self.chairID = chairID
    }

    /// The host is always at its own table.
    public func isMember(_ organisationID: UUID) -> Bool {
        organisationID == hostOrganisationID || memberOrganisationIDs.contains(organisationID)
    }
}
