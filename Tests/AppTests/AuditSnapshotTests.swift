import Fluent
import Foundation
import TandemCore
import Testing

@testable import App

/// Snapshots come from each model's own fields, less its named exemptions (issue 18).
@Suite("Audit snapshots")
struct AuditSnapshotTests {
    func keys<M: Audited>(_: M.Type) -> Set<String> {
        Set(M.keys.map(\.description)).subtracting(["id"]).subtracting(M.auditExemptions.keys)
    }

    @Test("every field of a case is in its snapshot, including those the hand-kept list left out")
    func caseRecord() {
        let record = CaseRecord()
        record.reference = "ASB-2026-00001"
        record.allocatedAt = testStart
        record.responseBasis = .inProgress
        record.status = .closurePending
        let snapshot = record.auditSnapshot
        #expect(Set(snapshot.keys) == keys(CaseRecord.self))
        for key in ["allocated_at", "response_target_at", "response_basis", "next_deadline_at", "opened_at"] {
            #expect(snapshot.keys.contains(key), "\(key)")
        }
        #expect(snapshot["allocated_at"] == .some("2026-11-23T10:00:00Z"))
        #expect(snapshot["reference"] == .some("ASB-2026-00001"))
        // A typed status is written as the text stored, not the Swift case's name.
        #expect(snapshot["status"] == .some("closure_pending"))
        #expect(snapshot["response_basis"] == .some("in_progress"))
        #expect(snapshot["closed_at"] == .some(nil))
    }

    @Test("secrets are exempt, each with its reason, and never reach the trail")
    func secrets() {
        let user = User()
        user.email = "sam@riverside.example"
        user.passwordHash = "$2b$12$secret"
        user.active = true
        #expect(user.auditSnapshot["password_hash"] == nil)
        #expect(user.auditSnapshot["active"] == .some("true"))
        #expect(Set(user.auditSnapshot.keys) == keys(User.self))
        let link = ResidentLink()
        link.tokenHash = "token"
        link.codeHash = "code"
        link.sessionHash = "session"
        link.failedAttempts = 2
        let snapshot = link.auditSnapshot
        #expect(snapshot["token_hash"] == nil && snapshot["code_hash"] == nil && snapshot["session_hash"] == nil)
        #expect(snapshot["failed_attempts"] == .some("2"))
        #expect(!User.auditExemptions["password_hash", default: ""].isEmpty)
        #expect(ResidentLink.auditExemptions.values.allSatisfy { !$0.isEmpty })
    }

    @Test("ids are written in full and a parent as its id")
    func parents() {
        let letter = Letter()
        let caseID = UUID()
        letter.$caseRecord.id = caseID
        letter.identityConfirmedAt = nil
        #expect(letter.auditSnapshot["case_id"] == .some(caseID.uuidString))
        #expect(Set(letter.auditSnapshot.keys) == keys(Letter.self))
    }

    @Test("special category content is masked: the trail says it was recorded, never what it says")
    func mentalHealthMasked() {
        let record = MentalHealthRecord()
        record.status = .diagnosed
        record.source = "His GP told me he hears voices"
        record.careCoordinator = "Dr Kaur, Riverside CMHT"
        record.pathwayNotes = nil
        let snapshot = record.auditSnapshot
        #expect(snapshot["source"] == .some("(recorded)"))
        #expect(snapshot["care_coordinator"] == .some("(recorded)"))
        #expect(snapshot["pathway_notes"] == .some(nil))
        #expect(snapshot["status"] == .some("diagnosed"))
        let written = snapshot.values.compactMap { $0 }.joined(separator: " ")
        #expect(!written.contains("voices") && !written.contains("Kaur"))
        #expect(MentalHealthRecord.auditMasked.values.allSatisfy { !$0.isEmpty })
    }

    @Test("an evidence file's place on disk stays out of the trail")
    func evidenceStorage() {
        let item = EvidenceItem()
        item.storageKey = "ab/abcdef"
        #expect(item.auditSnapshot["storage_key"] == nil)
        #expect(!item.auditSnapshot.keys.contains("storage_key"))
    }
}
