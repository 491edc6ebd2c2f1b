import Foundation

/// The five conditions of the absolute ground for possession (Lambeth 3.3.6),
/// each about the tenant, a member of the household or a visitor.
public enum AbsoluteGroundCondition: String, CaseIterable, Codable, Sendable {
    case seriousOffence = "serious_offence"
    case injunctionBreach = "injunction_breach"
    case criminalBehaviourOrderBreach = "cbo_breach"
    case closureOrder = "closure_order"
    case noiseAbatementBreach = "noise_breach"

    public var label: String {
        switch self {
        case .seriousOffence:
            "Convicted of a serious offence (Schedule 2A, Housing Act 1985)"
        case .injunctionBreach: "Found by a court to have breached a civil injunction"
        case .criminalBehaviourOrderBreach: "Convicted of breaching a Criminal Behaviour Order"
        case .closureOrder: "The property was closed for more than 48 hours under a closure order"
        case .noiseAbatementBreach: "Convicted of breaching a noise abatement notice or order"
        }
    }
}

public enum PossessionGround: String, CaseIterable, Codable, Sendable {
    case discretionary
    case absolute

    public var label: String {
        switch self {
        case .discretionary: "Discretionary ground: the court decides whether it is reasonable"
        case .absolute: "Absolute ground: the court must grant possession if a condition is proved"
        }
    }
}

public enum MeasureScope: String, CaseIterable, Codable, Sendable {
    case individual
    case estateWide = "estate_wide"

    public var label: String {
        switch self {
        case .individual: "Against an individual"
        case .estateWide: "Estate-wide"
        }
    }
}

/// Discussed with legal services before proceeding, as the costs must justify
/// the use of public funds (Westminster section 8).
public enum LikelihoodOfSuccess: String, CaseIterable, Codable, Sendable {
    case strong
    case reasonable
    case uncertain
    case weak

    public var label: String {
        switch self {
        case .strong: "Strong"
        case .reasonable: "Reasonable"
        case .uncertain: "Uncertain"
        case .weak: "Weak"
        }
    }
}

/// What the case shows that the prerequisites depend on, gathered by the app.
public struct EnforcementFacts: Sendable, Equatable {
    /// The respondent's tenure, or the case's home's when no respondent's is recorded.
    public var tenure: Tenure?
    /// The earliest written warning given on the case, if any.
    public var writtenWarningOn: CivilDate?
    /// The latest incident, diary entry, report or breach on the case.
    public var lastBehaviourOn: CivilDate?
    /// Whether a Notice of Seeking Possession has been served on the case.
    public var noticeOfSeekingPossessionServed: Bool
    /// When the latest closure notice on the case was served.
    public var closureNoticeServedAt: Date?
    /// The proportionality review for this power, as the gate sees it.
    public var review: ReviewGateState

    public init(
        tenure: Tenure? = nil, writtenWarningOn: CivilDate? = nil, lastBehaviourOn: CivilDate? = nil,
        noticeOfSeekingPossessionServed: Bool = false, closureNoticeServedAt: Date? = nil,
        review: ReviewGateState = .none
    ) {
        self.tenure = tenure
        self.writtenWarningOn = writtenWarningOn
        self.lastBehaviourOn = lastBehaviourOn
        self.noticeOfSeekingPossessionServed = noticeOfSeekingPossessionServed
        self.closureNoticeServedAt = closureNoticeServedAt
        self.review = review
    }
}

/// What the officer enters when instructing a measure.
public struct MeasureInput: Sendable, Equatable {
    public var instructedOn: CivilDate?
    public var likelihood: LikelihoodOfSuccess?
    public var likelihoodNotes: String
    public var hasRespondent: Bool
    public var respondentUnder18: Bool?
    public var scope: MeasureScope?
    public var ground: PossessionGround?
    public var condition: AbsoluteGroundCondition?
    public var representations: String
    public var convictionOn: CivilDate?
    public var convictionCourt: String
    public var convictionOffence: String
    public var servedAt: Date?

    public init(
        instructedOn: CivilDate?, likelihood: LikelihoodOfSuccess?, likelihoodNotes: String = "",
        hasRespondent: Bool = true, respondentUnder18: Bool? = nil, scope: MeasureScope? = nil,
        ground: PossessionGround? = nil, condition: AbsoluteGroundCondition? = nil, representations: String = "",
        convictionOn: CivilDate? = nil, convictionCourt: String = "", convictionOffence: String = "",
        servedAt: Date? = nil
    ) {
        self.instructedOn = instructedOn
        self.likelihood = likelihood
        self.likelihoodNotes = likelihoodNotes
        self.hasRespondent = hasRespondent
        self.respondentUnder18 = respondentUnder18
        self.scope = scope
        self.ground = ground
        self.condition = condition
        self.representations = representations
        self.convictionOn = convictionOn
        self.convictionCourt = convictionCourt
        self.convictionOffence = convictionOffence
        self.servedAt = servedAt
    }
}

public enum MeasureRules {
    /// Hours within which a closure order must be applied for after the notice.
    public static let closureNoticeHours = 48

