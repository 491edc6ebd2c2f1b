import Fluent
import Foundation
import SQLKit
import TandemCore
import Testing
import Vapor
import VaporTesting

@testable import App

@Suite("Audit trail")
struct AuditTrailTests {
    @Test("an update records who, where, and each field's before and after")
    func recordsChanges() async throws {
        try await withTandem { app, _ in
            // Setup
            try await createUser(app, email: "admin@riverside.example", roles: [.administrator])
            let browser = TestBrowser(app, address: "203.0.113.44")
            try await browser.signIn("admin@riverside.example")
            try await browser.get("/admin/organisations/new")
            try await browser.post("/admin/organisations", [("name", "Riverside Noise"), ("kind", "other")])
            let organisation = try #require(
                try await Organisation.query(on: app.db).filter(\.$name == "Riverside Noise").first())
            let id = try organisation.requireID().uuidString
            // Act
            try await browser.get("/admin/organisations/\(id)")
            try await browser.post(
                "/admin/organisations/\(id)",
                [("name", "Riverside Noise Team"), ("kind", "environmental_health"), ("active", "true")])
            // Check
            let event = try #require(
                try await AuditEvent.query(on: app.db).filter(\.$recordID == id).filter(\.$action == "update").first())
            #expect(event.actorEmail == "admin@riverside.example")
            #expect(event.address == "203.0.113.44")
            #expect(event.recordType == "organisation")
            #expect(event.actorOrganisationID != nil)
            #expect(
                FieldChange.decode(event.changes) == [
                    FieldChange(field: "kind", before: "other", after: "environmental_health"),
                    FieldChange(field: "name", before: "Riverside Noise", after: "Riverside Noise Team"),
                ])
        }
    }

    @Test("viewing a case is an audit event")
    func viewIsAudited() async throws {
        try await withTandem { app, _ in
            try await DemoSeeder.seedIfEmpty(app)
            let browser = TestBrowser(app)
            try await browser.signIn("officer@riverside.example", DemoData.password)
            let record = try #require(
                try await CaseRecord.query(on: app.db).filter(\.$reference == "ASB-2026-00002").first())
            let id = try record.requireID().uuidString
            #expect(try await browser.get("/cases/\(id)").status == .ok)
            let views = try await AuditEvent.query(on: app.db).filter(\.$action == "view").filter(\.$recordID == id)
                .all()
            #expect(views.count == 1)
            #expect(views.first?.actorEmail == "officer@riverside.example")
        }
    }

    @Test("a write whose transaction fails leaves neither the record nor its event")
    func atomic() async throws {
        try await withTandem { app, clock in
            struct Boom: Error {}
            let before = try await AuditEvent.query(on: app.db).count()
            await #expect(throws: Boom.self) {
                try await app.writeTransaction(on: app.db) { db in
                    let organisation = Organisation(name: "Half Saved", kind: .other, at: clock.now())
                    try await organisation.arrangeCreate(on: db)
                    try await AuditLog.append(
                        AuditEntry(
                            action: .create, recordType: .organisation, recordID: organisation.id?.uuidString,
                            summary: "x"),
                        by: .system, at: clock.now(), on: db)
                    throw Boom()
                }
            }
            #expect(try await Organisation.query(on: app.db).filter(\.$name == "Half Saved").count() == 0)
            #expect(try await AuditEvent.query(on: app.db).count() == before)
        }
    }

    @Test("concurrent writes, beside single-statement writes, keep one unbroken chain and never fail")
    func concurrentAppends() async throws {
        try await withTandem { app, clock in
            // Act: audited transactions race plain inserts (like a session being
            // touched), which on SQLite once failed a deferred transaction with
            // "database is locked".
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<40 {
                    group.addTask {
                        try await app.writeTransaction(on: app.db) { db in
                            try await AuditLog.append(
                                AuditEntry(action: .view, recordType: .route, recordID: "\(index)", summary: "load"),
                                by: .system, at: clock.now(), on: db)
                        }
                    }
                    group.addTask {
                        try await SignInAttempt(
                            email: "x\(index)@test.example", address: "192.0.2.9", at: clock.now(), succeeded: false
                        )
                        .arrangeCreate(on: app.db)
                    }
                }
                try await group.waitForAll()
            }
            // Check
            let outcome = try await AuditVerifier.verify(on: app.db)
            #expect(outcome.failure == nil)
            #expect(outcome.checked == 40)
            #expect(try await SignInAttempt.query(on: app.db).count() == 40)
        }
    }

    @Test("a tampered row makes `tandem audit verify` fail, naming the event")
    func tamperDetected() async throws {
        // Setup: a real trail from the demo data.
        let location = try await TestDatabase.create()
        defer { Task { await TestDatabase.drop(location) } }
        let clock = ManualClock(testStart)
        let app = try await makeApp(location, clock: clock)
        try await DemoSeeder.seedIfEmpty(app)
        let intact = try await AuditVerifier.verify(on: app.db)
        #expect(intact.failure == nil)
        #expect(intact.checked > 20)
        // Act: someone edits event 5 directly in the database.
        let sql = try #require(app.db as? any SQLDatabase)
        try await sql.update("audit_events").set("summary", to: "Nothing to see here").where("sequence", .equal, 5)
            .run()
        try await app.asyncShutdown()
        // Check: the command exits with an error naming event 5.
        let verifier = try await makeApp(location, clock: clock, arguments: ["tandem", "audit", "verify"])
        do {
            try await verifier.execute()
            Issue.record("audit verify should have failed")
        } catch let error as VerifyAuditCommand.ChainBroken {
            #expect(error.description.contains("event 5"))
        }
        try await verifier.asyncShutdown()
    }

    @Test("a deleted event breaks the chain at the gap")
    func deletionDetected() async throws {
        try await withTandem(verifiesAudit: false) { app, _ in
            try await DemoSeeder.seedIfEmpty(app)
            try await AuditEvent.query(on: app.db).filter(\.$sequence == 3).delete()
            let outcome = try await AuditVerifier.verify(on: app.db)
            #expect(outcome.failure?.sequence == 3)
            #expect(outcome.checked == 2)
        }
    }

    @Test("administrators and auditors search by user, record and dates, a page at a time")
    func search() async throws {
        try await withTandem { app, clock in
            // Setup: 60 view events by the officer yesterday, one today.
            try await DemoSeeder.seedIfEmpty(app)
            let officer = TestBrowser(app)
            try await officer.signIn("officer@riverside.example", DemoData.password)
            let record = try #require(
                try await CaseRecord.query(on: app.db).filter(\.$reference == "ASB-2026-00002").first())
            let id = try record.requireID().uuidString
            for _ in 0..<60 { try await officer.get("/cases/\(id)") }
            clock.advance(by: 24 * 60 * 60)
            let auditor = TestBrowser(app, address: "198.51.100.2")
            try await auditor.signIn("auditor@riverside.example", DemoData.password)
            // Act
            let first = try await auditor.get("/audit?user=officer@riverside.example&record_type=case&record_id=\(id)")
            let second = try await auditor.get(
                "/audit?user=officer%40riverside.example&record_type=case&record_id=\(id)&page=2")
            let today = try await auditor.get("/audit?record_type=case&from=2026-11-24&to=2026-11-24")
            // Check
            #expect(first.status == .ok)
            #expect(first.body.string.components(separatedBy: "Viewed case ASB-2026-00002").count - 1 == 50)
            #expect(first.body.string.contains("page=2"))
            #expect(second.body.string.components(separatedBy: "Viewed case ASB-2026-00002").count - 1 == 10)
            #expect(today.body.string.contains("No events match"))
            let badDates = try await auditor.get("/audit?from=2026-13-45&to=yesterday")
            #expect(badDates.status == .ok)
            #expect(badDates.body.string.contains("Enter the start date as a real date"))
        }
    }
}
