import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting

@testable import App

/// The intake journey through the web: public and staff reports, triage,
/// deadlines, allocation, repeats and the NM01 join, and bad input.
@Suite("Intake and triage")
struct IntakeTests {
    /// A valid public report; `changes` replace or add fields.
    static func reportForm(_ changes: [(String, String)] = []) -> [(String, String)] {
        var fields: [(String, String)] = [
            ("reporter_kind", "named"), ("reporter_name", "Maria Lopez"), ("reporter_phone", "07700 900202"),
            ("reporter_postcode", "RV1 4AA"), ("behaviour_day", "22"), ("behaviour_month", "11"),
            ("behaviour_year", "2026"), ("happening_now", "no"), ("location", "Flat 14, Marsh House"),
            ("location_postcode", "RV1 4AA"), ("description", "Loud music every night until 3am."),
            ("respondent_name", "Kevin Doyle"),
        ]
        for (key, value) in changes {
            fields.removeAll { $0.0 == key }
            fields.append((key, value))
        }
        return fields
    }

    func setUp(_ app: Application) async throws {
        try await createUser(app, email: "calls@test.example", roles: [.callHandler])
        try await createUser(app, email: "manager@test.example", roles: [.teamManager, .seniorOfficer])
        try await createUser(app, email: "officer@test.example", roles: [.caseOfficer])
    }

    func signedIn(_ app: Application, _ email: String, address: String) async throws -> TestBrowser {
        let browser = TestBrowser(app, address: address)
        #expect(try await browser.signIn(email).status == .seeOther)
        // The session's own CSRF token, as a real page would carry it.
        try await browser.get("/")
        return browser
    }

    @discardableResult
    func submitPublic(_ app: Application, _ fields: [(String, String)], address: String = "198.51.100.1") async throws
        -> TestingHTTPResponse
    {
        // Public reports go to the first council ASB team.
        if try await Organisation.query(on: app.db).count() == 0 {
            try await createUser(app, email: "first@test.example", roles: [.callHandler])
        }
        let resident = TestBrowser(app, address: address)
        try await resident.get("/report")
        let posted = try await resident.post("/report", fields)
        // A report filed redirects to its confirmation (post, redirect, get); anything else is the answer itself.
        guard posted.status == .seeOther, let location = posted.headers.first(name: .location) else { return posted }
        return try await resident.get(location)
    }

