import Fluent
import Foundation
import SQLKit
import TandemCore
import Testing
import Vapor
import VaporTesting

@testable import App

extension WriteAuditTests {
    /// Retention and disposal's forms (issue 23).
    static let retention = [
        "/admin/retention/schedule", "/admin/retention/holds", "/admin/retention/holds/:holdID/lift",
        "/admin/retention/batches", "/admin/retention/batches/:batchID/approve",
        "/admin/retention/batches/:batchID/cancel",
    ]
}

/// Retention and disposal on the demo borough (issue 23, items 1, 2 and 6): the schedule, holds that refuse a batch
/// whole, the disposal itself (rows deleted or anonymised, evidence off the disk, the measures unchanged) and the
/// audit chain that still verifies and tells disposal from tampering.
@Suite("Retention and disposal")
struct RetentionTests {
    static func reference(_ app: Application, _ reference: String) async throws -> CaseRecord {
        try #require(try await CaseRecord.query(on: app.db).filter(\.$reference == reference).first())
    }

    /// The schedule form with every kind at the default but case files.
    static func schedule(caseFileMonths: String) -> [(String, String)] {
        RetentionRule.defaults.map {
            ("months_\($0.record.rawValue)", $0.record == .caseFile ? caseFileMonths : String($0.months))
        }
    }

    static func batchPath(_ response: TestingHTTPResponse) throws -> String {
        try #require(response.headers.first(name: .location))
    }

    /// An evidence item with its file stored on disk, as an upload leaves it.
    static func evidenceFile(
        _ app: Application, on caseID: UUID, kind: EvidenceKind, title: String, file: String,
        type: EvidenceFileType, at now: Date
    ) async throws -> EvidenceStore.Stored {
        let bytes = Array("\(title), the file itself".utf8)
        let stored = try app.evidenceStore.store(bytes)
        let item = EvidenceItem()
        item.$caseRecord.id = caseID
        item.kind = kind
        item.title = title
        item.obtainedOn = CivilDate(2026, 11, 20)
        item.fileName = file
        item.fileType = type
        item.fileSize = bytes.count
        item.fileSHA256 = stored.sha256
        item.storageKey = stored.key
        item.addedAt = now
        item.fromResident = false
        try await item.arrangeCreate(on: app.db)
        return stored
    }

    static func count(_ app: Application, _ query: String) async throws -> Int {
        let sql = try #require(app.db as? any SQLDatabase)
        return try await sql.raw(SQLQueryString(stringLiteral: query)).first()?.decode(column: "n", as: Int.self) ?? 0
    }

