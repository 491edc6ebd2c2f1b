import Fluent

/// The monthly measures count interventions started and referrals sent in
/// a period; these let the planner read just the period's rows (legal
/// measures already have theirs, by instructed date, from M009).
struct M013IndexBreakdownDates: AsyncMigration {
    var name: String { "M013IndexBreakdownDates" }

    static let indexes: [(String, String, [String])] = [
        ("interventions_started_idx", "interventions", ["started_on"]),
        ("referrals_sent_idx", "referrals", ["sent_on"]),
    ]

    func prepare(on database: any Database) async throws {
        for (name, table, columns) in Self.indexes {
            try await SQLIndex.create(name, on: table, columns: columns, in: database)
        }
    }

    func revert(on database: any Database) async throws {
        for (name, _, _) in Self.indexes {
            try await SQLIndex.drop(name, in: database)
        }
    }
}
