import Foundation

/// The time limits of a subject access request as the ICO counts them (UK GDPR Article 12(3); ICO guidance "Time
/// limits for responding"): a calendar month from the day the request is received (or identity is confirmed, or
/// clarification arrives), to the corresponding date of the next month, or that month's last day when it has no such
/// date; a deadline on a weekend or bank holiday moves to the next working day. Complex requests may be extended by
/// two further months if the requester is told, with the reason, within the first month.
public enum SubjectAccessRules {
    /// The day the clock starts: the latest of receipt, identity confirmed and any clarification received.
    public static func startsOn(received: CivilDate, identityConfirmed: CivilDate?, clarified: CivilDate?) -> CivilDate
    {
        max(received, identityConfirmed ?? received, clarified ?? received)
    }

    /// The response is due by this day.
    public static func dueOn(startingOn day: CivilDate, calendar: WorkingCalendar) -> CivilDate {
        onWorkingDay(CivilDate.monthsAfter(1, day), calendar: calendar)
    }

    /// The extended deadline: two further months on the original one (three calendar months from the start).
    public static func extendedDueOn(startingOn day: CivilDate, calendar: WorkingCalendar) -> CivilDate {
        onWorkingDay(CivilDate.monthsAfter(3, day), calendar: calendar)
    }

    /// Why an extension cannot be recorded: it needs a reason, and the requester told within the first month.
    public static func extensionProblems(
        reason: String, toldOn: CivilDate?, startingOn day: CivilDate, calendar: WorkingCalendar
    ) -> [String] {
        var problems: [String] = []
        if reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            problems.append("Say why the request is complex enough to extend")
        }
        guard let toldOn else {
            problems.append("Enter the date the requester was told of the extension")
            return problems
        }
        if toldOn < day { problems.append("The requester cannot be told before the request's clock started") }
        if toldOn > dueOn(startingOn: day, calendar: calendar) {
            problems.append("The requester must be told within the first month: it is too late to extend")
        }
        return problems
    }

    static func onWorkingDay(_ day: CivilDate, calendar: WorkingCalendar) -> CivilDate {
        calendar.isWorkingDay(day) ? day : calendar.nextWorkingDay(after: day)
    }
}

/// Who is asking, in relation to the records: it decides what is redacted by default.
public enum RequesterRole: String, CaseIterable, Codable, Sendable {
    case reportingPerson = "reporting_person"
    case respondent
    case witness
    case householdMember = "household_member"

    public var label: String {
        switch self {
        case .reportingPerson: "A person who reported the behaviour"
        case .respondent: "A person complained about"
        case .witness: "A witness"
        case .householdMember: "A household member"
        }
    }
}

/// What a piece of a record is about, for redaction.
public enum DisclosedDetail: Sendable, Equatable {
    /// The requester's own data.
    case requester
    /// A named third party in a role on the case.
    case thirdParty(RequesterRole)
    /// Staff of an organisation acting in their job (names of officers are usually disclosed).
    case staff
    /// Text that may identify someone from context: a report's content, an address, a phone number.
    case identifyingContext(of: RequesterRole)
}

public enum RedactionRules {
    /// Redacted unless a reviewer lifts it with a reason (ICO: third-party data is weighed, and usually withheld
    /// without consent). The reporting person's identity, and anything that points to it from context, is always
    /// redacted by default: telling a respondent who complained is the worst failure an ASB system can have.
    public static func redactedByDefault(_ detail: DisclosedDetail, requester: RequesterRole) -> Bool {
        switch detail {
        case .requester, .staff: return false
        // Context that could identify someone is withheld whoever asks: a reporting person asking is not entitled to
        // what another reporting person said. The requester's own words are marked `.requester` when gathered.
        case .thirdParty, .identifyingContext: return true
        }
    }

    /// Why a reviewer may not lift a redaction: a reason is always needed, and the reporting person's identity is
    /// never released to a respondent by lifting a default (it needs their written consent, recorded elsewhere).
    public static func liftProblems(_ detail: DisclosedDetail, requester: RequesterRole, reason: String) -> [String] {
        var problems: [String] = []
        if reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { problems.append("Say why it is released") }
        if requester == .respondent {
            switch detail {
            case .thirdParty(.reportingPerson), .identifyingContext(of: .reportingPerson):
                problems.append("The reporting person's identity is not released to the person they complained about")
            default: break
            }
        }
        return problems
    }
}
