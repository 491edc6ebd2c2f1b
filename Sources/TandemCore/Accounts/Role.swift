/// What a person who signs in may do. A user holds one or more roles; the
/// policy layer (`AccessPolicy`) turns roles into permissions.
public enum Role: String, CaseIterable, Codable, Sendable, Comparable {
    case callHandler = "call_handler"
    case caseOfficer = "case_officer"
    /// Holds sign-off authority for legal action and closure (Lambeth 3.3.4, CIH "sign-off before legal action").
    case seniorOfficer = "senior_officer"
    case teamManager = "team_manager"
    /// Works for a partner agency and sees only cases shared with their organisation.
    case partnerPractitioner = "partner_practitioner"
    case panelCoordinator = "panel_coordinator"
    /// The ASB Case Review (formerly Community Trigger) single point of contact.
    case caseReviewContact = "case_review_contact"
    /// Approves disposal under the retention schedule and answers subject access requests (issue 23); an
    /// administrator may too where an organisation has no such lead.
    case informationGovernanceLead = "information_governance_lead"
    case administrator
    case auditor

    public var label: String {
        switch self {
        case .callHandler: "Call handler"
        case .caseOfficer: "Case officer"
        case .seniorOfficer: "Senior officer"
        case .teamManager: "Team manager"
        case .partnerPractitioner: "Partner practitioner"
        case .panelCoordinator: "Panel coordinator"
        case .caseReviewContact: "ASB Case Review single point of contact"
        case .informationGovernanceLead: "Information governance lead"
        case .administrator: "Administrator"
        case .auditor: "Auditor"
        }
    }

    /// Roles that work cases owned by their own organisation.
    public var isCasework: Bool {
        switch self {
        case .callHandler, .caseOfficer, .seniorOfficer, .teamManager, .panelCoordinator, .caseReviewContact:
            true
        case .partnerPractitioner, .informationGovernanceLead, .administrator, .auditor:
            false
        }
    }

    public static func < (lhs: Role, rhs: Role) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
