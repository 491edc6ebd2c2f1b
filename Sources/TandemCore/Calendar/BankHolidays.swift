/// England and Wales bank holidays, by rule.
///
/// The standing pattern since 1978 (Banking and Financial Dealings Act 1971
/// and royal proclamations): New Year's Day, Good Friday, Easter Monday, the
/// first and last Mondays in May, the last Monday in August, Christmas Day and
/// Boxing Day. A holiday that falls at a weekend is replaced by the next
/// weekday that is not already a holiday. One-off changes (a moved May
/// holiday, a coronation) are not rules: administrators add them as closures.
public enum EnglandAndWalesBankHolidays {
    public struct Holiday: Equatable, Sendable {
        public var name: String
        /// The day the holiday is taken (the substitute day where there is one).
        public var date: CivilDate
        public var isSubstitute: Bool
    }

    public static func holidays(in year: Int) -> [Holiday] {
        let easter = easterSunday(year)
        let fixedOrRule: [(String, CivilDate)] = [
            ("New Year's Day", CivilDate(year, 1, 1)),
            ("Good Friday", easter.adding(days: -2)),
            ("Easter Monday", easter.adding(days: 1)),
            ("Early May bank holiday", firstMonday(year, 5)),
            ("Spring bank holiday", lastMonday(year, 5)),
            ("Summer bank holiday", lastMonday(year, 8)),
            ("Christmas Day", CivilDate(year, 12, 25)),
            ("Boxing Day", CivilDate(year, 12, 26)),
        ]
        var taken = Set(fixedOrRule.map(\.1).filter { !$0.isWeekend })
        var result: [Holiday] = []
        for (name, date) in fixedOrRule {
            guard date.isWeekend else {
                result.append(Holiday(name: name, date: date, isSubstitute: false))
                continue
            }
            var substitute = date.adding(days: 1)
            while substitute.isWeekend || taken.contains(substitute) {
                substitute = substitute.adding(days: 1)
            }
            taken.insert(substitute)
            result.append(Holiday(name: "\(name) (substitute day)", date: substitute, isSubstitute: true))
        }
        return result.sorted { $0.date < $1.date }
    }

    public static func isHoliday(_ date: CivilDate) -> Bool {
        holidays(in: date.year).contains { $0.date == date }
    }

    /// Easter Sunday in the Gregorian calendar: the anonymous Gregorian
    /// algorithm (Meeus/Jones/Butcher).
    public static func easterSunday(_ year: Int) -> CivilDate {
        let a = year % 19
        let b = year / 100
        let c = year % 100
        let d = b / 4
        let e = b % 4
        let f = (b + 8) / 25
        let g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4
        let k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31
        let day = (h + l - 7 * m + 114) % 31 + 1
        return CivilDate(year, month, day)
    }

    static func firstMonday(_ year: Int, _ month: Int) -> CivilDate {
        let first = CivilDate(year, month, 1)
        return first.adding(days: (8 - first.isoWeekday) % 7)
    }

    static func lastMonday(_ year: Int, _ month: Int) -> CivilDate {
        let nextMonthFirst = month == 12 ? CivilDate(year + 1, 1, 1) : CivilDate(year, month + 1, 1)
        let last = nextMonthFirst.adding(days: -1)
        return last.adding(days: -((last.isoWeekday + 6) % 7))
    }
}
