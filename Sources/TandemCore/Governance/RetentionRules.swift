import Foundation

/// The kinds of record the retention schedule covers (issue 23, item 1).
public enum RetainedRecord: String, CaseIterable, Codable, Sendable {
    case caseFile = "case_file"
    /// A report that was never opened as a case (triaged out, referred elsewhere, a duplicate).
    case unopenedReport = "unopened_report"
    case evidenceFile = "evidence_file"
    case auditEvent = "audit_event"
    case residentLink = "resident_link"

    public var label: String {
        switch self {
        case .caseFile: "Case file"
        case .unopenedReport: "Report never opened as a case"
        case .evidenceFile: "Evidence file"
        case .auditEvent: "Audit event's personal content"
        case .residentLink: "Reporting person's private link"
        }
    }
}

/// The event a retention period is counted from.
public enum RetentionEvent: String, CaseIterable, Codable, Sendable {
    case caseClosed = "case_closed"
    case reportTriaged = "report_triaged"
    case recorded
    case linkEnded = "link_ended"

    public var label: String {
        switch self {
        case .caseClosed: "the case's closure"
        case .reportTriaged: "the report's triage"
        case .recorded: "when it was recorded"
        case .linkEnded: "when the link stopped working"
        }
    }
}

/// One line of the retention schedule: keep this kind of record so many months after that event. Council schedules
/// keep ASB case files 3 to 6 years after closure (Tewkesbury 3, Darlington 5, Bury 6; Wyre Forest 6).
public struct RetentionRule: Codable, Equatable, Sendable {
    public var record: RetainedRecord
    public var months: Int
    public var from: RetentionEvent

    public init(record: RetainedRecord, months: Int, from: RetentionEvent) {
        self.record = record
        self.months = months
        self.from = from
    }

    /// The schedule Tandem starts with: six years after closure for a case and what belongs to it; six years after
    /// the event for the audit trail's personal content, and after the link ended for a reporting person's link.
    public static let defaults: [RetentionRule] = [
        .init(record: .caseFile, months: 72, from: .caseClosed),
        .init(record: .unopenedReport, months: 72, from: .reportTriaged),
        .init(record: .evidenceFile, months: 72, from: .caseClosed),
        .init(record: .auditEvent, months: 72, from: .recorded),
        .init(record: .residentLink, months: 72, from: .linkEnded),
    ]

    /// The first day the record may be destroyed: the same day of the month `months` later (a day the month lacks
    /// falls back to its last day), counted from the day of the event.
    public func dueOn(eventOn day: CivilDate) -> CivilDate { CivilDate.monthsAfter(months, day) }

    public var problems: [String] {
        (1...1200).contains(months) ? [] : ["Keep a record for 1 to 1,200 months"]
    }
}

/// A legal hold stops the clock for a case or a person (litigation, an inquiry, a complaint to the ombudsman).
public struct LegalHold: Codable, Equatable, Sendable {
    public var reason: String
    public var setOn: CivilDate
    public var reviewOn: CivilDate
    public var liftedOn: CivilDate?

    public init(reason: String, setOn: CivilDate, reviewOn: CivilDate, liftedOn: CivilDate? = nil) {
        self.reason = reason
        self.setOn = setOn
        self.reviewOn = reviewOn
        self.liftedOn = liftedOn
    }

    public func isActive(on day: CivilDate) -> Bool {
        setOn <= day && (liftedOn.map { day < $0 } ?? true)
    }

    public func isDueForReview(on day: CivilDate) -> Bool { isActive(on: day) && reviewOn <= day }

    public static func problems(reason: String, setOn: CivilDate, reviewOn: CivilDate?) -> [String] {
        var problems: [String] = []
        if reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { problems.append("Say why the hold is set") }
        if let reviewOn {
            if reviewOn <= setOn { problems.append("The review date must be after the day the hold is set") }
        } else {
            problems.append("Enter the date the hold is to be reviewed")
        }
        return problems
    }
}

/// Where one record stands against the schedule.
public enum RetentionStatus: Equatable, Sendable {
    /// The event has not happened (an open case): nothing is counted yet.
    case notStarted
    case kept(until: CivilDate)
    case due(since: CivilDate)
    /// Past its date but held; it is not disposed of while any hold is in force.
    case held(wasDue: CivilDate?)
}

public enum Retention {
    public static func status(
        rule: RetentionRule, eventOn: CivilDate?, holds: [LegalHold], today: CivilDate
    ) -> RetentionStatus {
        let due = eventOn.map(rule.dueOn)
        if holds.contains(where: { $0.isActive(on: today) }) {
            return .held(wasDue: due.flatMap { $0 <= today ? $0 : nil })
        }
        guard let due else { return .notStarted }
        return due <= today ? .due(since: due) : .kept(until: due)
    }

    /// The last day an event may have happened for its record to be due by `today`: every record whose event fell on
    /// or before it is due, and none after (so a database query can select them by one cut-off).
    public static func lastEventDay(rule: RetentionRule, today: CivilDate) -> CivilDate {
        var day = CivilDate.monthsAfter(-rule.months, today).adding(days: -3)
        while rule.dueOn(eventOn: day.adding(days: 1)) <= today { day = day.adding(days: 1) }
        return day
    }

    /// Why a disposal batch cannot be approved: any record in it under a hold, or not yet due, refuses the whole
    /// batch (nothing is half-destroyed).
    public static func batchProblems(_ items: [(label: String, status: RetentionStatus)]) -> [String] {
        var problems: [String] = []
        if items.isEmpty { problems.append("The batch holds nothing to dispose of") }
        for item in items {
            switch item.status {
            case .due: continue
            case .held: problems.append("\(item.label) is under a legal hold")
            case .kept(let until): problems.append("\(item.label) is kept until \(until)")
            case .notStarted: problems.append("\(item.label) is still open")
            }
        }
        return problems
    }
}
