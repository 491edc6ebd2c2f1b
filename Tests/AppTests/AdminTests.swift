import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting

@testable import App

@Suite("Administering users and organisations")
struct AdminTests {
    /// The one-off password shown on the page after adding a user or resetting a password.
    func issuedPassword(_ html: String) throws -> String {
        let marker = try #require(html.range(of: "<code class=\"password\">"))
        return String(html[marker.upperBound...].prefix { $0 != "<" })
    }

    @Test("an administrator adds a user, who signs in with the one-off password")
    func createUser() async throws {
        try await withTandem { app, _ in
            // Setup
            try await DemoSeeder.seedIfEmpty(app)
            let admin = TestBrowser(app)
            try await admin.signIn("admin@riverside.example", DemoData.password)
            try await admin.get("/admin/users/new")
            let police = try #require(
                try await Organisation.query(on: app.db).filter(\.$kind == .police).first()?.id?.uuidString)
            // Act
            let response = try await admin.post(
                "/admin/users",
                [
                    ("name", "DC Ruth Adeyemi"), ("email", "Ruth.Adeyemi@Police.example"), ("organisation", police),
                    ("roles[]", "partner_practitioner"),
                ])
            // Check
            #expect(response.status == .ok)
            let password = try issuedPassword(response.body.string)
            #expect(password.count == 23)
            let ruth = TestBrowser(app, address: "198.51.100.30")
            #expect(try await ruth.signIn("ruth.adeyemi@police.example", password).status == .seeOther)
            let cases = try await ruth.get("/cases")
            #expect(cases.body.string.contains("ASB-2026-00002"))
            #expect(!cases.body.string.contains("ASB-2026-00005"))
            let event = try #require(
                try await AuditEvent.query(on: app.db).filter(\.$summary == "Added user ruth.adeyemi@police.example")
                    .first())
            #expect(!event.changes.contains(password))
        }
    }

    @Test("deactivating signs the user out, stops sign-in, and keeps their history")
    func deactivate() async throws {
        try await withTandem { app, _ in
            try await DemoSeeder.seedIfEmpty(app)
            let officer = TestBrowser(app, address: "198.51.100.31")
            try await officer.signIn("officer@riverside.example", DemoData.password)
            let officerID = try #require(
                try await User.query(on: app.db).filter(\.$email == "officer@riverside.example").first()?.id)
            let historyBefore = try await AuditEvent.query(on: app.db).filter(\.$actorUserID == officerID).count()
            let admin = TestBrowser(app)
            try await admin.signIn("admin@riverside.example", DemoData.password)
            try await admin.get("/admin/users/\(officerID.uuidString)")
            // Act
            let response = try await admin.post("/admin/users/\(officerID.uuidString)/deactivate")
            // Check
            #expect(response.status == .seeOther)
            #expect(try await officer.get("/").status == .seeOther)
            #expect(
                try await TestBrowser(app, address: "198.51.100.32").signIn(
                    "officer@riverside.example", DemoData.password
                ).status == .unauthorized)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$actorUserID == officerID).count() == historyBefore)
            #expect(try await User.find(officerID, on: app.db) != nil)
            // Reactivated, they can sign in again.
            try await admin.get("/admin/users/\(officerID.uuidString)")
            #expect(try await admin.post("/admin/users/\(officerID.uuidString)/reactivate").status == .seeOther)
            #expect(
                try await TestBrowser(app, address: "198.51.100.33").signIn(
                    "officer@riverside.example", DemoData.password
                ).status == .seeOther)
        }
    }

    @Test("roles change with an audited before and after; an administrator cannot lock themselves out")
    func roles() async throws {
        try await withTandem { app, _ in
            try await DemoSeeder.seedIfEmpty(app)
            let admin = TestBrowser(app)
            try await admin.signIn("admin@riverside.example", DemoData.password)
            let callHandler = try #require(
                try await User.query(on: app.db).filter(\.$email == "calls@riverside.example").first()?.id)
            let adminID = try #require(
                try await User.query(on: app.db).filter(\.$email == "admin@riverside.example").first()?.id)
            try await admin.get("/admin/users/\(callHandler.uuidString)")
            let changed = try await admin.post(
                "/admin/users/\(callHandler.uuidString)/roles",
                [("roles[]", "call_handler"), ("roles[]", "case_officer")])
            #expect(changed.status == .seeOther)
            let roles = try await UserRole.query(on: app.db).filter(\.$user.$id == callHandler).all().map(
                \.role.rawValue
            )
            .sorted()
            #expect(roles == ["call_handler", "case_officer"])
            let event = try #require(
                try await AuditEvent.query(on: app.db).filter(\.$recordID == callHandler.uuidString).filter(
                    \.$action == "update"
                ).first())
            #expect(
                FieldChange.decode(event.changes) == [
                    FieldChange(field: "roles", before: "call_handler", after: "call_handler,case_officer")
                ])
            let selfDemotion = try await admin.post(
                "/admin/users/\(adminID.uuidString)/roles", [("roles[]", "auditor")])
            #expect(selfDemotion.status == .badRequest)
            #expect(selfDemotion.body.string.contains("You cannot remove your own administrator role"))
            let selfDeactivate = try await admin.post("/admin/users/\(adminID.uuidString)/deactivate")
            #expect(selfDeactivate.status == .badRequest)
        }
    }

    @Test("resetting a password signs the user out and issues a working one-off password")
    func resetPassword() async throws {
        try await withTandem { app, _ in
            try await DemoSeeder.seedIfEmpty(app)
            let officer = TestBrowser(app, address: "198.51.100.40")
            try await officer.signIn("officer@riverside.example", DemoData.password)
            let officerID = try #require(
                try await User.query(on: app.db).filter(\.$email == "officer@riverside.example").first()?.id)
            let admin = TestBrowser(app)
            try await admin.signIn("admin@riverside.example", DemoData.password)
            try await admin.get("/admin/users/\(officerID.uuidString)")
            let response = try await admin.post("/admin/users/\(officerID.uuidString)/reset-password")
            let password = try issuedPassword(response.body.string)
            #expect(try await officer.get("/").status == .seeOther)
            #expect(
                try await TestBrowser(app, address: "198.51.100.41").signIn(
                    "officer@riverside.example", DemoData.password
                ).status == .unauthorized)
            #expect(
                try await TestBrowser(app, address: "198.51.100.42").signIn("officer@riverside.example", password)
                    .status == .seeOther)
        }
    }

    @Test("deactivating an organisation stops its users signing in")
    func deactivateOrganisation() async throws {
        try await withTandem { app, _ in
            try await DemoSeeder.seedIfEmpty(app)
            let admin = TestBrowser(app)
            try await admin.signIn("admin@riverside.example", DemoData.password)
            let police = try #require(try await Organisation.query(on: app.db).filter(\.$kind == .police).first())
            let id = try police.requireID().uuidString
            try await admin.get("/admin/organisations/\(id)")
            #expect(
                try await admin.post("/admin/organisations/\(id)", [("name", police.name), ("kind", "police")]).status
                    == .seeOther)
            #expect(try await Organisation.find(police.id, on: app.db)?.active == false)
            let council = try #require(
                try await Organisation.query(on: app.db).filter(\.$kind == .councilASB).first())
            let councilID = try council.requireID().uuidString
            try await admin.get("/admin/organisations/\(councilID)")
            let own = try await admin.post(
                "/admin/organisations/\(councilID)", [("name", council.name), ("kind", "council_asb")])
            #expect(own.status == .badRequest)
            #expect(own.body.string.contains("You cannot deactivate your own organisation"))
            #expect(
                try await TestBrowser(app, address: "198.51.100.50").signIn(
                    "police@riverside.example", DemoData.password
                ).status == .unauthorized)
        }
    }

    @Test("an administrator sets the letterhead printed on the organisation's letters")
    func letterhead() async throws {
        try await withTandem { app, _ in
            // Setup
            try await DemoSeeder.seedIfEmpty(app)
            let admin = TestBrowser(app)
            try await admin.signIn("admin@riverside.example", DemoData.password)
            let homes = try #require(
                try await Organisation.query(on: app.db).filter(\.$kind == .housingProvider).first())
            let path = "/admin/organisations/\(try homes.requireID())"
            try await admin.get(path)
            let fields = [("name", homes.name), ("kind", "housing_provider"), ("active", "true")]

            // Act: seven lines, then control characters, then a good letterhead
            let long = try await admin.post(path, fields + [("letterhead", "1\n2\n3\n4\n5\n6\n7")])
            let hostile = try await admin.post(path, fields + [("letterhead", "Riverside\u{7}House")])
            let good = try await admin.post(path, fields + [("letterhead", "2 Quay Street\r\nRiverside RV2 2BB")])

            // Check: refused with the text kept, then saved
            #expect(long.status == .badRequest)
            #expect(long.body.string.contains("Keep the letterhead to six lines"))
            #expect(long.body.string.contains("1\n2\n3\n4\n5\n6\n7</textarea>"))
            #expect(hostile.status == .badRequest)
            #expect(good.status == .seeOther)
            let saved = try #require(try await Organisation.find(homes.id, on: app.db))
            #expect(saved.letterhead?.contains("2 Quay Street") == true)
            #expect(saved.active)
            #expect(try await admin.get(path).body.string.contains("2 Quay Street"))
        }
    }
}
