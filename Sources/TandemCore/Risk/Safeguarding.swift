import Foundation

/// Mental health as a factor, recorded for either side of a case. Special
/// category data (UK GDPR article 9): who may read it is decided by
/// `AccessPolicy`, and every read is audited.
public enum MentalHealthStatus: String, CaseIterable, Codable, Sendable {
    case suspected, diagnosed

    public var label: String { self == .suspected ? "Suspected" : "Diagnosed" }
}

/// Why Tandem may hold the record (Data Protection Act 2018, schedule 1).
public enum LawfulBasis: String, CaseIterable, Codable, Sendable {
    case explicitConsent = "explicit_consent"
    case safeguarding
    case statutoryFunction = "statutory_function"
    case vitalInterests = "vital_interests"

    public var label: String {
        switch self {
        case .explicitConsent: "Explicit consent of the person"
        case .safeguarding: "Safeguarding of children and individuals at risk"
        case .statutoryFunction: "Statutory and government purposes (ASB and crime and disorder duties)"
        case .vitalInterests: "Vital interests (the person cannot consent)"
        }
    }
}

public enum CapacityOutcome: String, CaseIterable, Codable, Sendable {
    case notRequested = "not_requested"
    case awaited
    case hasCapacity = "has_capacity"
    case lacksCapacity = "lacks_capacity"

    public var label: String {
        switch self {
        case .notRequested: "Not requested"
        case .awaited: "Requested, outcome awaited"
        case .hasCapacity: "Assessed: has capacity"
        case .lacksCapacity: "Assessed: lacks capacity"
        }
    }
}

/// Warning markers on a person or an address, shown wherever they appear.
public enum SafetyMarkerKind: String, CaseIterable, Codable, Sendable {
    case visitInPairs = "visit_in_pairs"
    case contactViaSupportWorker = "contact_via_support_worker"
    case femaleOfficerOnly = "female_officer_only"
    case maleOfficerOnly = "male_officer_only"
    case violenceOrThreats = "violence_or_threats"
    case animalAtAddress = "animal_at_address"
    case interpreterNeeded = "interpreter_needed"
    case other

    public var label: String {
        switch self {
        case .visitInPairs: "Visit in pairs"
        case .contactViaSupportWorker: "Contact via support worker"
        case .femaleOfficerOnly: "Female officer only"
        case .maleOfficerOnly: "Male officer only"
        case .violenceOrThreats: "History of violence or threats to staff"
        case .animalAtAddress: "Dangerous animal at the address"
        case .interpreterNeeded: "Interpreter needed"
        case .other: "Other (see note)"
        }
    }

    /// "Other" says nothing by itself, so it needs a note.
    public var needsNote: Bool { self == .other }
}

/// The home visit protocol (Lewisham, seed 000): recorded before a visit is logged.
public enum HomeVisitCheck: String, CaseIterable, Sendable {
    case lineManagerInformed = "line_manager_informed"
    case riskChecked = "risk_checked"
    case policeInformation = "police_information"
    case healthInformation = "health_information"
    case landlordInformed = "landlord_informed"
    case inPairs = "in_pairs"

    public var label: String {
        switch self {
        case .lineManagerInformed: "Line manager informed of the visit"
        case .riskChecked: "Risk checked with neighbours, family and friends"
        case .policeInformation: "Police information obtained for the address"
        case .healthInformation: "NHS checked for information on the person, where relevant"
        case .landlordInformed: "Landlord informed, where relevant"
        case .inPairs: "Visiting in pairs"
        }
    }

    /// The checks no visit goes ahead without; health and landlord checks depend on the case.
    public static let required: [HomeVisitCheck] = [.lineManagerInformed, .riskChecked, .policeInformation, .inPairs]
}

public enum HomeVisitRules {
    public static func problems(checks: Set<HomeVisitCheck>, companion: String, visitedAt: Date?, now: Date)
        -> [(field: String, message: String)]
    {
        var problems: [(String, String)] = []
        let missing = HomeVisitCheck.required.filter { !checks.contains($0) }
        if !missing.isEmpty {
            problems.append(
                (
                    "checks",
                    "Complete the protocol before logging the visit: "
                        + missing.map { $0.label.lowercased() }.joined(separator: "; ")
                ))
        }
        if checks.contains(.inPairs) && companion.isEmpty {
            problems.append(("companion", "Enter the name of the colleague visiting with you"))
        }
        if let visitedAt {
            if visitedAt > now.addingTimeInterval(60) {
                problems.append(("visited_at", "The visit cannot be in the future"))
            }
        } else {
            problems.append(("visited_at", "Enter the date and time of the visit"))
        }
        return problems
    }
}

/// Adult or child safeguarding concerns raised from a case.
public enum SafeguardingKind: String, CaseIterable, Codable, Sendable {
    case adult, child

    public var label: String { self == .adult ? "Adult safeguarding" : "Child safeguarding" }
}
