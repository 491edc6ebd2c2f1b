import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting

@testable import App

/// Risk and vulnerability through the web, on the demo borough: the matrix,
/// band tasks, senior confirmation, oversight, the restricted mental health
/// record, respondents, home visits and bad input.
@Suite("Risk and vulnerability")
struct RiskTests {
    static let highAnswers = DemoRisk.highAnswers.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    static let lowAnswers = DemoRisk.lowAnswers.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }

    func signedIn(_ app: Application, _ email: String, address: String) async throws -> TestBrowser {
        let browser = TestBrowser(app, address: address)
        #expect(try await browser.signIn(email, DemoData.password).status == .seeOther)
        try await browser.get("/")
        return browser
    }

    func demoCase(_ app: Application, _ reference: String) async throws -> CaseRecord {
        try #require(try await CaseRecord.query(on: app.db).filter(\.$reference == reference).first())
    }

    func reporter(_ app: Application, _ record: CaseRecord) async throws -> String {
        try #require(
            try await CaseParty.query(on: app.db).filter(\.$caseRecord.$id == record.requireID())
                .filter(\.$role == PartyRole.reportingPerson).first()?.$person.id?.uuidString)
    }

    func openTasks(_ app: Application, _ record: CaseRecord) async throws -> [RiskTask] {
        try await RiskTask.query(on: app.db).filter(\.$caseRecord.$id == record.requireID())
            .filter(\.$status == .open).all()
    }

    @Test(
        "a High assessment creates the RED tasks once, brings oversight within 14 days and shows on the manager's view")
    func highAssessment() async throws {
        try await withTandem { app, clock in
            // Setup: Marsh House, whose reporting person was assessed Medium in the demo.
            try await DemoSeeder.seedIfEmpty(app)
            let marsh = try await demoCase(app, "ASB-2026-00002")
            #expect(marsh.vulnerabilityBand == .medium)
            #expect(
                Set(try await openTasks(app, marsh).map(\.kind)) == [.panelReferral, .reassessAtNextContact])
            let officer = try await signedIn(app, "officer@riverside.example", address: "198.51.100.20")
            let path = "/cases/\(try marsh.requireID())"
            #expect(try await officer.get("\(path)/vulnerability/new").status == .ok)
            // Act
            let saved = try await officer.post(
                "\(path)/vulnerability",
                [
                    ("person_id", try await reporter(app, marsh)), ("occasion", "review_meeting"),
                    ("outcome", "completed"),
                ]
                    + Self.highAnswers)
            // Check: High, the full RED set open with the earlier panel referral kept, not duplicated.
            #expect(saved.status == .seeOther)
            let after = try await demoCase(app, "ASB-2026-00002")
            #expect(after.vulnerabilityBand == .high)
            let open = try await openTasks(app, after)
            #expect(
                open.map(\.kind).sorted { $0.rawValue < $1.rawValue }
                    == BandResponse.tasks(for: .high).sorted { $0.rawValue < $1.rawValue })
            #expect(open.filter { $0.kind == .panelReferral }.count == 1)
            let reassessed = try await RiskTask.query(on: app.db).filter(\.$caseRecord.$id == after.requireID())
                .filter(\.$kind == .reassessAtNextContact).first()
            #expect(reassessed?.status == .done)
            let call = try #require(open.first { $0.kind == .reassuranceCall })
            #expect(call.dueAt == testStart.addingTimeInterval(7 * 86_400))
            #expect(after.vulnerabilityDueAt == testStart.addingTimeInterval(7 * 86_400))
            let oversightDue = try #require(after.oversightDueAt)
            #expect(oversightDue <= testStart.addingTimeInterval(14 * 86_400))
            let page = try await officer.get("\(path)/risk").body.string
            #expect(page.contains("Contact the local police team and make them aware"))
            #expect(page.contains("Weekly reassurance call"))
            #expect(page.contains("Risk rising"))
            // The manager's oversight view lists it; an officer may not open that view.
            let manager = try await signedIn(app, "manager@riverside.example", address: "198.51.100.21")
            #expect(try await manager.get("/oversight").body.string.contains("ASB-2026-00002"))
            #expect(try await officer.get("/oversight").status == .forbidden)
            // A week on, the officer's queue shows the reassessment overdue.
            clock.advance(by: 7 * 86_400 + 60)
            let later = try await signedIn(app, "officer@riverside.example", address: "198.51.100.20")
            #expect(try await later.get("/cases/mine").body.string.contains("Assessment overdue"))
        }
    }

    @Test("only a senior officer confirms the panel referral; reassurance calls recur until the band falls")
    func seniorConfirmationAndRecurringCalls() async throws {
        try await withTandem { app, clock in
            // Setup: Canal Street, assessed High in the demo.
            try await DemoSeeder.seedIfEmpty(app)
            let canal = try await demoCase(app, "ASB-2026-00004")
            let path = "/cases/\(try canal.requireID())"
            let panel = try #require(try await openTasks(app, canal).first { $0.kind == .panelReferral })
            let officer = try await signedIn(app, "officer@riverside.example", address: "198.51.100.22")
            // Act / Check: the officer cannot confirm; the manager can, and must say yes or no.
            let refused = try await officer.post(
                "\(path)/tasks/\(try panel.requireID())", [("decision", "confirmed"), ("note", "VVP on Thursday")])
            #expect(refused.status == .badRequest)
            #expect(refused.body.string.contains("A senior officer or team manager must confirm this referral"))
            let manager = try await signedIn(app, "manager@riverside.example", address: "198.51.100.23")
            #expect(
                try await manager.post("\(path)/tasks/\(try panel.requireID())", [("decision", "maybe")]).status
                    == .badRequest)
            #expect(
                try await manager.post(
                    "\(path)/tasks/\(try panel.requireID())", [("decision", "confirmed"), ("note", "VVP on Thursday")]
                ).status == .seeOther)
            let decided = try #require(try await RiskTask.find(panel.id, on: app.db))
            #expect(decided.status == .done)
            #expect(decided.decision == .confirmed)
            #expect(
                try await manager.post("\(path)/tasks/\(try panel.requireID())", [("decision", "confirmed")]).status
                    == .badRequest)
            // The weekly call, once made, schedules the next a week on.
            clock.advance(by: 3600)
            let caller = try await signedIn(app, "officer@riverside.example", address: "198.51.100.22")
            let call = try #require(try await openTasks(app, canal).first { $0.kind == .reassuranceCall })
            #expect(
                try await caller.post("\(path)/tasks/\(try call.requireID())", [("note", "Spoke to Mr Finch")]).status
                    == .seeOther)
            let next = try #require(try await openTasks(app, canal).first { $0.kind == .reassuranceCall })
            #expect(next.id != call.id)
            #expect(next.dueAt == testStart.addingTimeInterval(3600 + 7 * 86_400))
            // A Low reassessment stops the calls.
            let low = try await caller.post(
                "\(path)/vulnerability",
                [
                    ("person_id", try await reporter(app, canal)), ("occasion", "reassurance_call"),
                    ("outcome", "completed"),
                ]
                    + Self.lowAnswers)
            #expect(low.status == .seeOther)
            #expect(try await openTasks(app, canal).allSatisfy { $0.kind != .reassuranceCall })
            let stopped = try #require(try await RiskTask.find(next.id, on: app.db))
            #expect(stopped.status == .cancelled)
        }
    }

    @Test("incomplete cards, out-of-range answers, forged people and tasks are refused and change nothing")
    func badAssessments() async throws {
        try await withTandem { app, _ in
            // Setup
            try await DemoSeeder.seedIfEmpty(app)
            let marsh = try await demoCase(app, "ASB-2026-00002")
            let path = "/cases/\(try marsh.requireID())"
            let person = try await reporter(app, marsh)
            let stranger = try #require(
                try await Person.query(on: app.db).filter(\.$fullName == "Arthur Finch").first()?.id?.uuidString)
            let officer = try await signedIn(app, "officer@riverside.example", address: "198.51.100.24")
            let assessments = try await VulnerabilityAssessmentRecord.query(on: app.db).count()
            let events = try await AuditEvent.query(on: app.db).count()
            func post(_ fields: [(String, String)]) async throws -> TestingHTTPResponse {
                try await officer.post("\(path)/vulnerability", fields)
            }
            let base = [("person_id", person), ("occasion", "review_meeting"), ("outcome", "completed")]
            // Act / Check
            let incomplete = try await post(base + Self.highAnswers.filter { $0.0 != "q7" && $0.0 != "q12" })
            #expect(incomplete.status == .badRequest)
            #expect(incomplete.body.string.contains("Answer question 7"))
            #expect(incomplete.body.string.contains("Answer question 12"))
            let outOfRange = try await post(base + Self.highAnswers.map { $0.0 == "q1" ? ("q1", "5") : $0 })
            #expect(outOfRange.body.string.contains("Choose one of the answers given for question 1"))
            let forgedPerson = try await post(
                [("person_id", stranger), ("occasion", "review_meeting"), ("outcome", "completed")] + Self.highAnswers)
            #expect(forgedPerson.status == .badRequest)
            #expect(forgedPerson.body.string.contains("Select the person assessed from the people on this case"))
            let noReason = try await post(base + Self.highAnswers + [("adjusted_band", "low")])
            #expect(noReason.body.string.contains("Give the reason for changing the band from the score"))
            let badOccasion = try await post(
                [("person_id", person), ("occasion", "'; DROP TABLE cases; --"), ("outcome", "completed")]
                    + Self.highAnswers)
            #expect(badOccasion.body.string.contains("Select when the assessment was offered"))
            let hostile = try await post(
                base + Self.highAnswers + [
                    ("adjusted_band", "low"), ("adjustment_reason", String(repeating: "x", count: 1001)),
                ])
            #expect(hostile.status == .badRequest)
            #expect(try await officer.post("\(path)/tasks/\(UUID().uuidString)", []).status == .notFound)
            #expect(
                try await officer.post("\(path)/vulnerability/offer", [("occasion", "new_case")]).status == .badRequest)
            #expect(try await VulnerabilityAssessmentRecord.query(on: app.db).count() == assessments)
            #expect(try await AuditEvent.query(on: app.db).count() == events)
            // Declining is recorded, with the script tag kept as text.
            let declined = try await post(
                [
                    ("person_id", person), ("occasion", "review_meeting"), ("outcome", "declined"),
                    ("declined_reason", "<script>alert(1)</script> not today"),
                ])
            #expect(declined.status == .seeOther)
            let page = try await officer.get("\(path)/risk").body.string
            #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; not today"))
            #expect(!page.contains("<script>alert(1)"))
        }
    }

    @Test("the mental health record is hidden from a partner without a need to know, and every view is audited")
    func mentalHealthRecord() async throws {
        try await withTandem { app, _ in
            // Setup: Marsh House is shared with the police; the demo recorded Kevin Doyle's mental health.
            try await DemoSeeder.seedIfEmpty(app)
            let marsh = try await demoCase(app, "ASB-2026-00002")
            let record = try #require(
                try await MentalHealthRecord.query(on: app.db).filter(\.$caseRecord.$id == marsh.requireID()).first())
            let path = "/cases/\(try marsh.requireID())/mental-health/\(try record.requireID())"
            // Act / Check: the police partner sees the case but not that the record exists.
            let police = try await signedIn(app, "police@riverside.example", address: "198.51.100.25")
            #expect(try await police.get("/cases/\(try marsh.requireID())").status == .ok)
            let riskPage = try await police.get("/cases/\(try marsh.requireID())/risk").body.string
            #expect(!riskPage.contains("mental-health"))
            #expect(!riskPage.contains("community mental health team"))
            #expect(try await police.get(path).status == .notFound)
            let calls = try await signedIn(app, "calls@riverside.example", address: "198.51.100.26")
            #expect(try await calls.get(path).status == .notFound)
            // The case officer reads it, and the audit trail records that view.
            let officer = try await signedIn(app, "officer@riverside.example", address: "198.51.100.27")
            let shown = try await officer.get(path)
            #expect(shown.status == .ok)
            #expect(shown.body.string.contains("Riverside Community Mental Health Team, duty worker"))
            let views = try await AuditEvent.query(on: app.db).filter(\.$recordType == "mental_health_record")
                .filter(\.$action == "view").all()
            #expect(views.count == 1)
            #expect(views.first?.actorEmail == "officer@riverside.example")
            // Never in lists: the case list and queue do not carry it.
            #expect(!(try await officer.get("/cases/mine").body.string.contains("duty worker")))
            // Recording one needs a source and a lawful basis.
            let party = try #require(
                try await CaseParty.query(on: app.db).filter(\.$caseRecord.$id == marsh.requireID()).first())
            let bad = try await officer.post(
                "/cases/\(try marsh.requireID())/mental-health",
                [
                    ("party_id", try party.requireID().uuidString), ("status", "diagnosed"),
                    ("capacity_outcome", "awaited"),
                ])
            #expect(bad.status == .badRequest)
            #expect(bad.body.string.contains("Select the lawful basis or consent for recording this"))
        }
    }

    @Test(
        "an under-18 respondent creates the youth offending task; a visit needs the protocol; markers show on the case")
    func respondentsVisitsAndMarkers() async throws {
        try await withTandem { app, _ in
            // Setup
            try await DemoSeeder.seedIfEmpty(app)
            let canal = try await demoCase(app, "ASB-2026-00004")
            let path = "/cases/\(try canal.requireID())"
            let respondent = try #require(
                try await CaseParty.query(on: app.db).filter(\.$caseRecord.$id == canal.requireID())
                    .filter(\.$role == PartyRole.respondent).first())
            let officer = try await signedIn(app, "officer@riverside.example", address: "198.51.100.28")
            // The demo marker on Dean Walsh shows on the case page.
            #expect(
                try await officer.get(path).body.string.contains("Visit in pairs: Threatened a housing officer in 2025")
            )
            // Act: the respondent assessment without checks is refused; complete, it engages youth offending.
            let partial = try await officer.post(
                "\(path)/respondent-assessment",
                [("party_id", try respondent.requireID().uuidString), ("risk_posed", "high")])
            #expect(partial.status == .badRequest)
            #expect(partial.body.string.contains("Select who the respondent poses a risk to"))
            let assessed = try await officer.post(
                "\(path)/respondent-assessment",
                [
                    ("party_id", try respondent.requireID().uuidString), ("risk_posed", "high"),
                    ("risk_posed_to[]", "victim"), ("factors[]", "substance_misuse"), ("factors[]", "exploitation"),
                    ("check_mental_health", "not_known"), ("check_adult_social_care", "not_known"),
                    ("check_childrens_social_care", "known"), ("under_18", "yes"),
                ])
            #expect(assessed.status == .seeOther)
            #expect(try await openTasks(app, canal).contains { $0.kind == .engageYouthOffending })
            // Adding a 16-year-old respondent to another case engages youth offending there too.
            let marsh = try await demoCase(app, "ASB-2026-00002")
            let added = try await officer.post(
                "/cases/\(try marsh.requireID())/parties",
                [("role", "respondent"), ("full_name", "Tyler Brook"), ("date_of_birth", "2010-06-01")])
            #expect(added.status == .seeOther)
            #expect(try await openTasks(app, marsh).contains { $0.kind == .engageYouthOffending })
            // Markers: a forged person, no kind, or "other" without a note are refused; then one is added and removed.
            let stranger = try #require(
                try await Person.query(on: app.db).filter(\.$fullName == "Maria Lopez").first()?.id?.uuidString)
            let markers = try await SafetyMarker.query(on: app.db).count()
            for fields in [
                [("target", "person:\(stranger)"), ("kind", "visit_in_pairs")],
                [("target", "place:\(UUID().uuidString)"), ("kind", "visit_in_pairs")],
                [("target", "person:\(try #require(respondent.$person.id))"), ("kind", "<script>")],
                [("target", "person:\(try #require(respondent.$person.id))"), ("kind", "other"), ("note", " ")],
            ] {
                #expect(try await officer.post("\(path)/markers", fields).status == .badRequest)
            }
            #expect(try await SafetyMarker.query(on: app.db).count() == markers)
            #expect(
                try await officer.post(
                    "\(path)/markers",
                    [("target", "person:\(try #require(respondent.$person.id))"), ("kind", "female_officer_only")]
                ).status == .seeOther)
            let marker = try #require(
                try await SafetyMarker.query(on: app.db).filter(\.$kind == .femaleOfficerOnly).first())
            // Shown as a tag beside the person; the timeline keeps the history in words.
            let tag = "<strong class=\"tag tag--high\">Female officer only</strong>"
            #expect(try await officer.get(path).body.string.contains(tag))
            #expect(
                try await officer.post("\(path)/markers/\(try marker.requireID())/remove", []).status == .seeOther)
            #expect(try await SafetyMarker.find(marker.id, on: app.db)?.removedAt != nil)
            #expect(!(try await officer.get(path).body.string.contains(tag)))
            // A visit without the police check and in pairs is refused; with them, it is logged.
            let unsafe = try await officer.post(
                "\(path)/home-visits",
                [("checks[]", "line_manager_informed"), ("visited_on", "2026-11-23"), ("visited_time", "09:30")])
            #expect(unsafe.status == .badRequest)
            #expect(unsafe.body.string.contains("Complete the protocol before logging the visit"))
            #expect(try await HomeVisit.query(on: app.db).count() == 0)
            let safe = try await officer.post(
                "\(path)/home-visits",
                HomeVisitCheck.required.map { ("checks[]", $0.rawValue) } + [
                    ("visited_on", "2026-11-23"), ("visited_time", "09:30"), ("companion", "Sam Patel"),
                ])
            #expect(safe.status == .seeOther)
            #expect(try await HomeVisit.query(on: app.db).count() == 1)
            // Safeguarding: raised, then its outcome.
            #expect(
                try await officer.post("\(path)/safeguarding", [("kind", "adult"), ("raised_on", "2026-11-30")]).status
                    == .badRequest)
            #expect(
                try await officer.post(
                    "\(path)/safeguarding",
                    [
                        ("kind", "adult"), ("raised_to", "Adult social care front door"), ("raised_on", "2026-11-23"),
                        ("concern", "Mr Finch may be being exploited"),
                    ]
                ).status == .seeOther)
            let concern = try #require(try await SafeguardingConcern.query(on: app.db).first())
            #expect(
                try await officer.post(
                    "\(path)/safeguarding/\(try concern.requireID())", [("outcome", "Care Act assessment booked")]
                ).status == .seeOther)
            #expect(try await SafeguardingConcern.find(concern.id, on: app.db)?.outcome == "Care Act assessment booked")
            // An outcome is recorded once.
            let again = try await officer.post(
                "\(path)/safeguarding/\(try concern.requireID())", [("outcome", "Something else")])
            #expect(again.status == .badRequest)
            #expect(again.body.string.contains("The outcome has already been recorded"))
            #expect(try await SafeguardingConcern.find(concern.id, on: app.db)?.outcome == "Care Act assessment booked")
        }
    }

    @Test("a discussion cannot push a High case's next discussion past a fortnight; the bands are local policy")
    func oversightAndBands() async throws {
        try await withTandem { app, _ in
            // Setup
            try await DemoSeeder.seedIfEmpty(app)
            let canal = try await demoCase(app, "ASB-2026-00004")
            let path = "/cases/\(try canal.requireID())"
            let manager = try await signedIn(app, "manager@riverside.example", address: "198.51.100.29")
            let fields = [
                ("discussed_on", "2026-11-23"), ("notes", "Reviewed the RED plan"), ("decisions", "Keep weekly calls"),
            ]
            // Act / Check
            let late = try await manager.post("\(path)/oversight", fields + [("next_due", "2026-12-08")])
            #expect(late.status == .badRequest)
            #expect(late.body.string.contains("High risk cases are discussed at least every fortnight"))
            #expect(
                try await manager.post("\(path)/oversight", fields + [("next_due", "2026-12-07")]).status == .seeOther)
            let after = try await demoCase(app, "ASB-2026-00004")
            let calendar = WorkingCalendar()
            #expect(after.oversightDueAt == calendar.instant(CivilDate(2026, 12, 7), minute: 17 * 60))
            #expect(try await OversightDiscussion.query(on: app.db).count() == 1)
            // Bands: refused upside down, saved when sensible, and used by the next assessment.
            let admin = try await signedIn(app, "admin@riverside.example", address: "198.51.100.30")
            let inverted = try await admin.post(
                "/admin/risk-matrix", [("low_maximum", "20"), ("medium_maximum", "12")])
            #expect(inverted.status == .badRequest)
            #expect(inverted.body.string.contains("The top of the Medium band must be above the top of Low"))
            #expect(
                try await admin.post("/admin/risk-matrix", [("low_maximum", "abc"), ("medium_maximum", "")]).status
                    == .badRequest)
            #expect(
                try await admin.post("/admin/risk-matrix", [("low_maximum", "3"), ("medium_maximum", "12")]).status
                    == .seeOther)
            #expect(try await RiskMatrixSettings.current(on: app.db) == MatrixBands(lowMaximum: 3, mediumMaximum: 12))
            let officer = try await signedIn(app, "officer@riverside.example", address: "198.51.100.31")
            #expect(
                try await officer.post(
                    "\(path)/vulnerability",
                    [
                        ("person_id", try await reporter(app, canal)), ("occasion", "review_meeting"),
                        ("outcome", "completed"),
                    ]
                        + Self.lowAnswers
                ).status == .seeOther)
            // The Low answers total 5: Medium under the new bands.
            #expect(try await demoCase(app, "ASB-2026-00004").vulnerabilityBand == .medium)
        }
    }

    @Test("a new case is due its assessment 48 hours after the complaint was received")
    func newCaseDue() async throws {
        try await withTandem { app, _ in
            try await DemoSeeder.seedIfEmpty(app)
            // The hate incident at the community centre: triaged, not yet assessed.
            let graffiti = try await demoCase(app, "ASB-2026-00006")
            let received = try #require(graffiti.receivedAt)
            #expect(graffiti.vulnerabilityDueAt == received.addingTimeInterval(48 * 3600))
            #expect(graffiti.vulnerabilityDueReason == .newCase)
            #expect(graffiti.oversightDueAt != nil)
        }
    }
}
