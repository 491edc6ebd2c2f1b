import Fluent

/// Covering indexes for the monthly measures, found by timing the year
/// dashboard's aggregates in the sqlite3 shell (docs/PERFORMANCE.md). With
/// every column a measure reads inside the index, response times, risk
/// ratings, closures, closure reasons and category counts are answered from
/// the index alone instead of reading each case in the year. They replace
/// the two narrower indexes of M010, which are their leading columns, so a
/// write to a case maintains no more indexes than before.
struct M012CoverMeasuresIndexes: AsyncMigration {
    var name: String { "M012CoverMeasuresIndexes" }

    static let indexes: [(String, [String])] = [
        (
            "cases_received_measures_idx",
            ["organisation_id", "received_at", "risk_level", "response_due_at", "first_response_at", "id"]
        ),
        (
            "cases_closed_measures_idx",
            ["organisation_id", "closed_at", "closure_outcome", "days_to_close", "closure_reason"]
        ),
    ]

    /// The M010 indexes these supersede.
    static let replaced: [(String, [String])] = [
        ("cases_received_idx", ["organisation_id", "received_at"]),
        ("cases_closed_idx", ["organisation_id", "closed_at"]),
    ]

    func prepare(on database: any Database) async throws {
        for (name, columns) in Self.indexes {
            try await SQLIndex.create(name, on: "cases", columns: columns, in: database)
        }
        for (name, _) in Self.replaced {
            try await SQLIndex.drop(name, in: database)
        }
    }

    func revert(on database: any Database) async throws {
        for (name, columns) in Self.replaced {
            try await SQLIndex.create(name, on: "cases", columns: columns, in: database)
        }
        for (name, _) in Self.indexes {
            try await SQLIndex.drop(name, in: database)
        }
    }
}