    @Test("the public form redirects to its confirmation, so a refresh shows it again and files nothing twice")
    func publicReportRedirects() async throws {
        try await withTandem { app, _ in
            // Setup
            try await setUp(app)
            let resident = TestBrowser(app, address: "198.51.100.9")
            try await resident.get("/report")
            // Act
            let posted = try await resident.post("/report", Self.reportForm())
            let location = try #require(posted.headers.first(name: .location))
            let first = try await resident.get(location)
            let refreshed = try await resident.get(location)
            // Check
            #expect(posted.status == .seeOther)
            #expect(location.hasPrefix("/report/received?reference=RPT-2026-00001"))
            #expect(first.status == .ok && refreshed.status == .ok)
            #expect(refreshed.body.string.contains("RPT-2026-00001"))
            #expect(try await Report.query(on: app.db).count() == 1)
            // A made-up or altered confirmation is not shown.
            let forged = location.replacingOccurrences(of: "RPT-2026-00001", with: "RPT-2026-00002")
            #expect(try await resident.get(forged).status == .notFound)
            let flipped = location.replacingOccurrences(of: "anonymous=0", with: "anonymous=1")
            #expect(try await resident.get(flipped).status == .notFound)
            #expect(try await resident.get("/report/received").status == .notFound)
            #expect(
                try await resident.get("/report/received?reference=x&anonymous=0&now=0&check=zz").status == .notFound)
        }
    }

    func onlyReport(_ app: Application) async throws -> Report {
        try #require(try await Report.query(on: app.db).sort(\.$reference, .descending).first())
    }

    @Test("a named public report gets a reference, waits for triage, opens a High case due one working day later")
    func publicToCaseWithDeadline() async throws {
        try await withTandem { app, clock in
            // Setup
            try await setUp(app)
            // Act: the resident reports; a call handler triages it as High risk.
            let received = try await submitPublic(app, Self.reportForm())
            #expect(received.status == .ok)
            #expect(received.body.string.contains("RPT-2026-00001"))
            let report = try await onlyReport(app)
            #expect(report.status == .awaitingTriage)
            let calls = try await signedIn(app, "calls@test.example", address: "198.51.100.2")
            #expect(try await calls.get("/triage").body.string.contains("RPT-2026-00001"))
            clock.advance(by: 25 * 60)
            let noise = try #require(try await Category.query(on: app.db).filter(\.$name == "Noise").first())
            let triaged = try await calls.post(
                "/triage/\(try report.requireID())",
                [
                    ("outcome", "open_case"), ("reason", "Night noise affecting sleep"), ("risk", "high"),
                    ("categories[]", try noise.requireID().uuidString), ("respondent_kind", "named"),
                ])
            // Check: the case exists, unallocated, due 10:00 on Tuesday (received Monday 10:00).
            #expect(triaged.status == .seeOther)
            let record = try #require(
                try await CaseRecord.query(on: app.db).filter(\.$reference == "ASB-2026-00001").first())
            #expect(record.status == .triaged)
            #expect(record.responseDueAt == testStart.addingTimeInterval(24 * 3600))
            #expect(record.nextDeadlineAt == record.responseDueAt)
            let parties = try await CaseParty.query(on: app.db).filter(\.$caseRecord.$id == record.requireID()).all()
            #expect(Set(parties.map(\.role)) == [.reportingPerson, .respondent])
            // The manager allocates; the officer sees it in My cases with the deadline.
            let manager = try await signedIn(app, "manager@test.example", address: "198.51.100.3")
            #expect(try await manager.get("/cases/unallocated").body.string.contains("ASB-2026-00001"))
            let officerID = try #require(
                try await User.query(on: app.db).filter(\.$email == "officer@test.example").first()?.id)
            let allocated = try await manager.post(
                "/cases/allocate",
                [("case_ids[]", try record.requireID().uuidString), ("officer_id", officerID.uuidString)])
            #expect(allocated.status == .seeOther)
            let officer = try await signedIn(app, "officer@test.example", address: "198.51.100.4")
            let mine = try await officer.get("/cases/mine").body.string
            #expect(mine.contains("ASB-2026-00001"))
            #expect(mine.contains("24 Nov 2026, 10:00"))
            #expect(!mine.contains(">Overdue</strong>"))
            clock.advance(by: 24 * 3600)
            let nextDay = try await signedIn(app, "officer@test.example", address: "198.51.100.4")
            #expect(try await nextDay.get("/cases/mine").body.string.contains(">Overdue</strong>"))
            let opened = try #require(try await CaseRecord.find(record.id, on: app.db))
            #expect(opened.status == .open)
            #expect(opened.$officer.id == officerID)
        }
    }

    @Test("a further report about the same respondent joins the open case (NM01) and prompts the Case Review")
    func secondReportJoins() async throws {
        try await withTandem { app, clock in
            try await setUp(app)
            try await submitPublic(app, Self.reportForm())
            var calls = try await signedIn(app, "calls@test.example", address: "198.51.100.2")
            let first = try await onlyReport(app)
            #expect(
                try await calls.post(
                    "/triage/\(try first.requireID())",
                    [
                        ("outcome", "open_case"), ("reason", "Noise"), ("risk", "medium"),
                        ("categories[]", try await noiseID(app)),
                    ]
                ).status == .seeOther)
            let record = try #require(try await CaseRecord.query(on: app.db).first())
            // Act: the same resident reports again about the same respondent.
            clock.advance(by: 3 * 86_400)
            try await submitPublic(app, Self.reportForm([("description", "It happened again on Wednesday.")]))
            calls = try await signedIn(app, "calls@test.example", address: "198.51.100.2")
            let second = try await onlyReport(app)
            let page = try await calls.get("/triage/\(try second.requireID())").body.string
            #expect(page.contains("NM01"))
            #expect(page.contains(record.reference))
            // Opening a separate case is refused without confirming it.
            let refused = try await calls.post(
                "/triage/\(try second.requireID())",
                [("outcome", "open_case"), ("reason", "x"), ("risk", "low"), ("categories[]", try await noiseID(app))])
            #expect(refused.status == .badRequest)
            let people = try await Person.query(on: app.db).all()
            let maria = try #require(people.first { $0.fullName == "Maria Lopez" })
            let kevin = try #require(people.first { $0.fullName == "Kevin Doyle" })
            let joined = try await calls.post(
                "/triage/\(try second.requireID())",
                [
                    ("outcome", "add_to_case"), ("case_id", try record.requireID().uuidString),
                    ("reason", "Same parties"), ("reporter_person", try maria.requireID().uuidString),
                    ("respondent_person", try kevin.requireID().uuidString),
                ])
            // Check: one case, two reports, no duplicate people, the Case Review prompt.
            #expect(joined.status == .seeOther)
            #expect(try await CaseRecord.query(on: app.db).count() == 1)
            #expect(try await Report.query(on: app.db).filter(\.$caseRecord.$id == record.requireID()).count() == 2)
            #expect(try await Person.query(on: app.db).count() == 2)
            let updated = try #require(try await CaseRecord.find(record.id, on: app.db))
            #expect(updated.caseReviewPrompt == true)
            #expect(updated.thresholdFlaggedAt == nil)
            // A third report in six months meets the threshold.
            clock.advance(by: 86_400)
            try await submitPublic(app, Self.reportForm([("description", "Again last night.")]))
            calls = try await signedIn(app, "calls@test.example", address: "198.51.100.2")
            let third = try await onlyReport(app)
            #expect(
                try await calls.post(
                    "/triage/\(try third.requireID())",
                    [
                        ("outcome", "add_to_case"), ("case_id", try record.requireID().uuidString), ("reason", "Same"),
                        ("reporter_person", try maria.requireID().uuidString), ("respondent_kind", "named"),
                        ("respondent_person", try kevin.requireID().uuidString),
                    ]
                ).status == .seeOther)
            let flagged = try #require(try await CaseRecord.find(record.id, on: app.db))
            #expect(flagged.thresholdFlaggedAt != nil)
            let casePage = try await calls.get("/cases/\(try record.requireID())").body.string
            #expect(casePage.contains("ASB Case Review threshold met"))
            #expect(try await calls.post("/cases/\(try record.requireID())/case-review-explained").status == .seeOther)
            #expect(try await CaseRecord.find(record.id, on: app.db)?.caseReviewExplainedAt != nil)
        }
    }

    func noiseID(_ app: Application) async throws -> String {
        try #require(try await Category.query(on: app.db).filter(\.$name == "Noise").first()?.id?.uuidString)
    }

    @Test("an anonymous report keeps nothing that identifies the reporter")
    func anonymous() async throws {
        try await withTandem { app, _ in
            let response = try await submitPublic(
                app, Self.reportForm([("reporter_kind", "anonymous"), ("reporter_email", "me@example.org")]))
            #expect(response.status == .ok)
            #expect(response.body.string.contains("cannot contact you"))
            let report = try await onlyReport(app)
            #expect(report.reporterName == nil)
            #expect(report.reporterPhone == nil)
            #expect(report.reporterEmail == nil)
            #expect(report.submitterKey?.count == 64)
            let audit = try await AuditEvent.query(on: app.db).filter(\.$recordType == "report").all()
            #expect(audit.count == 1)
            #expect(!audit[0].changes.contains("Maria"))
            #expect(audit[0].address == nil)
        }
    }

    @Test(
        "bad public input gets a clear message and stores nothing",
        arguments: [
            (
                [("behaviour_day", "30"), ("behaviour_month", "11"), ("behaviour_year", "2026")],
                "must be today or in the past"
            ),
            (
                [("behaviour_day", "31"), ("behaviour_month", "2"), ("behaviour_year", "2026")],
                "this day does not exist"
            ),
            ([("location", "")], "Enter where it happened"),
            ([("location", "   ")], "Enter where it happened"),
            ([("description", String(repeating: "a", count: 5001))], "5000 characters or fewer"),
            ([("reporter_kind", "")], "Select who is making this report"),
            ([("reporter_phone", ""), ("reporter_postcode", "")], "so we can contact you"),
            ([("reporter_email", "not-an-email")], "correct format"),
            ([("reporter_postcode", "<script>")], "real postcode"),
            ([("categories[]", UUID().uuidString)], "kinds of behaviour from the list"),
            ([("description", "bell\u{07}")], "control characters"),
        ])
    func badPublicInput(changes: [(String, String)], message: String) async throws {
        try await withTandem { app, _ in
            let response = try await submitPublic(app, Self.reportForm(changes))
            #expect(response.status == .badRequest)
            #expect(response.body.string.contains(message))
            #expect(response.body.string.contains("There is a problem"))
            #expect(try await Report.query(on: app.db).count() == 0)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$recordType == "report").count() == 0)
        }
    }

    @Test("a 10 MB description is refused before it is read, and nothing is stored")
    func oversize() async throws {
        try await withTandem { app, _ in
            let response = try await submitPublic(
                app, Self.reportForm([("description", String(repeating: "x", count: 10 * 1024 * 1024))]))
            #expect(response.status == .payloadTooLarge)
            #expect(response.body.string.contains("Too much information sent"))
            #expect(try await Report.query(on: app.db).count() == 0)
        }
    }

    @Test("script tags and unicode are stored as given and always shown escaped")
    func hostileText() async throws {
        try await withTandem { app, _ in
            try await setUp(app)
            let hostile = "<script>alert('x')</script> '; DROP TABLE reports; -- Zoë 🏠 مرحبا\r\nSecond line\tend"
            #expect(
                try await submitPublic(
                    app, Self.reportForm([("description", hostile), ("reporter_name", "Zoë <b>Ng</b>")])
                )
                .status == .ok)
            let report = try await onlyReport(app)
            #expect(report.description == hostile)
            let calls = try await signedIn(app, "calls@test.example", address: "198.51.100.2")
            let page = try await calls.get("/triage/\(try report.requireID())").body.string
            #expect(!page.contains("<script>alert"))
            #expect(page.contains("&lt;script&gt;alert"))
            #expect(page.contains("Zoë &lt;b&gt;Ng&lt;/b&gt;"))
            #expect(page.contains("🏠 مرحبا"))
        }
    }

    @Test("a forged case id on triage is refused and changes nothing")
    func forgedCase() async throws {
        try await withTandem { app, _ in
            try await setUp(app)
            try await submitPublic(app, Self.reportForm())
            let report = try await onlyReport(app)
            let calls = try await signedIn(app, "calls@test.example", address: "198.51.100.2")
            // Another organisation's case, a random id and rubbish.
            let other = try await createUser(
                app, email: "homes@test.example", roles: [.caseOfficer], organisation: "Other Homes",
                kind: .housingProvider)
            let otherOrg = try #require(try await User.find(other, on: app.db)?.$organisation.id)
            let foreign = CaseRecord(
                reference: "ASB-2026-09999", title: "Theirs", summary: "", status: .open, riskLevel: .low,
                organisationID: otherOrg, officerID: nil, at: testStart)
            try await foreign.arrangeSave(on: app.db)
            let before = try await AuditEvent.query(on: app.db).count()
            for forged in [try foreign.requireID().uuidString, UUID().uuidString, "1 OR 1=1", "../../etc"] {
                let response = try await calls.post(
                    "/triage/\(try report.requireID())",
                    [("outcome", "add_to_case"), ("case_id", forged), ("reason", "Same")])
                #expect(response.status == .badRequest)
                #expect(response.body.string.contains("Select a case from the list"))
            }
            let unchanged = try await onlyReport(app)
            #expect(unchanged.status == .awaitingTriage)
            #expect(unchanged.$caseRecord.id == nil)
            #expect(try await AuditEvent.query(on: app.db).count() == before)
            // A report id that is not there answers 404.
            #expect(try await calls.post("/triage/\(UUID().uuidString)", [("outcome", "not_asb")]).status == .notFound)
        }
    }

    /// The call handler's organisation's open case ASB-2026-00042 and closed case ASB-2026-00043, and another
    /// organisation's open case ASB-2026-09999, with the titles given; returns the open one.
    static func arrangeCases(_ app: Application, titles: (open: String, closed: String, foreign: String))
        async throws -> CaseRecord
    {
        let ours = try #require(try await User.query(on: app.db).filter(\.$email == "calls@test.example").first())
        let other = try await createUser(
            app, email: "homes@test.example", roles: [.caseOfficer], organisation: "Other Homes",
            kind: .housingProvider)
        let theirs = try #require(try await User.find(other, on: app.db)?.$organisation.id)
        var open: CaseRecord?
        for (reference, title, status, organisation) in [
            ("ASB-2026-00042", titles.open, CaseStatus.open, ours.$organisation.id),
            ("ASB-2026-00043", titles.closed, .closed, ours.$organisation.id),
            ("ASB-2026-09999", titles.foreign, .open, theirs),
        ] {
            let record = CaseRecord(
                reference: reference, title: title, summary: "", status: status, riskLevel: .low,
                organisationID: organisation, officerID: nil, at: testStart)
            try await record.arrangeSave(on: app.db)
            if reference == "ASB-2026-00042" { open = record }
        }
        return try #require(open)
    }

    @Test("triage adds a report to any open case by its reference; unknown, foreign and closed ones are refused")
    func addByReference() async throws {
        try await withTandem { app, _ in
            // Setup: a report the matching finds nothing for, our open case and closed case, and another's.
            try await setUp(app)
            try await submitPublic(app, Self.reportForm([("reporter_kind", "anonymous"), ("location_postcode", "")]))
            let report = try await onlyReport(app)
            let calls = try await signedIn(app, "calls@test.example", address: "198.51.100.2")
            let open = try await Self.arrangeCases(app, titles: ("Ours", "Done", "Theirs"))
            let path = "/triage/\(try report.requireID())"
            let page = try await calls.get(path).body.string
            #expect(page.contains("id=\"case_reference\""))

            // Act / Check: refusals keep what was typed and change nothing.
            for (typed, message) in [
                ("", "Select the case to add this report to, or enter its reference"),
                ("ASB-2026-09999", "No case of your organisation has the reference ASB-2026-09999"),
                ("ASB-2026-00043", "Case ASB-2026-00043 is closed"),
                ("<script>x</script>", "No case of your organisation has the reference"),
            ] {
                let refused = try await calls.post(
                    path, [("outcome", "add_to_case"), ("case_reference", typed), ("reason", "Same stairwell")])
                #expect(refused.status == .badRequest, "\(typed)")
                #expect(refused.body.string.contains(message), "\(typed)")
                #expect(!refused.body.string.contains("<script>x</script>"))
            }
            #expect(try await onlyReport(app).$caseRecord.id == nil)
            // Our open case, typed in lower case with spaces, takes the report.
            let joined = try await calls.post(
                path,
                [("outcome", "add_to_case"), ("case_reference", " asb-2026-00042 "), ("reason", "Same stairwell")])
            #expect(joined.status == .seeOther)
            #expect(try await onlyReport(app).$caseRecord.id == open.id)
        }
    }

    @Test("triage finds any open case of its own by words and offers it; foreign and closed cases are not offered")
    func findCaseBySearching() async throws {
        try await withTandem { app, _ in
            // Setup: a report the matching finds nothing for; our open and closed cases on Wharf Lane, another's.
            try await setUp(app)
            try await submitPublic(app, Self.reportForm([("reporter_kind", "anonymous"), ("location_postcode", "")]))
            let report = try await onlyReport(app)
            let calls = try await signedIn(app, "calls@test.example", address: "198.51.100.2")
            let open = try await Self.arrangeCases(
                app, titles: ("Noise at Wharf Lane", "Wharf Lane graffiti", "Wharf Lane parking"))
            let path = "/triage/\(try report.requireID())"
            let before = try await AuditEvent.query(on: app.db).filter(\.$action != "view").count()

            // Act: part of the title, in another case.
            let found = try await calls.get(path + "?case_search=wharf+lane")

            // Check: only our open case is offered, as a choice in the decision form, and the search is kept.
            #expect(found.status == .ok)
            let html = found.body.string
            #expect(html.contains("ASB-2026-00042: Noise at Wharf Lane"))
            #expect(html.contains("value=\"\(try open.requireID())\""))
            #expect(!html.contains("ASB-2026-00043") && !html.contains("ASB-2026-09999"))
            #expect(html.contains("name=\"case_search\" value=\"wharf lane\""))
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action != "view").count() == before)
            // Part of a reference finds it too; words that match nothing say so; hostile and empty words are refused.
            #expect(try await calls.get(path + "?case_search=00042").body.string.contains("ASB-2026-00042: Noise"))
            let none = try await calls.get(path + "?case_search=Heron+Court")
            #expect(none.body.string.contains("No other open case of your organisation matches"))
            let empty = try await calls.get(path + "?case_search=+")
            #expect(empty.status == .badRequest)
            #expect(empty.body.string.contains("Enter part of a case reference"))
            let long = try await calls.get(path + "?case_search=" + String(repeating: "a", count: 101))
            #expect(long.status == .badRequest)
            let hostile = try await calls.get(path + "?case_search=%3Cscript%3Ex%3C%2Fscript%3E")
            #expect(!hostile.body.string.contains("<script>x</script>"))

            // Act: a decision error keeps the case found; then the case chosen from the search takes the report.
            let refused = try await calls.post(
                path,
                [
                    ("outcome", "add_to_case"), ("case_search", "wharf lane"),
                    ("reason", String(repeating: "x", count: 2001)),
                ])
            #expect(refused.status == .badRequest)
            #expect(refused.body.string.contains("ASB-2026-00042: Noise at Wharf Lane"))
            let joined = try await calls.post(
                path,
                [
                    ("outcome", "add_to_case"), ("case_search", "wharf lane"),
                    ("case_id", try open.requireID().uuidString), ("reason", "Same lane"),
                ])

            // Check
            #expect(joined.status == .seeOther)
            #expect(try await onlyReport(app).$caseRecord.id == open.id)
        }
    }

    @Test("a hate incident cannot be signposted away, and is referred to the police")
    func hateIncident() async throws {
        try await withTandem { app, _ in
            try await setUp(app)
            try await submitPublic(app, Self.reportForm([("hate_incident", "yes"), ("hate_strands[]", "race")]))
            let report = try await onlyReport(app)
            #expect(report.hateIncident)
            let calls = try await signedIn(app, "calls@test.example", address: "198.51.100.2")
            let refused = try await calls.post(
                "/triage/\(try report.requireID())", [("outcome", "not_asb"), ("reason", "Neighbour dispute")])
            #expect(refused.status == .badRequest)
            #expect(refused.body.string.contains("hate incident must be opened as a case"))
            let opened = try await calls.post(
                "/triage/\(try report.requireID())",
                [
                    ("outcome", "open_case"), ("reason", "Racist abuse"), ("risk", "high"),
                    ("categories[]", try await noiseID(app)), ("hate_strands[]", "race"),
                ])
            #expect(opened.status == .seeOther)
            let triaged = try await onlyReport(app)
            #expect(triaged.policeReferred)
            #expect(try await CaseRecord.query(on: app.db).first()?.hateStrands == "race")
        }
    }

    @Test("every other triage outcome records the decision and reason without opening a case")
    func otherOutcomes() async throws {
        try await withTandem { app, _ in
            try await setUp(app)
            let calls = try await signedIn(app, "calls@test.example", address: "198.51.100.2")
            for (index, outcome) in ["housing_low_level", "not_asb", "refer_police", "refer_noise_team"].enumerated() {
                try await submitPublic(
                    app, Self.reportForm([("respondent_name", "")]), address: "198.51.100.\(50 + index)")
                let report = try await onlyReport(app)
                let response = try await calls.post(
                    "/triage/\(try report.requireID())", [("outcome", outcome), ("reason", "Reason \(outcome)")])
                #expect(response.status == .seeOther)
                let done = try await onlyReport(app)
                #expect(done.triageOutcome?.rawValue == outcome)
                #expect(done.triageReason == "Reason \(outcome)")
                #expect(done.policeReferred == (outcome == "refer_police"))
            }
            #expect(try await CaseRecord.query(on: app.db).count() == 0)
            // A triaged report cannot be triaged twice.
            let last = try await onlyReport(app)
            #expect(
                try await calls.post("/triage/\(try last.requireID())", [("outcome", "not_asb"), ("reason", "x")])
                    .status
                    == .conflict)
        }
    }

    @Test("public reports are limited per address: the sixth in an hour is refused and not stored")
    func rateLimit() async throws {
        try await withTandem { app, clock in
            for _ in 0..<5 {
                #expect(try await submitPublic(app, Self.reportForm(), address: "203.0.113.77").status == .ok)
            }
            let sixth = try await submitPublic(app, Self.reportForm(), address: "203.0.113.77")
            #expect(sixth.status == .tooManyRequests)
            #expect(sixth.body.string.contains("try again later"))
            #expect(try await Report.query(on: app.db).count() == 5)
            #expect(try await submitPublic(app, Self.reportForm(), address: "203.0.113.78").status == .ok)
            clock.advance(by: 3601)
            #expect(try await submitPublic(app, Self.reportForm(), address: "203.0.113.77").status == .ok)
        }
    }

    @Test("a staff report records its channel and received time; a future time is refused")
    func staffReport() async throws {
        try await withTandem { app, _ in
            try await setUp(app)
            let calls = try await signedIn(app, "calls@test.example", address: "198.51.100.2")
            try await calls.get("/reports/new")
            let future = try await calls.post(
                "/reports",
                Self.reportForm([("channel", "letter"), ("received_day", "2026-11-23"), ("received_time", "10:01")]))
            #expect(future.status == .badRequest)
            #expect(future.body.string.contains("now or in the past"))
            let onBehalf = try await calls.post(
                "/reports",
                Self.reportForm([
                    ("channel", "letter"), ("received_day", "2026-11-20"), ("received_time", "16:30"),
                    ("reporter_kind", "on_behalf"), ("on_behalf_name", "Cllr Hannah Price"),
                    ("on_behalf_capacity", "Ward councillor"),
                ]))
            #expect(onBehalf.status == .seeOther)
            let report = try await onlyReport(app)
            #expect(report.channel == .letter)
            #expect(report.source == .staff)
            #expect(report.onBehalfName == "Cllr Hannah Price")
            // Friday 20 November 2026 at 16:30 London time (GMT).
            #expect(report.receivedAt == Date(timeIntervalSince1970: 1_795_192_200))
        }
    }

    @Test("adding a person offers likely matches before creating a duplicate")
    func duplicatePeople() async throws {
        try await withTandem { app, _ in
            try await setUp(app)
            try await submitPublic(app, Self.reportForm())
            let calls = try await signedIn(app, "calls@test.example", address: "198.51.100.2")
            let report = try await onlyReport(app)
            try await calls.post(
                "/triage/\(try report.requireID())",
                [
                    ("outcome", "open_case"), ("reason", "Noise"), ("risk", "low"),
                    ("categories[]", try await noiseID(app)),
                ])
            let record = try #require(try await CaseRecord.query(on: app.db).first())
            let path = "/cases/\(try record.requireID())/parties"
            let ask = try await calls.post(path, [("role", "witness"), ("full_name", "maria lopez")])
            #expect(ask.status == .ok)
            #expect(ask.body.string.contains("Is this the same person?"))
            #expect(try await Person.query(on: app.db).count() == 2)
            let maria = try #require(try await Person.query(on: app.db).filter(\.$fullName == "Maria Lopez").first())
            let chosen = try await calls.post(
                path,
                [
                    ("role", "witness"), ("full_name", "maria lopez"),
                    ("person_choice", try maria.requireID().uuidString),
                ])
            #expect(chosen.status == .seeOther)
            #expect(try await Person.query(on: app.db).count() == 2)
            #expect(try await CaseParty.query(on: app.db).filter(\.$role == .witness).count() == 1)
            // Viewing the person is audited.
            #expect(try await calls.get("/people/\(try maria.requireID())").status == .ok)
            #expect(
                try await AuditEvent.query(on: app.db).filter(\.$recordType == "person").filter(\.$action == "view")
                    .count() == 1)
            let bad = try await calls.post(
                path, [("role", "witness"), ("full_name", "X"), ("date_of_birth", "2031-01-01")])
            #expect(bad.status == .badRequest)
        }
    }

    @Test("the administrator's response policy and closures change new deadlines")
    func policyChange() async throws {
        try await withTandem { app, _ in
            try await setUp(app)
            try await createUser(app, email: "admin@test.example", roles: [.administrator])
            let admin = try await signedIn(app, "admin@test.example", address: "198.51.100.9")
            try await admin.get("/admin/response-policy")
            let closure = try await admin.post(
                "/admin/response-policy/closures", [("day", "2026-11-24"), ("description", "Staff training day")])
            #expect(closure.status == .seeOther)
            let invalid = try await admin.post(
                "/admin/response-policy/closures", [("day", "2026-02-30"), ("description", "Nope")])
            #expect(invalid.status == .badRequest)
            try await submitPublic(app, Self.reportForm())
            let calls = try await signedIn(app, "calls@test.example", address: "198.51.100.2")
            try await calls.post(
                "/triage/\(try (try await onlyReport(app)).requireID())",
                [("outcome", "open_case"), ("reason", "x"), ("risk", "high"), ("categories[]", try await noiseID(app))])
            // Tuesday is closed, so one working day from Monday 10:00 is Wednesday 10:00.
            let record = try #require(try await CaseRecord.query(on: app.db).first())
            #expect(record.responseDueAt == testStart.addingTimeInterval(2 * 24 * 3600))
        }
    }

    @Test("the place of a case records tenure, landlord, estate and property reference; a foreign estate is refused")
    func placeOfCase() async throws {
        try await withTandem { app, _ in
            try await setUp(app)
            try await submitPublic(app, Self.reportForm())
            let calls = try await signedIn(app, "calls@test.example", address: "198.51.100.2")
            try await calls.post(
                "/triage/\(try (try await onlyReport(app)).requireID())",
                [("outcome", "open_case"), ("reason", "x"), ("risk", "low"), ("categories[]", try await noiseID(app))])
            let record = try #require(try await CaseRecord.query(on: app.db).first())
            let marsh = Ward(name: "Marsh", at: testStart)
            try await marsh.arrangeSave(on: app.db)
            let canal = Ward(name: "Canal", at: testStart)
            try await canal.arrangeSave(on: app.db)
            let wharf = Estate(wardID: try canal.requireID(), name: "Wharf Court", at: testStart)
            try await wharf.arrangeSave(on: app.db)
            let landlord = try #require(try await Organisation.query(on: app.db).first()?.id)
            let path = "/cases/\(try record.requireID())/place"
            let refused = try await calls.post(
                path,
                [
                    ("place_kind", "home"), ("place_line1", "Flat 14, Marsh House"),
                    ("place_ward_id", try marsh.requireID().uuidString),
                    ("estate_id", try wharf.requireID().uuidString),
                ])
            #expect(refused.status == .badRequest)
            #expect(refused.body.string.contains("Select an estate from the list"))
            let saved = try await calls.post(
                path,
                [
                    ("place_kind", "home"), ("place_line1", "Flat 14, Wharf Court"), ("place_postcode", "RV2 8WC"),
                    ("property_reference", "WC-014"), ("place_ward_id", try canal.requireID().uuidString),
                    ("estate_id", try wharf.requireID().uuidString), ("tenure", "introductory"),
                    ("landlord_id", landlord.uuidString),
                ])
            #expect(saved.status == .seeOther)
            let updated = try #require(try await CaseRecord.find(record.id, on: app.db))
            #expect(updated.$ward.id == canal.id)
            let place = try #require(try await updated.$place.get(on: app.db))
            #expect(place.tenure == .introductory)
            #expect(place.propertyReference == "WC-014")
            #expect(place.$estate.id == wharf.id)
            #expect(place.postcodeKey == "RV28WC")
            let page = try await calls.get("/cases/\(try record.requireID())").body.string
            #expect(page.contains("Introductory tenant; property reference WC-014"))
        }
    }

    @Test("people on another organisation's cases are neither offered as matches nor readable")
    func peopleStayWithTheirOrganisation() async throws {
        try await withTandem { app, _ in
            // Setup: a housing provider's case with a respondent called Kevin Doyle.
            try await setUp(app)
            let homesUser = try await createUser(
                app, email: "homes@test.example", roles: [.caseOfficer], organisation: "Other Homes",
                kind: .housingProvider)
            let homes = try #require(try await User.find(homesUser, on: app.db)?.$organisation.id)
            let theirs = CaseRecord(
                reference: "ASB-2026-09998", title: "Theirs", summary: "", status: .open, riskLevel: .low,
                organisationID: homes, officerID: nil, at: testStart)
            try await theirs.arrangeSave(on: app.db)
            let kevin = Person(fullName: "Kevin Doyle", at: testStart)
            try await kevin.arrangeSave(on: app.db)
            try await CaseParty(caseID: try theirs.requireID(), personID: kevin.id, role: .respondent, at: testStart)
                .arrangeSave(on: app.db)
            // Act: the council's call handler triages a report naming Kevin Doyle, and searches for him.
            try await submitPublic(app, Self.reportForm())
            let calls = try await signedIn(app, "calls@test.example", address: "198.51.100.2")
            let page = try await calls.get("/triage/\(try (try await onlyReport(app)).requireID())").body.string
            let search = try await calls.get("/people?name=Kevin+Doyle").body.string
            let person = try await calls.get("/people/\(try kevin.requireID())")
            // Check
            #expect(!page.contains(try kevin.requireID().uuidString))
            #expect(!page.contains("ASB-2026-09998"))
            #expect(search.contains("No likely matches"))
            #expect(person.status == .notFound)
        }
    }

    @Test("administrators keep categories and wards: add, rename, retire, with clashes refused")
    func referenceData() async throws {
        try await withTandem { app, _ in
            try await createUser(app, email: "admin@test.example", roles: [.administrator])
            let admin = try await signedIn(app, "admin@test.example", address: "198.51.100.9")
            #expect(try await admin.post("/admin/wards", [("name", "Marsh")]).status == .seeOther)
            #expect(try await admin.post("/admin/wards", [("name", "Marsh")]).status == .badRequest)
            let ward = try #require(try await Ward.query(on: app.db).first())
            #expect(
                try await admin.post("/admin/wards/\(try ward.requireID())/estates", [("name", "Marsh House")]).status
                    == .seeOther)
            #expect(
                try await admin.post("/admin/wards/\(try ward.requireID())", [("name", "Marshes")]).status == .seeOther)
            let renamed = try #require(try await Ward.find(ward.id, on: app.db))
            #expect(renamed.name == "Marshes")
            #expect(!renamed.active)
            #expect(try await admin.post("/admin/categories", [("name", "Noise")]).status == .badRequest)
            #expect(
                try await admin.post("/admin/categories", [("name", "Nuisance parking <script>")]).status == .seeOther)
            let page = try await admin.get("/admin/categories").body.string
            #expect(page.contains("Nuisance parking &lt;script&gt;"))
            #expect(try await Category.query(on: app.db).count() == 16)
            #expect(
                try await AuditEvent.query(on: app.db).filter(\.$recordType ~~ ["ward", "estate", "category"]).count()
                    == 4)
        }
    }

    @Test("case actions refuse bad input and change nothing: bulk allocation, acknowledgement, risk")
    func caseActionsRefuseBadInput() async throws {
        try await withTandem { app, _ in
            // Setup: one council case awaiting allocation, and another organisation's case.
            try await setUp(app)
            try await submitPublic(app, Self.reportForm())
            let calls = try await signedIn(app, "calls@test.example", address: "198.51.100.2")
            try await calls.post(
                "/triage/\(try (try await onlyReport(app)).requireID())",
                [("outcome", "open_case"), ("reason", "x"), ("risk", "low"), ("categories[]", try await noiseID(app))])
            let record = try #require(try await CaseRecord.query(on: app.db).first())
            let other = try await createUser(
                app, email: "homes@test.example", roles: [.caseOfficer], organisation: "Other Homes",
                kind: .housingProvider)
            let foreign = CaseRecord(
                reference: "ASB-2026-09997", title: "Theirs", summary: "", status: .triaged, riskLevel: .low,
                organisationID: try #require(try await User.find(other, on: app.db)?.$organisation.id), officerID: nil,
                at: testStart)
            try await foreign.arrangeSave(on: app.db)
            let officer = try #require(
                try await User.query(on: app.db).filter(\.$email == "officer@test.example").first())
            let manager = try await signedIn(app, "manager@test.example", address: "198.51.100.3")
            let before = try await AuditEvent.query(on: app.db).count()
            // Act / Check: a batch with a foreign case is refused whole.
            let mixed = try await manager.post(
                "/cases/allocate",
                [
                    ("case_ids[]", try record.requireID().uuidString),
                    ("case_ids[]", try foreign.requireID().uuidString),
                    ("officer_id", try officer.requireID().uuidString),
                ])
            #expect(mixed.status == .badRequest)
            #expect(mixed.body.string.contains("Nothing was allocated"))
            // An officer from another organisation cannot be given the case.
            let otherOfficer = try await manager.post(
                "/cases/\(try record.requireID())/allocate", [("officer_id", other.uuidString)])
            #expect(otherOfficer.status == .badRequest)
            #expect(try await CaseRecord.find(record.id, on: app.db)?.$officer.id == nil)
            // Acknowledgement needs a real method; risk needs a reason.
            let path = "/cases/\(try record.requireID())"
            #expect(try await manager.post("\(path)/acknowledge", [("method", "pigeon")]).status == .badRequest)
            let noReason = try await manager.post("\(path)/risk", [("risk", "high"), ("reason", "")])
            #expect(noReason.status == .badRequest)
            #expect(noReason.body.string.contains("Enter the reason for the change"))
            let unchanged = try #require(try await CaseRecord.find(record.id, on: app.db))
            #expect(unchanged.riskLevel == .low)
            #expect(unchanged.acknowledgedAt == nil)
            #expect(try await AuditEvent.query(on: app.db).count() == before)
            // Done properly, each works once.
            #expect(try await manager.post("\(path)/acknowledge", [("method", "letter")]).status == .seeOther)
            #expect(try await manager.post("\(path)/acknowledge", [("method", "letter")]).status == .badRequest)
            #expect(
                try await manager.post("\(path)/risk", [("risk", "high"), ("reason", "New threats")]).status
                    == .seeOther)
            let rerated = try #require(try await CaseRecord.find(record.id, on: app.db))
            #expect(rerated.riskLevel == .high)
            #expect(rerated.responseDueAt == testStart.addingTimeInterval(24 * 3600))
            // Acknowledged, so the next deadline is the vulnerability assessment: 48 hours from receipt.
            #expect(rerated.nextDeadlineAt == testStart.addingTimeInterval(48 * 3600))
        }
    }

    @Test("the response policy refuses targets that turn the matrix upside down")
    func invertedPolicy() async throws {
        try await withTandem { app, _ in
            try await createUser(app, email: "admin@test.example", roles: [.administrator])
            let admin = try await signedIn(app, "admin@test.example", address: "198.51.100.9")
            var fields: [(String, String)] = [
                ("opens", "09:00"), ("closes", "17:00"), ("in_progress_minutes", "20"), ("repeat_window_months", "6"),
                ("case_review_threshold", "3"),
            ]
            for (risk, target, limit) in [("high", "1", "12"), ("medium", "2", "5"), ("low", "5", "10")] {
                fields += [("\(risk)_target", target), ("\(risk)_limit", limit), ("\(risk)_guidance", "Examples")]
            }
            let refused = try await admin.post("/admin/response-policy", fields)
            #expect(refused.status == .badRequest)
            #expect(refused.body.string.contains("Higher risk must be answered no later than lower risk"))
            #expect(refused.body.string.contains("id=\"high_limit-error\""))
            #expect(
                try await ResponseTargetRecord.query(on: app.db).filter(\.$riskLevel == .high).first()?.limitDays == 1)
            fields.removeAll { $0.0 == "high_limit" }
            fields.append(("high_limit", "1"))
            #expect(try await admin.post("/admin/response-policy", fields).status == .seeOther)
        }
    }
}
