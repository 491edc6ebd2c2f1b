import Foundation

/// Readable case references such as ASB-2026-00042: the year the case opened
/// and its number in that year.
public struct CaseReference: Hashable, Sendable, CustomStringConvertible {
    public var year: Int
    public var number: Int

    public init(year: Int, number: Int) {
        self.year = year
        self.number = number
    }

    public var description: String {
        "ASB-\(year)-" + String(repeating: "0", count: max(0, 5 - String(number).count)) + String(number)
    }

    /// Parses a reference as typed, ignoring case and surrounding spaces.
    public init?(_ text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).uppercased().split(separator: "-")
        guard parts.count == 3, parts[0] == "ASB", parts[1].count == 4, let year = Int(parts[1]),
            parts[2].count >= 4, parts[2].allSatisfy(\.isNumber), let number = Int(parts[2]), number > 0
        else { return nil }
        self.init(year: year, number: number)
    }
}
