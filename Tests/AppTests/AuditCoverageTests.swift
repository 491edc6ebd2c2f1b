import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting

@testable import App

/// Every page of a case shows personal data, so opening one is an audited
/// view; a read or write the policy layer refuses is recorded too (issue 18).
@Suite("Audit of case pages and refusals")
struct AuditCoverageTests {
    func events(_ app: Application, action: AuditAction, caseID: UUID) async throws -> [AuditEvent] {
        try await AuditEvent.query(on: app.db).filter(\.$action == action.rawValue)
            .filter(\.$recordID == caseID.uuidString).sort(\.$sequence).all()
    }

    @Test("opening any page of a case records one view: who, which case, which page and when")
    func casePageViews() async throws {
        try await CaseworkTests().withMarsh { setup in
            let officer = try #require(
                try await User.query(on: setup.app.db).filter(\.$email == "officer@riverside.example").first())
            let pages: [(String, String)] = [
                ("", "Viewed case"), ("/risk", "risk and vulnerability"), ("/plan", "the plan and contact"),
                ("/evidence", "the diary and evidence"), ("/support", "interventions and referrals"),
                ("/letters", "letters and resident access"), ("/enforcement", "enforcement"), ("/closure", "closure"),
                ("/letters/new?template=warning_letter&party=\(setup.respondent)", "a letter being written"),
                ("/vulnerability/new", "the vulnerability assessment form"),
                ("/respondent-assessment/new", "the respondent assessment form"),
                ("/interviews/new?party=\(setup.reporter)", "the interview form"),
            ]
            for (page, summary) in pages {
                setup.clock.advance(by: 7)
                let before = try await events(setup.app, action: .view, caseID: setup.caseID).count
                let response = try await setup.officer.get(setup.path + page)
                #expect(response.status == .ok, "\(page)")
                let views = try await events(setup.app, action: .view, caseID: setup.caseID)
                #expect(views.count == before + 1, "\(page)")
                let view = try #require(views.last)
                #expect(view.summary.contains(summary) && view.summary.contains(CaseworkTests.marsh), "\(page)")
                #expect(view.actorUserID == officer.id)
                #expect(view.occurredAt == setup.clock.now())
            }
        }
    }

    @Test("a partner refused a case it was not given records an access-denied event naming the case")
    func refusedReads() async throws {
        try await withTandem { app, _ in
            try await DemoSeeder.seedIfEmpty(app)
            let police = try #require(
                try await Organisation.query(on: app.db).filter(\.$kind == OrganisationKind.police).first())
            let shared = Set(
                try await CaseShare.query(on: app.db).filter(\.$organisation.$id == police.requireID()).all()
                    .map { $0.$caseRecord.id })
            let unshared = try #require(
                try await CaseRecord.query(on: app.db).all().first { !shared.contains(try $0.requireID()) })
            let caseID = try unshared.requireID()
            let browser = TestBrowser(app, address: "192.0.2.120")
            #expect(try await browser.signIn("police@riverside.example", DemoData.password).status == .seeOther)
            let pages = ["", "/risk", "/plan", "/evidence", "/support", "/letters", "/enforcement", "/closure"]
            for page in pages {
                #expect(try await browser.get("/cases/\(caseID)\(page)").status == .notFound, "\(page)")
            }
            // A write it may not make is refused and recorded the same way, and changes nothing else.
            #expect(
                try await browser.post("/cases/\(caseID)/contacts", [("summary", "Spoke to them")]).status == .notFound)
            let refusals = try await events(app, action: .accessDenied, caseID: caseID)
            #expect(refusals.count == pages.count + 1)
            #expect(refusals.allSatisfy { $0.actorEmail == "police@riverside.example" && $0.recordType == "case" })
            #expect(refusals.last?.summary == "Refused POST /cases/\(caseID)/contacts")
            #expect(try await events(app, action: .view, caseID: caseID).isEmpty)
            // A person known only through another organisation's cases is refused, and recorded, too.
            let person = try #require(try await Person.query(on: app.db).first())
            let refusedBefore = try await AuditEvent.query(on: app.db).filter(\.$action == "access_denied").count()
            // (A partner may not search people at all: 403, recorded the same way.)
            let personStatus = try await browser.get("/people/\(try person.requireID())").status
            #expect(personStatus == .notFound || personStatus == .forbidden)
            #expect(
                try await AuditEvent.query(on: app.db).filter(\.$action == "access_denied").count()
                    == refusedBefore + 1)
            // An officer of another council may search people, but not this council's: 404, recorded.
            try await createUser(
                app, email: "officer@elsewhere.example", roles: [.caseOfficer], organisation: "Elsewhere Council")
            let elsewhere = TestBrowser(app, address: "192.0.2.121")
            #expect(try await elsewhere.signIn("officer@elsewhere.example").status == .seeOther)
            let beforeElsewhere = try await AuditEvent.query(on: app.db).filter(\.$action == "access_denied").count()
            #expect(try await elsewhere.get("/people/\(try person.requireID())").status == .notFound)
            let lastRefusal = try await AuditEvent.query(on: app.db).filter(\.$action == "access_denied")
                .sort(\.$sequence, .descending).first()
            #expect(lastRefusal?.actorEmail == "officer@elsewhere.example")
            #expect(
                try await AuditEvent.query(on: app.db).filter(\.$action == "access_denied").count()
                    == beforeElsewhere + 1)
            // A case that does not exist is simply not found: there is nothing to have been refused.
            let before = try await AuditEvent.query(on: app.db).filter(\.$action == "access_denied").count()
            #expect(try await browser.get("/cases/\(UUID())").status == .notFound)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "access_denied").count() == before)
        }
    }
}
