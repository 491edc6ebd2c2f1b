import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting

@testable import App

extension WriteAuditTests {
    /// The ASB Case Review's forms (issue 22).
    static let caseReviews = [
        "/admin/case-review", "/case-review", "/case-review/status/:token/response", "/case-reviews",
        "/case-reviews/:reviewID/steps/:step", "/case-reviews/:reviewID/case", "/case-reviews/:reviewID/meeting",
        "/case-reviews/:reviewID/requests/:requestID", "/case-reviews/:reviewID/updates",
        "/case-reviews/:reviewID/resolution", "/case-reviews/:reviewID/resolution/sign-off",
        "/case-reviews/:reviewID/appeal-officer", "/case-reviews/:reviewID/withdraw",
    ]
}

/// The ASB Case Review end to end on the demo borough (issue 22): every form inside the write-audit check, the
/// refusals that change nothing, the deadlines to the minute and the publication's SQL against the rules.
@Suite("ASB Case Review")
struct CaseReviewTests {
    static func browser(_ app: Application, _ email: String, _ address: String) async throws -> TestBrowser {
        try await WriteAuditTests.signedIn(app, email, address: address)
    }

    static func option(_ label: String, named name: String, in html: String) throws -> String {
        let start = try #require(html.range(of: "name=\"\(name)\""), "no field \(name)")
        let select = html[start.upperBound...].prefix { _ in true }
        let end = select.range(of: "</select>")?.lowerBound ?? select.endIndex
        let options = select[..<end]
        let labelAt = try #require(options.range(of: ">\(label)"), "no option \(label) in \(name)")
        let before = options[..<labelAt.lowerBound]
        let valueAt = try #require(before.range(of: "value=\"", options: .backwards))
        return String(before[valueAt.upperBound...].prefix { $0 != "\"" })
    }

    static func application(_ fields: [(String, String)] = []) -> [(String, String)] {
        var form: [String: String] = [
            "applicant_kind": "person", "applicant_name": "Arthur Finch", "applicant_email": "arthur@example.org",
            "description": "Youths at my door most evenings.", "involvement": "attend",
            "case_reference": "ASB-2026-00004", "complaint_1_on": "2026-11-14", "complaint_1_to": "The council",
            "complaint_2_on": "2026-11-20", "complaint_2_to": "The police",
        ]
        for (key, value) in fields { form[key] = value }
        return form.map { ($0.key, $0.value) }
    }

