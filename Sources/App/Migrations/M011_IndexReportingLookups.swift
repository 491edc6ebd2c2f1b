import Fluent

/// Indexes the reports found missing when their query plans were read:
/// repeat callers read an organisation's reports by time, and NM01 finds a
/// landlord's homes and the cases about them.
struct M011IndexReportingLookups: AsyncMigration {
    var name: String { "M011IndexReportingLookups" }

    static let indexes: [(String, String, [String])] = [
        ("reports_received_idx", "reports", ["organisation_id", "received_at"]),
        ("places_landlord_idx", "places", ["landlord_organisation_id"]),
        ("cases_place_idx", "cases", ["place_id", "received_at"]),
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
