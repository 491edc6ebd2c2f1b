import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting

@testable import App

/// Casework on the demo's Marsh House case (officer Sam Okafor; reporting
/// person Maria Lopez; respondent Kevin Doyle): interviews and the plan,
/// the contact promise, letters, referrals, evidence files and the
/// resident's private link.
@Suite("Casework")
struct CaseworkTests {
    static let marsh = "ASB-2026-00002"
    /// A 1x1 PNG.
    static let png: [UInt8] = Array(
        Data(
            base64Encoded:
                "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")!)

    struct Setup {
        var app: Application
        var clock: ManualClock
        var officer: TestBrowser
        var caseID: UUID
        var reporter: UUID
        var respondent: UUID

        var path: String { "/cases/\(caseID.uuidString)" }

        func record() async throws -> CaseRecord { try #require(try await CaseRecord.find(caseID, on: app.db)) }
        func audits() async throws -> Int { try await AuditEvent.query(on: app.db).count() }

        /// Moves the clock on; the officer's idle session has ended by then, so they sign in again.
        func advance(by interval: TimeInterval) async throws {
            clock.advance(by: interval)
            try await officer.signIn("officer@riverside.example", DemoData.password)
        }
    }

    func withMarsh(_ body: (Setup) async throws -> Void) async throws {
        try await withTandem { app, clock in
            try await DemoSeeder.seedIfEmpty(app)
            let officer = TestBrowser(app, address: "192.0.2.51")
            #expect(try await officer.signIn("officer@riverside.example", DemoData.password).status == .seeOther)
            let record = try #require(
                try await CaseRecord.query(on: app.db).filter(\.$reference == Self.marsh).first())
            let caseID = try record.requireID()
            let parties = try await CaseParty.query(on: app.db).filter(\.$caseRecord.$id == caseID).all()
            let reporter = try #require(parties.first { $0.role == PartyRole.reportingPerson }?.id)
            let respondent = try #require(parties.first { $0.role == PartyRole.respondent }?.id)
            try await body(
                Setup(
                    app: app, clock: clock, officer: officer, caseID: caseID, reporter: reporter,
                    respondent: respondent))
        }
    }

    /// Every required answer of the reporting person's interview, all "no".
    static func interviewAnswers(reporter: UUID) -> [(String, String)] {
        var fields: [(String, String)] = [
            ("party_id", reporter.uuidString), ("interviewed_on", "2026-11-23"), ("method", "Home visit"),
        ]
        for question in InterviewQuestions.reportingPerson where question.required {
            fields.append(("q_\(question.id)", question.style == .yesNo ? "no" : "Answer to \(question.id)"))
        }
        return fields
    }

    @Test("an interview, the action plan two weeks on, its agreement and a review are recorded with their history")
    func interviewPlanAndReview() async throws {
        try await withMarsh { setup in
            let browser = setup.officer
            #expect(try await browser.get("\(setup.path)/interviews/new?party=\(setup.reporter)").status == .ok)

            // Interpretation needed but no interpreter: refused, nothing saved.
            var fields = Self.interviewAnswers(reporter: setup.reporter)
            fields.removeAll { $0.0 == "q_interpretation" }
            let audits = try await setup.audits()
            let refused = try await browser.post(
                "\(setup.path)/interviews", fields + [("q_interpretation", "yes")])
            #expect(refused.status == .badRequest)
            #expect(refused.body.string.contains("only be completed with an interpreter present"))
            #expect(try await Interview.query(on: setup.app.db).filter(\.$caseRecord.$id == setup.caseID).count() == 0)
            #expect(try await setup.audits() == audits)

            // The interview is saved and makes the assessment due within 48 hours.
            let saved = try await browser.post(
                "\(setup.path)/interviews", Self.interviewAnswers(reporter: setup.reporter))
            #expect(saved.status == .seeOther)
            let afterInterview = try await setup.record()
            #expect(afterInterview.vulnerabilityDueAt == testStart.addingTimeInterval(48 * 3600))

            // The plan's first review is two weeks from the interview.
            #expect(
                try await browser.post(
                    "\(setup.path)/plan",
                    [
                        ("evidence_plan", "Diary sheets; police disclosure"), ("contact_frequency", "7"),
                        ("contact_method", "phone"),
                    ]
                ).status == .seeOther)
            let plan = try #require(
                try await ActionPlan.query(on: setup.app.db).filter(\.$caseRecord.$id == setup.caseID).first())
            #expect(plan.firstReviewOn == CivilDate(2026, 12, 7))
            #expect(plan.nextReviewOn == CivilDate(2026, 12, 7))
            #expect(try await browser.get("\(setup.path)/plan").body.string.contains("7 Dec 2026"))

