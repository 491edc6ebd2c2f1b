import Fluent
import TandemCore
import Testing
import VaporTesting

@testable import App

extension WriteAuditTests {
    @Test("sharing: an agreement and its correction, a share of a case with consent, and its revocation")
    func sharingWrites() async throws {
        try await CaseworkTests().withMarsh { setup in
            // Setup: the administrator and the officer of the Marsh House case.
            let app = setup.app
            let db = app.db
            let writes = Writes(app)
            let admin = try await Self.signedIn(app, "admin@riverside.example", address: "192.0.2.171")
            let council = try #require(
                try await Organisation.query(on: db).filter(\.$name == "Riverside Council ASB Team").first()?.id)
            let victims = try #require(
                try await Organisation.query(on: db).filter(\.$name == "Riverside Victim Support").first()?.id)

            // Act / Check: the register gains an agreement, which is then corrected.
            try await admin.get("/admin/agreements/new")
            let fields: [(String, String)] = [
                ("title", "Victim care agreement"), ("purpose", "Supporting victims of ASB"),
                ("parties[]", council.uuidString), ("parties[]", victims.uuidString),
                ("gateways[]", LegalGateway.crimeAndDisorderAct.rawValue), ("sections[]", "casework"),
                ("sections[]", "risk"), ("starts_on", "2026-01-01"), ("ends_on", "2027-12-31"),
            ]
            try await writes.submit("/admin/agreements") { try await admin.post("/admin/agreements", fields) }
            let agreement = try #require(
                try await SharingAgreement.query(on: db).filter(\.$title == "Victim care agreement").first()?.id)
            try await writes.submit("/admin/agreements/:agreementID") {
                try await admin.post(
                    "/admin/agreements/\(agreement)",
                    fields + [("review_on", "2027-06-30"), ("status", AgreementStatus.active.rawValue)])
            }

            // A share of the case with Victim Support, with each person's consent recorded.
            let path = "/cases/\(setup.caseID)"
            let people = try await CaseParty.query(on: db).filter(\.$caseRecord.$id == setup.caseID).all()
                .compactMap { $0.$person.id }
            try await setup.officer.get("\(path)/sharing")
            // The demo already logs the case's share with the police, so the log is counted from here.
            let logged = try await Disclosure.query(on: db).filter(\.$caseRecord.$id == setup.caseID).count()
            try await writes.submit("/cases/:caseID/sharing") {
                try await setup.officer.post(
                    "\(path)/sharing",
                    [
                        ("organisation_id", victims.uuidString), ("agreement_id", agreement.uuidString),
                        ("purpose", "Support for the reporting person"), ("sections[]", "casework"),
                        ("ends_on", "2027-03-31"),
                    ] + Set(people).map { ("consent[\($0.uuidString)]", "given") })
            }
            let share = try #require(
                try await CaseShare.query(on: db).filter(\.$caseRecord.$id == setup.caseID)
                    .filter(\.$organisation.$id == victims).first())
            #expect(share.sectionSet == [.summary, .casework])
            #expect(try await Disclosure.query(on: db).filter(\.$caseRecord.$id == setup.caseID).count() == logged + 1)

            // Revoking it ends access and adds a line to the disclosure log.
            let shareID = try share.requireID()
            try await writes.submit("/cases/:caseID/sharing/:shareID/revoke") {
                try await setup.officer.post(
                    "\(path)/sharing/\(shareID)/revoke", [("reason", "Support has ended")])
            }
            #expect(try await CaseShare.find(shareID, on: db)?.revokedAt != nil)
            #expect(try await Disclosure.query(on: db).filter(\.$caseRecord.$id == setup.caseID).count() == logged + 2)
            writes.expectCovered(Self.sharing)
        }
    }
}
