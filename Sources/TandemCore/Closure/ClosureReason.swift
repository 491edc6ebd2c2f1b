/// Whether a closure counts as a resolved case in the monthly measures
/// ("percentage of closed ASB cases successfully resolved", Lambeth 3.7).
public enum ClosureOutcome: String, CaseIterable, Codable, Sendable {
    case resolved
    case closed

    public var label: String { self == .resolved ? "Resolved" : "Closed" }
}

/// The ten reasons a case may be closed, each resolved or closed as the
/// Lambeth procedure's closure table (3.4) says. Policy data: the measures
/// read `outcome`, never the reason's name.
public enum ClosureReason: String, CaseIterable, Codable, Sendable {
    case reportingPersonSatisfied = "reporting_person_satisfied"
    case noComplaintsThreeMonths = "no_complaints_three_months"
    case landlordSatisfaction = "landlord_satisfaction"
    case withdrawn
    case unsubstantiated
    case propertyTerminated = "property_terminated"
    case propertyAbandoned = "property_abandoned"
    case evictionForASB = "eviction_for_asb"
    case otherResolved = "other_resolved"
    case otherClosed = "other_closed"

    public var outcome: ClosureOutcome { self == .otherClosed ? .closed : .resolved }

    public var label: String {
        switch self {
        case .reportingPersonSatisfied: "Reporting person satisfied"
        case .noComplaintsThreeMonths: "No complaints for 3 months"
        case .landlordSatisfaction: "Case resolved to landlord satisfaction"
        case .withdrawn: "Case withdrawn by the complainant"
        case .unsubstantiated: "Unsubstantiated complaint"
        case .propertyTerminated: "Property terminated"
        case .propertyAbandoned: "Property abandoned"
        case .evictionForASB: "Eviction for ASB"
        case .otherResolved: "Other (please specify): resolved"
        case .otherClosed: "Other (please specify): closed"
        }
    }

    public var explanation: String {
        switch self {
        case .reportingPersonSatisfied:
            "Investigated, and the reporting person is satisfied the problem has been resolved."
        case .noComplaintsThreeMonths:
            "The nuisance has ceased and no further complaints have been received for three months."
        case .landlordSatisfaction:
            "Resolved to the landlord's satisfaction but not necessarily the reporting person's, for example all reasonable actions exhausted."
        case .withdrawn: "The reporting person no longer wishes to pursue the complaint."
        case .unsubstantiated: "Investigated, but no evidence could be found to substantiate the allegations."
        case .propertyTerminated: "The respondent gave up their tenancy, so the nuisance has ceased."
        case .propertyAbandoned: "The respondent abandoned their tenancy, so the nuisance has ceased."
        case .evictionForASB: "The respondent was evicted from their tenancy, so the nuisance has ceased."
        case .otherResolved:
            "The ASB has ended for another reason, for example intervention by another agency. Say which in the summary."
        case .otherClosed:
            "Closed for another reason, for example information asked for was not provided. Say which in the summary."
        }
    }

    /// The two "other" reasons need the summary to say what happened.
    public var needsSpecifying: Bool { self == .otherResolved || self == .otherClosed }
}
