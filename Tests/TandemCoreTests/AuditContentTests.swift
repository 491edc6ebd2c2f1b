import Foundation
import Testing

@testable import TandemCore

@Suite("Audit content")
struct AuditContentTests {
    func content(summary: String = "Added organisation", recordID: String? = "abc") -> AuditContent {
        AuditContent(
            sequence: 7, occurredAtMillis: 1_795_428_000_123, actorUserID: "u", actorEmail: "a@b.example",
            actorOrganisationID: "o", address: "203.0.113.1", action: "create", recordType: "organisation",
            recordID: recordID, summary: summary, changes: "[]")
    }

    @Test("canonical text changes when any field or the previous hash changes")
    func canonicalTextCoversEverything() {
        let base = content().canonicalText(previousHash: AuditChain.genesisHash)
        #expect(content(summary: "Added organisatio").canonicalText(previousHash: AuditChain.genesisHash) != base)
        #expect(content(recordID: nil).canonicalText(previousHash: AuditChain.genesisHash) != base)
        #expect(content().canonicalText(previousHash: String(repeating: "1", count: 64)) != base)
    }

    @Test("length prefixes stop two different contents sharing one text")
    func noAmbiguity() {
        let a = content(summary: "x|y").canonicalText(previousHash: "p")
        var other = content(summary: "x")
        other.changes = "y|[]"
        #expect(a != other.canonicalText(previousHash: "p"))
    }

    @Test("chain version 2: the link covers what is kept and the content's digest, not the content itself")
    func versionTwoLink() {
        // Setup: an event and the same event disposed of.
        let event = content()
        let disposed = event.disposed
        // Check: disposal changes the personal text but not the link (given the same digest)...
        #expect(disposed.personalText != event.personalText)
        #expect(
            disposed.linkText(previousHash: "p", contentDigest: "d")
                == event.linkText(previousHash: "p", contentDigest: "d"))
        #expect(disposed.isBlank && !event.isBlank)
        // ...while the kept facts and the digest are all covered.
        #expect(
            content(recordID: nil).linkText(previousHash: "p", contentDigest: "d")
                != event.linkText(previousHash: "p", contentDigest: "d"))
        #expect(
            event.linkText(previousHash: "p", contentDigest: "e")
                != event.linkText(previousHash: "p", contentDigest: "d"))
        #expect(
            event.linkText(previousHash: "q", contentDigest: "d")
                != event.linkText(previousHash: "p", contentDigest: "d"))
        #expect(content(summary: "Other").personalText != event.personalText)
    }

    @Test("field changes list only what differs, in name order")
    func changes() {
        let changes = FieldChange.between(
            before: ["name": "Old", "kind": "police", "active": "true"],
            after: ["name": "New", "kind": "police", "active": "false"])
        #expect(
            changes == [
                FieldChange(field: "active", before: "true", after: "false"),
                FieldChange(field: "name", before: "Old", after: "New"),
            ])
        #expect(FieldChange.decode(FieldChange.encode(changes)) == changes)
    }

    @Test("milliseconds round rather than truncate a value read back as a double")
    func millis() {
        let date = Date(timeIntervalSince1970: 1_795_428_000.123)
        #expect(AuditContent.millis(date) == 1_795_428_000_123)
    }
}
