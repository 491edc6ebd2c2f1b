import Foundation
import Testing

@testable import TandemCore

@Suite("Civil dates")
struct CivilDateTests {
    @Test("day numbers round-trip every day from 1900 to 2100, and weekdays follow on")
    func roundTrip() {
        let start = CivilDate(1900, 1, 1).dayNumber
        let end = CivilDate(2100, 12, 31).dayNumber
        var weekday = CivilDate(1900, 1, 1).isoWeekday
        #expect(weekday == 1)  // 1 January 1900 was a Monday.
        for number in start...end {
            let date = CivilDate(dayNumber: number)
            #expect(date.dayNumber == number)
            #expect(date.isoWeekday == weekday)
            weekday = weekday % 7 + 1
        }
        #expect(CivilDate(1970, 1, 1).dayNumber == 0)
        #expect(CivilDate(2026, 11, 23).isoWeekday == 1)
    }

    @Test("impossible dates are recognised")
    func validity() {
        #expect(CivilDate(2024, 2, 29).isValid)
        #expect(!CivilDate(2026, 2, 29).isValid)
        #expect(!CivilDate(1900, 2, 29).isValid)
        #expect(CivilDate(2000, 2, 29).isValid)
        #expect(!CivilDate(2026, 4, 31).isValid)
        #expect(!CivilDate(2026, 13, 1).isValid)
        #expect(!CivilDate(2026, 1, 0).isValid)
    }
}

@Suite("England and Wales bank holidays")
struct BankHolidayTests {
    /// An independent Easter algorithm (Oudin, 1940, as given by Tøndering) to check ours against.
    static func oudinEaster(_ year: Int) -> CivilDate {
        let century = year / 100
        let golden = year - 19 * (year / 19)
        let k = (century - 17) / 25
        var i = century - century / 4 - (century - k) / 3 + 19 * golden + 15
        i -= 30 * (i / 30)
        i -= (i / 28) * (1 - (i / 28) * (29 / (i + 1)) * ((21 - golden) / 11))
        var j = year + year / 4 + i + 2 - century + century / 4
        j -= 7 * (j / 7)
        let l = i - j
        let month = 3 + (l + 40) / 44
        let day = l + 28 - 31 * (month / 4)
        return CivilDate(year, month, day)
    }

    @Test("Easter agrees with an independent algorithm for every year 1900 to 2199")
    func easterCenturies() {
        for year in 1900...2199 {
            #expect(EnglandAndWalesBankHolidays.easterSunday(year) == Self.oudinEaster(year), "Easter \(year)")
            #expect(EnglandAndWalesBankHolidays.easterSunday(year).isoWeekday == 7)
        }
    }

    @Test(
        "Easter on known dates",
        arguments: [
            (1961, 4, 2), (2000, 4, 23), (2008, 3, 23), (2011, 4, 24), (2019, 4, 21), (2024, 3, 31),
            (2025, 4, 20), (2026, 4, 5), (2038, 4, 25), (2285, 3, 22),
        ])
    func knownEaster(year: Int, month: Int, day: Int) {
        #expect(EnglandAndWalesBankHolidays.easterSunday(year) == CivilDate(year, month, day))
    }

