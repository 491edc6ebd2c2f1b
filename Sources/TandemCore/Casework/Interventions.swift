import Foundation

/// Early intervention and non-legal measures (Lambeth 3.3.5, Westminster
/// section 7, and the Community Remedy of the 2014 Act).
public enum InterventionKind: String, CaseIterable, Codable, Sendable {
    case verbalWarning = "verbal_warning"
    case writtenWarning = "written_warning"
    case dearNeighbourCard = "dear_neighbour_card"
    case mediation
    case acceptableBehaviourContract = "abc"
    case acceptableBehaviourAgreement = "aba"
    case parentingContract = "parenting_contract"
    case supportAndCounselling = "support_counselling"
    case communityResolution = "community_resolution"
    case communityRemedy = "community_remedy"
    case banningLetter = "banning_letter"
    case jointVisit = "joint_visit"
    case noiseMonitoring = "noise_monitoring"
    case managementTransfer = "management_transfer"

    public var label: String {
        switch self {
        case .verbalWarning: "Verbal warning"
        case .writtenWarning: "Written warning"
        case .dearNeighbourCard: "Dear Neighbour card"
        case .mediation: "Mediation"
        case .acceptableBehaviourContract: "Acceptable behaviour contract (under 18)"
        case .acceptableBehaviourAgreement: "Acceptable behaviour agreement (adult)"
        case .parentingContract: "Parenting contract"
        case .supportAndCounselling: "Support and counselling"
        case .communityResolution: "Community resolution"
        case .communityRemedy: "Community Remedy (out-of-court)"
        case .banningLetter: "Banning letter"
        case .jointVisit: "Joint visit with a partner agency"
        case .noiseMonitoring: "Noise monitoring or noise app issued"
        case .managementTransfer: "Management transfer referral"
        }
    }

    /// Measures whose terms are agreed with the person and can be breached.
    public var hasTerms: Bool {
        switch self {
        case .acceptableBehaviourContract, .acceptableBehaviourAgreement, .parentingContract, .communityResolution,
            .communityRemedy, .banningLetter, .mediation:
            true
        default: false
        }
    }

    /// Made with parents or guardians (Westminster: ABCs are "endorsed by the
    /// parents"; a parenting contract is with the parents). A banning letter to
    /// an under-18 is also served in their presence, which its terms record.
    public var needsGuardians: Bool {
        self == .acceptableBehaviourContract || self == .parentingContract
    }
}

public enum Engagement: String, CaseIterable, Codable, Sendable {
    case notYetKnown = "not_yet_known"
    case engaged
    case partly
    case notEngaged = "not_engaged"

    public var label: String {
        switch self {
        case .notYetKnown: "Not yet known"
        case .engaged: "Engaged"
        case .partly: "Partly engaged"
        case .notEngaged: "Did not engage"
        }
    }
}

public enum InterventionOutcome: String, CaseIterable, Codable, Sendable {
    case successful
    case partlySuccessful = "partly_successful"
    case unsuccessful
    case withdrawn

    public var label: String {
        switch self {
        case .successful: "Successful: the behaviour stopped"
        case .partlySuccessful: "Partly successful"
        case .unsuccessful: "Unsuccessful"
        case .withdrawn: "Withdrawn or not taken up"
        }
    }
}

/// Whether an intervention is still running. Its values are the two the app writes to
/// `interventions.status`: "active" when it is recorded (the officer's form, the demo, the generator)
/// and "ended" once its outcome is recorded.
public enum InterventionStatus: String, CaseIterable, Codable, Sendable {
    case active
    case ended

    public var label: String { self == .active ? "Active" : "Ended" }
}

/// The facts an intervention is checked against.
public struct InterventionFacts: Sendable, Equatable {
    public var kind: InterventionKind
    /// The subject's age is known to be under 18 (nil when no date of birth is recorded).
    public var subjectUnder18: Bool?
    public var guardians: String
    public var terms: String
    public var startedOn: CivilDate?
    public var reviewOn: CivilDate?
    /// The case involves abuse, harassment or a hate incident.
    public var abuseOrHate: Bool
    /// Why mediation is right despite abuse or hate, when it is.
    public var mediationJustification: String
    public var reportingPersonConsents: Bool
    public var respondentConsents: Bool
    /// Community Remedy: the victim was consulted on the out-of-court option.
    public var victimConsultedOn: CivilDate?
    public var victimView: String
    /// A person on the case was chosen as the subject.
    public var hasSubject: Bool

    public init(
        kind: InterventionKind, subjectUnder18: Bool?, guardians: String = "", terms: String = "",
        startedOn: CivilDate?, reviewOn: CivilDate? = nil, abuseOrHate: Bool = false,
        mediationJustification: String = "", reportingPersonConsents: Bool = false, respondentConsents: Bool = false,
        victimConsultedOn: CivilDate? = nil, victimView: String = "", hasSubject: Bool = true
    ) {
        self.kind = kind
        self.subjectUnder18 = subjectUnder18
        self.guardians = guardians
        self.terms = terms
        self.startedOn = startedOn
        self.reviewOn = reviewOn
        self.abuseOrHate = abuseOrHate
        self.mediationJustification = mediationJustification
        self.reportingPersonConsents = reportingPersonConsents
        self.respondentConsents = respondentConsents
        self.victimConsultedOn = victimConsultedOn
        self.victimView = victimView
        self.hasSubject = hasSubject
    }
}

