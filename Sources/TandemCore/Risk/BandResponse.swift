import Foundation

/// Tasks that risk and casework create on a case. Each is tracked to done, not left as advice.
public enum RiskTaskKind: String, CaseIterable, Sendable, Codable {
    case panelReferral = "panel_referral"
    case informLineManager = "inform_line_manager"
    case informPolice = "inform_police"
    case agencyReferrals = "agency_referrals"
    case immediateActionPlan = "immediate_action_plan"
    case reassuranceCall = "reassurance_call"
    case reassessAtNextContact = "reassess_at_next_contact"
    case engageYouthOffending = "engage_youth_offending"
    case reportHateToPolice = "report_hate_to_police"
    case informHateCoordinator = "inform_hate_coordinator"
    case referAdultSocialCare = "refer_adult_social_care"
    case referChildrensServices = "refer_childrens_services"
    case notifyHomelessPersonsUnit = "notify_homeless_persons_unit"
    case notifyPartnerOfClosure = "notify_partner_of_closure"

    public var label: String {
        switch self {
        case .panelReferral: "Refer to the vulnerable victims panel or ASB MARAC"
        case .informLineManager: "Make the line manager aware"
        case .informPolice: "Contact the local police team and make them aware"
        case .agencyReferrals: "Make referrals to the relevant agencies"
        case .immediateActionPlan: "Develop an immediate action plan to reduce the risk"
        case .reassuranceCall: "Weekly reassurance call, reassessing the risk"
        case .reassessAtNextContact: "Reassess the risk at the next contact"
        case .engageYouthOffending: "Engage the youth offending service (respondent under 18)"
        case .reportHateToPolice: "Report the hate incident to the police"
        case .informHateCoordinator: "Inform the hate crime coordinator"
        case .referAdultSocialCare: "Engage adult social care (household with children at risk of losing its home)"
        case .referChildrensServices: "Engage children's services (household with children at risk of losing its home)"
        case .notifyHomelessPersonsUnit: "Notify the homeless persons unit: the family may become homeless"
        case .notifyPartnerOfClosure: "Tell the partner involved that the case is closing"
        }
    }

    public var guidance: String {
        switch self {
        case .panelReferral:
            "A senior officer confirms whether the referral goes ahead (Lambeth 3.3.2)."
        case .informLineManager: "Lewisham: the locality manager is made aware of every red case."
        case .informPolice: "Lewisham: the local police team is contacted for every red case."
        case .agencyReferrals: "Social services, children and young people, mental health, Victim Support and others."
        case .immediateActionPlan:
            "For example contact the landlord, interview both sides, consider enforcement tools."
        case .reassuranceCall: "Recurs every week while the assessed risk stays High."
        case .reassessAtNextContact: "Lewisham: amber cases are reassessed at the next contact."
        case .engageYouthOffending:
            "Lambeth: where the perpetrator is under 18, the youth offending service is engaged."
        case .reportHateToPolice, .informHateCoordinator:
            "Every hate incident is reported to the police and the hate crime coordinator is told."
        case .referAdultSocialCare, .referChildrensServices:
            "Lambeth 3.3.3: where a household has children and is at risk of eviction, adult social care and children's services are involved at the beginning."
        case .notifyHomelessPersonsUnit:
            "Lambeth 3.3.3: once a Notice of Seeking Possession is served and the case goes to court, the homeless persons unit is told."
        case .notifyPartnerOfClosure:
            "CIH \"At the end\": notify any partners involved that the case is being closed."
        }
    }

    /// Only a senior officer or team manager may close this task, by confirming or declining it.
    public var needsSeniorDecision: Bool { self == .panelReferral }

    /// Whether the owning team may give the task to a partner organisation (issue 19). Not the senior decision,
    /// the team's own line manager, its action plan, or the reassessment a new assessment closes: those are the
    /// owning team's by their nature.
    public var mayBeGivenToPartner: Bool {
        switch self {
        case .panelReferral, .informLineManager, .immediateActionPlan, .reassessAtNextContact: false
        default: true
        }
    }
}

/// A task to create, with its due time (nil: at the next contact).
public struct PlannedTask: Sendable, Equatable {
    public var kind: RiskTaskKind
    public var dueAt: Date?

    public init(kind: RiskTaskKind, dueAt: Date?) {
        self.kind = kind
        self.dueAt = dueAt
    }
}

