/// The part a person plays on one case. The same person can be a reporting
/// person on one case and a witness or respondent on another.
public enum PartyRole: String, CaseIterable, Codable, Sendable {
    case reportingPerson = "reporting_person"
    case respondent
    case witness
    case householdMember = "household_member"

    public var label: String {
        switch self {
        case .reportingPerson: "Reporting person"
        case .respondent: "Respondent"
        case .witness: "Witness"
        case .householdMember: "Household member"
        }
    }
}

/// Who a respondent is, as far as is known.
public enum RespondentKind: String, CaseIterable, Codable, Sendable {
    case named
    case unknown
    /// A group, whose members are added as respondents in the group as they are identified.
    case group

    public var label: String {
        switch self {
        case .named: "Named person"
        case .unknown: "Not known"
        case .group: "A group"
        }
    }
}

/// How a person prefers to be contacted.
public enum ContactMethod: String, CaseIterable, Codable, Sendable {
    case phone, email, letter, text
    case inPerson = "in_person"

    public var label: String {
        switch self {
        case .phone: "Phone"
        case .email: "Email"
        case .letter: "Letter"
        case .text: "Text message"
        case .inPerson: "In person"
        }
    }
}
