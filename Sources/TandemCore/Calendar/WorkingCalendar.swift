import Foundation

/// Office hours as minutes after local midnight, for example 09:00 to 17:00.
public struct OfficeHours: Equatable, Codable, Sendable {
    public var opensAtMinute: Int
    public var closesAtMinute: Int

    public init(opensAtMinute: Int = 9 * 60, closesAtMinute: Int = 17 * 60) {
        precondition(opensAtMinute < closesAtMinute, "office hours must open before they close")
        self.opensAtMinute = opensAtMinute
        self.closesAtMinute = closesAtMinute
    }
}

/// Working days and office hours in one place, in UK local time.
///
/// A working day is a weekday that is not an England and Wales bank holiday
/// and not one of the local closures an administrator lists (one-off bank
/// holidays, office closures). Deadlines in working days keep the local time
/// of day: a report at 16:30 due in one working day is due at 16:30 on the next
/// working day.
public struct WorkingCalendar: Sendable {
    public var timeZone: TimeZone
    public var officeHours: OfficeHours
    public var closures: Set<CivilDate>

    public init(
        timeZone: TimeZone = TimeZone(identifier: "Europe/London")!,
        officeHours: OfficeHours = OfficeHours(),
        closures: Set<CivilDate> = []
    ) {
        self.timeZone = timeZone
        self.officeHours = officeHours
        self.closures = closures
    }

    private var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    public func isWorkingDay(_ day: CivilDate) -> Bool {
        !day.isWeekend && !closures.contains(day) && !EnglandAndWalesBankHolidays.isHoliday(day)
    }

    /// The local calendar date and minute of the day of an instant.
    public func local(_ date: Date) -> (day: CivilDate, minute: Int) {
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return (CivilDate(parts.year!, parts.month!, parts.day!), parts.hour! * 60 + parts.minute!)
    }

    /// The instant at a local date and minute of the day.
    public func instant(_ day: CivilDate, minute: Int, second: Int = 0) -> Date {
        let parts = DateComponents(
            timeZone: timeZone, year: day.year, month: day.month, day: day.day, hour: minute / 60,
            minute: minute % 60, second: second)
        return calendar.date(from: parts)!
    }

    public func isInOfficeHours(_ date: Date) -> Bool {
        let (day, minute) = local(date)
        return isWorkingDay(day) && minute >= officeHours.opensAtMinute && minute < officeHours.closesAtMinute
    }

    /// `date` itself when the office is open then; otherwise the next opening time.
    public func nextOfficeMoment(from date: Date) -> Date {
        if isInOfficeHours(date) { return date }
        var (day, minute) = local(date)
        if !(isWorkingDay(day) && minute < officeHours.opensAtMinute) {
            day = nextWorkingDay(after: day)
        }
        return instant(day, minute: officeHours.opensAtMinute)
    }

    public func nextWorkingDay(after day: CivilDate) -> CivilDate {
        var next = day.adding(days: 1)
        while !isWorkingDay(next) { next = next.adding(days: 1) }
        return next
    }

    /// `count` working days after `date`, at the same local time of day.
    /// Something received out of hours starts the count at the next opening.
    public func adding(workingDays count: Int, to date: Date) -> Date {
        let start = nextOfficeMoment(from: date)
        let seconds = calendar.component(.second, from: start)
        var (day, minute) = local(start)
        for _ in 0..<max(count, 0) {
            day = nextWorkingDay(after: day)
        }
        return instant(day, minute: minute, second: seconds)
    }

    /// Working days from one day to a later one, not counting the first.
    public func workingDays(from start: CivilDate, to end: CivilDate) -> Int {
        guard start < end else { return 0 }
        var count = 0
        var day = start
        while day < end {
            day = day.adding(days: 1)
            if isWorkingDay(day) { count += 1 }
        }
        return count
    }
}
