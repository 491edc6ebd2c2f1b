import Foundation

/// A reporting period: whole days from `first` to `last` inclusive, in the
/// council's time zone. Every measure counts an event in the period when it
/// happened at or after the start of `first` and before the start of the day
/// after `last`, so a case closed at 23:59 on 31 March is in March.
public struct ReportingPeriod: Equatable, Sendable {
    public var first: CivilDate
    public var last: CivilDate

    public init(first: CivilDate, last: CivilDate) {
        self.first = first
        self.last = last
    }

    public func start(_ calendar: WorkingCalendar) -> Date { calendar.instant(first, minute: 0) }
    public func end(_ calendar: WorkingCalendar) -> Date { calendar.instant(last.adding(days: 1), minute: 0) }

    public var label: String { "\(first) to \(last)" }

    /// The calendar month containing `day`.
    public static func month(of day: CivilDate) -> ReportingPeriod {
        let first = CivilDate(day.year, day.month, 1)
        let next = day.month == 12 ? CivilDate(day.year + 1, 1, 1) : CivilDate(day.year, day.month + 1, 1)
        return ReportingPeriod(first: first, last: next.adding(days: -1))
    }

    /// The social housing reporting year (1 April to 31 March) containing `day`.
    public static func reportingYear(of day: CivilDate) -> ReportingPeriod {
        reportingYear(starting: day.month >= 4 ? day.year : day.year - 1)
    }

    public static func reportingYear(starting year: Int) -> ReportingPeriod {
        ReportingPeriod(first: CivilDate(year, 4, 1), last: CivilDate(year + 1, 3, 31))
    }

    /// "2025/26" for the year starting 1 April 2025.
    public static func yearLabel(starting year: Int) -> String {
        "\(year)/" + String(format: "%02d", (year + 1) % 100)
    }

    /// The months that overlap the period, oldest first, for trend charts.
    public var months: [ReportingPeriod] {
        var result: [ReportingPeriod] = []
        var cursor = ReportingPeriod.month(of: first)
        while cursor.first <= last {
            result.append(cursor)
            cursor = ReportingPeriod.month(of: cursor.last.adding(days: 1))
        }
        return result
    }

    /// Why a period typed into a report's filter cannot be used.
    public static func parse(from: String?, to: String?) -> Result<ReportingPeriod?, CaseworkProblem> {
        let fromText = from ?? ""
        let toText = to ?? ""
        if fromText.isEmpty && toText.isEmpty { return .success(nil) }
        guard let first = CivilDate(iso: fromText) else {
            return .failure(CaseworkProblem("from", "Enter the first day of the period, like 2026-04-01"))
        }
        guard let last = CivilDate(iso: toText) else {
            return .failure(CaseworkProblem("to", "Enter the last day of the period, like 2027-03-31"))
        }
        guard first <= last else {
            return .failure(CaseworkProblem("to", "The last day must be on or after the first day"))
        }
        guard last.dayNumber - first.dayNumber <= 3 * 366 else {
            return .failure(CaseworkProblem("to", "Choose a period of three years or less"))
        }
        return .success(ReportingPeriod(first: first, last: last))
    }
}

/// Islington's repeat-caller breakdown (London Councils survey, section on
/// repeat callers): everyone who reported three or more times in the previous
/// 24 weeks, counted in six four-week periods, newest last.
public enum RepeatCallerWindow {
    public static let periods = 6
    public static let daysPerPeriod = 28
    public static let threshold = 3

    /// The six periods ending with the day before `today`: period 1 is the oldest.
    public static func periods(endingBefore today: CivilDate) -> [ReportingPeriod] {
        let start = today.adding(days: -periods * daysPerPeriod)
        return (0..<periods).map { index in
            let first = start.adding(days: index * daysPerPeriod)
            return ReportingPeriod(first: first, last: first.adding(days: daysPerPeriod - 1))
        }
    }
}

/// The arithmetic every report shares, so a page, its CSV and the tests say the same thing.
public enum Measure {
    /// A whole-number percentage, rounded half up; nil when there is nothing to divide by.
    public static func percent(_ part: Int, of whole: Int) -> Int? {
        guard whole > 0 else { return nil }
        return (part * 200 + whole) / (whole * 2)
    }

    /// Tenant satisfaction measure NM01: cases per 1,000 homes owned, to two decimal places.
    public static func perThousandHomes(_ count: Int, homes: Int) -> Double? {
        guard homes > 0 else { return nil }
        return (Double(count) * 1000 / Double(homes) * 100).rounded() / 100
    }

    /// An average to one decimal place from a total and a count.
    public static func average(total: Int, count: Int) -> Double? {
        guard count > 0 else { return nil }
        return (Double(total) / Double(count) * 10).rounded() / 10
    }

    public static func format(_ value: Double?) -> String {
        guard let value else { return "–" }
        return String(format: value == value.rounded() ? "%.0f" : "%.1f", value)
    }

    public static func formatRate(_ value: Double?) -> String {
        guard let value else { return "–" }
        return String(format: "%.2f", value)
    }
}

/// Whether a case was responded to within its risk band's limit (Lambeth 3.7:
/// High 24 hours, Medium 5 days, Low 10 days, on the working-day calendar).
/// Responded means the first contact with the reporting person.
public enum ResponseCompliance: String, Sendable {
    case met
    case missed
    /// Not responded to yet, and not yet due: left out until it is decided.
    case pending

    public static func classify(respondedAt: Date?, dueAt: Date, now: Date) -> ResponseCompliance {
        if let respondedAt { return respondedAt <= dueAt ? .met : .missed }
        return dueAt < now ? .missed : .pending
    }
}
