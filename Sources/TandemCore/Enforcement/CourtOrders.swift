import Foundation

public enum HearingType: String, CaseIterable, Codable, Sendable {
    case firstHearing = "first"
    case withoutNotice = "without_notice"
    case directions
    case trial
    case returnDate = "return"
    case breach
    case review

    public var label: String {
        switch self {
        case .firstHearing: "First hearing"
        case .withoutNotice: "Without-notice (urgent) hearing"
        case .directions: "Directions hearing"
        case .trial: "Trial or final hearing"
        case .returnDate: "Return date"
        case .breach: "Breach or committal hearing"
        case .review: "Review hearing"
        }
    }
}

public enum HearingOutcome: String, CaseIterable, Codable, Sendable {
    case adjourned
    case granted
    case interimGranted = "interim_granted"
    case suspendedPossession = "suspended_possession"
    case outrightPossession = "outright_possession"
    case undertakings
    case refused
    case withdrawn

    public var label: String {
        switch self {
        case .adjourned: "Adjourned"
        case .granted: "Granted"
        case .interimGranted: "Interim order granted"
        case .suspendedPossession: "Suspended possession order"
        case .outrightPossession: "Outright possession order"
        case .undertakings: "Undertakings accepted"
        case .refused: "Refused"
        case .withdrawn: "Withdrawn"
        }
    }

    /// The court decided the application: the victim is offered a
    /// vulnerability assessment afterwards (Lambeth 3.3.2).
    public var isDecision: Bool { self != .adjourned }

    /// The court made an order whose terms are then recorded.
    public var makesOrder: Bool {
        switch self {
        case .granted, .interimGranted, .suspendedPossession, .outrightPossession: true
        case .adjourned, .undertakings, .refused, .withdrawn: false
        }
    }
}

/// Where a legal measure stands, moved by hearings and recorded steps.
public enum MeasureStatus: String, CaseIterable, Codable, Sendable {
    case instructed
    case served
    case inCourt = "in_court"
    case orderMade = "order_made"
    case undertakings
    case refused
    case evicted
    case withdrawn
    case ended

    public var label: String {
        switch self {
        case .instructed: "Instructed"
        case .served: "Served"
        case .inCourt: "In court"
        case .orderMade: "Order made"
        case .undertakings: "Undertakings given"
        case .refused: "Refused by the court"
        case .evicted: "Eviction carried out"
        case .withdrawn: "Withdrawn"
        case .ended: "Ended"
        }
    }

    /// Still in hand: the register's "current legal cases" (003 section 2).
    public var isCurrent: Bool {
        switch self {
        case .instructed, .served, .inCourt, .orderMade, .undertakings: true
        case .refused, .evicted, .withdrawn, .ended: false
        }
    }

    /// After a hearing with this outcome.
    public static func after(_ outcome: HearingOutcome) -> MeasureStatus {
        switch outcome {
        case .adjourned: .inCourt
        case .granted, .interimGranted, .suspendedPossession, .outrightPossession: .orderMade
        case .undertakings: .undertakings
        case .refused: .refused
        case .withdrawn: .withdrawn
        }
    }
}

/// What the officer records about a hearing.
public struct HearingInput: Sendable, Equatable {
    public var heardOn: CivilDate?
    public var court: String
    public var type: HearingType?
    public var outcome: HearingOutcome?
    public var adjournedTo: CivilDate?

    public init(
        heardOn: CivilDate?, court: String, type: HearingType?, outcome: HearingOutcome?, adjournedTo: CivilDate?
    ) {
        self.heardOn = heardOn
        self.court = court
        self.type = type
        self.outcome = outcome
        self.adjournedTo = adjournedTo
    }
}

/// What the officer records about an order the court made.
public struct OrderInput: Sendable, Equatable {
    public var madeOn: CivilDate?
    public var startsOn: CivilDate?
    public var expiresOn: CivilDate?
    public var prohibitions: String
    public var requirements: String
    public var exclusion: String
    public var powerOfArrest: Bool
    public var arrestTerms: String

    public init(
        madeOn: CivilDate?, startsOn: CivilDate?, expiresOn: CivilDate?, prohibitions: String, requirements: String,
        exclusion: String, powerOfArrest: Bool, arrestTerms: String
    ) {
        self.madeOn = madeOn
        self.startsOn = startsOn
        self.expiresOn = expiresOn
        self.prohibitions = prohibitions
        self.requirements = requirements
        self.exclusion = exclusion
        self.powerOfArrest = powerOfArrest
        self.arrestTerms = arrestTerms
    }
}