    @Test("a resident applies online; the review runs from contact to appeal, each stage audited, in order")
    func journey() async throws {
        try await withTandem { app, clock in
            // Setup
            try await DemoSeeder.seedIfEmpty(app)
            let db = app.db
            let writes = WriteAuditTests.Writes(app)
            let admin = try await Self.browser(app, "admin@riverside.example", "192.0.2.80")
            let spoc = try await Self.browser(app, "panel@riverside.example", "192.0.2.81")
            let police = try await Self.browser(app, "police@riverside.example", "192.0.2.82")
            let chair = try await Self.browser(app, "manager@riverside.example", "192.0.2.83")
            let inspector = try await Self.browser(app, "inspector@riverside.example", "192.0.2.84")
            let resident = TestBrowser(app, address: "198.51.100.20")

            // The administrator saves the arrangements; a threshold above ten is refused and nothing changes.
            let form = try await admin.get("/admin/case-review")
            #expect(form.status == .ok)
            let arrangements = try #require(try await CaseReviewArrangementsRecord.query(on: db).first())
            var fields: [(String, String)] = [
                ("threshold", "3"), ("period_months", "6"), ("complaint_within_months", "1"),
                ("application_within_months", "6"), ("contact_days", "2"), ("decision_days", "5"),
                ("outcome_days", "2"), ("action_days", "5"), ("resolution_days", "5"), ("appeal_days", "10"),
                ("appeal_route", "A senior officer not involved in the case"),
                ("escalation", "the Police and Crime Commissioner's office"),
                ("contact_id", try await PanelTests.user(app, "panel@riverside.example").uuidString),
                ("panel_id", try #require(arrangements.$panel.id).uuidString),
            ]
            for name in ["Riverside Safer Neighbourhoods Police", "Riverside Homes"] {
                fields.append(("body_\(try await PanelTests.organisation(app, name).uuidString)", "yes"))
            }
            let refused = try await admin.post("/admin/case-review", fields + [("threshold", "11")])
            #expect(refused.status == .badRequest)
            #expect(try await CaseReviewArrangementsRecord.query(on: db).first()?.threshold == 3)
            try await writes.submit("/admin/case-review") {
                try await admin.post("/admin/case-review", fields.filter { $0.0 != "threshold" } + [("threshold", "4")])
            }
            let warned = try await admin.get("/admin/case-review")
            #expect(warned.body.string.contains("the Act allows no more than three"))
            try await admin.post("/admin/case-review", fields)
            #expect(try await CaseReviewBody.query(on: db).count() == 2)

            // A resident applies online: no dates, a future date or no way of contact is refused and nothing saved.
            let before = try await CaseReview.query(on: db).count()
            try await resident.get("/case-review")
            for bad in [
                [("complaint_1_on", ""), ("complaint_2_on", "")], [("complaint_1_on", "2027-01-05")],
                [("applicant_email", "")],
            ] {
                let answer = try await resident.post("/case-review", Self.application(bad))
                #expect(answer.status == .badRequest)
            }
            #expect(try await CaseReview.query(on: db).count() == before)
            let applied = try await writes.submit("/case-review") {
                try await resident.post("/case-review", Self.application([("case_reference", "")]))
            }
            let location = try #require(applied.headers.first(name: .location))
            #expect(location.hasPrefix("/case-review/status/"))
            let review = try #require(
                try await CaseReview.query(on: db).filter(\.$applicantName == "Arthur Finch").first())
            let reviewID = try review.requireID()
            let path = "/case-reviews/\(reviewID.uuidString)"
            #expect(review.channel == .online)
            let acknowledgement = try #require(
                try await EmailMessage.query(on: db).filter(\.$toAddress == "arthur@example.org").first())
            #expect(acknowledgement.sealed != nil)
            #expect(!acknowledgement.body.contains(location))

            // The applicant's page shows their application, and nobody else's.
            let own = try await resident.get(location)
            #expect(own.body.string.contains(review.reference))
            #expect(!own.body.string.contains("Cllr Hannah Price"))

            // The single point of contact links the case and sees the complaints to the council and the police.
            #expect(try await spoc.get(path).status == .ok)
            try await writes.submit("/case-reviews/:reviewID/case") {
                try await spoc.post("\(path)/case", [("case_reference", "ASB-2026-00004")])
            }
            let page = try await spoc.get(path)
            #expect(page.body.string.contains("CAD-2026-2291"))
            #expect(page.body.string.contains("3 of 3</strong> qualifying complaints"))

            // A stage recorded before its predecessor is refused and changes nothing.
            let early = try await spoc.post("\(path)/steps/threshold_decision", [("decision", "met"), ("reason", "x")])
            #expect(early.status == .badRequest)
            #expect(try await CaseReview.find(reviewID, on: db)?.decidedAt == nil)
            #expect(try await spoc.post("\(path)/steps/review", []).status == .badRequest)

            try await writes.submit("/case-reviews/:reviewID/steps/:step") {
                try await spoc.post(
                    "\(path)/steps/contact",
                    [("method", "phone"), ("note", "Explained the review"), ("involvement", "attend")])
            }
            // The police are asked for their information and reply.
            let request = try #require(
                try await CaseReviewRequest.query(on: db).filter(\.$review.$id == reviewID)
                    .filter(
                        \.$organisation.$id == PanelTests.organisation(app, "Riverside Safer Neighbourhoods Police")
                    )
                    .first())
            try await police.get(path)
            try await writes.submit("/case-reviews/:reviewID/requests/:requestID") {
                try await police.post(
                    "\(path)/requests/\(try request.requireID())", [("reply", "Two attendances, no arrests")])
            }
            try await writes.submit("/case-reviews/:reviewID/updates") {
                try await spoc.post("\(path)/updates", [("method", "email"), ("message", "We have asked the police")])
            }
            clock.advance(by: 600)
            let decided = try await spoc.post(
                "\(path)/steps/threshold_decision", [("decision", "met"), ("reason", "Three complaints")])
            #expect(decided.status == .seeOther, "\(WriteAuditTests.problems(in: decided.body.string))")
            #expect(try await CaseReview.find(reviewID, on: db)?.decidedOnTime == true)
            try await spoc.post("\(path)/steps/threshold_letter", [("method", "email"), ("letter", "Dear Mr Finch")])

