import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting

@testable import App

/// Partners working a shared case (issue 19 items 2 and 3), on the demo's Marsh House case, shared with the
/// police for every section but special category data: shared case notes, incidents the police received, the
/// case page and the Risk tab as a partner sees them.
@Suite("Partner contributions")
struct PartnerContributionTests {
    static let police = "police@riverside.example"
    static let policeName = "Riverside Safer Neighbourhoods Police"

    static func signIn(_ app: Application, _ email: String, address: String) async throws -> TestBrowser {
        let browser = TestBrowser(app, address: address)
        #expect(try await browser.signIn(email, DemoData.password).status == .seeOther, "\(email) signs in")
        try await browser.get("/")
        return browser
    }

    static func notes(_ app: Application, _ caseID: UUID) async throws -> Int {
        try await CaseNote.query(on: app.db).filter(\.$caseRecord.$id == caseID).count()
    }

    static func reports(_ app: Application, _ caseID: UUID) async throws -> Int {
        try await Report.query(on: app.db).filter(\.$caseRecord.$id == caseID).count()
    }

    static func today() -> CivilDate { DisplayDate.civilDay(testStart) }

    @Test("the police partner adds a note, and the officer sees it with the police named, on the timeline too")
    func policeNote() async throws {
        try await CaseworkTests().withMarsh { setup in
            // Setup
            let police = try await Self.signIn(setup.app, Self.police, address: "192.0.2.131")
            let before = try await Self.notes(setup.app, setup.caseID)
            // Act
            let saved = try await police.post(
                "\(setup.path)/notes", [("note", "Patrol passed at 23:10.\nQuiet on arrival.")])
            // Check
            #expect(saved.status == .seeOther)
            #expect(try await Self.notes(setup.app, setup.caseID) == before + 1)
            let note = try #require(
                try await CaseNote.query(on: setup.app.db).filter(\.$caseRecord.$id == setup.caseID)
                    .sort(\.$writtenAt, .descending).with(\.$organisation).first())
            #expect(note.organisation.name == Self.policeName)
            #expect(note.body == "Patrol passed at 23:10.\nQuiet on arrival.")
            let line = try #require(
                try await CaseEvent.query(on: setup.app.db).filter(\.$caseRecord.$id == setup.caseID)
                    .filter(\.$kind == .note).sort(\.$occurredAt, .descending).first())
            #expect(line.summary == "Case note from \(Self.policeName)")
            let page = try await setup.officer.get(setup.path).body.string
            #expect(page.contains("Case notes"))
            #expect(page.contains("Patrol passed at 23:10."))
            #expect(page.contains("PC Dan Hughes, \(Self.policeName)"))
            #expect(page.contains("Case note from \(Self.policeName)"))
            // The officer can add one too, from the same form.
            #expect(
                try await setup.officer.post("\(setup.path)/notes", [("note", "Spoke to PC Hughes.")]).status
                    == .seeOther)
            #expect(try await Self.notes(setup.app, setup.caseID) == before + 2)
        }
    }

    @Test("a bad note is refused with the text kept, and nothing is saved")
    func badNotes() async throws {
        try await CaseworkTests().withMarsh { setup in
            // Setup
            let police = try await Self.signIn(setup.app, Self.police, address: "192.0.2.132")
            let notes = try await Self.notes(setup.app, setup.caseID)
            let audits = try await setup.audits()
            // Act / Check: empty, too long, a control character.
            let empty = try await police.post("\(setup.path)/notes", [("note", "  \n ")])
            #expect(empty.status == .badRequest)
            #expect(empty.body.string.contains("Enter the note"))
            let long = try await police.post("\(setup.path)/notes", [("note", String(repeating: "a", count: 4001))])
            #expect(long.status == .badRequest)
            #expect(long.body.string.contains("4000 characters or fewer"))
            let control = try await police.post("\(setup.path)/notes", [("note", "Bell \u{07} rang")])
            #expect(control.status == .badRequest)
            #expect(control.body.string.contains("must not contain control characters"))
            let kept = try await police.post("\(setup.path)/notes", [("note", String(repeating: "b", count: 4001))])
            #expect(kept.body.string.contains(String(repeating: "b", count: 4001)), "the typed text is kept")
            #expect(try await Self.notes(setup.app, setup.caseID) == notes)
            #expect(try await setup.audits() == audits)
        }
    }

    @Test("the police record an incident their agency received; it is a report on the case with their reference")
    func policeIncident() async throws {
        try await CaseworkTests().withMarsh { setup in
            // Setup
            let police = try await Self.signIn(setup.app, Self.police, address: "192.0.2.133")
            let before = try await Self.reports(setup.app, setup.caseID)
            let day = Self.today().adding(days: -2)
            #expect(try await police.get(setup.path).body.string.contains("Record an incident your agency received"))
            #expect(!(try await setup.officer.get(setup.path).body.string.contains("Record an incident your agency")))
            // Act
            let saved = try await police.post(
                "\(setup.path)/incidents",
                [
                    ("incident_reference", "CAD 2211"), ("incident_date", day.description),
                    ("incident_location", "Marsh House stairwell"),
                    ("incident_description", "Caller reported shouting and a door kicked at flat 14."),
                ])
            // Check
            #expect(saved.status == .seeOther)
            #expect(try await Self.reports(setup.app, setup.caseID) == before + 1)
            let report = try #require(
                try await Report.query(on: setup.app.db).filter(\.$caseRecord.$id == setup.caseID)
                    .filter(\.$partnerReference == "CAD 2211").with(\.$partnerOrganisation).first())
            let record = try await setup.record()
            #expect(report.$organisation.id == record.$organisation.id)
            #expect(report.partnerOrganisation?.name == Self.policeName)
            #expect(report.channel == .policeReferral)
            #expect(report.status == .triaged)
            #expect(report.triageOutcome == .addToCase)
            #expect(report.behaviourDate == day)
            #expect(report.reporterKind == .onBehalf)
            #expect(report.reference.hasPrefix("RPT-"))
            let line = try #require(
                try await CaseEvent.query(on: setup.app.db).filter(\.$caseRecord.$id == setup.caseID)
                    .filter(\.$kind == .incident).first())
            #expect(line.summary == "Incident reported by \(Self.policeName), ref CAD 2211")
            let page = try await setup.officer.get(setup.path).body.string
            #expect(page.contains("Report \(report.reference) from \(Self.policeName), ref CAD 2211 (Police referral)"))
            #expect(page.contains("Caller reported shouting and a door kicked at flat 14."))
        }
    }

    @Test("a bad incident is refused with every value kept, and nothing is saved")
    func badIncidents() async throws {
        try await CaseworkTests().withMarsh { setup in
            // Setup
            let police = try await Self.signIn(setup.app, Self.police, address: "192.0.2.134")
            let reports = try await Self.reports(setup.app, setup.caseID)
            let audits = try await setup.audits()
            let valid: [String: String] = [
                "incident_reference": "CAD 2212", "incident_date": Self.today().description,
                "incident_location": "Marsh House", "incident_description": "Music at 02:00",
            ]
            func post(_ changes: [String: String]) async throws -> TestingHTTPResponse {
                let fields = valid.merging(changes) { $1 }
                return try await police.post("\(setup.path)/incidents", fields.sorted { $0.key < $1.key })
            }
            // Act / Check
            let empty = try await police.post("\(setup.path)/incidents", [])
            #expect(empty.status == .badRequest)
            for message in [
                "Enter your reference", "Enter the date it happened", "Enter where it happened", "Enter what happened",
            ] {
                #expect(empty.body.string.contains(message), "\(message)")
            }
            let future = try await post(["incident_date": Self.today().adding(days: 1).description])
            #expect(future.status == .badRequest)
            #expect(future.body.string.contains("must be today or in the past"))
            #expect(future.body.string.contains("value=\"CAD 2212\""), "the typed values are kept")
            #expect(future.body.string.contains("Music at 02:00</textarea>"))
            let unreal = try await post(["incident_date": "2026-02-30"])
            #expect(unreal.body.string.contains("as a real date"))
            let long = try await post(["incident_reference": String(repeating: "9", count: 61)])
            #expect(long.status == .badRequest)
            #expect(long.body.string.contains("60 characters or fewer"))
            let control = try await post(["incident_location": "Marsh\u{1B}House"])
            #expect(control.status == .badRequest)
            #expect(control.body.string.contains("must not contain control characters"))
            let description = try await post(["incident_description": String(repeating: "x", count: 5001)])
            #expect(description.status == .badRequest)
            #expect(try await Self.reports(setup.app, setup.caseID) == reports)
            #expect(try await setup.audits() == audits)
            // The owning team records its reports the usual way, not as a partner incident.
            try await setup.officer.get(setup.path)
            let own = try await setup.officer.post(
                "\(setup.path)/incidents", valid.sorted { $0.key < $1.key })
            #expect(own.status == .badRequest)
            #expect(own.body.string.contains("through Record a report"))
            #expect(try await Self.reports(setup.app, setup.caseID) == reports)
        }
    }

    @Test("a partner the case is not shared with gets 404, recorded once; a share without reports has no incidents")
    func outOfScope() async throws {
        try await CaseworkTests().withMarsh { setup in
            // Setup: youth offending works Heron Court, not Marsh House.
            let app = setup.app
            let yos = try await Self.signIn(app, "yos@riverside.example", address: "192.0.2.135")
            let notes = try await Self.notes(app, setup.caseID)
            let reports = try await Self.reports(app, setup.caseID)
            func refusals() async throws -> Int {
                try await AuditEvent.query(on: app.db).filter(\.$action == AuditAction.accessDenied.rawValue).count()
            }
            // Act / Check
            var before = try await refusals()
            #expect(try await yos.post("\(setup.path)/notes", [("note", "Hello")]).status == .notFound)
            #expect(try await refusals() == before + 1)
            before = try await refusals()
            let incident = [
                ("incident_reference", "Y1"), ("incident_date", Self.today().description),
                ("incident_location", "Marsh House"), ("incident_description", "Seen there"),
            ]
            #expect(try await yos.post("\(setup.path)/incidents", incident).status == .notFound)
            #expect(try await refusals() == before + 1)
            #expect(try await Self.notes(app, setup.caseID) == notes)

            // The police share narrowed to the summary and casework: incidents are outside it, notes are not.
            let police = try await Self.signIn(app, Self.police, address: "192.0.2.136")
            let share = try #require(
                try await CaseShare.query(on: app.db).filter(\.$caseRecord.$id == setup.caseID)
                    .join(Organisation.self, on: \CaseShare.$organisation.$id == \Organisation.$id)
                    .filter(Organisation.self, \.$name == Self.policeName).first())
            share.sections = ShareSection.text([.summary, .casework])
            try await share.arrangeSave(on: app.db)
            before = try await refusals()
            #expect(try await police.post("\(setup.path)/incidents", incident).status == .notFound)
            #expect(try await refusals() == before + 1)
            #expect(try await Self.reports(app, setup.caseID) == reports)
            let page = try await police.get(setup.path).body.string
            #expect(!page.contains("Record an incident your agency received"))
            #expect(page.contains("Add a case note"))
        }
    }

    @Test("the case page shows a partner only what its share opens")
    func partnerCasePage() async throws {
        try await CaseworkTests().withMarsh { setup in
            // Setup: a report line, a risk line, a mental health line, and the police share without risk.
            let app = setup.app
            let police = try await Self.signIn(app, Self.police, address: "192.0.2.137")
            let report = try #require(
                try await Report.query(on: app.db).filter(\.$caseRecord.$id == setup.caseID).first())
            for (kind, text) in [
                (CaseEventKind.marker, "Marker line for the test"), (.mentalHealth, "Mental health line for the test"),
                (.contact, "Contact line for the test"),
            ] {
                try await CaseEvent(caseID: setup.caseID, kind: kind, summary: text, actorID: nil, at: testStart)
                    .arrangeCreate(on: app.db)
            }
            // Check: with every section but special category, the officer's page less the mental health line.
            var page = try await police.get(setup.path).body.string
            #expect(page.contains("Report \(report.reference)"))
            #expect(page.contains("Marker line for the test"))
            #expect(page.contains("Contact line for the test"))
            #expect(page.contains("Open risk tasks"))
            #expect(!page.contains("Mental health line for the test"))
            let officer = try await setup.officer.get(setup.path).body.string
            #expect(officer.contains("Mental health line for the test"))

            // A share of the summary and casework only: no reports, no risk, no risk lines.
            let share = try #require(
                try await CaseShare.query(on: app.db).filter(\.$caseRecord.$id == setup.caseID)
                    .join(Organisation.self, on: \CaseShare.$organisation.$id == \Organisation.$id)
                    .filter(Organisation.self, \.$name == Self.policeName).first())
            share.sections = ShareSection.text([.summary, .casework])
            try await share.arrangeSave(on: app.db)
            page = try await police.get(setup.path).body.string
            #expect(!page.contains("Report \(report.reference)"))
            #expect(!page.contains("Marker line for the test"))
            #expect(!page.contains("Open risk tasks"))
            #expect(!page.contains("Safety markers on the address"))
            #expect(page.contains("Contact line for the test"))
            #expect(page.contains("Keeping in touch"))

            // Without casework, neither the promised contact nor the response deadlines show.
            share.sections = ShareSection.text([.summary, .reports])
            try await share.arrangeSave(on: app.db)
            page = try await police.get(setup.path).body.string
            #expect(!page.contains("Keeping in touch"))
            #expect(!page.contains("Deadlines"))
            #expect(!page.contains("Contact line for the test"))
            #expect(page.contains("Report \(report.reference)"))
        }
    }

    @Test("a note marked special category is read only where that section is open, and so is a health share")
    func specialCategoryNote() async throws {
        try await CaseworkTests().withMarsh { setup in
            // Setup: the mental health team's share with special category data, and the police's without it.
            let app = setup.app
            let cmht = try await Self.signIn(app, "cmht@riverside.example", address: "192.0.2.139")
            let police = try await Self.signIn(app, Self.police, address: "192.0.2.140")
            let cmhtID = try #require(
                try await User.query(on: app.db).filter(\.$email == "cmht@riverside.example").first()?.$organisation.id)
            let share = CaseShare(caseID: setup.caseID, organisationID: cmhtID, at: testStart)
            share.sections = ShareSection.text([.summary, .specialCategory])
            try await share.arrangeCreate(on: app.db)
            let cmhtName = try #require(try await Organisation.find(cmhtID, on: app.db)?.name)

            // Act: the team writes one note marked special category and one that is not.
            let marked = try await cmht.post(
                "\(setup.path)/notes",
                [("note", "Known to the team; care coordinator visiting."), ("note_special_category", "yes")])
            let plain = try await cmht.post("\(setup.path)/notes", [("note", "We will call the officer on Friday.")])

            // Check: both stored, the marked one as special category with its own timeline kind.
            #expect(marked.status == .seeOther && plain.status == .seeOther)
            let notes = try await CaseNote.query(on: app.db).filter(\.$caseRecord.$id == setup.caseID)
                .filter(\.$organisation.$id == cmhtID).all()
            #expect(notes.filter(\.specialCategory).map(\.body) == ["Known to the team; care coordinator visiting."])
            #expect(
                try await CaseEvent.query(on: app.db).filter(\.$caseRecord.$id == setup.caseID)
                    .filter(\.$kind == .specialCategoryNote).count() == 1)
            // The police read the plain note (its writer chose to share it, with their organisation), not the
            // marked one, and "Shared with" does not tell them the health team holds the case's health data.
            let partner = try await police.get(setup.path).body.string
            #expect(partner.contains("We will call the officer on Friday."))
            #expect(!partner.contains("care coordinator"))
            func sharedWith(_ html: String) -> String {
                guard let start = html.range(of: ">Shared with</dt>") else { return "" }
                let rest = html[start.upperBound...]
                return String(rest[..<(rest.range(of: "</dd>")?.upperBound ?? rest.endIndex)])
            }
            #expect(sharedWith(partner).contains(Self.policeName))
            #expect(!sharedWith(partner).contains(cmhtName))
            // The health team and the case officer (with a need to know) read both.
            let own = try await cmht.get(setup.path).body.string
            #expect(own.contains("care coordinator") && own.contains("Special category"))
            let officer = try await setup.officer.get(setup.path).body.string
            #expect(officer.contains("care coordinator"))
            #expect(sharedWith(officer).contains(cmhtName))
        }
    }

    @Test("the respondent assessment withholds special category factors from the police, not from the officer")
    func respondentAssessment() async throws {
        try await CaseworkTests().withMarsh { setup in
            // Setup
            let police = try await Self.signIn(setup.app, Self.police, address: "192.0.2.138")
            func respondents(_ html: String) -> String {
                guard let start = html.range(of: "id=\"respondents\"") else { return "" }
                let rest = html[start.upperBound...]
                let end = rest.range(of: "<h2")?.lowerBound ?? rest.endIndex
                return String(rest[..<end])
            }
            // Act
            let partner = respondents(try await police.get("\(setup.path)/risk").body.string)
            let officer = respondents(try await setup.officer.get("\(setup.path)/risk").body.string)
            // Check
            #expect(!partner.isEmpty && !officer.isEmpty)
            #expect(!partner.contains("Mental health"))
            #expect(!partner.contains("Adult social care"))
            #expect(partner.contains("Recent life events"))
            #expect(partner.contains("Withheld: special category data is not shared with your organisation"))
            #expect(officer.contains("Mental health"))
            #expect(officer.contains("Mental health services:"))
            #expect(!officer.contains("Withheld"))
        }
    }
}
