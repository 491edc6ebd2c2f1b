import Fluent
import SQLKit

/// Issue 19, after review of its first half:
/// - a case note can hold health or other special category information, so a note says whether it does, and
///   only a viewer whose access opens that section reads it (UK GDPR Article 9: a share that leaves special
///   category data out must not carry it in free text);
/// - a referral sent through Tandem carries the consent decision of every person on the case, not only the
///   person referred, since accepting it shares the summary and parties of all of them.
struct M019RestrictSpecialCategoryNotesAndReferralConsents: AsyncMigration {
    var name: String { "M019RestrictSpecialCategoryNotesAndReferralConsents" }

    func prepare(on database: any Database) async throws {
        try await database.schema("case_notes")
            .field("special_category", .bool, .required, .sql(.default(false))).update()
        // One decision per line, "<person id> <consent>[ <reason not sought>]" (`ReferralSharing.consentText`).
        try await database.schema("referrals").field("consents", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("referrals").deleteField("consents").update()
        try await database.schema("case_notes").deleteField("special_category").update()
    }
}