            // The review at a CT-MARAC meeting held today.
            let ctMarac = try #require(try await Panel.query(on: db).filter(\.$kind == .ctMarac).first())
            try await spoc.get("/panels/\(try ctMarac.requireID())")
            try await spoc.post(
                "/panels/\(try ctMarac.requireID())/meetings",
                [("held_on", "2026-11-23"), ("starts_at", "14:00"), ("place", "Civic Centre")])
            let listing = try await spoc.get(path)
            let meeting = try Self.option(
                "23 Nov 2026 at 14:00, Civic Centre", named: "meeting_id", in: listing.body.string)
            try await writes.submit("/case-reviews/:reviewID/meeting") {
                try await spoc.post("\(path)/meeting", [("meeting_id", meeting), ("method", "post")])
            }
            let reviewPage = try await spoc.get(path).body.string
            try await spoc.post(
                "\(path)/steps/review",
                [
                    (
                        "lead_organisation_id",
                        try Self.option("Riverside Homes", named: "lead_organisation_id", in: reviewPage)
                    ),
                    (
                        "lead_officer_id",
                        try Self.option("Dev Patel, Riverside Homes", named: "lead_officer_id", in: reviewPage)
                    ),
                    ("made_recommendations", "yes"), ("recommendations", "Door camera and patrols"),
                    ("action_plan", "Landlord fits the camera"), ("victim_attended", "yes"),
                ])
            try await spoc.post("\(path)/steps/outcome_letter", [("method", "email"), ("letter", "The outcome")])
            try await spoc.post("\(path)/steps/actions", [("note", "Camera fitted")])
            try await writes.submit("/case-reviews/:reviewID/resolution") {
                try await spoc.post("\(path)/resolution", [("letter", "The resolution")])
            }
            #expect(try await spoc.post("\(path)/steps/resolution_letter", [("method", "email")]).status == .badRequest)
            #expect(try await spoc.post("\(path)/resolution/sign-off", [("confirm", "yes")]).status == .forbidden)
            let chairPage = try await chair.get(path).body.string
            let draftedAt = try #require(chairPage.range(of: "name=\"drafted\" value=\""))
            let drafted = String(chairPage[draftedAt.upperBound...].prefix { $0 != "\"" })
            // A sign-off of an older draft than the stored one is refused.
            let stale = try await chair.post("\(path)/resolution/sign-off", [("confirm", "yes"), ("drafted", "1")])
            #expect(stale.status == .badRequest)
            try await writes.submit("/case-reviews/:reviewID/resolution/sign-off") {
                try await chair.post("\(path)/resolution/sign-off", [("confirm", "yes"), ("drafted", drafted)])
            }
            try await spoc.post("\(path)/steps/resolution_letter", [("method", "email"), ("meeting_offered", "yes")])

            // The applicant appeals from their page.
            try await resident.get(location)
            try await writes.submit("/case-review/status/:token/response") {
                try await resident.post(
                    "\(location)/response", [("response", "appeal"), ("note", "Nothing has changed")])
            }

            // Someone who chaired the review cannot hear the appeal; an uninvolved police inspector can.
            try await spoc.get(path)
            let chairID = try await PanelTests.user(app, "manager@riverside.example")
            let conflicted = try await spoc.post("\(path)/appeal-officer", [("officer_id", chairID.uuidString)])
            #expect(conflicted.status == .badRequest)
            #expect(conflicted.body.string.contains("sat on or ran the review"))
            #expect(try await CaseReview.find(reviewID, on: db)?.$appealOfficer.id == nil)
            let inspectorID = try await PanelTests.user(app, "inspector@riverside.example")
            try await writes.submit("/case-reviews/:reviewID/appeal-officer") {
                try await spoc.post("\(path)/appeal-officer", [("officer_id", inspectorID.uuidString)])
            }
            try await inspector.get(path)
            try await inspector.post(
                "\(path)/steps/appeal",
                [("outcome", "not_upheld"), ("reason", "The review was fair"), ("method", "email")])
            try await spoc.post("\(path)/steps/escalation", [("reference", "PCC-77")])
            let done = try #require(try await CaseReview.find(reviewID, on: db))
            #expect(done.appealOutcome == .notUpheld)
            #expect(done.escalatedAt != nil)
            #expect(CaseReviewStages.next(done.progress) == .escalation)

