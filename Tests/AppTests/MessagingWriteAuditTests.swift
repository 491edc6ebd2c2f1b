import Fluent
import TandemCore
import Testing
import VaporTesting

@testable import App

extension WriteAuditTests {
    @Test("messaging: reading notifications, choosing email, a test message and a retry")
    func messagingWrites() async throws {
        try await CaseworkTests().withMarsh { setup in
            // Setup: a notification for the officer, and an administrator.
            let db = setup.app.db
            let writes = Writes(setup.app)
            let officerID = try #require(
                try await User.query(on: db).filter(\.$email == "officer@riverside.example").first()?.id)
            try await UserNotification(
                userID: officerID, caseID: setup.caseID, kind: .allocated, summary: "Case allocated",
                href: setup.path, at: testStart
            ).arrangeCreate(on: db)
            try await setup.officer.get("/notifications")

            // Act / Check
            try await writes.submit("/notifications/read") { try await setup.officer.post("/notifications/read") }
            try await setup.officer.get("/notifications")
            try await writes.submit("/notifications/settings") {
                try await setup.officer.post("/notifications/settings", [("kinds[]", "resident_diary")])
            }
            let admin = TestBrowser(setup.app, address: "192.0.2.90")
            #expect(try await admin.signIn("admin@riverside.example", DemoData.password).status == .seeOther)
            try await admin.get("/admin/emails")
            try await writes.submit("/admin/emails/test") { try await admin.post("/admin/emails/test") }
            let message = try #require(try await EmailMessage.query(on: db).first())
            message.status = .failed
            try await message.arrangeSave(on: db)
            try await admin.get("/admin/emails")
            try await writes.submit("/admin/emails/:emailID/retry") {
                try await admin.post("/admin/emails/\(try message.requireID())/retry")
            }
            #expect(try await EmailMessage.find(message.id, on: db)?.status == .queued)
            writes.expectCovered(Self.messaging)
        }
    }
}
