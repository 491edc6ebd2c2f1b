import Foundation

/// The range a date typed into Tandem may fall in. Year 0001 was accepted on
/// contacts, evidence and safeguarding concerns, and 9999-12-31 as a plan
/// action's due date (issue 17): a typo that sorts first or last in every
/// list and breaks working-day arithmetic.
public enum DateBounds {
    /// Nothing an ASB case records happened, or was born, before 1900.
    public static let earliest = CivilDate(1900, 1, 1)
    /// The latest date any field accepts at all.
    public static let latest = CivilDate(2099, 12, 31)
    /// A plan action, review or reply is due within five years: anything later is a typing slip.
    public static let maxYearsAhead = 5

    /// The date typed as yyyy-MM-dd, or nil when it is not a real date or falls outside 1900 to 2099.
    public static func parse(_ text: String) -> CivilDate? {
        guard let date = CivilDate(iso: text), date >= earliest, date <= latest else { return nil }
        return date
    }

    /// The last day a date planned from `today` may fall on.
    public static func latestPlanned(from today: CivilDate) -> CivilDate {
        // 29 February five years on is 28 February.
        CivilDate(validating: today.year + maxYearsAhead, today.month, today.day)
            ?? CivilDate(today.year + maxYearsAhead, today.month, 28)
    }

    /// A problem with a planned (future) date, or nil.
    public static func plannedProblem(_ date: CivilDate, today: CivilDate, label: String) -> String? {
        date > latestPlanned(from: today)
            ? "\(label.prefix(1).uppercased() + label.dropFirst()) must be within \(maxYearsAhead) years of today" : nil
    }
}
