import Foundation
import TandemCore

/// Dates as people in a UK council read them, in UK time.
enum DisplayDate {
    static let london = TimeZone(identifier: "Europe/London") ?? .gmt

    static func day(_ date: Date) -> String {
        formatter("d MMM yyyy").string(from: date)
    }

    static func dayAndTime(_ date: Date) -> String {
        formatter("d MMM yyyy, HH:mm").string(from: date)
    }

    static func civil(_ date: CivilDate) -> String {
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return "\(date.day) \(months[date.month - 1]) \(date.year)"
    }

    /// "Mar 2026", for a month in a trend.
    static func month(_ date: CivilDate) -> String {
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return "\(months[date.month - 1]) \(date.year)"
    }

    /// Parses an HTML date input (yyyy-MM-dd) as the start of that UK day.
    static func parseDay(_ text: String) -> Date? {
        guard text.count == 10 else { return nil }
        return formatter("yyyy-MM-dd").date(from: text)
    }

    private static func formatter(_ format: String) -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB")
        formatter.timeZone = london
        formatter.dateFormat = format
        formatter.isLenient = false
        return formatter
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
