/// How the occupier holds a property; it decides which enforcement powers
/// apply later (Lambeth procedure 3.3.6).
public enum Tenure: String, CaseIterable, Codable, Sendable {
    case secure
    case introductory
    case flexible
    case demoted
    case leaseholder
    case housingAssociation = "housing_association"
    case privateTenant = "private_tenant"
    case ownerOccupier = "owner_occupier"
    case temporaryAccommodation = "temporary_accommodation"

    public var label: String {
        switch self {
        case .secure: "Secure tenant"
        case .introductory: "Introductory tenant"
        case .flexible: "Flexible tenant"
        case .demoted: "Demoted tenant"
        case .leaseholder: "Leaseholder"
        case .housingAssociation: "Housing association tenant"
        case .privateTenant: "Private tenant"
        case .ownerOccupier: "Owner occupier"
        case .temporaryAccommodation: "Temporary accommodation"
        }
    }
}

/// What kind of place a case or address is about. A case can be about a
/// place (an estate, a block, a park) with no known respondent.
public enum PlaceKind: String, CaseIterable, Codable, Sendable {
    case home
    case block
    case estate
    case park
    case street
    case other

    public var label: String {
        switch self {
        case .home: "A home"
        case .block: "A block"
        case .estate: "An estate"
        case .park: "A park or open space"
        case .street: "A street"
        case .other: "Somewhere else"
        }
    }
}

/// UK postcodes compared without spaces or case.
public enum Postcode {
    public static func key(_ text: String) -> String {
        text.uppercased().filter { $0.isLetter || $0.isNumber }
    }

    /// A loose shape check: outward code of 2 to 4 characters, inward digit and two letters.
    public static func isPlausible(_ text: String) -> Bool {
        let key = key(text)
        guard (5...7).contains(key.count), key.allSatisfy({ $0.isASCII }) else { return false }
        let inward = Array(key.suffix(3))
        return inward[0].isNumber && inward[1].isLetter && inward[2].isLetter && key.first!.isLetter
    }
}
