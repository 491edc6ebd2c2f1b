import Foundation

/// A condition that must hold before a legal power can be used on a case.
/// The catalogue of powers is data an administrator extends; these rules are
/// the fixed vocabulary it is built from, each enforced by `MeasureRules`.
public enum PowerPrerequisite: String, CaseIterable, Sendable {
    /// A proportionality and Equality Act review for this power, signed off
    /// by a senior officer who is not the case officer and still current
    /// (Lambeth 3.3.2 and 3.3.6; the Cornwall form and Manchester's checklist, 002).
    case signedOffReview = "signed_off_review"
    /// A written warning was given first and the behaviour continued after it
    /// (Community Protection Notice, Westminster section 8).
    case writtenWarningFirst = "written_warning_first"
    /// A conviction is recorded: a Criminal Behaviour Order follows a
    /// conviction (Lambeth 3.3.6, Westminster section 8).
    case convictionRecorded = "conviction_recorded"
    /// The respondent holds a tenancy (possession, demotion).
    case tenant
    /// The respondent holds an introductory tenancy (its extension).
    case introductoryTenant = "introductory_tenant"
    /// The respondent is a leaseholder (Section 146 notice).
    case leaseholder
    /// A Notice of Seeking Possession was served on the case first
    /// ("the first step when applying for possession", Westminster section 8).
    case noticeOfSeekingPossessionServed = "nosp_served"
    /// A closure notice was served, and the order is applied for within 48
    /// hours of its service (2014 Act, Part 4).
    case closureNoticeWithin48Hours = "closure_notice_48h"
    /// Possession is sought on a ground: discretionary, or the absolute
    /// ground with one of its five conditions and the tenant's
    /// representations recorded (Lambeth 3.3.6).
    case groundForPossession = "ground_for_possession"

    public var label: String {
        switch self {
        case .signedOffReview: "A current proportionality review signed off by a senior officer"
        case .writtenWarningFirst: "A written warning was given first and the behaviour continued"
        case .convictionRecorded: "A conviction is recorded"
        case .tenant: "The respondent is a tenant"
        case .introductoryTenant: "The respondent is an introductory tenant"
        case .leaseholder: "The respondent is a leaseholder"
        case .noticeOfSeekingPossessionServed: "A Notice of Seeking Possession has been served"
        case .closureNoticeWithin48Hours: "A closure notice was served in the last 48 hours"
        case .groundForPossession: "The ground for possession, with the absolute ground's condition"
        }
    }
}

/// Who leads a power (Lambeth 3.3.6 names the team for each).
public enum PowerLead: String, CaseIterable, Codable, Sendable {
    case housingEnforcement = "housing_enforcement"
    case publicProtection = "public_protection"
    case police
    case courtOnApplication = "court"

    public var label: String {
        switch self {
        case .housingEnforcement: "Housing ASB or tenancy enforcement team"
        case .publicProtection: "Public protection and regulatory services"
        case .police: "Police"
        case .courtOnApplication: "Criminal court, on application after conviction"
        }
    }
}

/// The rows of Westminster's enforcement tables (003 section 2), which the
/// legal register counts per year.
public enum RegisterGroup: String, CaseIterable, Codable, Sendable {
    case letterBeforeAction = "lba"
    case noticeOfSeekingPossession = "nosp"
    case possessionProceedings = "possession"
    case civilInjunction = "injunction"
    case closureOrder = "closure_order"
    case other

    public var label: String {
        switch self {
        case .letterBeforeAction: "Letters Before Action"
        case .noticeOfSeekingPossession: "Notices of Seeking Possession"
        case .possessionProceedings: "Possession proceedings"
        case .civilInjunction: "Civil injunctions"
        case .closureOrder: "Closure orders"
        case .other: "Other legal measures"
        }
    }
}

/// Which details a measure's form asks for beyond the common ones.
public enum MeasureField: String, CaseIterable, Sendable {
    /// Individual or estate-wide (civil injunction).
    case scope
    /// Discretionary or absolute ground (possession).
    case ground
    /// The conviction's date, court and offence (Criminal Behaviour Order).
    case conviction
    /// The date and time a notice was served (closure notice).
    case servedAt = "served_at"
}

/// One power in the catalogue.
public struct LegalPowerSpec: Sendable, Equatable {
    public var key: String
    public var name: String
    public var lead: PowerLead
    public var prerequisites: [PowerPrerequisite]
    public var fields: [MeasureField]
    public var group: RegisterGroup
    /// Whether it ends in a court order with an expiry to watch.
    public var makesOrder: Bool
    public var summary: String

    public init(
        key: String, name: String, lead: PowerLead, prerequisites: [PowerPrerequisite], fields: [MeasureField] = [],
        group: RegisterGroup = .other, makesOrder: Bool = false, summary: String
    ) {
        self.key = key
        self.name = name
        self.lead = lead
        self.prerequisites = prerequisites
        self.fields = fields
        self.group = group
        self.makesOrder = makesOrder
        self.summary = summary
    }