    @Test("the demo holds a case file past retention waiting for approval and one under a legal hold")
    func demo() async throws {
        try await withTandem { app, _ in
            try await DemoSeeder.seedIfEmpty(app)
            let lead = try await WriteAuditTests.signedIn(app, "governance@riverside.example", address: "198.51.100.41")
            let page = try await lead.get("/admin/retention")
            #expect(page.status == .ok)
            let html = page.body.string
            #expect(html.contains("Waiting for approval"))
            #expect(html.contains("The respondent&#39;s County Court claim") || html.contains("County Court claim"))
            let batch = try #require(
                try await DisposalBatch.query(on: app.db).filter(\.$status == .prepared).first())
            #expect(batch.itemCount == 1 && batch.preparedBy == "the nightly retention job")
            let items = try await DisposalBatchItem.query(on: app.db).all().map(\.label)
            #expect(items == ["ASB-2019-00001"])
            let detail = try await lead.get("/admin/retention/batches/\(try batch.requireID())")
            #expect(detail.body.string.contains("ASB-2019-00001"))
            #expect(!detail.body.string.contains("ASB-2019-00002"))
            #expect(detail.body.string.contains("Approve and dispose"))
        }
    }

    @Test("a case file past retention is destroyed on approval; the measures stay the same and the chain verifies")
    func disposeCaseFile() async throws {
        try await withTandem { app, clock in
            // Setup: the demo a few days on, and an evidence file on disk on Lock Gardens, closed a month before.
            try await DemoSeeder.seedIfEmpty(app)
            clock.advance(by: 3 * 86_400)
            let closed = try await Self.reference(app, "ASB-2026-00001")
            let closedID = try closed.requireID()
            #expect(closed.status == .closed)
            let stored = try await Self.evidenceFile(
                app, on: closedID, kind: .photo, title: "Photo of the stairwell", file: "stairwell.jpg", type: .jpeg,
                at: clock.now())
            let filePath = "\(app.settings.filesDirectory)/\(stored.key.prefix(2))/\(stored.key)"
            #expect(FileManager.default.fileExists(atPath: filePath))
            let reporter = try #require(
                try await Report.query(on: app.db).filter(\.$caseRecord.$id == closedID).first()?.reporterName)
            let manager = try await WriteAuditTests.signedIn(app, "manager@riverside.example", address: "198.51.100.42")
            let measuresBefore = try await manager.get("/reports?from=2026-01-01&to=2026-10-31")
            let councilBefore = try await manager.get("/reports/council?from=2026-01-01&to=2026-10-31")
            let lead = try await WriteAuditTests.signedIn(app, "governance@riverside.example", address: "198.51.100.41")
            let writes = WriteAuditTests.Writes(app)

            // Act: case files kept one month; the demo's batch is cancelled and a new one prepared and approved.
            try await writes.submit("/admin/retention/schedule") {
                try await lead.post("/admin/retention/schedule", Self.schedule(caseFileMonths: "1"))
            }
            let demoBatch = try #require(
                try await DisposalBatch.query(on: app.db).filter(\.$status == .prepared).first())
            try await writes.submit("/admin/retention/batches/:batchID/cancel") {
                try await lead.post(
                    "/admin/retention/batches/\(try demoBatch.requireID())/cancel",
                    [("reason", "Prepared under the old schedule")])
            }
            let prepared = try await writes.submit("/admin/retention/batches") {
                try await lead.post("/admin/retention/batches", [("kind", "case_file")])
            }
            let batchPath = try Self.batchPath(prepared)
            let batchPage = try await lead.get(batchPath)
            #expect(batchPage.body.string.contains("ASB-2026-00001"))
            #expect(!batchPage.body.string.contains("ASB-2019-00002"), "the held case is left out")
            try await writes.submit("/admin/retention/batches/:batchID/approve") {
                try await lead.post(batchPath + "/approve", [("confirm", "yes")])
            }

            // Check: the case's personal data is gone, its counted facts kept.
            let after = try await Self.reference(app, "ASB-2026-00001")
            #expect(after.title == Disposal.disposedTitle && after.summary.isEmpty && after.disposedAt != nil)
            #expect(after.status == .closed && after.closedAt == closed.closedAt && after.riskLevel == closed.riskLevel)
            #expect(
                try await CaseParty.query(on: app.db).filter(\.$caseRecord.$id == closedID).filter(\.$person.$id != nil)
                    .count() == 0)
            let report = try #require(try await Report.query(on: app.db).filter(\.$caseRecord.$id == closedID).first())
            #expect(report.reporterName == nil && report.reporterPhone == nil && report.description.isEmpty)
            #expect(try await Person.query(on: app.db).filter(\.$fullName == reporter ?? "").count() == 0)
            #expect(try await EvidenceItem.query(on: app.db).filter(\.$caseRecord.$id == closedID).count() == 0)
            #expect(!FileManager.default.fileExists(atPath: filePath), "the evidence file is removed from disk")
            // Nothing in the audit trail still names the reporting person.
            let named = try await Self.count(
                app,
                "SELECT COUNT(*) AS n FROM audit_events WHERE summary LIKE '%\(reporter ?? "?")%' OR changes LIKE '%\(reporter ?? "?")%'"
            )
            #expect(named == 0)
            // The chain verifies, naming the rule the content was disposed of under.
            let outcome = try await AuditVerifier.verify(on: app.db)
            #expect(outcome.failure == nil)
            #expect(outcome.disposed.map(\.rule) == ["Case file: 1 months after the case's closure"])
            #expect(outcome.disposedCount > 0)
            // The register line holds counts, the rule and who approved; the measures are unchanged.
            let batch = try #require(try await DisposalBatch.query(on: app.db).filter(\.$status == .disposed).first())
            #expect(batch.$decidedBy.id != nil && (batch.rowsDeleted ?? 0) > 0 && batch.filesRemoved == 1)
            #expect(batch.eventsDisposed == outcome.disposedCount)
            let measuresAfter = try await manager.get("/reports?from=2026-01-01&to=2026-10-31")
            let councilAfter = try await manager.get("/reports/council?from=2026-01-01&to=2026-10-31")
            #expect(Self.main(measuresAfter.body.string) == Self.main(measuresBefore.body.string))
            #expect(Self.main(councilAfter.body.string) == Self.main(councilBefore.body.string))
            // The audit page's check says the same.
            let auditor = try await WriteAuditTests.signedIn(app, "auditor@riverside.example", address: "198.51.100.43")
            let check = try await auditor.get("/audit/verify")
            #expect(check.body.string.contains("The chain is intact"))
            #expect(check.body.string.contains("Case file: 1 months after the case&#39;s closure"))
            writes.expectCovered(WriteAuditTests.retention.filter { $0.contains("holds") == false })
        }
    }

    /// A page's main content, without the header (whose links and counts depend on the session).
    static func main(_ html: String) -> String {
        guard let start = html.range(of: "<main"), let end = html.range(of: "</main>") else { return html }
        return String(html[start.lowerBound..<end.upperBound])
    }

    @Test(
        "a hold set after a batch is prepared refuses the whole batch; holds are set on a case or a person and lifted")
    func holds() async throws {
        try await withTandem { app, clock in
            try await DemoSeeder.seedIfEmpty(app)
            clock.advance(by: 3 * 86_400)
            let lead = try await WriteAuditTests.signedIn(app, "governance@riverside.example", address: "198.51.100.41")
            let writes = WriteAuditTests.Writes(app)
            _ = try await lead.post("/admin/retention/schedule", Self.schedule(caseFileMonths: "1"))
            let demoBatch = try #require(
                try await DisposalBatch.query(on: app.db).filter(\.$status == .prepared).first())
            _ = try await lead.post(
                "/admin/retention/batches/\(try demoBatch.requireID())/cancel", [("reason", "Old schedule")])
            let batchPath = try Self.batchPath(try await lead.post("/admin/retention/batches", [("kind", "case_file")]))
            // Act: a hold on one case in the batch, and one on the reporting person of another.
            try await writes.submit("/admin/retention/holds") {
                try await lead.post(
                    "/admin/retention/holds",
                    [
                        ("case_reference", "asb-2026-00001"), ("reason", "Ombudsman complaint about the case"),
                        ("review_on", "2027-06-30"),
                    ])
            }
            let other = try await Self.reference(app, "ASB-2019-00001")
            let otherReporter = try #require(
                try await Report.query(on: app.db).filter(\.$caseRecord.$id == other.requireID()).first()?.reporterName)
            _ = try await lead.post(
                "/admin/retention/holds",
                [
                    ("case_reference", "ASB-2019-00001"), ("person", otherReporter.uppercased()),
                    ("reason", "Subject access dispute"), ("review_on", "2027-01-31"),
                ])
            let refused = try await lead.post(batchPath + "/approve", [("confirm", "yes")])
            // Check: refused whole, naming both; nothing disposed of.
            #expect(refused.status == .badRequest)
            #expect(refused.body.string.contains("ASB-2026-00001 is under a legal hold"))
            #expect(refused.body.string.contains("ASB-2019-00001 is under a legal hold"))
            #expect(try await CaseRecord.query(on: app.db).filter(\.$disposedAt != nil).count() == 0)
            let personHold = try #require(
                try await LegalHoldRecord.query(on: app.db).filter(\.$person.$id != nil).first())
            #expect(personHold.$caseRecord.id == other.id)
            // Lifting the case's hold with a reason; the person's hold still refuses the batch.
            let caseHold = try #require(
                try await LegalHoldRecord.query(on: app.db).filter(\.$person.$id == nil)
                    .filter(\.$reason == "Ombudsman complaint about the case").first())
            let holdID = try caseHold.requireID()
            try await writes.submit("/admin/retention/holds/:holdID/lift") {
                try await lead.post(
                    "/admin/retention/holds/\(holdID)/lift",
                    [("lift_reason_\(holdID.uuidString.prefix(8))", "The ombudsman closed the complaint")])
            }
            let again = try await lead.post(batchPath + "/approve", [("confirm", "yes")])
            #expect(again.status == .badRequest)
            #expect(!again.body.string.contains("ASB-2026-00001 is under a legal hold"))
            #expect(again.body.string.contains("ASB-2019-00001 is under a legal hold"))
            writes.expectCovered(WriteAuditTests.retention.filter { $0.contains("holds") })
        }
    }

    @Test("bad input to the schedule, a hold, an approval or a cancellation is refused and changes nothing")
    func badInput() async throws {
        try await withTandem { app, _ in
            try await DemoSeeder.seedIfEmpty(app)
            let lead = try await WriteAuditTests.signedIn(app, "governance@riverside.example", address: "198.51.100.41")
            let batch = try #require(try await DisposalBatch.query(on: app.db).filter(\.$status == .prepared).first())
            let batchPath = "/admin/retention/batches/\(try batch.requireID())"
            let holdsBefore = try await LegalHoldRecord.query(on: app.db).count()
            let cases: [([(String, String)], String)] = [
                ([("reason", "x"), ("review_on", "2027-01-01")], "Enter the case reference"),
                (
                    [("case_reference", "ASB-2099-99999"), ("reason", "x"), ("review_on", "2027-01-01")],
                    "No case of your organisation has the reference ASB-2099-99999"
                ),
                ([("case_reference", "ASB-2026-00001"), ("review_on", "2027-01-01")], "Enter why the hold is set"),
                (
                    [("case_reference", "ASB-2026-00001"), ("reason", "x"), ("review_on", "2026-11-01")],
                    "The review date must be after the day the hold is set"
                ),
                (
                    [("case_reference", "ASB-2026-00001"), ("reason", "x"), ("review_on", "soon")],
                    "Enter the review date as a real date"
                ),
                ([("case_reference", "ASB-2026-00001"), ("reason", "x")], "Enter the date the hold is to be reviewed"),
                (
                    [
                        ("case_reference", "ASB-2026-00001"), ("person", "Nobody Here"), ("reason", "x"),
                        ("review_on", "2027-01-01"),
                    ],
                    "No one called Nobody Here is on case ASB-2026-00001"
                ),
                (
                    [
                        ("case_reference", "ASB-2026-00001"), ("reason", "<script>alert(1)</script>\u{0007}"),
                        ("review_on", "2027-01-01"),
                    ],
                    "must not contain control characters"
                ),
            ]
            for (form, message) in cases {
                let response = try await lead.post("/admin/retention/holds", form)
                #expect(response.status == .badRequest, "\(form)")
                #expect(response.body.string.contains(message), "\(message)")
                #expect(!response.body.string.contains("<script>alert(1)"))
            }
            #expect(try await LegalHoldRecord.query(on: app.db).count() == holdsBefore)
            // The form keeps what was typed.
            let kept = try await lead.post(
                "/admin/retention/holds", [("case_reference", "ASB-2026-00001"), ("reason", "Kept reason")])
            #expect(kept.body.string.contains("Kept reason"))
            for months in ["0", "abc", "1201", ""] {
                let response = try await lead.post("/admin/retention/schedule", Self.schedule(caseFileMonths: months))
                #expect(response.status == .badRequest)
                #expect(response.body.string.contains("a whole number from 1 to 1,200"))
            }
            #expect(try await RetentionRuleRecord.query(on: app.db).count() == 0)
            let unconfirmed = try await lead.post(batchPath + "/approve")
            #expect(unconfirmed.status == .badRequest)
            #expect(unconfirmed.body.string.contains("Confirm that the records in this batch are to be destroyed"))
            let unexplained = try await lead.post(batchPath + "/cancel", [("reason", "  ")])
            #expect(unexplained.status == .badRequest)
            #expect(try await DisposalBatch.query(on: app.db).filter(\.$status == .prepared).count() == 1)
            #expect(try await CaseRecord.query(on: app.db).filter(\.$disposedAt != nil).count() == 0)
            let unknown = try await lead.post("/admin/retention/batches", [("kind", "everything")])
            #expect(unknown.status == .badRequest)
            // Another organisation's batch or hold is not found.
            let housing = try await WriteAuditTests.signedIn(app, "housing@riverside.example", address: "198.51.100.44")
            #expect(try await housing.get(batchPath).status == .forbidden)
        }
    }

    @Test(
        "disposal is told apart from tampering: a disposed event that keeps content, a blanked event outside any batch")
    func tamperingAfterDisposal() async throws {
        try await withTandem(verifiesAudit: false) { app, _ in
            try await DemoSeeder.seedIfEmpty(app)
            let lead = try await WriteAuditTests.signedIn(app, "governance@riverside.example", address: "198.51.100.41")
            let batch = try #require(try await DisposalBatch.query(on: app.db).filter(\.$status == .prepared).first())
            let approved = try await lead.post(
                "/admin/retention/batches/\(try batch.requireID())/approve", [("confirm", "yes")])
            #expect(approved.status == .seeOther)
            #expect(try await AuditVerifier.verify(on: app.db).failure == nil)
            let sql = try #require(app.db as? any SQLDatabase)
            let disposed = try #require(
                try await AuditEvent.query(on: app.db).filter(\.$disposedBatchID != nil).sort(\.$sequence).first())
            // Act / check: content put back under the marker.
            try await sql.raw("UPDATE audit_events SET summary = 'Viewed case' WHERE id = \(bind: disposed.id)").run()
            let kept = try await AuditVerifier.verify(on: app.db)
            #expect(kept.failure?.sequence == disposed.sequence)
            #expect(kept.failure?.reason == "it is marked as disposed of but still holds content")
            try await sql.raw(
                "UPDATE audit_events SET summary = \(bind: AuditChain.disposedSummary) WHERE id = \(bind: disposed.id)"
            ).run()
            #expect(try await AuditVerifier.verify(on: app.db).failure == nil)
            // An intact event blanked without a batch no longer matches its digest.
            let intact = try #require(
                try await AuditEvent.query(on: app.db).filter(\.$disposedBatchID == nil).filter(\.$sequence > 5)
                    .sort(\.$sequence).first())
            try await sql.raw(
                "UPDATE audit_events SET summary = \(bind: AuditChain.disposedSummary), changes = '[]', address = NULL WHERE id = \(bind: intact.id)"
            ).run()
            let blanked = try await AuditVerifier.verify(on: app.db)
            #expect(blanked.failure?.sequence == intact.sequence)
            #expect(blanked.failure?.reason == "its content does not match its digest")
            // Marked as disposed under the batch too: the batch recorded fewer events than are marked.
            try await sql.raw(
                "UPDATE audit_events SET disposed_batch_id = \(bind: batch.id) WHERE id = \(bind: intact.id)"
            ).run()
            let marked = try await AuditVerifier.verify(on: app.db)
            #expect(marked.failure?.reason.contains("are marked as disposed of under a batch that recorded") == true)
        }
    }

    @Test("chain version 1 is re-chained only when it verifies as written")
    func chainUpgrade() async throws {
        try await withTandem(verifiesAudit: false) { app, _ in
            // Setup: the demo's events put back in version 1's form, as written before issue 23.
            try await DemoSeeder.seedIfEmpty(app)
            let sql = try #require(app.db as? any SQLDatabase)
            func toVersionOne(tamperWith: Int64? = nil) async throws {
                var previous = AuditChain.genesisHash
                for event in try await AuditEvent.query(on: app.db).sort(\.$sequence).all() {
                    let hash = AuditLog.versionOneHash(event.content, previousHash: previous)
                    try await sql.raw(
                        "UPDATE audit_events SET content_digest = NULL, previous_hash = \(bind: previous), hash = \(bind: hash) WHERE id = \(bind: event.id)"
                    ).run()
                    previous = hash
                }
                if let tamperWith {
                    try await sql.raw(
                        "UPDATE audit_events SET summary = 'changed' WHERE sequence = \(bind: tamperWith)"
                    ).run()
                }
            }
            try await toVersionOne()
            #expect(try await AuditVerifier.verify(on: app.db).failure == nil, "version 1 still verifies")
            // Act
            try await AuditChainUpgrade.run(on: app.db, pageSize: 50)
            // Check: every event in version 2's form, and the chain verifies.
            #expect(try await AuditEvent.query(on: app.db).filter(\.$contentDigest == nil).count() == 0)
            #expect(try await AuditVerifier.verify(on: app.db).failure == nil)
            // A version 1 chain that was tampered with is left alone, and still reported.
            try await toVersionOne(tamperWith: 12)
            try await AuditChainUpgrade.run(on: app.db, pageSize: 50)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$contentDigest != nil).count() == 0)
            #expect(try await AuditVerifier.verify(on: app.db).failure?.sequence == 12)
        }
    }

    @Test("the command lists what is due on a dry run and prepares a batch once otherwise")
    func command() async throws {
        try await withTandem { app, clock in
            try await DemoSeeder.seedIfEmpty(app)
            let demoBatches = try await DisposalBatch.query(on: app.db).count()
            // A year on, the audit events the council's people recorded by then are due too... under a one-month rule.
            let council = try #require(
                try await Organisation.query(on: app.db).filter(\.$name == "Riverside Council ASB Team").first())
            let rule = RetentionRuleRecord()
            rule.$organisation.id = try council.requireID()
            rule.record = .auditEvent
            rule.months = 1
            rule.from = .recorded
            rule.updatedAt = clock.now()
            try await rule.arrangeCreate(on: app.db)
            let lead = try await WriteAuditTests.signedIn(app, "governance@riverside.example", address: "198.51.100.41")
            _ = try await lead.get("/admin/retention")
            clock.advance(by: 40 * 86_400)
            // Act
            let dry = try await RetentionJob.run(now: clock.now(), app: app, prepare: false, preparedBy: "test")
            #expect(try await DisposalBatch.query(on: app.db).count() == demoBatches)
            let first = try await RetentionJob.run(now: clock.now(), app: app, prepare: true, preparedBy: "test")
            let second = try await RetentionJob.run(now: clock.now(), app: app, prepare: true, preparedBy: "test")
            // Check
            #expect(
                dry.contains {
                    $0.contains("Audit event's personal content: 1 months after when it was recorded")
                        && $0.contains("dry run")
                })
            #expect(dry.contains { $0.contains("Case file") && $0.contains("1 under a legal hold") })
            #expect(first.contains { $0.contains("Audit event") && $0.contains("batch prepared for approval") })
            #expect(second.allSatisfy { !$0.contains("batch prepared") })
            // Approving the audit batch blanks the staff's events and the chain still verifies.
            let audit = try #require(
                try await DisposalBatch.query(on: app.db).filter(\.$record == .auditEvent).first())
            let admin = try await WriteAuditTests.signedIn(app, "admin@riverside.example", address: "198.51.100.45")
            let approved = try await admin.post(
                "/admin/retention/batches/\(try audit.requireID())/approve", [("confirm", "yes")])
            #expect(approved.status == .seeOther)
            let outcome = try await AuditVerifier.verify(on: app.db)
            #expect(outcome.failure == nil)
            #expect(outcome.disposedCount == audit.itemCount)
        }
    }

    @Test("a reporting person's private link is deleted once its rule says, with the messages that carried it kept")
    func residentLinks() async throws {
        try await withTandem { app, clock in
            // Setup: links kept one month after they stop working, and the demo's links long lapsed.
            try await DemoSeeder.seedIfEmpty(app)
            // Maria Lopez's link on Marsh House, sent by email through the outbox.
            let marsh = try await Self.reference(app, "ASB-2026-00002")
            let maria = try #require(
                try await CaseParty.query(on: app.db).filter(\.$caseRecord.$id == marsh.requireID())
                    .filter(\.$role == .reportingPerson).first()?.id)
            let officer = try await WriteAuditTests.signedIn(app, "officer@riverside.example", address: "198.51.100.47")
            try await officer.get("/cases/\(try marsh.requireID())/letters")
            let issued = try await officer.post(
                "/cases/\(try marsh.requireID())/resident-links",
                [("party_id", maria.uuidString), ("channel", "email"), ("recipient", "maria.lopez@example.org")])
            #expect(issued.status == .ok)
            let links = try await ResidentLink.query(on: app.db).count()
            let council = try #require(
                try await Organisation.query(on: app.db).filter(\.$name == "Riverside Council ASB Team").first())
            let rule = RetentionRuleRecord()
            rule.$organisation.id = try council.requireID()
            rule.record = .residentLink
            rule.months = 1
            rule.from = .linkEnded
            rule.updatedAt = clock.now()
            try await rule.arrangeCreate(on: app.db)
            clock.advance(by: 400 * 86_400)
            let lead = try await WriteAuditTests.signedIn(app, "governance@riverside.example", address: "198.51.100.46")
            // Act
            let prepared = try await lead.post("/admin/retention/batches", [("kind", "resident_link")])
            let path = try Self.batchPath(prepared)
            let approved = try await lead.post(path + "/approve", [("confirm", "yes")])
            // Check: the links are gone, nothing points at them, and the chain verifies.
            #expect(links > 0)
            #expect(approved.status == .seeOther)
            #expect(try await ResidentLink.query(on: app.db).count() < links)
            #expect(
                try await Self.count(
                    app,
                    "SELECT COUNT(*) AS n FROM outbox_messages WHERE resident_link_id IS NOT NULL AND resident_link_id NOT IN (SELECT id FROM resident_links)"
                ) == 0)
            #expect(try await AuditVerifier.verify(on: app.db).failure == nil)
        }
    }
}
