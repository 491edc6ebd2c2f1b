import Fluent

/// Where a bulk load keeps the definitions of the indexes it drops while it
/// writes (`DeferredIndexes`), so that a load cut short can put them back:
/// the generator and the server both rebuild anything listed here when they
/// start.
struct M014CreateDeferredIndexes: AsyncMigration {
    var name: String { "M014CreateDeferredIndexes" }

    func prepare(on database: any Database) async throws {
        try await database.schema("deferred_indexes")
            .field("name", .string, .identifier(auto: false))
            .field("definition", .string, .required)
            .field("deferred_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("deferred_indexes").delete()
    }
}