    public var needsReview: Bool { prerequisites.contains(.signedOffReview) }
}

/// The powers Tandem starts with (Lambeth 3.3.6, Westminster section 8, the
/// 2014 Act). Administrators can add their own and change these.
public enum LegalPowerCatalogue {
    public static let civilInjunctionKey = "civil_injunction"
    public static let noticeOfSeekingPossessionKey = "nosp"
    public static let possessionKey = "possession"
    public static let closureNoticeKey = "closure_notice"

    public static let standard: [LegalPowerSpec] = [
        LegalPowerSpec(
            key: "lba", name: "Letter Before Action", lead: .housingEnforcement, prerequisites: [.signedOffReview],
            group: .letterBeforeAction,
            summary: "Gives the respondent the chance to change before the matter goes to court."),
        LegalPowerSpec(
            key: noticeOfSeekingPossessionKey, name: "Notice of Seeking Possession", lead: .housingEnforcement,
            prerequisites: [.signedOffReview, .tenant], group: .noticeOfSeekingPossession,
            summary: "Sets out the breach of the tenancy; the first step towards possession."),
        LegalPowerSpec(
            key: possessionKey, name: "Possession proceedings", lead: .housingEnforcement,
            prerequisites: [.signedOffReview, .tenant, .noticeOfSeekingPossessionServed, .groundForPossession],
            fields: [.ground], group: .possessionProceedings, makesOrder: true,
            summary: "On a discretionary ground, or on the absolute ground when one of its five conditions is met."),
        LegalPowerSpec(
            key: "demotion", name: "Demotion of tenancy", lead: .housingEnforcement,
            prerequisites: [.signedOffReview, .tenant], makesOrder: true,
            summary: "A court order that reduces a secure tenancy's security for a year."),
        LegalPowerSpec(
            key: "introductory_extension", name: "Introductory tenancy extension", lead: .housingEnforcement,
            prerequisites: [.signedOffReview, .introductoryTenant],
            summary: "Extends the 12-month introductory period by up to 6 months."),
        LegalPowerSpec(
            key: "section_146", name: "Section 146 notice (leaseholders)", lead: .housingEnforcement,
            prerequisites: [.signedOffReview, .leaseholder],
            summary: "The first step towards forfeiture of a lease."),
        LegalPowerSpec(
            key: civilInjunctionKey, name: "Civil injunction (Part 1, 2014 Act)", lead: .housingEnforcement,
            prerequisites: [.signedOffReview], fields: [.scope], group: .civilInjunction, makesOrder: true,
            summary:
                "Prohibitions, positive requirements and exclusion; county court or High Court for adults, youth court under 18."
        ),
        LegalPowerSpec(
            key: closureNoticeKey, name: "Closure notice", lead: .police, prerequisites: [], fields: [.servedAt],
            summary: "Restricts access to a property, for example when it has been taken over (cuckooing)."),
        LegalPowerSpec(
            key: "closure_order", name: "Closure order", lead: .police,
            prerequisites: [.signedOffReview, .closureNoticeWithin48Hours], group: .closureOrder, makesOrder: true,
            summary: "Applied for at the magistrates' court within 48 hours of the closure notice."),
        LegalPowerSpec(
            key: "cpn", name: "Community Protection Notice", lead: .publicProtection,
            prerequisites: [.signedOffReview, .writtenWarningFirst],
            summary: "For persistent, unreasonable behaviour, only after a written warning has not stopped it."),
        LegalPowerSpec(
            key: "pspo", name: "Public Spaces Protection Order", lead: .publicProtection, prerequisites: [],
            makesOrder: true, summary: "A council order against ASB in a public space, with the police."),
        LegalPowerSpec(
            key: "cbo", name: "Criminal Behaviour Order", lead: .courtOnApplication,
            prerequisites: [.signedOffReview, .convictionRecorded], fields: [.conviction], makesOrder: true,
            summary: "Made by a criminal court on conviction; breach is a criminal offence."),
        LegalPowerSpec(
            key: "dispersal", name: "Dispersal requested from the police", lead: .police, prerequisites: [],
            summary: "The police may direct a person to leave an area for up to 48 hours."),
        LegalPowerSpec(
            key: "fpn", name: "Fixed penalty notice", lead: .publicProtection, prerequisites: [],
            summary: "An on-the-spot penalty, for example for breach of a CPN or PSPO."),
        LegalPowerSpec(
            key: "noise_abatement_notice", name: "Noise abatement notice", lead: .publicProtection,
            prerequisites: [], summary: "Served where noise is a statutory nuisance; failing to comply is an offence."),
        LegalPowerSpec(
            key: "noise_abatement_order", name: "Noise abatement order", lead: .publicProtection,
            prerequisites: [.signedOffReview], makesOrder: true,
            summary: "Heard at the magistrates' court; a fine of up to £5,000."),
    ]
}
