import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting

@testable import App

/// Enforcement on the demo's Marsh House case (officer Sam Okafor; respondent
/// Kevin Doyle): the review gate, sign-off, court, orders, breaches, costs,
/// consequences and the register.
@Suite("Enforcement and legal action")
struct EnforcementTests {
    struct Setup {
        var app: Application
        var clock: ManualClock
        var officer: TestBrowser
        var manager: TestBrowser
        var caseID: UUID
        var respondent: UUID

        var path: String { "/cases/\(caseID.uuidString)" }
        func audits() async throws -> Int { try await AuditEvent.query(on: app.db).count() }
        func measures() async throws -> [LegalMeasure] {
            try await LegalMeasure.query(on: app.db).filter(\.$caseRecord.$id == caseID).with(\.$power).all()
        }
    }

    func withMarsh(_ body: (Setup) async throws -> Void) async throws {
        try await withTandem { app, clock in
            try await DemoSeeder.seedIfEmpty(app)
            let officer = TestBrowser(app, address: "192.0.2.61")
            #expect(try await officer.signIn("officer@riverside.example", DemoData.password).status == .seeOther)
            let manager = TestBrowser(app, address: "192.0.2.62")
            #expect(try await manager.signIn("manager@riverside.example", DemoData.password).status == .seeOther)
            // Each browser holds its session's form token, as from a page it opened.
            try await officer.get("/")
            try await manager.get("/")
            let record = try #require(
                try await CaseRecord.query(on: app.db).filter(\.$reference == "ASB-2026-00002").first())
            let caseID = try record.requireID()
            let respondent = try #require(
                try await CaseParty.query(on: app.db).filter(\.$caseRecord.$id == caseID)
                    .filter(\.$role == PartyRole.respondent).first()?.id)
            try await body(
                Setup(
                    app: app, clock: clock, officer: officer, manager: manager, caseID: caseID,
                    respondent: respondent))
        }
    }

    static func reviewFields(respondent: UUID, power: String = "civil_injunction") -> [(String, String)] {
        var fields: [(String, String)] = [("power", power), ("party_id", respondent.uuidString)]
        for question in ReviewQuestion.allCases { fields.append(("q_\(question.rawValue)", "Considered: \(question)")) }
        for item in ChecklistItem.allCases { fields.append(("c_\(item.rawValue)", "yes")) }
        return fields
    }

    static func injunctionFields(respondent: UUID) -> [(String, String)] {
        [
            ("power", "civil_injunction"), ("party_id", respondent.uuidString), ("instructed_on", "2026-11-23"),
            ("likelihood", "strong"), ("likelihood_notes", "Three witnesses and the diary"), ("scope", "individual"),
        ]
    }

    @Test("an injunction is refused until a senior officer who is not the case officer signs off the review")
    func reviewGate() async throws {
        try await withMarsh { setup in
            // Act: instruct without a review.
            var before = try await setup.audits()
            let refused = try await setup.officer.post(
                "\(setup.path)/measures", Self.injunctionFields(respondent: setup.respondent))
            // Check: refused with the reason, nothing written.
            #expect(refused.status == .badRequest)
            #expect(refused.body.string.contains("Complete the proportionality review for this power"))
            #expect(try await setup.measures().isEmpty)
            #expect(try await setup.audits() == before)

            // The review form starts from what the case shows.
            let form = try await setup.officer.get("\(setup.path)/reviews/new?power=civil_injunction")
            #expect(form.status == .ok)
            #expect(form.body.string.contains("What the case shows"))

            // An incomplete review is refused and changes nothing.
            var fields = Self.reviewFields(respondent: setup.respondent)
            fields.removeAll { $0.0 == "q_equality_duty" || $0.0 == "c_only_option" }
            before = try await setup.audits()
            #expect(try await setup.officer.post("\(setup.path)/reviews", fields).status == .badRequest)
            #expect(
                try await ProportionalityReview.query(on: setup.app.db).filter(\.$caseRecord.$id == setup.caseID)
                    .count() == 0)
            #expect(try await setup.audits() == before)

            // Submitted, it waits for sign-off: still refused.
            #expect(
                try await setup.officer.post("\(setup.path)/reviews", Self.reviewFields(respondent: setup.respondent))
                    .status == .seeOther)
            let review = try #require(
                try await ProportionalityReview.query(on: setup.app.db).filter(\.$caseRecord.$id == setup.caseID)
                    .first())
            let reviewPath = "\(setup.path)/reviews/\(try review.requireID().uuidString)"
            let waiting = try await setup.officer.post(
                "\(setup.path)/measures", Self.injunctionFields(respondent: setup.respondent))
            #expect(waiting.body.string.contains("waiting for a senior officer"))

            // The case officer cannot sign it off, even by posting directly.
            let own = try await setup.officer.get(reviewPath)
            #expect(own.body.string.contains("The case officer cannot sign off their own case"))
            #expect(
                try await setup.officer.post("\(reviewPath)/decision", [("decision", "sign_off")]).status == .forbidden)
            // A police partner cannot read it at all.
            let police = TestBrowser(setup.app, address: "192.0.2.63")
            try await police.signIn("police@riverside.example", DemoData.password)
            #expect(try await police.get(reviewPath).status == .notFound)

            // Sending back needs reasons.
            #expect(
                try await setup.manager.post("\(reviewPath)/decision", [("decision", "return")]).status == .badRequest)
            // The senior officer signs it off.
            #expect(
                try await setup.manager.post(
                    "\(reviewPath)/decision", [("decision", "sign_off"), ("reason", "Proportionate")]
                )
                .status == .seeOther)
            #expect(
                try await setup.manager.post("\(reviewPath)/decision", [("decision", "sign_off")]).status == .badRequest
            )
            // The manager was asked to sign it off, and the officer heard the decision, each with a link to it.
            let asked = try await setup.manager.get("/notifications").body.string
            #expect(asked.contains("A proportionality review on case ASB-2026-00002 waits for sign-off"))
            let decided = try await setup.officer.get("/notifications").body.string
            #expect(decided.contains("The proportionality review on case ASB-2026-00002 was signed off"))
            #expect(decided.contains("href=\"\(reviewPath)\""))

            // Now the instruction is recorded, with the review it rests on.
            #expect(
                try await setup.officer.post(
                    "\(setup.path)/measures", Self.injunctionFields(respondent: setup.respondent)
                )
                .status == .seeOther)
            let measure = try #require(try await setup.measures().first)
            #expect(measure.$review.id == review.id)
            #expect(measure.court == "County court or High Court")
            #expect(measure.status == .instructed)
        }
    }

    @Test("a later change to the vulnerability record makes the signed-off review stale")
    func staleAfterVulnerabilityChange() async throws {
        try await withMarsh { setup in
            // Setup: a signed-off review.
            _ = try await setup.officer.post("\(setup.path)/reviews", Self.reviewFields(respondent: setup.respondent))
            let review = try #require(
                try await ProportionalityReview.query(on: setup.app.db).filter(\.$caseRecord.$id == setup.caseID)
                    .first())
            _ = try await setup.manager.post(
                "\(setup.path)/reviews/\(try review.requireID().uuidString)/decision", [("decision", "sign_off")])
            // Act: a minute later, a safeguarding concern is raised on the case.
            setup.clock.advance(by: 60)
            let concern = SafeguardingConcern()
            concern.$caseRecord.id = setup.caseID
            concern.kind = .adult
            concern.raisedTo = "Adult social care"
            concern.raisedOn = CivilDate(2026, 11, 23)
            concern.concern = "Self-neglect observed"
            concern.recordedAt = setup.clock.now()
            concern.$recordedBy.id = try #require(try await User.query(on: setup.app.db).first()?.id)
            try await concern.arrangeCreate(on: setup.app.db)
            // Check: the gate now refuses.
            try await setup.officer.signIn("officer@riverside.example", DemoData.password)
            try await setup.officer.get("/")
            let refused = try await setup.officer.post(
                "\(setup.path)/measures", Self.injunctionFields(respondent: setup.respondent))
            #expect(refused.status == .badRequest)
            #expect(refused.body.string.contains("the review needs another look"))
            #expect(try await setup.measures().isEmpty)
        }
    }

    @Test("hearing, order with a power of arrest and a two-year expiry, reminder, breach, costs and the register")
    func courtToRegister() async throws {
        try await withMarsh { setup in
            _ = try await setup.officer.post("\(setup.path)/reviews", Self.reviewFields(respondent: setup.respondent))
            let review = try #require(
                try await ProportionalityReview.query(on: setup.app.db).filter(\.$caseRecord.$id == setup.caseID)
                    .first())
            _ = try await setup.manager.post(
                "\(setup.path)/reviews/\(try review.requireID().uuidString)/decision", [("decision", "sign_off")])
            _ = try await setup.officer.post(
                "\(setup.path)/measures", Self.injunctionFields(respondent: setup.respondent))
            let measure = try #require(try await setup.measures().first)
            let measurePath = "\(setup.path)/measures/\(try measure.requireID().uuidString)"

            // An order before any hearing granted it is refused.
            #expect(
                try await setup.officer.post(
                    "\(measurePath)/orders",
                    [("made_on", "2026-11-23"), ("starts_on", "2026-11-23"), ("prohibitions", "Not to enter")]
                ).status == .badRequest)
            // A granted hearing: the victim is offered the assessment again.
            let beforeDue = try #require(try await CaseRecord.find(setup.caseID, on: setup.app.db)).vulnerabilityDueAt
            #expect(
                try await setup.officer.post(
                    "\(measurePath)/hearings",
                    [
                        ("heard_on", "2026-11-23"), ("court", "Riverside County Court"), ("hearing_type", "first"),
                        ("outcome", "granted"),
                    ]
                ).status == .seeOther)
            let record = try #require(try await CaseRecord.find(setup.caseID, on: setup.app.db))
            #expect(record.vulnerabilityDueReason == .courtDecision || beforeDue != nil)
            #expect(record.vulnerabilityDueAt != nil)
            // A power of arrest on a positive requirement alone is refused.
            #expect(
                try await setup.officer.post(
                    "\(measurePath)/orders",
                    [
                        ("made_on", "2026-11-23"), ("starts_on", "2026-11-23"), ("expires_on", "2028-11-23"),
                        ("requirements", "Attend support"), ("power_of_arrest", "yes"), ("arrest_terms", "All"),
                    ]
                ).status == .badRequest)
            #expect(try await CourtOrder.query(on: setup.app.db).filter(\.$caseRecord.$id == setup.caseID).count() == 0)
            // The order, with a power of arrest and a two-year expiry: the reminder falls eight weeks before.
            #expect(
                try await setup.officer.post(
                    "\(measurePath)/orders",
                    [
                        ("made_on", "2026-11-23"), ("starts_on", "2026-11-23"), ("expires_on", "2028-11-23"),
                        ("prohibitions", "Not to enter Marsh House\nNot to contact Maria Lopez"),
                        ("power_of_arrest", "yes"), ("arrest_terms", "Both prohibitions"),
                    ]
                ).status == .seeOther)
            let order = try #require(
                try await CourtOrder.query(on: setup.app.db).filter(\.$caseRecord.$id == setup.caseID).first())
            #expect(order.reminderOn == CivilDate(2028, 9, 28))
            #expect(order.powerOfArrest)
            // A breach before the order started is refused; one after it is logged.
            let orderPath = "\(setup.path)/orders/\(try order.requireID().uuidString)/breaches"
            #expect(
                try await setup.officer.post(orderPath, [("occurred_on", "2026-11-01"), ("evidence", "Seen")]).status
                    == .badRequest)
            #expect(
                try await setup.officer.post(
                    orderPath,
                    [
                        ("occurred_on", "2026-11-23"), ("evidence", "Seen at the door by two neighbours"),
                        ("police_involved", "yes"), ("police_reference", "CAD 1234"), ("action_taken", "Arrested"),
                    ]
                ).status == .seeOther)
            // Costs: a bad amount is refused; a good one is summed.
            #expect(
                try await setup.officer.post(
                    "\(setup.path)/costs", [("kind", "legal"), ("amount", "-5"), ("incurred_on", "2026-11-23")]
                ).status == .badRequest)
            #expect(
                try await setup.officer.post(
                    "\(setup.path)/costs",
                    [
                        ("kind", "court"), ("amount", "1,250.50"), ("incurred_on", "2026-11-23"),
                        ("measure_id", try measure.requireID().uuidString),
                    ]
                ).status == .seeOther)
            let page = try await setup.officer.get("\(setup.path)/enforcement")
            #expect(page.body.string.contains("£1,250.50"))
            #expect(page.body.string.contains("Power of arrest"))
            #expect(page.body.string.contains("28 Sep 2028"))
            #expect(page.body.string.contains("CAD 1234"))

            // The register counts the injunction in 2026/27 and lists the reminder once it is near.
            let register = try await setup.officer.get("/legal")
            #expect(register.status == .ok)
            #expect(register.body.string.contains("2026/27"))
            let csv = try await setup.officer.get("/legal.csv")
            // The demo's Canal Street injunction and this one.
            #expect(csv.body.string.contains("Civil injunction – individual,2"))
            #expect(csv.headers.contentType?.subType == "csv")
        }
    }

    @Test("a NOSP served on a household with children creates the homeless persons unit and care tasks, once")
    func noticeOfSeekingPossessionConsequences() async throws {
        try await withMarsh { setup in
            // Setup: the respondent's home is a secure tenancy; the review is signed off.
            let party = try #require(
                try await CaseParty.query(on: setup.app.db).filter(\.$id == setup.respondent).with(\.$person).first())
            let place = Place()
            place.kind = .home
            place.line1 = "Flat 9, Marsh House"
            place.tenure = .secure
            place.createdAt = setup.clock.now()
            try await place.arrangeCreate(on: setup.app.db)
            let person = try #require(party.person)
            person.$place.id = place.id
            try await person.arrangeUpdate(on: setup.app.db)
            _ = try await setup.officer.post(
                "\(setup.path)/reviews", Self.reviewFields(respondent: setup.respondent, power: "nosp"))
            let review = try #require(
                try await ProportionalityReview.query(on: setup.app.db).filter(\.$caseRecord.$id == setup.caseID)
                    .first())
            _ = try await setup.manager.post(
                "\(setup.path)/reviews/\(try review.requireID().uuidString)/decision", [("decision", "sign_off")])
            // Possession before a NOSP is served is refused.
            #expect(
                try await setup.officer.post(
                    "\(setup.path)/measures",
                    [("power", "possession"), ("instructed_on", "2026-11-23"), ("likelihood", "strong")]
                ).body.string.contains("Serve a Notice of Seeking Possession first"))
            // Act: the NOSP, then served on a household with children.
            #expect(
                try await setup.officer.post(
                    "\(setup.path)/measures",
                    [
                        ("power", "nosp"), ("party_id", setup.respondent.uuidString), ("instructed_on", "2026-11-23"),
                        ("likelihood", "reasonable"),
                    ]
                ).status == .seeOther)
            let nosp = try #require(try await setup.measures().first)
            let progress = "\(setup.path)/measures/\(try nosp.requireID().uuidString)/progress"
            #expect(
                try await setup.officer.post(progress, [("step", "served"), ("on", "2026-11-24"), ("time", "09:00")])
                    .status == .badRequest)
            for _ in 0..<2 {
                #expect(
                    try await setup.officer.post(
                        progress, [("step", "served"), ("on", "2026-11-23"), ("time", "08:30"), ("children", "yes")]
                    ).status == .seeOther)
            }
            // Check: three tasks, once each.
            let tasks = try await RiskTask.query(on: setup.app.db).filter(\.$caseRecord.$id == setup.caseID)
                .filter(
                    \.$kind ~~ [RiskTaskKind.notifyHomelessPersonsUnit, .referAdultSocialCare, .referChildrensServices]
                ).all()
            #expect(tasks.count == 3)
            #expect(try #require(try await LegalMeasure.find(nosp.id, on: setup.app.db)).status == .served)
        }
    }

    @Test("bad input on the enforcement forms is refused with a message and writes nothing")
    func badInput() async throws {
        try await withMarsh { setup in
            let before = try await setup.audits()
            let hostile = "<script>alert(1)</script>'; DROP TABLE cases; --"
            for (path, fields) in [
                ("/measures", [("power", "no_such_power")]),
                ("/measures", [("power", "dispersal"), ("instructed_on", "yesterday"), ("likelihood", "certain")]),
                ("/measures", [("power", "cbo"), ("instructed_on", "2026-11-23"), ("likelihood", "strong")]),
                ("/reviews", [("power", "dispersal")]),
                ("/reviews", [("power", "civil_injunction"), ("q_disability", String(repeating: "x", count: 5000))]),
                ("/costs", [("kind", "bribe"), ("amount", hostile), ("incurred_on", "2099-01-01")]),
                (
                    "/costs",
                    [
                        ("kind", "legal"), ("amount", "100"), ("incurred_on", "2026-11-23"),
                        ("measure_id", UUID().uuidString),
                    ]
                ),
            ] {
                let response = try await setup.officer.post("\(setup.path)\(path)", fields)
                #expect(response.status == .badRequest, "\(path) \(fields)")
                #expect(
                    response.body.string.contains("error-summary") || response.body.string.contains("error-message"))
                #expect(!response.body.string.contains("<script>alert(1)"))
            }
            #expect(try await setup.audits() == before)
            #expect(try await setup.measures().isEmpty)
            // Unknown measures and orders are not found.
            #expect(
                try await setup.officer.post("\(setup.path)/measures/\(UUID().uuidString)/hearings", []).status
                    == .notFound)
            #expect(try await setup.officer.get("\(setup.path)/measures/new?power=nothing").status == .notFound)
            // A dispersal request needs no review and records with hostile text stored and escaped.
            #expect(
                try await setup.officer.post(
                    "\(setup.path)/measures",
                    [
                        ("power", "dispersal"), ("instructed_on", "2026-11-23"), ("likelihood", "reasonable"),
                        ("likelihood_notes", hostile + " 日本語 ✓"),
                    ]
                ).status == .seeOther)
            let page = try await setup.officer.get("\(setup.path)/enforcement")
            #expect(!page.body.string.contains("<script>alert(1)"))
            #expect(page.body.string.contains("日本語 ✓"))
            // On that measure: a hearing without court or type, an order no hearing made, a step not
            // chosen, hostile notes: each refused with its message, nothing written.
            let dispersal = try #require(try await setup.measures().first)
            let measurePath = "\(setup.path)/measures/\(try dispersal.requireID().uuidString)"
            let written = try await setup.audits()
            for (path, fields) in [
                ("/hearings", [("heard_on", "2026-11-23"), ("notes", hostile)]),
                (
                    "/hearings",
                    [
                        ("heard_on", "2026-11-23"), ("court", "Riverside"), ("hearing_type", "first"),
                        ("outcome", "maybe"),
                    ]
                ),
                ("/orders", [("made_on", "2026-11-23"), ("starts_on", "2026-11-23"), ("prohibitions", hostile)]),
                ("/progress", [("reason", hostile)]),
                ("/progress", [("step", "evicted"), ("on", "2026-11-23")]),
            ] {
                let response = try await setup.officer.post(measurePath + path, fields)
                #expect(response.status == .badRequest, "\(path) \(fields)")
                #expect(response.body.string.contains("error-message"))
                #expect(!response.body.string.contains("<script>alert(1)"))
            }
            #expect(try await setup.audits() == written)
            #expect(
                try await CourtHearing.query(on: setup.app.db).filter(\.$caseRecord.$id == setup.caseID).count() == 0)
        }
    }

    @Test("an administrator adds a power with its prerequisites and reminder; clashes and bad weeks are refused")
    func adminPowers() async throws {
        try await withTandem { app, _ in
            try await DemoSeeder.seedIfEmpty(app)
            let admin = TestBrowser(app, address: "192.0.2.64")
            try await admin.signIn("admin@riverside.example", DemoData.password)
            try await admin.get("/")
            #expect(try await admin.get("/admin/powers").status == .ok)
            let count = try await LegalPower.query(on: app.db).count()
            #expect(count == LegalPowerCatalogue.standard.count)
            // Refused: a clash with a standard power's name, and 0 weeks.
            #expect(
                try await admin.post(
                    "/admin/powers",
                    [
                        ("name", "Closure order"), ("lead", "police"), ("summary", "x"), ("register_group", "other"),
                        ("reminder_weeks", "0"),
                    ]
                ).status == .badRequest)
            #expect(try await LegalPower.query(on: app.db).count() == count)
            // Added: a parenting order, needing a review, reminded 12 weeks before expiry.
            #expect(
                try await admin.post(
                    "/admin/powers",
                    [
                        ("name", "Parenting order"), ("lead", "housing_enforcement"),
                        ("summary", "Makes parents responsible (Lambeth 3.3.3)"), ("register_group", "other"),
                        ("reminder_weeks", "12"), ("makes_order", "yes"), ("prerequisites[]", "signed_off_review"),
                    ]
                ).status == .seeOther)
            let added = try #require(
                try await LegalPower.query(on: app.db).filter(\.$name == "Parenting order").first())
            #expect(added.needsReview)
            #expect(added.reminderWeeks == 12)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$recordType == "legal_power").count() == 1)
        }
    }
}
