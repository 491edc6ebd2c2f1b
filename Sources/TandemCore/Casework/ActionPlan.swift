import Foundation

/// Who carries out an action (Lambeth 3.3.1: actions "for both the case
/// manager and the reporting person"; partners are named so the agencies know).
public enum ActionOwner: String, CaseIterable, Codable, Sendable {
    case officer
    case reportingPerson = "reporting_person"
    case partner

    public var label: String {
        switch self {
        case .officer: "Case officer"
        case .reportingPerson: "Reporting person"
        case .partner: "Partner organisation"
        }
    }
}

public enum ActionStatus: String, CaseIterable, Codable, Sendable {
    case open
    case done
    case dropped

    public var label: String {
        switch self {
        case .open: "Open"
        case .done: "Done"
        case .dropped: "No longer needed"
        }
    }
}

/// How the reporting person agreed the plan (3.3.1: "signed by both the
/// Tenancy Enforcement Officer and the reporting person").
public enum AgreementMethod: String, CaseIterable, Codable, Sendable {
    case signedOnPaper = "signed_on_paper"
    case verbally
    case online

    public var label: String {
        switch self {
        case .signedOnPaper: "Signed on paper"
        case .verbally: "Agreed verbally"
        case .online: "Agreed online"
        }
    }
}

/// How often the officer keeps in touch. Westminster's "Our Promise":
/// weekly contact "for the duration of the case unless otherwise agreed".
public enum ContactFrequency: Int, CaseIterable, Codable, Sendable {
    case twiceWeekly = 3
    case weekly = 7
    case fortnightly = 14
    case fourWeekly = 28

    public static let standard: ContactFrequency = .weekly

    public var days: Int { rawValue }

    public var label: String {
        switch self {
        case .twiceWeekly: "Twice a week (every 3 days)"
        case .weekly: "Weekly (the standard promise)"
        case .fortnightly: "Every two weeks"
        case .fourWeekly: "Every four weeks"
        }
    }
}

/// How the officer and the reporting person keep in touch.
public enum ContactChannel: String, CaseIterable, Codable, Sendable {
    case phone
    case visit
    case email
    case letter
    case text
    case office
    case video

    public var label: String {
        switch self {
        case .phone: "Phone"
        case .visit: "Home visit"
        case .email: "Email"
        case .letter: "Letter"
        case .text: "Text message"
        case .office: "At the office"
        case .video: "Video call"
        }
    }
}

/// Which partner owns an action: an organisation that uses Tandem, or a body outside it named in words.
/// Issue 19, item 3: "an action's owner is chosen from the organisations and people in Tandem, or named as an
/// outside body, never free text alone".
public enum PartnerOwner: Sendable, Equatable {
    case organisation(UUID)
    case outsideBody
}

public struct PlannedAction: Sendable, Equatable {
    public var description: String
    public var owner: ActionOwner?
    /// The outside body's name, when a partner not on Tandem owns the action.
    public var ownerName: String
    /// When a partner owns it: which one.
    public var partner: PartnerOwner?
    /// When the owning team owns it: the officer (one of the team's users).
    public var officerID: UUID?
    public var dueOn: CivilDate?

    public init(
        description: String, owner: ActionOwner?, ownerName: String = "", partner: PartnerOwner? = nil,
        officerID: UUID? = nil, dueOn: CivilDate?
    ) {
        self.description = description
        self.owner = owner
        self.ownerName = ownerName
        self.partner = partner
        self.officerID = officerID
        self.dueOn = dueOn
    }
}

public enum PlanRules {
    /// 3.3.1: the first review meeting is "two weeks from the interview". A
    /// date that falls when the office is shut moves to the next working day.
    public static func firstReview(interviewedOn: CivilDate, calendar: WorkingCalendar) -> CivilDate {
        let day = interviewedOn.adding(days: 14)
        return calendar.isWorkingDay(day) ? day : calendar.nextWorkingDay(after: day)
    }

