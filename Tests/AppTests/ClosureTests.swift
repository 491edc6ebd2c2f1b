import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting

@testable import App

/// Closing the demo's Marsh House case (officer Sam Okafor, shared with the
/// police): proposal, sign-off by a senior officer only, seven days' notice
/// with the Case Review right, the survey through the resident's link,
/// closure when the notice ends, and reopening within the period.
@Suite("Closing cases")
struct ClosureTests {
    struct Setup {
        var app: Application
        var clock: ManualClock
        var officer: TestBrowser
        var manager: TestBrowser
        var caseID: UUID
        var reporter: UUID

        var path: String { "/cases/\(caseID.uuidString)" }
        func record() async throws -> CaseRecord { try #require(try await CaseRecord.find(caseID, on: app.db)) }
        func audits() async throws -> Int { try await AuditEvent.query(on: app.db).count() }
        func closures() async throws -> [CaseClosure] {
            try await CaseClosure.query(on: app.db).filter(\.$caseRecord.$id == caseID).sort(\.$proposedAt).all()
        }
    }

    func withMarsh(adjust: (inout Settings) -> Void = { _ in }, _ body: (Setup) async throws -> Void) async throws {
        try await withTandem(adjust: adjust) { app, clock in
            try await DemoSeeder.seedIfEmpty(app)
            let officer = TestBrowser(app, address: "192.0.2.71")
            #expect(try await officer.signIn("officer@riverside.example", DemoData.password).status == .seeOther)
            let manager = TestBrowser(app, address: "192.0.2.72")
            #expect(try await manager.signIn("manager@riverside.example", DemoData.password).status == .seeOther)
            try await officer.get("/")
            try await manager.get("/")
            let record = try #require(
                try await CaseRecord.query(on: app.db).filter(\.$reference == "ASB-2026-00002").first())
            let caseID = try record.requireID()
            let reporter = try #require(
                try await CaseParty.query(on: app.db).filter(\.$caseRecord.$id == caseID)
                    .filter(\.$role == PartyRole.reportingPerson).first()?.id)
            try await body(
                Setup(app: app, clock: clock, officer: officer, manager: manager, caseID: caseID, reporter: reporter))
        }
    }

    /// Moves the clock on; sessions idle out meanwhile, so both users sign in again.
    func later(_ setup: Setup, by seconds: TimeInterval) async throws {
        setup.clock.advance(by: seconds)
        for (browser, email) in [
            (setup.officer, "officer@riverside.example"), (setup.manager, "manager@riverside.example"),
        ] {
            #expect(try await browser.signIn(email, DemoData.password).status == .seeOther)
            try await browser.get("/")
        }
    }

    /// The mail server takes the emailed closure notices waiting in the outbox, at `at` (the worker's part,
    /// arranged: the outbox's own tests send through a real SMTP server).
    func deliverNotices(_ setup: Setup, at: Date) async throws {
        for email in try await EmailMessage.query(on: setup.app.db).filter(\.$purpose == .letter)
            .filter(\.$status != .sent).all()
        {
            email.status = .sent
            email.sentAt = at
            try await email.arrangeSave(on: setup.app.db)
        }
    }

    func propose(_ setup: Setup) async throws -> CaseClosure {
        let response = try await setup.officer.post(
            "\(setup.path)/closure",
            [("reason", "reporting_person_satisfied"), ("summary", "Noise stopped after the warning; Maria agrees.")])
        #expect(response.status == .seeOther)
        return try #require(try await setup.closures().last)
    }

    @Test("a case never closes on an emailed notice that was not delivered; a late delivery starts the notice then")
    func undeliveredNotice() async throws {
        // A mail server is configured (none runs: the outbox's own tests send through a real one).
        let mail: (inout Settings) -> Void = {
            $0.smtp = SMTPSettings(host: "127.0.0.1", port: 9, sender: "asb@riverside.example")
            $0.publicURL = "http://tandem.test"
        }
        try await withMarsh(adjust: mail) { setup in
            // Setup: closure proposed and signed off; the notice goes by email and the mail server is down.
            let closure = try await propose(setup)
            let decision = "\(setup.path)/closure/\(try closure.requireID().uuidString)/decision"
            let signedAt = setup.clock.now()
            #expect(try await setup.manager.post(decision, [("decision", "sign_off")]).status == .seeOther)
            let email = try #require(
                try await EmailMessage.query(on: setup.app.db).filter(\.$purpose == .letter).first())
            #expect(email.status == .queued)

            // Act: the notice period passes with the email still undelivered.
            setup.clock.advance(by: 8 * 86_400)
            let closedUndelivered = try await ClosureService.closeDue(
                now: setup.clock.now(), app: setup.app, on: setup.app.db)

            // Check: still closing, and the closure tab says why.
            #expect(closedUndelivered.isEmpty)
            #expect(try await setup.record().status == .closurePending)
            try await later(setup, by: 0)
            let page = try await setup.officer.get("\(setup.path)/closure").body.string
            #expect(page.contains("The closure notice email has not been delivered yet"))

            // Act: it is delivered on day 8; the sweep runs.
            let deliveredAt = setup.clock.now()
            try await deliverNotices(setup, at: deliveredAt)
            let onDelivery = try await ClosureService.closeDue(
                now: setup.clock.now(), app: setup.app, on: setup.app.db)

            // Check: the seven days now run from delivery, to the minute.
            #expect(onDelivery.isEmpty)
            #expect(try await setup.record().closesAt == deliveredAt.addingTimeInterval(7 * 86_400))
            #expect(signedAt < deliveredAt)
            setup.clock.advance(by: 7 * 86_400 - 60)
            #expect(try await ClosureService.closeDue(now: setup.clock.now(), app: setup.app, on: setup.app.db).isEmpty)
            setup.clock.advance(by: 60)
            #expect(
                try await ClosureService.closeDue(now: setup.clock.now(), app: setup.app, on: setup.app.db)
                    == ["ASB-2026-00002"])
            #expect(try await setup.record().closedAt == deliveredAt.addingTimeInterval(7 * 86_400))
        }
    }

    @Test("only a senior officer who did not propose it signs off; notice, letter, partner tasks; closes to the minute")
    func signOffNoticeAndClose() async throws {
        try await withMarsh { setup in
            // Bad input first: nothing is written.
            var before = try await setup.audits()
            for fields in [
                [("summary", "x")], [("reason", "not_a_reason"), ("summary", "x")],
                [("reason", "other_closed"), ("summary", "short")],
                [("reason", "withdrawn"), ("summary", String(repeating: "a", count: 4001))],
                [("reason", "withdrawn"), ("summary", "bad\u{0}byte")],
            ] {
                #expect(try await setup.officer.post("\(setup.path)/closure", fields).status == .badRequest)
            }
            #expect(try await setup.closures().isEmpty)
            #expect(try await setup.audits() == before)

            // Act: the officer proposes; a second proposal is refused while it waits.
            let closure = try await propose(setup)
            #expect(
                try await setup.officer.post(
                    "\(setup.path)/closure", [("reason", "withdrawn"), ("summary", "Again")]
                ).status == .badRequest)
            // Check: the officer cannot sign off their own proposal.
            let decision = "\(setup.path)/closure/\(try closure.requireID().uuidString)/decision"
            #expect(try await setup.officer.post(decision, [("decision", "sign_off")]).status == .forbidden)
            let page = try await setup.officer.get("\(setup.path)/closure").body.string
            #expect(page.contains("You proposed this closure, so a senior officer other than you signs it off"))
            // A return needs its reasons.
            before = try await setup.audits()
            #expect(try await setup.manager.post(decision, [("decision", "return")]).status == .badRequest)
            #expect(try await setup.audits() == before)

            // Act: the manager signs off.
            let signedAt = setup.clock.now()
            #expect(try await setup.manager.post(decision, [("decision", "sign_off")]).status == .seeOther)
            // Check: closing for seven days, the notice on the case with the Case Review right, partners to tell.
            var record = try await setup.record()
            #expect(record.status == .closurePending)
            #expect(record.closesAt == signedAt.addingTimeInterval(7 * 86_400))
            let letter = try #require(
                try await Letter.query(on: setup.app.db).filter(\.$caseRecord.$id == setup.caseID)
                    .filter(\.$templateKey == "closure_notice").first())
            #expect(letter.body.contains("ASB Case Review"))
            #expect(letter.body.contains("reporting person satisfied"))
            #expect(letter.recipientName == "Maria Lopez")
            // No mail server in this test: the notice goes by post, so the case cannot wait on an email forever.
            #expect(letter.method == .post)
            let tasks = try await RiskTask.query(on: setup.app.db).filter(\.$caseRecord.$id == setup.caseID)
                .filter(\.$kind == .notifyPartnerOfClosure).all()
            #expect(tasks.map(\.source).contains("Riverside Safer Neighbourhoods Police"))
            #expect(try await setup.manager.post(decision, [("decision", "sign_off")]).status == .badRequest)
            try await deliverNotices(setup, at: signedAt)

            // The notice runs: one minute before it ends nothing closes; at its end the case closes.
            setup.clock.advance(by: 7 * 86_400 - 60)
            #expect(try await ClosureService.closeDue(now: setup.clock.now(), app: setup.app, on: setup.app.db).isEmpty)
            setup.clock.advance(by: 60)
            #expect(
                try await ClosureService.closeDue(now: setup.clock.now(), app: setup.app, on: setup.app.db)
                    == ["ASB-2026-00002"])
            record = try await setup.record()
            #expect(record.status == .closed)
            #expect(record.closedAt == signedAt.addingTimeInterval(7 * 86_400))
            #expect(record.closureOutcome == .resolved)
            #expect(record.nextDeadlineAt == nil && record.nextContactDueAt == nil && record.oversightDueAt == nil)
            #expect(record.vulnerabilityDueAt == nil)
            #expect(try await setup.closures().last?.state == .closed)
            let verified = try await AuditVerifier.verify(on: setup.app.db)
            #expect(verified.failure == nil)
        }
    }

    @Test("the reporting person's response keeps the case open; reopening works within the period only")
    func respondAndReopen() async throws {
        try await withMarsh { setup in
            var closure = try await propose(setup)
            var id = try closure.requireID().uuidString
            #expect(
                try await setup.manager.post("\(setup.path)/closure/\(id)/decision", [("decision", "sign_off")]).status
                    == .seeOther)
            // An empty note is refused; a real one keeps the case open.
            #expect(try await setup.officer.post("\(setup.path)/closure/\(id)/response", []).status == .badRequest)
            #expect(
                try await setup.officer.post(
                    "\(setup.path)/closure/\(id)/response", [("note", "The music started again on Friday.")]
                ).status == .seeOther)
            #expect(try await setup.record().status == .open)
            #expect(try await setup.record().closesAt == nil)
            try await later(setup, by: 8 * 86_400)
            #expect(try await ClosureService.closeDue(now: setup.clock.now(), app: setup.app, on: setup.app.db).isEmpty)

            // Close it properly, then reopen within 28 days.
            closure = try await propose(setup)
            id = try closure.requireID().uuidString
            _ = try await setup.manager.post("\(setup.path)/closure/\(id)/decision", [("decision", "sign_off")])
            try await deliverNotices(setup, at: setup.clock.now())
            try await later(setup, by: 7 * 86_400)
            try await ClosureService.closeDue(now: setup.clock.now(), app: setup.app, on: setup.app.db)
            #expect(try await setup.record().status == .closed)
            #expect(try await setup.officer.post("\(setup.path)/reopen", []).status == .badRequest)
            try await later(setup, by: 28 * 86_400)
            #expect(
                try await setup.officer.post("\(setup.path)/reopen", [("reason", "Noise is back, same flat.")]).status
                    == .seeOther)
            let reopened = try await setup.record()
            #expect(reopened.status == .open)
            #expect(reopened.closedAt == nil && reopened.closureOutcome == nil)
            #expect(reopened.nextContactDueAt != nil)

            // Closed again, and a day past the period: refused, with the way forward.
            closure = try await propose(setup)
            id = try closure.requireID().uuidString
            _ = try await setup.manager.post("\(setup.path)/closure/\(id)/decision", [("decision", "sign_off")])
            try await deliverNotices(setup, at: setup.clock.now())
            try await later(setup, by: 7 * 86_400)
            try await ClosureService.closeDue(now: setup.clock.now(), app: setup.app, on: setup.app.db)
            try await later(setup, by: 29 * 86_400)
            let late = try await setup.officer.post("\(setup.path)/reopen", [("reason", "Noise is back again.")])
            #expect(late.status == .badRequest)
            #expect(late.body.string.contains("opens a new case linked to this one"))
            #expect(try await setup.record().status == .closed)
        }
    }

    @Test("the survey: recorded by the officer by phone, or answered once online through the resident's link")
    func survey() async throws {
        try await withMarsh { setup in
            // Not asked before sign-off.
            #expect(
                try await setup.officer.post("\(setup.path)/surveys", [("method", "phone"), ("q_handling", "5")]).status
                    == .badRequest)
            let closure = try await propose(setup)
            _ = try await setup.manager.post(
                "\(setup.path)/closure/\(try closure.requireID().uuidString)/decision", [("decision", "sign_off")])
            // The officer records a phone survey; a score off the scale is refused and nothing saved.
            #expect(
                try await setup.officer.post("\(setup.path)/surveys", [("method", "phone"), ("q_handling", "9")]).status
                    == .badRequest)
            #expect(
                try await setup.officer.post("\(setup.path)/surveys", [("method", "online"), ("q_handling", "5")])
                    .status == .badRequest)
            #expect(try await SurveyResponse.query(on: setup.app.db).count() == 0)
            #expect(
                try await setup.officer.post(
                    "\(setup.path)/surveys",
                    [
                        ("method", "phone"), ("q_handling", "4"), ("q_tp12", "5"),
                        ("comments", "<script>alert(1)</script>"),
                    ]
                ).status == .seeOther)
            let page = try await setup.officer.get("\(setup.path)/closure").body.string
            #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(!page.contains("<script>alert(1)</script>"))

            // The resident answers online through their link, once.
            try await setup.officer.get("\(setup.path)/letters")
            let issued = try await setup.officer.post(
                "\(setup.path)/resident-links",
                [
                    ("party_id", setup.reporter.uuidString), ("channel", "email"),
                    ("recipient", "maria.lopez@example.org"),
                ]
            ).body.string
            let token = try #require(issued.range(of: "/r/").map { issued[$0.upperBound...].prefix { $0 != "<" } })
            let codeStart = try #require(issued.range(of: "id=\"issued-code\">"))
            let code = String(issued[codeStart.upperBound...].prefix(6))
            let resident = TestBrowser(setup.app, address: "198.51.100.9")
            #expect(try await resident.get("/r/\(token)").status == .ok)
            #expect(try await resident.post("/r/\(token)", [("code", code)]).status == .seeOther)
            let casePage = try await resident.get("/r/\(token)/case").body.string
            #expect(casePage.contains("We intend to close your case"))
            #expect(casePage.contains("/r/\(token)/survey"))
            #expect(try await resident.get("/r/\(token)/survey").status == .ok)
            #expect(try await resident.post("/r/\(token)/survey", []).status == .badRequest)
            #expect(
                try await resident.post(
                    "/r/\(token)/survey", [("q_handling", "5"), ("q_outcome", "4"), ("q_tp12", "4")]
                ).status == .seeOther)
            let online = try await SurveyResponse.query(on: setup.app.db).filter(\.$method == .online).all()
            #expect(online.count == 1)
            #expect(online.first?.handling == 5 && online.first?.tp12 == 4 && online.first?.empathy == nil)
            #expect(try await resident.get("/r/\(token)/survey").status == .gone)
            #expect(
                try await resident.get("/r/\(token)/case").body.string.contains("Thank you for answering our survey"))
        }
    }
}
