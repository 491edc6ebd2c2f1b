/// The kinds of organisation that work ASB cases together.
public enum OrganisationKind: String, CaseIterable, Codable, Sendable {
    case councilASB = "council_asb"
    case housingProvider = "housing_provider"
    case police
    case communityMentalHealth = "community_mental_health"
    case adultSocialCare = "adult_social_care"
    case childrensServices = "childrens_services"
    case youthOffending = "youth_offending"
    case victimSupport = "victim_support"
    case environmentalHealth = "environmental_health"
    case other

    public var label: String {
        switch self {
        case .councilASB: "Council ASB / community safety team"
        case .housingProvider: "Housing provider or tenant management organisation"
        case .police: "Police"
        case .communityMentalHealth: "Community mental health team"
        case .adultSocialCare: "Adult social care"
        case .childrensServices: "Children's services"
        case .youthOffending: "Youth offending service"
        case .victimSupport: "Victim support"
        case .environmentalHealth: "Noise / environmental health team"
        case .other: "Other"
        }
    }
}