/// Whether an order's extension is yet to be considered.
public enum ExpiryState: String, Sendable, Equatable {
    case noExpiry = "no_expiry"
    case running
    case considerExtension = "consider_extension"
    case expired

    public var label: String {
        switch self {
        case .noExpiry: "No expiry date"
        case .running: "Running"
        case .considerExtension: "Consider extending"
        case .expired: "Expired"
        }
    }
}

public enum CourtRules {
    /// Weeks before expiry that the extension reminder falls, unless the power says otherwise.
    public static let defaultReminderWeeks = 8

    public static func hearingProblems(_ input: HearingInput, today: CivilDate) -> [CaseworkProblem] {
        var problems: [CaseworkProblem] = []
        if input.heardOn == nil {
            problems.append(CaseworkProblem("heard_on", "Enter the hearing date like 2026-11-23"))
        }
        if input.court.isEmpty { problems.append(CaseworkProblem("court", "Enter the court")) }
        if input.type == nil { problems.append(CaseworkProblem("hearing_type", "Select the type of hearing")) }
        if let heard = input.heardOn, input.outcome != nil, heard > today {
            problems.append(CaseworkProblem("outcome", "A hearing in the future has no outcome yet"))
        }
        if input.outcome == .adjourned {
            if let to = input.adjournedTo {
                if let heard = input.heardOn, to <= heard {
                    problems.append(CaseworkProblem("adjourned_to", "The new date must be after the hearing"))
                }
            } else {
                problems.append(CaseworkProblem("adjourned_to", "Enter the date it was adjourned to"))
            }
        }
        return problems
    }

    /// An order's terms: at least one prohibition or requirement; a power of
    /// arrest names the terms it attaches to and can never attach to a
    /// positive requirement alone (Westminster section 8, the 2014 Act s.4).
    public static func orderProblems(_ input: OrderInput, today: CivilDate) -> [CaseworkProblem] {
        var problems: [CaseworkProblem] = []
        if let made = input.madeOn {
            if made > today { problems.append(CaseworkProblem("made_on", "The order date cannot be in the future")) }
        } else {
            problems.append(CaseworkProblem("made_on", "Enter the date the order was made"))
        }
        guard let starts = input.startsOn else {
            problems.append(CaseworkProblem("starts_on", "Enter the date the order starts"))
            return problems
        }
        if let made = input.madeOn, starts < made {
            problems.append(CaseworkProblem("starts_on", "The order cannot start before it was made"))
        }
        if let expires = input.expiresOn, expires <= starts {
            problems.append(CaseworkProblem("expires_on", "The expiry must be after the start"))
        }
        if input.prohibitions.isEmpty && input.requirements.isEmpty && input.exclusion.isEmpty {
            problems.append(
                CaseworkProblem("prohibitions", "Record the order's prohibitions, requirements or exclusion"))
        }
        if input.powerOfArrest {
            if input.arrestTerms.isEmpty {
                problems.append(CaseworkProblem("arrest_terms", "Say which terms the power of arrest is attached to"))
            }
            if input.prohibitions.isEmpty && input.exclusion.isEmpty {
                problems.append(
                    CaseworkProblem(
                        "arrest_terms", "A power of arrest cannot be attached to a positive requirement alone"))
            }
        }
        return problems
    }

    /// The day the extension reminder falls: `weeks` before expiry.
    public static func reminderOn(expiresOn: CivilDate?, weeks: Int = defaultReminderWeeks) -> CivilDate? {
        expiresOn.map { $0.adding(days: -7 * max(0, weeks)) }
    }

    public static func expiryState(expiresOn: CivilDate?, reminderOn: CivilDate?, today: CivilDate) -> ExpiryState {
        guard let expiresOn else { return .noExpiry }
        if today > expiresOn { return .expired }
        if let reminderOn, today >= reminderOn { return .considerExtension }
        return .running
    }