    @Test("2026's bank holidays, with Boxing Day moved to Monday 28 December")
    func year2026() {
        let dates = EnglandAndWalesBankHolidays.holidays(in: 2026).map(\.date)
        #expect(
            dates == [
                CivilDate(2026, 1, 1), CivilDate(2026, 4, 3), CivilDate(2026, 4, 6), CivilDate(2026, 5, 4),
                CivilDate(2026, 5, 25), CivilDate(2026, 8, 31), CivilDate(2026, 12, 25), CivilDate(2026, 12, 28),
            ])
    }

    @Test(
        "every substitute-day case",
        arguments: [
            // New Year's Day on a Saturday (2022) and a Sunday (2023).
            (2022, [CivilDate(2022, 1, 3)], [CivilDate(2022, 1, 1)]),
            (2023, [CivilDate(2023, 1, 2)], [CivilDate(2023, 1, 1)]),
            // Christmas on a Friday: Boxing Day (Saturday) moves to Monday 28.
            (2020, [CivilDate(2020, 12, 25), CivilDate(2020, 12, 28)], [CivilDate(2020, 12, 26)]),
            // Christmas on a Saturday: Monday 27 and Tuesday 28.
            (
                2021, [CivilDate(2021, 12, 27), CivilDate(2021, 12, 28)],
                [CivilDate(2021, 12, 25), CivilDate(2021, 12, 26)]
            ),
            // Christmas on a Sunday: Boxing Day Monday 26, Christmas moves to Tuesday 27.
            (2022, [CivilDate(2022, 12, 26), CivilDate(2022, 12, 27)], [CivilDate(2022, 12, 25)]),
            // Christmas on a Thursday: no substitutes.
            (2025, [CivilDate(2025, 12, 25), CivilDate(2025, 12, 26)], [CivilDate(2025, 12, 29)]),
        ])
    func substitutes(year: Int, holidays: [CivilDate], notHolidays: [CivilDate]) {
        for day in holidays { #expect(EnglandAndWalesBankHolidays.isHoliday(day), "\(day) should be a holiday") }
        for day in notHolidays { #expect(!EnglandAndWalesBankHolidays.isHoliday(day), "\(day) should not be") }
        #expect(EnglandAndWalesBankHolidays.holidays(in: year).count == 8)
    }

    @Test("every year has eight holidays, all on weekdays, the May and August ones on Mondays")
    func shape() {
        for year in 1980...2100 {
            let holidays = EnglandAndWalesBankHolidays.holidays(in: year)
            #expect(holidays.count == 8)
            #expect(Set(holidays.map(\.date)).count == 8)
            #expect(holidays.allSatisfy { !$0.date.isWeekend })
            let mondays = holidays.filter {
                $0.name.contains("May") || $0.name.hasPrefix("Spring") || $0.name.hasPrefix("Summer")
            }
            #expect(mondays.allSatisfy { $0.date.isoWeekday == 1 })
            #expect(mondays.first { $0.name.hasPrefix("Early May") }!.date.day <= 7)
            #expect(mondays.first { $0.name.hasPrefix("Spring") }!.date.day >= 25)
            #expect(mondays.first { $0.name.hasPrefix("Summer") }!.date.day >= 25)
        }
    }
}

@Suite("Date bounds")
struct DateBoundsTests {
    @Test(
        "a typed date is a real date from 1900 to 2099",
        arguments: [
            ("1900-01-01", true), ("1899-12-31", false), ("0001-01-01", false), ("2099-12-31", true),
            ("2100-01-01", false), ("9999-12-31", false), ("2026-02-29", false), ("2028-02-29", true),
            ("26-11-23", false),
        ])
    func parse(text: String, accepted: Bool) {
        #expect((DateBounds.parse(text) != nil) == accepted, "\(text)")
    }

    @Test("a planned date is at most five years ahead, to the day; 29 February gives 28 February")
    func planned() {
        let today = CivilDate(2026, 12, 1)
        #expect(DateBounds.plannedProblem(CivilDate(2031, 12, 1), today: today, label: "the due date") == nil)
        #expect(
            DateBounds.plannedProblem(CivilDate(2031, 12, 2), today: today, label: "the due date")
                == "The due date must be within 5 years of today")
        #expect(DateBounds.latestPlanned(from: CivilDate(2028, 2, 29)) == CivilDate(2033, 2, 28))
    }
}

@Suite("Civil dates as stored")
struct CivilDateCodingTests {
    @Test("a date is coded as its ISO text, the form the database columns hold, and nonsense is refused")
    func isoCoding() throws {
        // Setup
        let date = CivilDate(2026, 12, 2)
        // Act
        let encoded = try JSONEncoder().encode([date])
        let decoded = try JSONDecoder().decode([CivilDate].self, from: encoded)
        // Check
        #expect(String(decoding: encoded, as: UTF8.self) == "[\"2026-12-02\"]")
        #expect(decoded == [date])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([CivilDate].self, from: Data("[\"2026-02-30\"]".utf8))
        }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([CivilDate].self, from: Data("[\"\"]".utf8)) }
    }
}
