import Foundation

/// When the behaviour happened, as a reporting person gives it: a real
/// calendar date, not in the future, and not so old that it is a typing
/// mistake (reports of long-running behaviour give when it last happened).
public enum BehaviourDate {
    public enum Problem: Error, Equatable, Sendable {
        case missing, malformed, impossible, inFuture, tooOld

        public var message: String {
            switch self {
            case .missing: "Enter the date the behaviour happened"
            case .malformed: "Enter the date as day, month and year, for example 14 3 2026"
            case .impossible: "Enter a real date: this day does not exist"
            case .inFuture: "The date the behaviour happened must be today or in the past"
            case .tooOld: "The date the behaviour happened must be within the last 10 years"
            }
        }
    }

    /// Checks day, month and year fields (as typed) against today's local date.
    public static func parse(day: String, month: String, year: String, today: CivilDate) -> Result<
        CivilDate, Problem
    > {
        let parts = [day, month, year].map { $0.trimmingCharacters(in: .whitespaces) }
        if parts.allSatisfy(\.isEmpty) { return .failure(.missing) }
        guard parts.allSatisfy({ !$0.isEmpty && $0.count <= 4 && $0.allSatisfy(\.isASCII) }),
            let d = Int(parts[0]), let m = Int(parts[1]), let y = Int(parts[2]), parts[2].count == 4
        else { return .failure(.malformed) }
        guard let date = CivilDate(validating: y, m, d) else { return .failure(.impossible) }
        if date > today { return .failure(.inFuture) }
        if date.year < today.year - 10 { return .failure(.tooOld) }
        return .success(date)
    }
}