            // Staff record a phone application, which the applicant then withdraws.
            try await spoc.get("/case-reviews/new")
            let recorded = try await writes.submit("/case-reviews") {
                try await spoc.post(
                    "/case-reviews",
                    Self.application([
                        ("channel", "phone"), ("applicant_name", "Jenny Clarke"), ("applicant_email", ""),
                    ])
                        + [("applicant_phone", "07700 900303"), ("acknowledgement", "post")])
            }
            #expect(recorded.body.string.contains("/case-review/status/"))
            // Sent again (a refresh after saving): refused, and saved once.
            let again = try await spoc.post(
                "/case-reviews",
                Self.application([("channel", "phone"), ("applicant_name", "Jenny Clarke"), ("applicant_email", "")])
                    + [("applicant_phone", "07700 900303"), ("acknowledgement", "post")])
            #expect(again.status == .conflict)
            #expect(
                try await CaseReview.query(on: db).filter(\.$applicantName == "Jenny Clarke").filter(
                    \.$channel == .phone
                )
                .count() == 1)
            let phoned = try #require(
                try await CaseReview.query(on: db).filter(\.$applicantName == "Jenny Clarke")
                    .filter(\.$channel == .phone).sort(\.$receivedAt, .descending).first())
            try await writes.submit("/case-reviews/:reviewID/withdraw") {
                try await spoc.post("/case-reviews/\(try phoned.requireID())/withdraw", [("reason", "Resolved")])
            }

            // Check: every form of the area was submitted inside the write-audit check.
            writes.expectCovered(WriteAuditTests.caseReviews)
            let letters = try await CaseReviewUpdate.query(on: db).filter(\.$review.$id == reviewID).all()
            #expect(
                Set(letters.map(\.kind)).isSuperset(of: [
                    .acknowledgement, .thresholdLetter, .resolutionLetter, .appealDecision,
                ]))
        }
    }

    @Test("the first contact is due two working days after receipt, to the minute")
    func contactDeadline() async throws {
        try await withTandem { app, clock in
            // Setup: received at 10:00 on Monday 23 November.
            try await DemoSeeder.seedIfEmpty(app)
            let resident = TestBrowser(app, address: "198.51.100.21")
            try await resident.get("/case-review")
            try await resident.post("/case-review", Self.application())
            // Act and check: due 10:00 on Wednesday 25 November; overdue one minute later.
            clock.advance(by: 2 * 86_400)
            let spoc = try await Self.browser(app, "panel@riverside.example", "192.0.2.85")
            let onTime = try await spoc.get("/case-reviews").body.string
            #expect(onTime.contains("Due 25 Nov 2026, 10:00"))
            clock.advance(by: 60)
            let late = try await spoc.get("/case-reviews").body.string
            #expect(late.contains("Overdue</strong> was due 25 Nov 2026, 10:00"))
        }
    }

    @Test("the publication's SQL counts what the rules count, and only staff of the register see it")
    func publication() async throws {
        try await withTandem { app, _ in
            // Setup: the demo's four applications.
            try await DemoSeeder.seedIfEmpty(app)
            let arrangements = try #require(try await CaseReviewReads.arrangements(on: app.db))
            let reviews = try await CaseReview.query(on: app.db).all()
            #expect(reviews.count == 4)
            // Act
            let (from, to) = CaseReviewPublication.year(endingOn: DisplayDate.civilDay(testStart))
            let counted = try await CaseReviewPublicationController.publication(
                organisationID: arrangements.organisationID, from: from, to: to, calendar: WorkingCalendar(),
                on: app.db)
            let expected = CaseReviewPublication.count(
                reviews.map {
                    PublishedApplication(
                        channel: $0.channel, decision: $0.decision, decidedOnTime: $0.decidedOnTime,
                        reviewed: $0.reviewedAt != nil, recommendations: $0.recommendations != nil,
                        victimAttended: $0.victimAttended, appealed: $0.response == .appeal,
                        appealOutcome: $0.appealOutcome)
                })
            // Check
            #expect(counted == expected)
            #expect(counted.count(.applications) == 4)
            #expect(counted.count(.thresholdNotMet) == 1)
            #expect(counted.count(.reviews) == 1)
            #expect(counted.count(.recommendations) == 1)
            let police = try await Self.browser(app, "police@riverside.example", "192.0.2.86")
            #expect(try await police.get("/case-reviews/publication").status == .forbidden)
            let spoc = try await Self.browser(app, "panel@riverside.example", "192.0.2.87")
            let drill = try await spoc.get("/case-reviews/publication?figure=appeals").body.string
            #expect(drill.contains("CR-2026-0001"))
            #expect(!drill.contains("CR-2026-0002</a>"))
            #expect(try await spoc.get("/case-reviews/publication?figure=nonsense").status == .notFound)
        }
    }

    @Test("the demo applicant's private page shows their own application only")
    func applicantPage() async throws {
        try await withTandem { app, _ in
            try await DemoSeeder.seedIfEmpty(app)
            let resident = TestBrowser(app, address: "198.51.100.22")
            let page = try await resident.get("/case-review/status/\(DemoCaseReviews.canalToken)")
            #expect(page.status == .ok)
            #expect(page.body.string.contains("CR-2026-0004"))
            for other in ["Sunil Gupta", "Jenny Clarke", "Maria Lopez", "CR-2026-0001"] {
                #expect(!page.body.string.contains(other))
            }
            #expect(
                try await resident.get("/case-review/status/\(String(repeating: "b", count: 43))").status == .notFound)
            // Answering before the resolution letter is refused and changes nothing.
            try await resident.get("/case-review")
            let early = try await resident.post(
                "/case-review/status/\(DemoCaseReviews.canalToken)/response", [("response", "satisfied")])
            #expect(early.status == .badRequest)
            #expect(try await CaseReview.query(on: app.db).filter(\.$response != nil).count() == 1)
        }
    }

    @Test("an application's page runs the same statements however many complaints the records hold")
    func statementsIndependentOfComplaints() async throws {
        try await withTandem { app, _ in
            // Setup: Lock Gardens' application, its three complaints found in the records.
            try await DemoSeeder.seedIfEmpty(app)
            let review = try #require(
                try await CaseReview.query(on: app.db).filter(\.$applicantName == "Sunil Gupta").first())
            let path = "/case-reviews/\(try review.requireID().uuidString)"
            let spoc = try await Self.browser(app, "panel@riverside.example", "192.0.2.88")
            let counter = StatementCounter()
            app.logger = Logger(label: "test.sql") { _ in StatementCounter.Handler(counter: counter) }
            try await spoc.get(path)
            counter.reset()
            #expect(try await spoc.get(path).status == .ok)
            let before = counter.statements.count
            // Act: six more reports on the case, to the council.
            let original = try #require(
                try await Report.query(on: app.db).filter(\.$caseRecord.$id == review.$caseRecord.id).first())
            for day in 1...6 {
                let report = Report()
                report.reference = "RPT-TEST-\(day)"
                report.$organisation.id = original.$organisation.id
                report.source = .staff
                report.channel = .phone
                report.receivedAt = testStart.addingTimeInterval(Double(-day) * 86_400)
                report.reporterKind = .named
                report.interpreterNeeded = false
                report.behaviourDate = DisplayDate.civilDay(report.receivedAt)
                report.happeningNow = false
                report.location = "Lock Gardens"
                report.description = "Again"
                report.hateIncident = false
                report.hateStrands = ""
                report.status = .triaged
                report.$caseRecord.id = review.$caseRecord.id
                report.policeReferred = false
                try await report.arrangeCreate(on: app.db)
            }
            counter.reset()
            let page = try await spoc.get(path)
            // Check
            #expect(page.body.string.contains("RPT-TEST-6"))
            #expect(counter.statements.count == before, "\(counter.statements.joined(separator: "\n"))")
            #expect(before <= 31, "the application's page ran \(before) statements")
        }
    }
}
