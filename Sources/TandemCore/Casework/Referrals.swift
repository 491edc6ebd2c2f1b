import Foundation

/// Services a case refers people to (Westminster section 11, Lambeth 3.3.3).
public enum SupportService: String, CaseIterable, Codable, Sendable {
    case mentalHealth = "mental_health"
    case adultSocialCare = "adult_social_care"
    case childrensServices = "childrens_services"
    case youthOffending = "youth_offending"
    case victimSupport = "victim_support"
    case floatingSupport = "floating_support"
    case drugAndAlcohol = "drug_alcohol"
    case police
    case noiseTeam = "noise_team"
    case mediation

    public var label: String {
        switch self {
        case .mentalHealth: "Mental health services"
        case .adultSocialCare: "Adult social care"
        case .childrensServices: "Children's services"
        case .youthOffending: "Youth offending service"
        case .victimSupport: "Victim Support"
        case .floatingSupport: "Floating (tenancy) support"
        case .drugAndAlcohol: "Drug and alcohol services"
        case .police: "Police"
        case .noiseTeam: "Noise team"
        case .mediation: "Mediation service"
        }
    }

    /// A referral to this service says something about the person's health or care needs (UK GDPR Article 9:
    /// health data), so it is read only where the special category section is open.
    public var isSpecialCategory: Bool {
        switch self {
        case .mentalHealth, .adultSocialCare, .drugAndAlcohol: true
        default: false
        }
    }
}

public enum ReferralStatus: String, CaseIterable, Codable, Sendable {
    case sent
    case acknowledged
    case accepted
    case declined
    case engaged
    case disengaged
    case closed

    public var label: String {
        switch self {
        case .sent: "Sent"
        case .acknowledged: "Acknowledged"
        case .accepted: "Accepted"
        case .declined: "Declined by the service"
        case .engaged: "Person engaging"
        case .disengaged: "Person disengaged"
        case .closed: "Closed"
        }
    }

    /// Where a referral may go next. Engagement can change back and forth
    /// while the service works with the person; a closed referral stays closed.
    public var next: [ReferralStatus] {
        switch self {
        case .sent: [.acknowledged, .accepted, .declined, .closed]
        case .acknowledged: [.accepted, .declined, .closed]
        case .accepted: [.engaged, .disengaged, .closed]
        case .engaged: [.disengaged, .closed]
        case .disengaged: [.engaged, .closed]
        case .declined: [.closed]
        case .closed: []
        }
    }

    /// Still waiting for the service to reply.
    public var awaitingReply: Bool { self == .sent || self == .acknowledged }
}

/// What one entry in a referral's history records: the status the referral moved to, or a chase that
/// kept its status and moved the reply date. Its values are those stored in `referral_updates.status`:
/// a `ReferralStatus` raw value, or "chased" (the referral form's chase option).
public enum ReferralUpdateStatus: String, CaseIterable, Codable, Sendable {
    case sent
    case acknowledged
    case accepted
    case declined
    case engaged
    case disengaged
    case closed
    case chased

    public init(_ status: ReferralStatus) {
        switch status {
        case .sent: self = .sent
        case .acknowledged: self = .acknowledged
        case .accepted: self = .accepted
        case .declined: self = .declined
        case .engaged: self = .engaged
        case .disengaged: self = .disengaged
        case .closed: self = .closed
        }
    }

    /// The status the referral moved to; nil for a chase, which leaves it as it was.
    public var status: ReferralStatus? { ReferralStatus(rawValue: rawValue) }

    public var label: String { status?.label ?? "Chased" }
}

public enum ReferralRules {
    /// Without an agreed reply date, a service is expected to answer within
    /// ten working days of the referral.
    public static let defaultReplyWorkingDays = 10

    public static func defaultReplyDue(sentOn: CivilDate, calendar: WorkingCalendar) -> CivilDate {
        var day = sentOn
        var counted = 0
        while counted < defaultReplyWorkingDays {
            day = day.adding(days: 1)
            if calendar.isWorkingDay(day) { counted += 1 }
        }
        return day
    }

    /// 002 "During the case": "if other agencies haven't responded to your
    /// referrals, chase them". A referral is chase-due once the day its reply
    /// was expected has passed with no reply.
    public static func isChaseDue(status: ReferralStatus, replyDueOn: CivilDate, today: CivilDate) -> Bool {
        status.awaitingReply && today > replyDueOn
    }

    /// Chasing keeps the status and sets when the reply is now expected:
    /// only for a referral still waiting, and to a day after today.
    public static func chaseProblem(status: ReferralStatus, newReplyDue: CivilDate?, today: CivilDate)
        -> CaseworkProblem?
    {
        if !status.awaitingReply { return .init("status", "Only a referral still waiting for a reply can be chased") }
        guard let newReplyDue, newReplyDue > today else {
            return .init("reply_due_on", "Enter the date the reply is now expected, after today")
        }
        return nil
    }

    public static func transitionProblem(from: ReferralStatus, to: ReferralStatus?) -> CaseworkProblem? {
        guard let to else { return .init("status", "Select the referral's new status") }
        if !from.next.contains(to) {
            return .init(
                "status",
                from.next.isEmpty
                    ? "This referral is closed and cannot change"
                    : "A referral that is \(from.label.lowercased()) can only become: \(from.next.map { $0.label.lowercased() }.joined(separator: ", "))"
            )
        }
        return nil
    }
}
