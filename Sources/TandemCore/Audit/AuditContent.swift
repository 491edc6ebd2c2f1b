import Foundation

/// What an audit event records, in the canonical form that is hashed.
///
/// Each event's hash covers its own content and the previous event's hash, so
/// changing, removing or reordering any stored event breaks the chain from that
/// point on (`tandem audit verify`).
public struct AuditContent: Codable, Sendable, Equatable {
    public var sequence: Int64
    /// Milliseconds since 1970; both databases keep at least this precision.
    public var occurredAtMillis: Int64
    public var actorUserID: String?
    public var actorEmail: String?
    public var actorOrganisationID: String?
    public var address: String?
    public var action: String
    public var recordType: String
    public var recordID: String?
    public var summary: String
    /// JSON array of `FieldChange`, exactly as stored.
    public var changes: String

    public init(
        sequence: Int64, occurredAtMillis: Int64, actorUserID: String?, actorEmail: String?,
        actorOrganisationID: String?, address: String?, action: String, recordType: String,
        recordID: String?, summary: String, changes: String
    ) {
        self.sequence = sequence
        self.occurredAtMillis = occurredAtMillis
        self.actorUserID = actorUserID
        self.actorEmail = actorEmail
        self.actorOrganisationID = actorOrganisationID
        self.address = address
        self.action = action
        self.recordType = recordType
        self.recordID = recordID
        self.summary = summary
        self.changes = changes
    }

    /// The exact bytes that are hashed: the previous hash, then every field in a
    /// fixed order, each length-prefixed so no two contents share a form.
    public func canonicalText(previousHash: String) -> String {
        let fields: [String?] = [
            previousHash, String(sequence), String(occurredAtMillis), actorUserID, actorEmail,
            actorOrganisationID, address, action, recordType, recordID, summary, changes,
        ]
        return fields.map { field in
            guard let field else { return "-" }
            return "\(field.utf8.count):\(field)"
        }.joined(separator: "|")
    }

    public static func millis(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    /// An instant as recorded in field changes: ISO 8601 in UTC.
    public static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle())
    }
}

/// The hash that starts the chain.
public enum AuditChain {
    public static let genesisHash = String(repeating: "0", count: 64)

    /// What a disposed event's summary reads once its personal content is destroyed (issue 23).
    public static let disposedSummary = "Content disposed under the retention schedule"
}

/// Chain version 2 (issue 23): an event's personal content (the address it came from, its summary and its field
/// changes) is hashed on its own into a content digest, and the link to the previous event covers that digest with
/// the facts that are never disposed (sequence, time, actor, action, record). Disposal under the retention schedule
/// blanks the content and keeps the digest, so the chain still verifies; altering the content without disposing of
/// it no longer matches the digest, and altering the digest breaks the link.
extension AuditContent {
    /// The personal content that disposal destroys, in the form that is digested.
    public var personalText: String {
        Self.prefixed(["v2-content", address, summary, changes])
    }

    /// The text the event's hash covers: the previous hash, what is never disposed, and the content's digest.
    public func linkText(previousHash: String, contentDigest: String) -> String {
        Self.prefixed([
            "v2", previousHash, String(sequence), String(occurredAtMillis), actorUserID, actorEmail,
            actorOrganisationID, action, recordType, recordID, contentDigest,
        ])
    }

    /// The same content with its personal part destroyed.
    public var disposed: AuditContent {
        var copy = self
        copy.address = nil
        copy.summary = AuditChain.disposedSummary
        copy.changes = "[]"
        return copy
    }

    /// Whether the personal part is what disposal leaves (used to tell a disposal from content kept under a marker).
    public var isBlank: Bool {
        address == nil && summary == AuditChain.disposedSummary && changes == "[]"
    }

    static func prefixed(_ fields: [String?]) -> String {
        fields.map { field in
            guard let field else { return "-" }
            return "\(field.utf8.count):\(field)"
        }.joined(separator: "|")
    }
}

/// One changed field: its value before and after. Secrets are never recorded,
/// only the fact that they changed.
public struct FieldChange: Codable, Sendable, Equatable {
    public var field: String
    public var before: String?
    public var after: String?

    public init(field: String, before: String?, after: String?) {
        self.field = field
        self.before = before
        self.after = after
    }

    /// The fields that differ between two snapshots, in field-name order.
    public static func between(before: [String: String?], after: [String: String?]) -> [FieldChange] {
        let names = Set(before.keys).union(after.keys).sorted()
        return names.compactMap { name in
            let old = before[name] ?? nil
            let new = after[name] ?? nil
            return old == new ? nil : FieldChange(field: name, before: old, after: new)
        }
    }

    public static func encode(_ changes: [FieldChange]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(changes) else { return "[]" }
        return String(decoding: data, as: UTF8.self)
    }

    public static func decode(_ text: String) -> [FieldChange] {
        (try? JSONDecoder().decode([FieldChange].self, from: Data(text.utf8))) ?? []
    }
}