public enum InterventionRules {
    /// Words in a category's name that mean the reporting person was abused,
    /// harassed or threatened.
    static let abuseWords = ["abuse", "harass", "threat", "intimidat", "violence", "assault", "domestic"]

    /// Abuse, harassment or a hate incident on a case: its hate flag, a
    /// category naming abuse, or the reporting person's interview answering
    /// yes to abuse or hate. Approaching the respondent and mediation are then
    /// not suggested (Lambeth 3.3.1).
    public static func abuseOrHate(hateIncident: Bool, categories: [String], interviews: [[String: String]]) -> Bool {
        if hateIncident { return true }
        if categories.contains(where: { name in abuseWords.contains { name.lowercased().contains($0) } }) {
            return true
        }
        return interviews.contains { $0["abuse"] == "yes" || $0["hate"] == "yes" }
    }

    /// A breach happens between the start of the intervention and today.
    public static func breachProblem(occurredOn: CivilDate?, startedOn: CivilDate?, today: CivilDate)
        -> CaseworkProblem?
    {
        guard let occurredOn else { return .init("occurred_on", "Enter the date of the breach, like 2026-11-20") }
        if occurredOn > today || occurredOn < (startedOn ?? occurredOn) {
            return .init("occurred_on", "The breach must be between the start of the intervention and today")
        }
        return nil
    }

    /// Measures worth considering on this case, in the procedure's order.
    /// Approaching the respondent directly and mediation are never suggested
    /// after abuse or a hate incident (Lambeth 3.3.1).
    public static func suggested(abuseOrHate: Bool, respondentUnder18: Bool?) -> [InterventionKind] {
        var kinds: [InterventionKind] = [.verbalWarning, .writtenWarning]
        if !abuseOrHate { kinds += [.dearNeighbourCard, .mediation] }
        switch respondentUnder18 {
        case true?: kinds += [.acceptableBehaviourContract, .parentingContract]
        case false?: kinds += [.acceptableBehaviourAgreement]
        case nil: break
        }
        kinds += [.supportAndCounselling, .communityResolution]
        return kinds
    }

    public static func problems(_ facts: InterventionFacts, today: CivilDate) -> [CaseworkProblem] {
        var problems: [CaseworkProblem] = []
        if let start = facts.startedOn {
            if start > today { problems.append(.init("started_on", "The start date cannot be in the future")) }
            if let review = facts.reviewOn, review <= start {
                problems.append(.init("review_on", "The review date must be after the start date"))
            }
        } else {
            problems.append(.init("started_on", "Enter the date the intervention started, like 2026-11-23"))
        }
        if facts.kind.hasTerms && facts.terms.isEmpty {
            problems.append(.init("terms", "Enter the terms agreed for the \(facts.kind.label.lowercased())"))
        }
        // A contract or agreement is made with someone.
        if (facts.kind.needsGuardians || facts.kind == .acceptableBehaviourAgreement) && !facts.hasSubject {
            problems.append(.init("party_id", "Select the person the \(facts.kind.label.lowercased()) is with"))
        }
        switch facts.kind {
        case .acceptableBehaviourContract, .parentingContract:
            if facts.subjectUnder18 != true {
                problems.append(
                    .init(
                        "party_id",
                        facts.subjectUnder18 == nil
                            ? "Record the person's date of birth first: this is for people under 18"
                            : "This is for people under 18; for adults use an acceptable behaviour agreement"))
            }
        case .acceptableBehaviourAgreement:
            if facts.subjectUnder18 == true {
                problems.append(
                    .init("party_id", "The person is under 18: use an acceptable behaviour contract with their parents")
                )
            }
        case .dearNeighbourCard:
            if facts.abuseOrHate {
                problems.append(
                    .init(
                        "kind",
                        "A Dear Neighbour card asks the reporting person to approach the respondent, which is never suggested after abuse or a hate incident"
                    ))
            }
        case .mediation:
            if facts.abuseOrHate && facts.mediationJustification.isEmpty {
                problems.append(
                    .init(
                        "mediation_justification",
                        "This case involves abuse or a hate incident: mediation is not suggested, so record why it is right here"
                    ))
            }
            if !facts.reportingPersonConsents || !facts.respondentConsents {
                problems.append(
                    .init("consents", "Mediation needs the consent of both sides: confirm both have agreed"))
            }
        case .communityRemedy:
            if facts.victimConsultedOn == nil || facts.victimView.isEmpty {
                problems.append(
                    .init(
                        "victim_view",
                        "Record when the victim was consulted on the Community Remedy and what they said"))
            }
        default: break
        }
        if facts.kind.needsGuardians && facts.guardians.isEmpty {
            problems.append(.init("guardians", "Enter the parents or guardians who are party to it"))
        }
        return problems
    }
}
