import Fluent
import Foundation
import TandemCore

/// Gathers a subject access request's bundle: a redaction decision row for every detail about someone else, with the
/// rules' default, keeping any decision a reviewer has already made, and the request back in review (a sign-off is
/// for the bundle as it was read).
enum SubjectAccessGathering {
    static func gather(_ record: SubjectAccessRequest, in work: UnitOfWork) async throws {
        let bundle = try await SubjectAccessBundle.gather(record, on: work.db)
        let requestID = try record.requireID()
        let existing = try await SubjectAccessRedaction.query(on: work.db).filter(\.$request.$id == requestID).all()
        let known = Set(existing.map(\.itemKey))
        for (position, item) in bundle.items.enumerated() where !known.contains(item.key) {
            let row = SubjectAccessRedaction()
            row.$request.id = requestID
            row.itemKey = item.key
            row.label = item.label
            row.detail = item.detail.stored
            let withheld = RedactionRules.redactedByDefault(item.detail, requester: bundle.requesterRole)
            row.defaultRedacted = withheld
            row.redacted = withheld
            row.position = position
            try await work.insert(row, "Default redaction decision for \(record.reference)")
        }
        record.gatheredAt = work.now
        record.status = .inReview
        record.signedOffAt = nil
        record.$signedOffBy.id = nil
        record.signedOffDigest = nil
        try await work.update(record, "Gathered the bundle for \(record.reference)")
    }
}