    /// Problems with an action before it is added to the plan.
    public static func problems(_ action: PlannedAction, today: CivilDate, prefix: String = "action")
        -> [CaseworkProblem]
    {
        var problems: [CaseworkProblem] = []
        if action.description.isEmpty {
            problems.append(.init("\(prefix)_description", "Enter what needs to be done"))
        }
        switch action.owner {
        case nil:
            problems.append(.init("\(prefix)_owner", "Select who owns the action"))
        case .officer where action.officerID == nil:
            problems.append(.init("\(prefix)_owner_user", "Select the officer who owns the action"))
        case .partner where action.partner == nil:
            problems.append(
                .init(
                    "\(prefix)_owner_organisation",
                    "Select the partner organisation that owns the action, or an outside body not on Tandem"))
        case .partner where action.partner == .outsideBody && action.ownerName.isEmpty:
            problems.append(.init("\(prefix)_owner_name", "Enter the name of the outside body that owns the action"))
        default:
            break
        }
        if let due = action.dueOn {
            if due < today { problems.append(.init("\(prefix)_due_on", "The due date cannot be in the past")) }
            if let problem = DateBounds.plannedProblem(due, today: today, label: "the due date") {
                problems.append(.init("\(prefix)_due_on", problem))
            }
        } else {
            problems.append(.init("\(prefix)_due_on", "Enter the date the action is due, like 2026-12-07"))
        }
        return problems
    }

    /// A review date must come after the meeting (or plan) it is set at.
    public static func reviewProblem(next: CivilDate?, after day: CivilDate, field: String = "next_review_on")
        -> CaseworkProblem?
    {
        guard let next else { return .init(field, "Enter the date of the next review meeting, like 2026-12-07") }
        if next <= day { return .init(field, "The next review must be after \(day)") }
        if next > day.adding(days: 183) { return .init(field, "The next review must be within six months") }
        return nil
    }

    /// The agreement: who agreed, when and how. A plan cannot be agreed
    /// before it was drawn up or in the future.
    public static func agreementProblems(
        agreedBy: String, agreedOn: CivilDate?, method: AgreementMethod?, planDrawnUp: CivilDate, today: CivilDate
    ) -> [CaseworkProblem] {
        var problems: [CaseworkProblem] = []
        if agreedBy.isEmpty { problems.append(.init("agreed_by", "Enter who agreed the plan")) }
        if let agreedOn {
            if agreedOn > today {
                problems.append(.init("agreed_on", "The date of agreement cannot be in the future"))
            } else if agreedOn < planDrawnUp {
                problems.append(.init("agreed_on", "The plan cannot be agreed before it was drawn up (\(planDrawnUp))"))
            }
        } else {
            problems.append(.init("agreed_on", "Enter the date the plan was agreed, like 2026-11-23"))
        }
        if method == nil { problems.append(.init("agreed_how", "Select how the plan was agreed")) }
        return problems
    }
}

/// Whether the promised contact is on track.
public enum ContactState: String, Sendable, Equatable {
    case onTrack = "on_track"
    case dueToday = "due_today"
    case overdue

    public var label: String {
        switch self {
        case .onTrack: "On track"
        case .dueToday: "Due today"
        case .overdue: "Overdue"
        }
    }
}

/// Westminster's "Our Promise" (003 section 5): contact at the agreed
/// frequency for the life of the case.
public enum ContactPromise {
    /// The next contact is due by the close of business on the day the
    /// frequency comes round after the last contact (or after the case
    /// opened, before any contact); when the office is shut that day, by the
    /// close of the working day before, so the promise is never broken by a
    /// weekend.
    public static func nextDue(after last: Date, every frequency: ContactFrequency, calendar: WorkingCalendar) -> Date {
        let lastDay = calendar.local(last).day
        var day = lastDay.adding(days: frequency.days)
        while !calendar.isWorkingDay(day) { day = day.adding(days: -1) }
        // A short frequency over a long closure would fall back to the day of
        // the last contact itself: then the first working day after it.
        if day <= lastDay { day = calendar.nextWorkingDay(after: lastDay) }
        return calendar.instant(day, minute: calendar.officeHours.closesAtMinute)
    }

    public static func state(due: Date, now: Date, calendar: WorkingCalendar) -> ContactState {
        if now > due { return .overdue }
        return calendar.local(now).day == calendar.local(due).day ? .dueToday : .onTrack
    }
}
