/// How a report reached the team (committee report section 4: reporting channels).
public enum ReportChannel: String, CaseIterable, Codable, Sendable {
    case phone
    case email
    case letter
    case inPerson = "in_person"
    case online
    case outOfHours = "out_of_hours"
    case policeReferral = "police_referral"
    case partnerReferral = "partner_referral"
    case patrol

    public var label: String {
        switch self {
        case .phone: "Phone"
        case .email: "Email"
        case .letter: "Letter"
        case .inPerson: "In person"
        case .online: "Online form"
        case .outOfHours: "Out-of-hours service"
        case .policeReferral: "Police referral"
        case .partnerReferral: "Partner referral"
        case .patrol: "Patrol"
        }
    }
}

/// Who made the report. Someone acting for the reporting person (a
/// councillor, a care manager, a relative) is recorded as such, so contact
/// goes to the right person and the victim's voice is not lost.
public enum ReporterKind: String, CaseIterable, Codable, Sendable {
    case named
    case anonymous
    case onBehalf = "on_behalf"

    public var label: String {
        switch self {
        case .named: "Named reporting person"
        case .anonymous: "Anonymous"
        case .onBehalf: "Reported on someone's behalf"
        }
    }
}

/// The strands of a hate incident, as perceived by the victim (committee
/// report section 3: hate-related incidents).
public enum HateStrand: String, CaseIterable, Codable, Sendable {
    case disability
    case race
    case religion
    case sexualOrientation = "sexual_orientation"
    case transgenderIdentity = "transgender_identity"

    public var label: String {
        switch self {
        case .disability: "Disability"
        case .race: "Race"
        case .religion: "Religion or belief"
        case .sexualOrientation: "Sexual orientation"
        case .transgenderIdentity: "Transgender identity"
        }
    }

    /// Parses the comma-separated form stored on a case or report, ignoring unknown values.
    public static func parse(_ stored: String?) -> [HateStrand] {
        (stored ?? "").split(separator: ",").compactMap { HateStrand(rawValue: String($0)) }
    }

    public static func store(_ strands: [HateStrand]) -> String {
        allCases.filter(strands.contains).map(\.rawValue).joined(separator: ",")
    }
}

/// The local ASB category list an administrator starts from: the fifteen
/// types in the committee report, section 3.
public enum DefaultCategories {
    public static let names: [String] = [
        "Verbal abuse, harassment, intimidation or threatening behaviour",
        "Hate-related incidents",
        "Domestic abuse",
        "Physical violence",
        "Noise",
        "Drugs and substance misuse and dealing",
        "Alcohol-related nuisance",
        "Prostitution, sexual acts and kerb crawling",
        "Vehicle nuisance",
        "Pets and animal nuisance",
        "Misuse of communal areas",
        "Vandalism and damage to property",
        "Litter, rubbish and fly-tipping",
        "Garden nuisance",
        "Criminal behaviour",
    ]

    /// The category whose choice marks a report as a hate incident.
    public static let hateCategory = "Hate-related incidents"
}