            // An action due in the past is refused; a good one is a new version.
            let late = try await browser.post(
                "\(setup.path)/plan/actions",
                [("description", "Send diary sheets"), ("owner", "officer"), ("due_on", "2026-11-01")])
            #expect(late.status == .badRequest)
            #expect(
                try await browser.post(
                    "\(setup.path)/plan/actions",
                    [("description", "Send diary sheets"), ("owner", "officer"), ("due_on", "2026-11-27")]
                ).status == .seeOther)

            // Agreed in the future: refused. Agreed verbally today: recorded against version 2.
            #expect(
                try await browser.post(
                    "\(setup.path)/plan/agreement",
                    [("agreed_by", "Maria Lopez"), ("agreed_on", "2026-11-24"), ("agreed_how", "verbally")]
                ).status == .badRequest)
            #expect(
                try await browser.post(
                    "\(setup.path)/plan/agreement",
                    [("agreed_by", "Maria Lopez"), ("agreed_on", "2026-11-23"), ("agreed_how", "verbally")]
                ).status == .seeOther)

            // A review meeting must set its next review after the meeting.
            #expect(
                try await browser.post(
                    "\(setup.path)/plan/reviews",
                    [
                        ("held_on", "2026-11-23"), ("attendees", "Maria Lopez, Sam Okafor"), ("progress", "Diary read"),
                        ("review_next_on", "2026-11-20"),
                    ]
                ).status == .badRequest)
            #expect(
                try await browser.post(
                    "\(setup.path)/plan/reviews",
                    [
                        ("held_on", "2026-11-23"), ("attendees", "Maria Lopez, Sam Okafor"), ("progress", "Diary read"),
                        ("review_next_on", "2026-12-21"),
                    ]
                ).status == .seeOther)
            let reviewed = try #require(try await ActionPlan.find(plan.id, on: setup.app.db))
            #expect(reviewed.nextReviewOn == CivilDate(2026, 12, 21))
            #expect(reviewed.version == 3)
            #expect(reviewed.agreedVersion == 2)
            let revisions = try await PlanRevision.query(on: setup.app.db).filter(\.$caseRecord.$id == setup.caseID)
                .sort(\.$version).all()
            #expect(revisions.map(\.version) == [1, 2, 3])

            let print = try await browser.get("\(setup.path)/plan/print")
            #expect(print.status == .ok)
            #expect(print.body.string.contains("Send diary sheets"))
            #expect(print.body.string.contains("agreed by Maria Lopez"))
        }
    }

    @Test("a contact schedules the next one a week on at close of business, shown due and overdue to the minute")
    func contactPromise() async throws {
        try await withMarsh { setup in
            let browser = setup.officer
            try await browser.get(setup.path)
            let audits = try await setup.audits()
            // In the future: refused and nothing written.
            let future = try await browser.post(
                "\(setup.path)/contacts",
                [
                    ("contacted_on", "2026-11-24"), ("contacted_time", "09:00"), ("channel", "phone"),
                    ("with_whom", "Maria Lopez"), ("summary", "Update"), ("from", "case"),
                ])
            #expect(future.status == .badRequest)
            #expect(try await setup.audits() == audits)
            #expect(try await ContactLog.query(on: setup.app.db).filter(\.$caseRecord.$id == setup.caseID).count() == 0)

            let hostile = "<script>alert(1)</script>' OR 1=1 -- Ünïcødé"
            let logged = try await browser.post(
                "\(setup.path)/contacts",
                [
                    ("contacted_on", "2026-11-23"), ("contacted_time", "10:00"), ("channel", "phone"),
                    ("with_whom", "Maria Lopez"), ("summary", hostile), ("from", "case"),
                ])
            #expect(logged.status == .seeOther)
            let record = try await setup.record()
            // Monday 23 November 10:00 weekly: due by 17:00 on Monday 30 November (GMT).
            let due = testStart.addingTimeInterval(7 * 86_400 + 7 * 3600)
            #expect(record.nextContactDueAt == due)
            #expect(record.nextDeadlineAt.map { $0 <= due } == true)
            let page = try await browser.get(setup.path).body.string
            #expect(page.contains("On track"))
            #expect(!page.contains("<script>alert(1)"))
            #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))

            try await setup.advance(by: due.timeIntervalSince(setup.clock.now()))
            #expect(try await browser.get(setup.path).body.string.contains("Due today"))
            setup.clock.advance(by: 1)
            #expect(try await browser.get(setup.path).body.string.contains("Overdue"))
        }
    }

    @Test("a letter to the respondent never carries the reporting person's name, address or phone")
    func respondentLetter() async throws {
        try await withMarsh { setup in
            let browser = setup.officer
            let compose = try await browser.get(
                "\(setup.path)/letters/new?template=warning_letter&party=\(setup.respondent)")
            #expect(compose.status == .ok)
            #expect(!compose.body.string.contains("Maria Lopez"))
            for leak in [
                "Maria Lopez complained about music", "Call 07700900202", "the tenant at flat 12, marsh house",
            ] {
                let refused = try await browser.post(
                    "\(setup.path)/letters",
                    [
                        ("template", "warning_letter"), ("party_id", setup.respondent.uuidString), ("behaviour", leak),
                        ("method", "post"), ("sent_on", "2026-11-23"),
                    ])
                #expect(refused.status == .badRequest, "\(leak)")
            }
            #expect(try await Letter.query(on: setup.app.db).filter(\.$caseRecord.$id == setup.caseID).count() == 0)
            // The reporting person's letter cannot go to the respondent.
            #expect(
                try await browser.post(
                    "\(setup.path)/letters",
                    [
                        ("template", "acknowledgement"), ("party_id", setup.respondent.uuidString), ("method", "post"),
                        ("sent_on", "2026-11-23"),
                    ]
                ).status == .badRequest)

            let sent = try await browser.post(
                "\(setup.path)/letters",
                [
                    ("template", "warning_letter"), ("party_id", setup.respondent.uuidString),
                    ("behaviour", "Loud music late at night has been reported."), ("method", "post"),
                    ("sent_on", "2026-11-23"), ("confirm_not_identifying", "yes"),
                ])
            #expect(sent.status == .seeOther)
            let letter = try #require(
                try await Letter.query(on: setup.app.db).filter(\.$caseRecord.$id == setup.caseID).first())
            #expect(letter.body.contains("Kevin Doyle"))
            #expect(!letter.body.contains("your address, your address"))
            // Addressed to his own home (whose postcode the reporting person shares, so it cannot be checked here).
            #expect(letter.body.contains("Flat 14, Marsh House, RV1 4AA"))
            for identifier in ["Maria", "Lopez", "Flat 12", "900202", "maria.lopez"] {
                #expect(!letter.body.contains(identifier), "\(identifier)")
            }
            // Kept with the address block it went to, and laid out to post: letterhead, address, date, reference.
            #expect(letter.recipientAddress == "Flat 14, Marsh House\nRV1 4AA")
            let view = try await browser.get("\(setup.path)/letters/\(try letter.requireID())")
            #expect(view.status == .ok)
            let page = view.body.string
            #expect(page.contains("<strong>Riverside Council ASB Team</strong><br>Riverside Town Hall<br>"))
            #expect(page.contains("Kevin Doyle<br>Flat 14, Marsh House<br>RV1 4AA<br>"))
            #expect(page.contains("<dt>Date</dt><dd>23 November 2026</dd>"))
            #expect(page.contains("<dt>Our reference</dt><dd>ASB-2026-00002</dd>"))
            #expect(page.contains("<dt>Contact</dt><dd>Sam Okafor</dd>"))

            // An administrator cannot give a respondent template a reporting-person field.
            let admin = TestBrowser(setup.app, address: "192.0.2.52")
            try await admin.signIn("admin@riverside.example", DemoData.password)
            let template = try #require(
                try await LetterTemplate.query(on: setup.app.db).filter(\.$key == "warning_letter").first())
            try await admin.get("/admin/letters/\(try template.requireID())")
            let bad = try await admin.post(
                "/admin/letters/\(try template.requireID())",
                [("title", "Warning"), ("body", "Dear {{recipient_name}}, actions: {{plan_actions}}")])
            #expect(bad.status == .badRequest)
            #expect(bad.body.string.contains("cannot be used in a letter to the respondent"))
            #expect(try await LetterTemplate.find(template.id, on: setup.app.db)?.body == template.body)
        }
    }

    @Test("a referral moves only by the allowed steps and becomes chase-due when its reply is late")
    func referrals() async throws {
        try await withMarsh { setup in
            let browser = setup.officer
            try await browser.get("\(setup.path)/support")
            #expect(
                try await browser.post(
                    "\(setup.path)/referrals",
                    [
                        ("service", "mental_health"), ("party_id", setup.respondent.uuidString),
                        ("asked", "Assessment and support"), ("sent_on", "2026-11-23"),
                    ]
                ).status == .seeOther)
            let referral = try #require(
                try await Referral.query(on: setup.app.db).filter(\.$caseRecord.$id == setup.caseID).first())
            #expect(referral.replyDueOn == CivilDate(2026, 12, 7))
            let id = try referral.requireID()
            #expect(
                try await browser.post("\(setup.path)/referrals/\(id)", [("status", "engaged")]).status == .badRequest)
            #expect(!(try await browser.get("\(setup.path)/support").body.string.contains("Chase due")))

            // The day after the expected reply, it is chase-due.
            try await setup.advance(by: 15 * 86_400)
            #expect(try await browser.get("\(setup.path)/support").body.string.contains("Chase due"))
            #expect(
                try await browser.post(
                    "\(setup.path)/referrals/\(id)",
                    [
                        ("status", "chased"), ("reply_due_on", "2026-12-11"),
                        ("note", "Left a message with the duty team"),
                    ]
                ).status == .seeOther)
            #expect(!(try await browser.get("\(setup.path)/support").body.string.contains("Chase due")))
            for status in ["accepted", "engaged", "closed"] {
                #expect(
                    try await browser.post("\(setup.path)/referrals/\(id)", [("status", status)]).status == .seeOther)
            }
            #expect(
                try await browser.post("\(setup.path)/referrals/\(id)", [("status", "engaged")]).status == .badRequest)
            let updates = try await ReferralUpdate.query(on: setup.app.db).filter(\.$referral.$id == id).count()
            #expect(updates == 5)
        }
    }

    @Test("a letter is not recorded as sent when there is no way to reach the person")
    func letterNeedsAnAddress() async throws {
        try await withMarsh { setup in
            // Setup: the respondent's home is not known.
            let party = try #require(
                try await CaseParty.query(on: setup.app.db).filter(\.$id == setup.respondent).with(\.$person).first())
            let person = try #require(party.person)
            person.$place.id = nil
            try await person.arrangeSave(on: setup.app.db)
            let compose = try await setup.officer.get(
                "\(setup.path)/letters/new?template=warning_letter&party=\(setup.respondent.uuidString)")
            #expect(compose.body.string.contains("No address is recorded for Kevin Doyle."))
            try await setup.officer.get("\(setup.path)/letters")
            let fields: [(String, String)] = [
                ("template", "warning_letter"), ("party_id", setup.respondent.uuidString),
                ("behaviour", "Loud music late at night has been reported."), ("sent_on", "2026-11-23"),
                ("confirm_not_identifying", "yes"),
            ]
            // Act
            let posted = try await setup.officer.post("\(setup.path)/letters", fields + [("method", "post")])
            let emailed = try await setup.officer.post("\(setup.path)/letters", fields + [("method", "email")])
            // Check: refused with what to do, the text kept, and nothing recorded.
            #expect(posted.status == .badRequest)
            #expect(posted.body.string.contains("There is no address for Kevin Doyle in Tandem"))
            #expect(posted.body.string.contains("Loud music late at night has been reported."))
            #expect(emailed.status == .badRequest)
            #expect(emailed.body.string.contains("no email address for Kevin Doyle"))
            #expect(try await Letter.query(on: setup.app.db).filter(\.$caseRecord.$id == setup.caseID).count() == 0)
        }
    }

    @Test("evidence files are checked by content and size, kept outside the database, and every download audited")
    func evidenceFiles() async throws {
        try await withMarsh { setup in
            let browser = setup.officer
            try await browser.get("\(setup.path)/evidence")
            let form = [("kind", "photo"), ("title", "Photo of the door"), ("obtained_on", "2026-11-23")]
            let cases: [([UInt8], String)] = [
                ([], "The selected file is empty"),
                (Array("not really a picture".utf8), "must be a photo"),
                (Self.png + [UInt8](repeating: 0, count: 70 * 1024), "smaller than 64 KB"),
            ]
            for (bytes, message) in cases {
                let refused = try await browser.postFile(
                    "\(setup.path)/evidence", form, file: (name: "photo.jpg", bytes: bytes))
                #expect(refused.status == .badRequest)
                #expect(refused.body.string.contains(message), "\(message)")
            }
            #expect(
                try await EvidenceItem.query(on: setup.app.db).filter(\.$caseRecord.$id == setup.caseID).count() == 0)

            let added = try await browser.postFile(
                "\(setup.path)/evidence", form, file: (name: "../../door photo.png", bytes: Self.png))
            #expect(added.status == .seeOther)
            let item = try #require(
                try await EvidenceItem.query(on: setup.app.db).filter(\.$caseRecord.$id == setup.caseID).first())
            #expect(item.fileSHA256 == EvidenceStore.sha256Hex(Self.png))
            #expect(item.fileName == "door_photo.png")
            let itemID = try item.requireID()

            let views = try await AuditEvent.query(on: setup.app.db).filter(\.$action == "view").count()
            let download = try await browser.get("\(setup.path)/evidence/\(itemID)/file")
            #expect(download.status == .ok)
            #expect(Array(download.body.readableBytesView) == Self.png)
            #expect(download.headers.contentType?.description.hasPrefix("image/png") == true)
            #expect(try await AuditEvent.query(on: setup.app.db).filter(\.$action == "view").count() == views + 1)

            // Someone the case is not shared with cannot tell it exists.
            try await createUser(
                setup.app, email: "other@test.example", roles: [.partnerPractitioner], organisation: "Elsewhere Trust",
                kind: .housingProvider)
            let outsider = TestBrowser(setup.app, address: "192.0.2.53")
            try await outsider.signIn("other@test.example")
            #expect(try await outsider.get("\(setup.path)/evidence/\(itemID)/file").status == .notFound)

            // A file changed on disk is refused rather than served.
            let store = setup.app.evidenceStore
            let key = try #require(item.storageKey)
            try Data("tampered".utf8).write(
                to: URL(fileURLWithPath: "\(store.directory)/\(key.prefix(2))/\(key)"))
            #expect(try await browser.get("\(setup.path)/evidence/\(itemID)/file").status == .conflict)
        }
    }

    /// Issues a private link and returns its token and code, read from the page.
    func issueLink(_ setup: Setup) async throws -> (token: String, code: String) {
        try await setup.officer.get("\(setup.path)/letters")
        let page = try await setup.officer.post(
            "\(setup.path)/resident-links",
            [("party_id", setup.reporter.uuidString), ("channel", "email"), ("recipient", "maria.lopez@example.org")]
        ).body.string
        let url = try #require(page.range(of: "/r/").map { page[$0.upperBound...].prefix { $0 != "<" } })
        let codeStart = try #require(page.range(of: "id=\"issued-code\">"))
        let code = page[codeStart.upperBound...].prefix(6)
        return (String(url), String(code))
    }

    @Test(
        "the resident's private link needs its code, locks, expires and can be revoked; their diary reaches the officer"
    )
    func residentLink() async throws {
        try await withMarsh { setup in
            let (token, code) = try await issueLink(setup)
            #expect(
                try await OutboxMessage.query(on: setup.app.db).filter(\.$caseRecord.$id == setup.caseID).count() == 2)
            let resident = TestBrowser(setup.app, address: "198.51.100.7")
            #expect(try await resident.get("/r/\(token)").status == .ok)
            #expect(try await resident.get("/r/\(token)/case").status == .seeOther)
            #expect(try await resident.post("/r/\(token)", [("code", "000000")]).status == .badRequest)
            #expect(try await resident.post("/r/\(token)", [("code", code)]).status == .seeOther)
            let page = try await resident.get("/r/\(token)/case")
            #expect(page.status == .ok)
            #expect(page.body.string.contains(Self.marsh))
            #expect(!page.body.string.contains("Kevin Doyle"))
            // The panel's actions on Marsh House (the demo's meeting) are the partnership's, not the resident's.
            #expect(!page.body.string.contains("Install noise recording equipment in Flat 12"))

            // A diary entry with a photo appears on the officer's timeline.
            let added = try await resident.postFile(
                "/r/\(token)/diary",
                [("occurred_on", "2026-11-22"), ("occurred_time", "23:40"), ("what_happened", "Music until 2am")],
                file: (name: "noise.png", bytes: Self.png))
            #expect(added.status == .seeOther)
            let timeline = try await setup.officer.get(setup.path).body.string
            #expect(timeline.contains("Diary entry added by the resident"))
            #expect(timeline.contains("Music until 2am"))
            #expect(
                try await EvidenceItem.query(on: setup.app.db).filter(\.$caseRecord.$id == setup.caseID).filter(
                    \.$fromResident == true
                ).count() == 1)

            // A guessed link, or a letter that is not theirs, is not found.
            #expect(try await resident.get("/r/\(Tokens.random())").status == .notFound)
            try await setup.officer.post(
                "\(setup.path)/letters",
                [
                    ("template", "respondent_notification"), ("party_id", setup.respondent.uuidString),
                    ("method", "post"), ("sent_on", "2026-11-23"), ("confirm_not_identifying", "yes"),
                ])
            let respondentLetter = try #require(
                try await Letter.query(on: setup.app.db).filter(\.$caseRecord.$id == setup.caseID).first()?.id)
            #expect(try await resident.get("/r/\(token)/letters/\(respondentLetter)").status == .notFound)

            // Revoked: the link stops working at once.
            let link = try #require(
                try await ResidentLink.query(on: setup.app.db).filter(\.$caseRecord.$id == setup.caseID).first())
            try await setup.officer.get("\(setup.path)/letters")
            try await setup.officer.post("\(setup.path)/resident-links/\(try link.requireID())/revoke")
            #expect(try await resident.get("/r/\(token)/case").status == .gone)

            // Five wrong codes lock a link.
            let (second, _) = try await issueLink(setup)
            let guesser = TestBrowser(setup.app, address: "198.51.100.8")
            try await guesser.get("/r/\(second)")
            for _ in 1...4 {
                #expect(try await guesser.post("/r/\(second)", [("code", "111111")]).status == .badRequest)
            }
            #expect(try await guesser.post("/r/\(second)", [("code", "111111")]).status == .gone)
            #expect(try await guesser.get("/r/\(second)").status == .gone)

            // After 90 days a link has expired.
            let (third, thirdCode) = try await issueLink(setup)
            let late = TestBrowser(setup.app, address: "198.51.100.9")
            #expect(try await late.get("/r/\(third)").status == .ok)
            setup.clock.advance(by: ResidentAccessRules.linkLifetime)
            #expect(try await late.get("/r/\(third)").status == .gone)
            #expect(try await late.post("/r/\(third)", [("code", thirdCode)]).status == .gone)
        }
    }

    @Test("interventions follow their rules: contracts for under-18s, consent for mediation, breaches recorded")
    func interventions() async throws {
        try await withMarsh { setup in
            let browser = setup.officer
            try await browser.get("\(setup.path)/support")
            let respondent = setup.respondent.uuidString
            // Kevin Doyle has no recorded age: an acceptable behaviour contract cannot be assumed.
            let contract = try await browser.post(
                "\(setup.path)/interventions",
                [
                    ("kind", "abc"), ("party_id", respondent), ("started_on", "2026-11-23"),
                    ("terms", "No music after 11pm"),
                    ("guardians", "Parent"),
                ])
            #expect(contract.status == .badRequest)
            #expect(contract.body.string.contains("date of birth"))
            let mediation = try await browser.post(
                "\(setup.path)/interventions",
                [
                    ("kind", "mediation"), ("started_on", "2026-11-23"), ("terms", "Meet at the office"),
                    ("reporting_consents", "yes"),
                ])
            #expect(mediation.status == .badRequest)
            #expect(mediation.body.string.contains("consent of both sides"))
            #expect(
                try await Intervention.query(on: setup.app.db).filter(\.$caseRecord.$id == setup.caseID).count() == 0)

            #expect(
                try await browser.post(
                    "\(setup.path)/interventions",
                    [
                        ("kind", "aba"), ("party_id", respondent), ("started_on", "2026-11-23"),
                        ("terms", "No amplified music after 11pm"), ("review_on", "2026-12-23"),
                    ]
                ).status == .seeOther)
            let row = try #require(
                try await Intervention.query(on: setup.app.db).filter(\.$caseRecord.$id == setup.caseID).first())
            let id = try row.requireID()
            #expect(
                try await browser.post(
                    "\(setup.path)/interventions/\(id)/breaches",
                    [("occurred_on", "2026-11-22"), ("details", "Before it started")]
                ).status == .badRequest)
            #expect(
                try await browser.post(
                    "\(setup.path)/interventions/\(id)/breaches",
                    [("occurred_on", "2026-11-23"), ("details", "Music at 1am"), ("action_taken", "Warning call")]
                ).status == .seeOther)
            #expect(
                try await browser.post(
                    "\(setup.path)/interventions/\(id)",
                    [("engagement", "partly"), ("outcome", "unsuccessful"), ("outcome_notes", "Breached twice")]
                ).status == .seeOther)
            let ended = try #require(try await Intervention.find(id, on: setup.app.db))
            #expect(ended.status == .ended)
            #expect(ended.engagement == .partly)
            #expect(
                try await InterventionBreach.query(on: setup.app.db).filter(\.$caseRecord.$id == setup.caseID).count()
                    == 1)
        }
    }

    @Test("a hate incident and a household at risk of losing its home create their tasks, once")
    func automaticTasks() async throws {
        try await withMarsh { setup in
            // The demo's graffiti case was triaged as a racist hate incident.
            let graffiti = try #require(
                try await CaseRecord.query(on: setup.app.db).filter(\.$reference == "ASB-2026-00006").first())
            let hateTasks = try await RiskTask.query(on: setup.app.db).filter(\.$caseRecord.$id == graffiti.requireID())
                .all().map(\.kind)
            #expect(hateTasks.filter { $0 == .reportHateToPolice }.count == 1)
            #expect(hateTasks.filter { $0 == .informHateCoordinator }.count == 1)

            let browser = setup.officer
            try await browser.get("\(setup.path)/plan")
            #expect(try await browser.post("\(setup.path)/household-at-risk").status == .badRequest)
            #expect(
                try await browser.post("\(setup.path)/household-at-risk", [("confirm", "yes")]).status == .seeOther)
            #expect(
                try await browser.post("\(setup.path)/household-at-risk", [("confirm", "yes")]).status == .badRequest)
            let kinds = try await RiskTask.query(on: setup.app.db).filter(\.$caseRecord.$id == setup.caseID)
                .filter(\.$status == .open).all().map(\.kind)
            #expect(kinds.filter { $0 == .referAdultSocialCare }.count == 1)
            #expect(kinds.filter { $0 == .referChildrensServices }.count == 1)
        }
    }

    @Test("bad input on the remaining casework forms gets a message and writes nothing")
    func badInputEverywhere() async throws {
        try await withMarsh { setup in
            let browser = setup.officer
            try await browser.get("\(setup.path)/plan")
            // An intervention to update, set up first.
            #expect(
                try await browser.post(
                    "\(setup.path)/interventions", [("kind", "verbal_warning"), ("started_on", "2026-11-23")]
                ).status == .seeOther)
            let intervention = try #require(
                try await Intervention.query(on: setup.app.db).filter(\.$caseRecord.$id == setup.caseID).first()?.id)
            let long = String(repeating: "x", count: 5000)
            let attempts: [(String, [(String, String)], String)] = [
                (
                    "respondent-decisions", [("decided_step", "legal_action"), ("reason", "   ")],
                    "Enter why you have decided"
                ),
                ("respondent-decisions", [("decided_step", "burn_it_down"), ("reason", "x")], "Select the next step"),
                (
                    "plan", [("evidence_plan", ""), ("contact_frequency", "9"), ("contact_method", "pigeon")],
                    "Select how often"
                ),
                (
                    "diary", [("occurred_on", "2026-11-23"), ("occurred_time", "23:00"), ("what_happened", "Noise")],
                    "cannot be in the future"
                ),
                (
                    "diary", [("occurred_on", "2026-11-23"), ("occurred_time", "25:61"), ("what_happened", "Noise")],
                    "Enter the time"
                ),
                (
                    "diary", [("occurred_on", "2026-11-23"), ("occurred_time", "08:00"), ("what_happened", long)],
                    "4000 characters"
                ),
                (
                    "referrals",
                    [
                        ("service", "mental_health"), ("asked", "Help"), ("sent_on", "2026-11-23"),
                        ("reply_due_on", "2026-11-20"),
                    ], "must be after the referral date"
                ),
                (
                    "referrals",
                    [("service", "astrology"), ("asked", "'; DROP TABLE referrals; --"), ("sent_on", "2026-11-23")],
                    "Select the service"
                ),
                (
                    "interventions/\(intervention)", [("engagement", "engaged"), ("outcome", "sort_of")],
                    "Select an outcome"
                ),
                ("interventions/\(intervention)", [("engagement", "maybe")], "Select whether the person engaged"),
                ("interviews", [("party_id", UUID().uuidString)], "Select the person interviewed"),
                (
                    "resident-links",
                    [("party_id", setup.reporter.uuidString), ("channel", "email"), ("recipient", "not an email")],
                    "correct format"
                ),
            ]
            let audits = try await setup.audits()
            let events = try await CaseEvent.query(on: setup.app.db).filter(\.$caseRecord.$id == setup.caseID).count()
            for (path, form, message) in attempts {
                let response = try await browser.post("\(setup.path)/\(path)", form)
                #expect(response.status == .badRequest, "\(path)")
                #expect(response.body.string.contains(message), "\(path): \(message)")
            }
            #expect(try await setup.audits() == audits)
            #expect(
                try await CaseEvent.query(on: setup.app.db).filter(\.$caseRecord.$id == setup.caseID).count() == events)
            #expect(try await ActionPlan.query(on: setup.app.db).filter(\.$caseRecord.$id == setup.caseID).count() == 0)
            #expect(try await DiaryEntry.query(on: setup.app.db).filter(\.$caseRecord.$id == setup.caseID).count() == 0)
            #expect(
                try await RespondentDecision.query(on: setup.app.db).filter(\.$caseRecord.$id == setup.caseID).count()
                    == 0)

            // The resident's diary refuses an empty entry and a file that is not a photo or recording.
            let (token, code) = try await issueLink(setup)
            let resident = TestBrowser(setup.app, address: "198.51.100.20")
            try await resident.get("/r/\(token)")
            try await resident.post("/r/\(token)", [("code", code)])
            try await resident.get("/r/\(token)/case")
            let empty = try await resident.postFile(
                "/r/\(token)/diary",
                [("occurred_on", "2026-11-22"), ("occurred_time", "22:00"), ("what_happened", "")],
                file: nil)
            #expect(empty.status == .badRequest)
            #expect(empty.body.string.contains("Enter what happened"))
            let script = try await resident.postFile(
                "/r/\(token)/diary",
                [("occurred_on", "2026-11-22"), ("occurred_time", "22:00"), ("what_happened", "Noise")],
                file: (name: "photo.png", bytes: Array("<script>alert(1)</script>".utf8)))
            #expect(script.status == .badRequest)
            #expect(script.body.string.contains("must be a photo"))
            #expect(try await DiaryEntry.query(on: setup.app.db).filter(\.$caseRecord.$id == setup.caseID).count() == 0)
        }
    }
}