/// What a band sets in motion, from Lewisham's RED / AMBER / GREEN risk
/// assessment response (seed 000, section 6).
public enum BandResponse {
    /// RED: panel (ASB MARAC), manager, police, agency referrals, an immediate
    /// action plan and weekly reassurance calls. AMBER: panel referral and
    /// reassessment at the next contact. GREEN: the standard protocol.
    public static func tasks(for band: RiskLevel) -> [RiskTaskKind] {
        switch band {
        case .high:
            [
                .panelReferral, .informLineManager, .informPolice, .agencyReferrals, .immediateActionPlan,
                .reassuranceCall,
            ]
        case .medium: [.panelReferral, .reassessAtNextContact]
        case .low: []
        }
    }

    /// When each task falls due, counted on the working-day calendar from
    /// the assessment: the manager and police the next working day, the
    /// action plan the next working day, referrals within two, and the first
    /// reassurance call a week on.
    public static func due(_ kind: RiskTaskKind, from now: Date, calendar: WorkingCalendar) -> Date? {
        switch kind {
        case .informLineManager, .informPolice, .immediateActionPlan:
            calendar.adding(workingDays: 1, to: now)
        case .reportHateToPolice, .informHateCoordinator:
            calendar.adding(workingDays: 1, to: now)
        case .panelReferral, .agencyReferrals, .engageYouthOffending, .referAdultSocialCare, .referChildrensServices,
            .notifyHomelessPersonsUnit, .notifyPartnerOfClosure:
            calendar.adding(workingDays: 2, to: now)
        case .reassuranceCall:
            now.addingTimeInterval(7 * 86_400)
        case .reassessAtNextContact:
            nil
        }
    }

    /// The tasks to create and to cancel when an assessment sets the band.
    /// Tasks already open are not duplicated; open reassurance calls stop once
    /// the band falls below High.
    public static func plan(
        band: RiskLevel?, open: Set<RiskTaskKind>, at now: Date, calendar: WorkingCalendar
    ) -> (create: [PlannedTask], cancel: Set<RiskTaskKind>) {
        let wanted = band.map(tasks(for:)) ?? []
        let create = wanted.filter { !open.contains($0) }.map {
            PlannedTask(kind: $0, dueAt: due($0, from: now, calendar: calendar))
        }
        var cancel: Set<RiskTaskKind> = []
        if band != .high && open.contains(.reassuranceCall) { cancel.insert(.reassuranceCall) }
        return (create, cancel)
    }

    /// A completed reassurance call schedules the next one while the band stays High.
    public static func nextReassuranceCall(after completedAt: Date, band: RiskLevel?) -> Date? {
        band == .high ? completedAt.addingTimeInterval(7 * 86_400) : nil
    }
}

/// Where a risk task stands, as stored in `risk_tasks.status`: every task is created open, and
/// closing it marks it done (by an officer, or by the reassessment it asked for) or cancelled
/// (stopped when the assessed band falls).
public enum RiskTaskStatus: String, CaseIterable, Codable, Sendable {
    case open
    case done
    case cancelled

    public var label: String {
        switch self {
        case .open: "Open"
        case .done: "Done"
        case .cancelled: "Stopped"
        }
    }
}

/// How a senior officer closes a panel referral.
public enum SeniorDecision: String, CaseIterable, Codable, Sendable {
    case confirmed, declined

    public var label: String { self == .confirmed ? "Confirm the referral" : "Do not refer" }
}

/// Rules for closing a task.
public enum TaskRules {
    public static func problems(
        kind: RiskTaskKind, decision: SeniorDecision?, note: String, mayDecide: Bool
    ) -> [String] {
        var problems: [String] = []
        if kind.needsSeniorDecision {
            if !mayDecide {
                problems.append("A senior officer or team manager must confirm this referral")
            } else if decision == nil {
                problems.append("Select whether the referral goes ahead")
            } else if decision == .declined && note.isEmpty {
                problems.append("Give the reason for not referring")
            }
        }
        if note.count > 2000 { problems.append("Keep the note to 2000 characters or fewer") }
        return problems
    }

    /// Giving a task to a partner organisation (issue 19, item 3: partners "own and complete ... tasks assigned
    /// to their organisation"). Only an open task moves, and never one that waits for a senior officer's decision:
    /// that decision stays with the owning team (Lambeth 3.3.2).
    public static func assignmentProblem(kind: RiskTaskKind, status: RiskTaskStatus) -> String? {
        if status != .open { return "This task has already been closed" }
        if kind.needsSeniorDecision { return "A senior officer decides this task; it cannot be given to a partner" }
        if !kind.mayBeGivenToPartner { return "This task is the case team's own; it cannot be given to a partner" }
        return nil
    }
}
