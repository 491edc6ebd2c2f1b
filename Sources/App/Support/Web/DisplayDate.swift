import Foundation
import TandemCore

/// Dates as people in a UK council read them, in UK time.
///
/// Formatted from calendar parts rather than with `DateFormatter`: building
/// an ICU formatter for every date was over a quarter of the CPU time of the
/// My cases page (docs/PERFORMANCE.md), and the parts give the same text.
enum DisplayDate {
    static let london = TimeZone(identifier: "Europe/London") ?? .gmt
    private static let ukCalendar = WorkingCalendar(timeZone: london)
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// "5 Mar 2026", the UK day of an instant.
    static func day(_ date: Date) -> String {
        civil(ukCalendar.local(date).day)
    }

    /// "5 Mar 2026, 09:05", in UK time.
    static func dayAndTime(_ date: Date) -> String {
        let (day, minute) = ukCalendar.local(date)
        return civil(day) + ", " + twoDigits(minute / 60) + ":" + twoDigits(minute % 60)
    }

    /// The UK calendar day of an instant.
    static func civilDay(_ date: Date) -> CivilDate { ukCalendar.local(date).day }

    static func civil(_ date: CivilDate) -> String {
        "\(date.day) \(months[date.month - 1]) \(date.year)"
    }

    /// "5 March 2026", the date at the top of a letter.
    static func letter(_ date: CivilDate) -> String {
        let names = [
            "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
            "November", "December",
        ]
        return "\(date.day) \(names[date.month - 1]) \(date.year)"
    }

    /// "Mar 2026", for a month in a trend.
    static func month(_ date: CivilDate) -> String {
        "\(months[date.month - 1]) \(date.year)"
    }

    /// Parses an HTML date input (yyyy-MM-dd) as the start of that UK day.
    static func parseDay(_ text: String) -> Date? {
        CivilDate(iso: text).map { ukCalendar.instant($0, minute: 0) }
    }

    private static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : String(value)
    }
}

/// Which page of a list, from `?page=`; bad values fall back to the first page.
struct Paging: Encodable, Sendable {
    var page: Int
    var perPage: Int
    var hasNext: Bool = false
    var previousPage: Int? { page > 1 ? page - 1 : nil }
    var nextPage: Int? { hasNext ? page + 1 : nil }

    init(page: Int?, perPage: Int) {
        self.page = min(max(page ?? 1, 1), 100_000)
        self.perPage = perPage
    }

    var offset: Int { (page - 1) * perPage }

    enum CodingKeys: String, CodingKey {
        case page, perPage, hasNext, previousPage, nextPage
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(page, forKey: .page)
        try container.encode(perPage, forKey: .perPage)
        try container.encode(hasNext, forKey: .hasNext)
        try container.encodeIfPresent(previousPage, forKey: .previousPage)
        try container.encodeIfPresent(nextPage, forKey: .nextPage)
    }
}
