import Foundation

/// Who a respondent's behaviour puts at risk.
public enum RiskPosedTo: String, CaseIterable, Sendable {
    case victim, neighbours, staff, children, others

    public var label: String {
        switch self {
        case .victim: "The reporting person or victim"
        case .neighbours: "Neighbours"
        case .staff: "Staff visiting"
        case .children: "Children"
        case .others: "Others"
        }
    }
}

/// The risk to the respondent: the second lens of "looking at risk in both
/// directions" (seed 001), with the Lambeth questions on vulnerability and
/// capacity (seed 004, 3.3.2 "Respondent").
public enum RespondentFactor: String, CaseIterable, Sendable {
    case mentalHealth = "mental_health"
    case substanceMisuse = "substance_misuse"
    case learningDisability = "learning_disability"
    case ageAndMaturity = "age_and_maturity"
    case capacity
    case exploitation
    case careAndSupport = "care_and_support"
    case protectedCharacteristic = "protected_characteristic"
    case lifeEvents = "life_events"

    public var label: String {
        switch self {
        case .mentalHealth: "Mental health"
        case .substanceMisuse: "Drug or alcohol misuse"
        case .learningDisability: "Learning disability"
        case .ageAndMaturity: "Age and maturity"
        case .capacity: "Capacity to understand and comply with an order"
        case .exploitation: "Exploitation, such as cuckooing"
        case .careAndSupport: "Care and support needs"
        case .protectedCharacteristic: "A protected characteristic under the Equality Act 2010"
        case .lifeEvents: "Recent life events (bereavement, relationship breakdown, job loss, debt)"
        }
    }

    /// Special category data under UK GDPR Article 9: data about health (mental health, drug or alcohol misuse,
    /// a learning disability, capacity, care and support needs) and the protected characteristics it covers.
    /// Shown only to a viewer whose access opens the special category section of the case (issue 19 item 2:
    /// the police partner read "Risk to them: Mental health" outside the restricted record). Age, exploitation
    /// and life events are personal data but not special category.
    public var isSpecialCategory: Bool {
        switch self {
        case .mentalHealth, .substanceMisuse, .learningDisability, .capacity, .careAndSupport,
            .protectedCharacteristic:
            true
        case .ageAndMaturity, .exploitation, .lifeEvents:
            false
        }
    }
}

/// The answer to "is this person known to ...?", with whether anyone checked.
public enum ServiceCheck: String, CaseIterable, Codable, Sendable {
    case known
    case notKnown = "not_known"
    case notChecked = "not_checked"

    public var label: String {
        switch self {
        case .known: "Known to the service"
        case .notKnown: "Checked: not known"
        case .notChecked: "Not checked yet"
        }
    }
}

/// The services a respondent is checked against.
public enum CheckedService: String, CaseIterable, Sendable {
    case mentalHealth = "mental_health"
    case adultSocialCare = "adult_social_care"
    case childrensSocialCare = "childrens_social_care"

    public var label: String {
        switch self {
        case .mentalHealth: "Mental health services"
        case .adultSocialCare: "Adult social care"
        case .childrensSocialCare: "Children's social care"
        }
    }
}

public enum RespondentRules {
    /// Lambeth: "if the complaint relates to a perpetrator that is under 18,
    /// YOS will be engaged". Age from the date of birth when known, else the
    /// recorded age, else what the officer says.
    public static func isUnder18(dateOfBirth: CivilDate?, age: Int?, statedUnder18: Bool, on today: CivilDate)
        -> Bool
    {
        if let dateOfBirth {
            let eighteenth = CivilDate(dateOfBirth.year + 18, dateOfBirth.month, dateOfBirth.day)
            // Born on 29 February: the birthday falls on 1 March in other years.
            let birthday = eighteenth.isValid ? eighteenth : CivilDate(dateOfBirth.year + 18, 3, 1)
            return today < birthday
        }
        if let age { return age < 18 }
        return statedUnder18
    }

    public static func problems(
        riskPosed: RiskLevel?, riskPosedTo: Set<RiskPosedTo>, factors: Set<RespondentFactor>,
        checks: [CheckedService: ServiceCheck], notes: [String: String]
    ) -> [(field: String, message: String)] {
        var problems: [(String, String)] = []
        if riskPosed == nil { problems.append(("risk_posed", "Select the risk the respondent poses")) }
        if let riskPosed, riskPosed != .low, riskPosedTo.isEmpty {
            problems.append(("risk_posed_to", "Select who the respondent poses a risk to"))
        }
        for service in CheckedService.allCases where checks[service] == nil {
            problems.append(
                ("check_\(service.rawValue)", "Select whether they are known to \(service.label.lowercased())"))
        }
        for (field, text) in notes.sorted(by: { $0.key < $1.key }) where text.count > 2000 {
            problems.append((field, "Keep this to 2000 characters or fewer"))
        }
        return problems
    }
}
