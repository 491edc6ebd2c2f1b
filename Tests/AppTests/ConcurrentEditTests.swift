import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting

@testable import App

/// Two people editing the same record: the second save is refused and shown
/// the current details rather than silently overwriting the first.
@Suite("Concurrent edits and reference search")
struct ConcurrentEditTests {
    @Test("a save made from an out-of-date form is refused with the current details; nothing is overwritten")
    func optimisticVersioning() async throws {
        try await withTandem { app, clock in
            try await DemoSeeder.seedIfEmpty(app)
            let officer = TestBrowser(app, address: "192.0.2.91")
            let manager = TestBrowser(app, address: "192.0.2.92")
            #expect(try await officer.signIn("officer@riverside.example", DemoData.password).status == .seeOther)
            #expect(try await manager.signIn("manager@riverside.example", DemoData.password).status == .seeOther)
            let maria = try #require(try await Person.query(on: app.db).filter(\.$fullName == "Maria Lopez").first())
            let path = "/people/\(try maria.requireID().uuidString)"
            // Both open the record.
            let pageA = try await officer.get(path).body.string
            let pageB = try await manager.get(path).body.string
            func version(_ page: String) throws -> String {
                let start = try #require(page.range(of: "name=\"version\" value=\""))
                return String(page[start.upperBound...].prefix { $0 != "\"" })
            }
            let seen = try version(pageA)
            #expect(try version(pageB) == seen)
            clock.advance(by: 60)
            // The officer saves first.
            let fields = [("full_name", "Maria Lopez"), ("postcode", "RV1 4AA")]
            #expect(
                try await officer.post(path, fields + [("version", seen), ("phone", "07700 900111")]).status
                    == .seeOther)
            // The manager's save from the older form is refused, and shows the officer's change.
            let before = try await AuditEvent.query(on: app.db).count()
            let refused = try await manager.post(path, fields + [("version", seen), ("phone", "07700 900222")])
            #expect(refused.status == .conflict)
            #expect(refused.body.string.contains("changed by someone else"))
            #expect(refused.body.string.contains("07700 900111"))
            #expect(try await AuditEvent.query(on: app.db).count() == before)
            // A form with no version at all is refused the same way.
            #expect(try await manager.post(path, fields + [("phone", "07700 900333")]).status == .conflict)
            let stored = try #require(try await Person.find(maria.id, on: app.db))
            #expect(stored.phone == "07700 900111")
            // Saving again from the current form works.
            let fresh = try version(try await manager.get(path).body.string)
            #expect(
                try await manager.post(path, fields + [("version", fresh), ("phone", "07700 900222")]).status
                    == .seeOther)
        }
    }

    @Test("a case reference typed in full finds that case; anything else finds nothing")
    func referenceSearch() async throws {
        try await withTandem { app, _ in
            try await DemoSeeder.seedIfEmpty(app)
            let officer = TestBrowser(app, address: "192.0.2.93")
            #expect(try await officer.signIn("officer@riverside.example", DemoData.password).status == .seeOther)
            let found = try await officer.get("/cases?reference=asb-2026-00002").body.string
            #expect(found.contains("ASB-2026-00002"))
            #expect(!found.contains("ASB-2026-00003"))
            let none = try await officer.get("/cases?reference=%27%20OR%201%3D1%20--").body.string
            #expect(!none.contains("ASB-2026-0000"))
        }
    }
}