    public static func breachProblems(
        occurredOn: CivilDate?, details: String, orderStartsOn: CivilDate?, today: CivilDate
    ) -> [CaseworkProblem] {
        var problems: [CaseworkProblem] = []
        if let on = occurredOn {
            if on > today { problems.append(CaseworkProblem("occurred_on", "The breach date cannot be in the future")) }
            if let starts = orderStartsOn, on < starts {
                problems.append(CaseworkProblem("occurred_on", "The breach cannot be before the order started"))
            }
        } else {
            problems.append(CaseworkProblem("occurred_on", "Enter the date of the breach like 2026-11-23"))
        }
        if details.isEmpty { problems.append(CaseworkProblem("details", "Describe the breach and its evidence")) }
        return problems
    }
}

/// What a legal case has cost, recorded for the case and for reporting.
public enum CostKind: String, CaseIterable, Codable, Sendable {
    case legal
    case court
    case officerTime = "officer_time"

    public var label: String {
        switch self {
        case .legal: "Legal services"
        case .court: "Court fees"
        case .officerTime: "Officer time"
        }
    }
}

public enum CostRules {
    /// Parses "1,250.50" or "£80" into pence; nil for anything else, negatives, or over £1,000,000.
    public static func pence(_ text: String) -> Int? {
        var cleaned = text.replacingOccurrences(of: ",", with: "")
        if cleaned.hasPrefix("£") { cleaned.removeFirst() }
        let parts = cleaned.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts[0].allSatisfy(\.isASCII), parts[0].allSatisfy(\.isNumber),
            parts[0].count <= 9, let pounds = Int(parts[0])
        else { return nil }
        var pence = 0
        if parts.count == 2 {
            guard (1...2).contains(parts[1].count), parts[1].allSatisfy(\.isASCII), parts[1].allSatisfy(\.isNumber),
                let fraction = Int(parts[1])
            else { return nil }
            pence = parts[1].count == 1 ? fraction * 10 : fraction
        }
        let total = pounds * 100 + pence
        return total <= 100_000_000 ? total : nil
    }

    public static func display(pence: Int) -> String {
        let pounds = pence / 100
        var whole = ""
        for (index, digit) in String(pounds).reversed().enumerated() {
            if index > 0 && index % 3 == 0 { whole.insert(",", at: whole.startIndex) }
            whole.insert(digit, at: whole.startIndex)
        }
        let fraction = pence % 100
        return "£\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}

/// What an officer records as a measure goes on outside court.
public enum MeasureStep: String, CaseIterable, Sendable {
    case served
    case evicted
    case withdrawn
    case ended
}

public enum StepRules {
    /// Why the step cannot be recorded: a measure that has ended takes no
    /// more steps; a notice is served at a time not in the future; an
    /// eviction follows possession proceedings; a withdrawal or end gives its reason.
    public static func problems(
        _ step: MeasureStep?, status: MeasureStatus, powerKey: String, on day: CivilDate?, servedAt: Date?,
        reason: String, today: CivilDate, now: Date
    ) -> [String] {
        var problems: [String] = []
        if !status.isCurrent { problems.append("This measure has ended") }
        if let day, day > today { problems.append("The date cannot be in the future") }
        switch step {
        case nil: problems.append("Choose what happened")
        case .served:
            if let servedAt {
                if servedAt > now { problems.append("The time cannot be in the future") }
            } else {
                problems.append("Enter the date served like 2026-11-23 and the time like 14:30")
            }
        case .evicted:
            if day == nil { problems.append("Enter the date of the eviction like 2026-11-23") }
            if powerKey != LegalPowerCatalogue.possessionKey {
                problems.append("An eviction follows possession proceedings")
            }
        case .withdrawn, .ended:
            if reason.isEmpty { problems.append("Give the reason") }
        }
        return problems
    }

    public static func status(after step: MeasureStep, current: MeasureStatus) -> MeasureStatus {
        switch step {
        case .served: current == .instructed ? .served : current
        case .evicted: .evicted
        case .withdrawn: .withdrawn
        case .ended: .ended
        }
    }

    /// Lambeth 3.3.3: once a Notice of Seeking Possession is served on a
    /// household with children, the homeless persons unit is told and adult
    /// social care and children's services are involved.
    public static func notifiesHousehold(_ step: MeasureStep, powerKey: String, childrenInHousehold: Bool) -> Bool {
        step == .served && childrenInHousehold && powerKey == LegalPowerCatalogue.noticeOfSeekingPossessionKey
    }

    /// An order's terms are recorded once a hearing has made it.
    public static func orderProblem(status: MeasureStatus) -> String? {
        status == .orderMade ? nil : "Record the hearing at which the order was made first"
    }
}
