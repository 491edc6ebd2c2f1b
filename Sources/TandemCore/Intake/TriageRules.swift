/// How a report leaves the triage queue (committee report section 5 and
/// Lambeth procedure 3.2: not every report is an ASB case).
public enum TriageOutcome: String, CaseIterable, Codable, Sendable {
    case openCase = "open_case"
    case addToCase = "add_to_case"
    /// A minor neighbour dispute or communal area matter for the local housing team.
    case housingLowLevel = "housing_low_level"
    /// Not ASB (for example everyday household noise): signposted with advice.
    case notASB = "not_asb"
    case referPolice = "refer_police"
    case referNoiseTeam = "refer_noise_team"
    /// The same incident reported again (issue 20): kept, linked to the report it repeats, and counted once.
    case duplicate

    public var label: String {
        switch self {
        case .openCase: "Open an ASB case"
        case .addToCase: "Add to an existing case"
        case .housingLowLevel: "Pass to the local housing team as a low-level matter"
        case .notASB: "Not ASB: signposted with advice"
        case .referPolice: "Refer to the police"
        case .referNoiseTeam: "Refer to the noise team"
        case .duplicate: "A duplicate of another report: kept with it and counted once"
        }
    }

    /// Outcomes that put the report on an ASB case.
    public var isCasework: Bool { self == .openCase || self == .addToCase }
}

/// What triage must record, checked before anything is saved.
public enum TriageRules {
    public struct Decision: Equatable, Sendable {
        public var outcome: TriageOutcome
        public var reason: String
        public var risk: RiskLevel?
        public var existingCaseChosen: Bool
        public var isHateIncident: Bool
        /// The reference of a case already open for the same parties, if any (NM01).
        public var openCaseForSameParties: String?
        /// The triager confirmed that a separate case is needed all the same.
        public var separateCaseConfirmed: Bool
        /// For a duplicate: the report it repeats was found.
        public var originalChosen: Bool = false

        public init(
            outcome: TriageOutcome, reason: String, risk: RiskLevel?, existingCaseChosen: Bool,
            isHateIncident: Bool, openCaseForSameParties: String? = nil, separateCaseConfirmed: Bool = false,
            originalChosen: Bool = false
        ) {
            self.originalChosen = originalChosen
            self.outcome = outcome
            self.reason = reason
            self.risk = risk
            self.existingCaseChosen = existingCaseChosen
            self.isHateIncident = isHateIncident
            self.openCaseForSameParties = openCaseForSameParties
            self.separateCaseConfirmed = separateCaseConfirmed
        }
    }

    public struct Problem: Equatable, Sendable {
        public var field: String
        public var message: String
    }

    /// Problems with a triage decision, keyed by form field; empty when it may be saved.
    public static func problems(_ decision: Decision) -> [Problem] {
        var problems: [Problem] = []
        if decision.reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            problems.append(Problem(field: "reason", message: "Enter the reason for this decision"))
        }
        if decision.outcome == .openCase && decision.risk == nil {
            problems.append(Problem(field: "risk", message: "Select a risk rating to open a case"))
        }
        if decision.outcome == .duplicate && !decision.originalChosen {
            problems.append(
                Problem(field: "duplicate_of", message: "Enter the reference of the report this one repeats"))
        }
        if decision.outcome == .addToCase && !decision.existingCaseChosen {
            problems.append(Problem(field: "case_id", message: "Select the case to add this report to"))
        }
        // A hate incident is never a low-level or non-ASB matter; it is worked
        // as a case or passed to the police (committee report section 3).
        if decision.isHateIncident && (decision.outcome == .housingLowLevel || decision.outcome == .notASB) {
            problems.append(
                Problem(
                    field: "outcome",
                    message: "A hate incident must be opened as a case, added to a case or referred to the police"))
        }
        // NM01: the same parties already have an open case, so a second one must be a deliberate choice.
        if decision.outcome == .openCase, let open = decision.openCaseForSameParties, !decision.separateCaseConfirmed {
            problems.append(
                Problem(
                    field: "outcome",
                    message:
                        "Case \(open) is open for the same people or address. Add this report to it, or confirm that a separate case is needed and say why"
                ))
        }
        return problems
    }

    /// A hate incident is defined by the victim's perception (committee report section 3):
    /// triage can add the flag, never remove one the reporting person gave.
    public static func isHateIncident(
        reportedAsHate: Bool, flaggedAtTriage: Bool, strands: [HateStrand], hateCategoryChosen: Bool
    )
        -> Bool
    {
        reportedAsHate || flaggedAtTriage || !strands.isEmpty || hateCategoryChosen
    }

    /// Hate crime always goes to the police as well, whatever else triage decides.
    public static func alsoReferToPolice(_ decision: Decision) -> Bool {
        decision.isHateIncident && decision.outcome != .referPolice
    }
}
