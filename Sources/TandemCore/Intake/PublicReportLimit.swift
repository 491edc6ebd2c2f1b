import Foundation

/// How many public reports one network address may send: enough for a
/// resident reporting several things, too few for a script filling the
/// triage queue. Invalid submissions store nothing and so do not count.
public struct PublicReportLimit: Equatable, Sendable {
    public var perHour: Int
    public var perDay: Int

    public init(perHour: Int = 5, perDay: Int = 20) {
        self.perHour = perHour
        self.perDay = perDay
    }

    public static let hour: TimeInterval = 3600
    public static let day: TimeInterval = 86_400

    /// Whether one more report may be accepted, given the address's reports in the last hour and day.
    public func allowsAnother(inLastHour: Int, inLastDay: Int) -> Bool {
        inLastHour < perHour && inLastDay < perDay
    }
}