    /// Why a prerequisite is not met, or nil when it is.
    public static func unmet(_ prerequisite: PowerPrerequisite, facts: EnforcementFacts, now: Date) -> String? {
        switch prerequisite {
        case .signedOffReview:
            switch facts.review {
            case .current: return nil
            case .none:
                return "Complete the proportionality review for this power and have a senior officer sign it off first"
            case .awaitingSignOff: return "The proportionality review is waiting for a senior officer's sign-off"
            case .returned: return "The proportionality review was sent back; complete a new one"
            case .stale:
                return
                    "The vulnerability record changed after the review was signed off; the review needs another look"
            }
        case .writtenWarningFirst:
            guard let warned = facts.writtenWarningOn else {
                return "A written warning must be given first (record it under interventions)"
            }
            guard let last = facts.lastBehaviourOn, last > warned else {
                return
                    "The behaviour must have continued after the written warning: record an incident, diary entry or breach after it"
            }
            return nil
        case .convictionRecorded:
            return nil  // Checked on the form: the conviction's date, court and offence.
        case .tenant:
            guard let tenure = facts.tenure else { return "Record the respondent's tenure on the case's home first" }
            return tenure.isTenancy ? nil : "The respondent is not recorded as a tenant (\(tenure.label.lowercased()))"
        case .introductoryTenant:
            return facts.tenure == .introductory ? nil : "The respondent is not recorded as an introductory tenant"
        case .leaseholder:
            return facts.tenure == .leaseholder ? nil : "The respondent is not recorded as a leaseholder"
        case .noticeOfSeekingPossessionServed:
            return facts.noticeOfSeekingPossessionServed
                ? nil : "Serve a Notice of Seeking Possession first and record it as served"
        case .closureNoticeWithin48Hours:
            guard let served = facts.closureNoticeServedAt else {
                return "A closure notice must be served first and recorded as served"
            }
            let hours = now.timeIntervalSince(served) / 3600
            return hours <= Double(closureNoticeHours)
                ? nil
                : "The closure notice was served more than 48 hours ago; the order can no longer be applied for on it"
        case .groundForPossession:
            return nil  // Checked on the form: the ground and the absolute ground's condition.
        }
    }

    /// Every reason the measure cannot be recorded: prerequisites first, then the form.
    public static func problems(
        prerequisites: [PowerPrerequisite], fields: [MeasureField], facts: EnforcementFacts, input: MeasureInput,
        today: CivilDate, now: Date
    ) -> [CaseworkProblem] {
        var problems = prerequisites.compactMap { unmet($0, facts: facts, now: now) }.map {
            CaseworkProblem("power", $0)
        }
        if let on = input.instructedOn {
            if on > today { problems.append(CaseworkProblem("instructed_on", "The date cannot be in the future")) }
        } else {
            problems.append(CaseworkProblem("instructed_on", "Enter the date like 2026-11-23"))
        }
        if input.likelihood == nil {
            problems.append(
                CaseworkProblem("likelihood", "Record the likelihood of success discussed with legal services"))
        }
        if fields.contains(.scope) {
            if input.scope == nil {
                problems.append(CaseworkProblem("scope", "Select whether it is against an individual or estate-wide"))
            }
            if input.scope == .individual && !input.hasRespondent {
                problems.append(CaseworkProblem("party_id", "Select who the injunction is against"))
            }
        }
        if fields.contains(.ground) || prerequisites.contains(.groundForPossession) {
            switch input.ground {
            case nil: problems.append(CaseworkProblem("ground", "Select the ground for possession"))
            case .discretionary: break
            case .absolute:
                if input.condition == nil {
                    problems.append(
                        CaseworkProblem("condition", "Select which condition of the absolute ground is met"))
                }
                if input.representations.isEmpty {
                    problems.append(
                        CaseworkProblem(
                            "representations",
                            "Record the tenant's opportunity to make representations and how they were considered"))
                }
            }
        }
        if fields.contains(.conviction) || prerequisites.contains(.convictionRecorded) {
            if let on = input.convictionOn {
                if on > today {
                    problems.append(CaseworkProblem("conviction_on", "The conviction date cannot be in the future"))
                }
            } else {
                problems.append(
                    CaseworkProblem(
                        "conviction_on", "A Criminal Behaviour Order needs a recorded conviction: enter its date"))
            }
            if input.convictionCourt.isEmpty {
                problems.append(CaseworkProblem("conviction_court", "Enter the convicting court"))
            }
            if input.convictionOffence.isEmpty {
                problems.append(CaseworkProblem("conviction_offence", "Enter the offence"))
            }
        }
        if fields.contains(.servedAt) {
            if let served = input.servedAt {
                if served > now { problems.append(CaseworkProblem("served_at", "The time cannot be in the future")) }
            } else {
                problems.append(CaseworkProblem("served_at", "Enter when the notice was served, date and time"))
            }
        }
        return problems
    }

    /// Applications against under-18s go to the youth court; adults' to the
    /// county court or High Court (Westminster section 8).
    public static func injunctionCourt(respondentUnder18: Bool?) -> String {
        respondentUnder18 == true ? "Youth court" : "County court or High Court"
    }
}

extension Tenure {
    /// Tenancies a social landlord can seek possession of or demote.
    public var isTenancy: Bool {
        switch self {
        case .secure, .introductory, .flexible, .demoted, .housingAssociation: true
        case .leaseholder, .privateTenant, .ownerOccupier, .temporaryAccommodation: false
        }
    }
}
