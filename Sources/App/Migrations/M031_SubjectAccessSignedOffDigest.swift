import Fluent

/// Issue 23: a subject access bundle's digest at sign-off, so what is downloaded and released is what the reviewer
/// read (records changed since must be gathered and reviewed again).
struct M031SubjectAccessSignedOffDigest: AsyncMigration {
    var name: String { "M031SubjectAccessSignedOffDigest" }

    func prepare(on database: any Database) async throws {
        try await database.schema("subject_access_requests").field("signed_off_digest", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("subject_access_requests").deleteField("signed_off_digest").update()
    }
}
