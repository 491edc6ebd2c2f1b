import Foundation

/// Management oversight by risk (Lewisham, seed 000 "Management oversight of
/// ASB cases"): red cases are discussed with the line manager at least
/// fortnightly while the risk is high; amber and green cases in the monthly 1:1.
public enum Oversight {
    /// The band that decides the cadence: the higher of the case's risk
    /// rating and the latest assessed vulnerability of the reporting person.
    public static func band(caseRisk: RiskLevel?, vulnerability: RiskLevel?) -> RiskLevel {
        max(caseRisk ?? .low, vulnerability ?? .low)
    }

    public static func latestDue(after discussedAt: Date, band: RiskLevel, timeZone: TimeZone) -> Date {
        band == .high
            ? discussedAt.addingTimeInterval(14 * 86_400)
            : CadenceMath.addingMonths(1, to: discussedAt, timeZone: timeZone)
    }

    /// When the band rises, the next discussion comes forward to the new
    /// cadence; it never moves later because of a change of band.
    public static func dueAfterBandChange(current: Date?, band: RiskLevel, now: Date, timeZone: TimeZone) -> Date {
        let latest = latestDue(after: now, band: band, timeZone: timeZone)
        guard let current else { return latest }
        return min(current, latest)
    }

    /// A discussion may set the next one sooner than the cadence, never later,
    /// and not before the discussion itself.
    public static func problems(
        discussedOn: CivilDate, nextDue: CivilDate, band: RiskLevel, today: CivilDate, timeZone: TimeZone
    ) -> [(field: String, message: String)] {
        var problems: [(String, String)] = []
        if discussedOn > today {
            problems.append(("discussed_on", "The date of the discussion cannot be in the future"))
        }
        if discussedOn < today.adding(days: -90) {
            problems.append(("discussed_on", "The date of the discussion must be within the last 90 days"))
        }
        let limit = latestCivil(after: discussedOn, band: band)
        if nextDue <= discussedOn {
            problems.append(("next_due", "The next discussion must be after this one"))
        } else if nextDue > limit {
            let cadence = band == .high ? "fortnight" : "month"
            problems.append(
                (
                    "next_due",
                    "\(band.label) risk cases are discussed at least every \(cadence): choose \(limit) or earlier"
                ))
        }
        return problems
    }

    /// A discussion due on a day is due by the close of business that day.
    public static func dueAt(_ day: CivilDate, calendar: WorkingCalendar) -> Date {
        calendar.instant(day, minute: calendar.officeHours.closesAtMinute)
    }

    /// The cadence on calendar dates, for the discussion form.
    public static func latestCivil(after day: CivilDate, band: RiskLevel) -> CivilDate {
        if band == .high { return day.adding(days: 14) }
        var month = day.month + 1
        var year = day.year
        if month > 12 {
            month = 1
            year += 1
        }
        // Clamp to the month's last day (31 January gives 28 or 29 February).
        var result = CivilDate(year, month, day.day)
        while !result.isValid { result = CivilDate(year, month, result.day - 1) }
        return result
    }
}
