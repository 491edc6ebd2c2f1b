import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting

@testable import App

/// Issue 20, items 1 and 2: the personal inbox on the home page and notifications, on both databases.
@Suite("Inbox and notifications")
struct NotificationsInboxTests {
    @Test("a resident's diary entry notifies the officer (header count, inbox, email if chosen) without its words")
    func residentDiaryNotifies() async throws {
        try await CaseworkTests().withMarsh { setup in
            // Setup: the officer wants resident diary entries by email; the resident signs in with the link.
            try await setup.officer.get("/notifications")
            #expect(
                try await setup.officer.post("/notifications/settings", [("kinds[]", "resident_diary")]).status
                    == .seeOther)
            let (token, code) = try await CaseworkTests().issueLink(setup)
            let resident = TestBrowser(setup.app, address: "198.51.100.9")
            try await resident.get("/r/\(token)")
            #expect(try await resident.post("/r/\(token)", [("code", code)]).status == .seeOther)
            try await resident.get("/r/\(token)/case")

            // Act
            let added = try await resident.postFile(
                "/r/\(token)/diary",
                [("occurred_on", "2026-11-22"), ("occurred_time", "23:40"), ("what_happened", "Music until 2am")],
                file: nil)
            #expect(added.status == .seeOther)

            // Check: an unread notification, counted in the header and listed on the home page.
            let officerID = try #require(
                try await User.query(on: setup.app.db).filter(\.$email == "officer@riverside.example").first()?.id)
            let unread = try await UserNotification.query(on: setup.app.db).filter(\.$user.$id == officerID)
                .filter(\.$readAt == nil).count()
            let home = try await setup.officer.get("/").body.string
            #expect(home.contains("<strong class=\"count\">\(unread)</strong>"))
            #expect(home.contains("From residents since you last looked"))
            let list = try await setup.officer.get("/notifications").body.string
            #expect(list.contains("The reporting person added a diary entry on case ASB-2026-00002"))
            // The email links to Tandem and carries nothing the resident wrote.
            let email = try #require(
                try await EmailMessage.query(on: setup.app.db).filter(\.$purpose == .notification).first())
            #expect(email.toAddress == "officer@riverside.example")
            #expect(email.body.contains("/cases/\(setup.caseID.uuidString)/evidence"))
            #expect(!email.body.contains("Music"))
            #expect(!email.body.contains("Maria"))
            // Marked read: the count goes.
            #expect(try await setup.officer.post("/notifications/read").status == .seeOther)
            #expect(!(try await setup.officer.get("/").body.string.contains("class=\"count\"")))
        }
    }

    @Test("a partner's inbox shows their organisation's action only while a share in force opens the case to them")
    func partnerInboxNeedsAShareInForce() async throws {
        try await withTandem { app, clock in
            // Setup: an action due today for the police on a case shared with them that opens its casework.
            try await DemoSeeder.seedIfEmpty(app)
            let officer = try #require(
                try await User.query(on: app.db).filter(\.$email == "police@riverside.example").first())
            let policeID = officer.$organisation.id
            let share = try #require(
                try await CaseShare.query(on: app.db).filter(\.$organisation.$id == policeID)
                    .filter(\.$revokedAt == nil).all().first { $0.sections.contains("casework") })
            let action = PlanAction()
            action.$caseRecord.id = share.$caseRecord.id
            action.description = "Check the stairwell camera (inbox test)"
            action.owner = .partner
            action.dueOn = DisplayDate.civilDay(clock.now())
            action.status = .open
            action.addedAt = clock.now()
            action.$addedBy.id = try officer.requireID()
            action.$ownerOrganisation.id = policeID
            try await action.arrangeSave(on: app.db)
            let police = TestBrowser(app, address: "192.0.2.85")
            #expect(try await police.signIn("police@riverside.example", DemoData.password).status == .seeOther)
            #expect(try await police.get("/").body.string.contains("Check the stairwell camera (inbox test)"))

            // Act: the share is revoked.
            share.revokedAt = clock.now()
            try await share.arrangeSave(on: app.db)

            // Check: nothing of the case shows in their inbox any more.
            #expect(!(try await police.get("/").body.string.contains("Check the stairwell camera (inbox test)")))
        }
    }

    @Test(
        "a proposed closure waits in the manager's inbox, one click from the sign-off; the officer hears the decision")
    func closureSignOffFromTheInbox() async throws {
        try await ClosureTests().withMarsh { setup in
            // Setup / Act: the officer proposes closure.
            let closure = try await ClosureTests().propose(setup)
            // Check: the manager's home lists it with a link to the closure tab, and they were notified.
            let home = try await setup.manager.get("/").body.string
            #expect(home.contains("Closures waiting for your sign-off"))
            let closureTab = "/cases/\(setup.caseID.uuidString)/closure"
            #expect(home.contains("href=\"\(closureTab)\""))
            #expect(try await setup.manager.get("/notifications").body.string.contains("waits for sign-off"))
            // The officer who proposed it is not asked to sign it off.
            #expect(!(try await setup.officer.get("/").body.string.contains("Closures waiting for your sign-off")))
            // The manager's team table shows caseloads.
            #expect(home.contains("Your team's caseloads"))
            #expect(home.contains("Sam Okafor"))

            // Act: signed off from the closure tab.
            #expect(try await setup.manager.get(closureTab).status == .ok)
            #expect(
                try await setup.manager.post(
                    "\(closureTab)/\(try closure.requireID())/decision", [("decision", "sign_off")]
                ).status == .seeOther)
            // Check: gone from the inbox; the officer is told.
            #expect(!(try await setup.manager.get("/").body.string.contains("Closures waiting for your sign-off")))
            #expect(
                try await setup.officer.get("/notifications").body.string.contains(
                    "Your closure proposal on case ASB-2026-00002 was signed off by Priya Shah"))
        }
    }

    @Test("the deadline reminder comes once for a case due tomorrow; My cases names what each deadline is")
    func deadlineReminderAndMyCases() async throws {
        try await CaseworkTests().withMarsh { setup in
            // Setup: the case's next contact is due tomorrow at 10:00.
            let record = try await setup.record()
            let tomorrow = setup.clock.now().addingTimeInterval(86_400)
            record.nextContactDueAt = tomorrow
            record.refreshNextDeadline()
            try await record.arrangeSave(on: setup.app.db)
            let officerID = try #require(record.$officer.id)
            func reminders() async throws -> Int {
                try await UserNotification.query(on: setup.app.db).filter(\.$user.$id == officerID)
                    .filter(\.$kind == .deadlineTomorrow).count()
            }
            // Act: the sweep runs twice.
            try await DeadlineReminders.sweep(app: setup.app, now: setup.clock.now())
            try await DeadlineReminders.sweep(app: setup.app, now: setup.clock.now().addingTimeInterval(900))
            // Check: once only, saying what is due.
            #expect(try await reminders() == 1)
            let note = try #require(
                try await UserNotification.query(on: setup.app.db).filter(\.$kind == .deadlineTomorrow).first())
            #expect(note.summary.contains("ASB-2026-00002"))
            #expect(record.nextDeadlineAt == tomorrow || note.summary.contains("due tomorrow"))
            let mine = try await setup.officer.get("/cases/mine").body.string
            #expect(mine.contains("Promised contact:") || mine.contains("First response:"))
        }
    }

    @Test("allocating a case tells the officer it is theirs")
    func allocationNotifies() async throws {
        try await ClosureTests().withMarsh { setup in
            // Setup: a triaged case waiting for an officer.
            let record = try #require(
                try await CaseRecord.query(on: setup.app.db).filter(\.$status == .triaged).first())
            let officerID = try #require(
                try await User.query(on: setup.app.db).filter(\.$email == "officer@riverside.example").first()?.id)
            try await setup.manager.get("/cases/\(try record.requireID().uuidString)")
            // Act
            let response = try await setup.manager.post(
                "/cases/\(try record.requireID().uuidString)/allocate", [("officer_id", officerID.uuidString)])
            #expect(response.status == .seeOther)
            // Check
            let notes = try await UserNotification.query(on: setup.app.db).filter(\.$user.$id == officerID)
                .filter(\.$kind == .allocated).filter(\.$caseRecord.$id == record.requireID()).all()
            #expect(notes.map(\.summary) == ["Case \(record.reference) is allocated to you"])
        }
    }
}
