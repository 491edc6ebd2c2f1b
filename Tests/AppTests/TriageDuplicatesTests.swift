import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting

@testable import App

/// Issue 20, item 5: triage finds an open case at the same address without a postcode, and marks a report a
/// duplicate of another, which is then counted once.
@Suite("Triage: same address and duplicates")
struct TriageDuplicatesTests {
    let intake = IntakeTests()

    @Test("an anonymous report at the exact address of an open case, with no postcode, is matched to it")
    func sameAddressWithoutPostcode() async throws {
        try await withTandem { app, _ in
            // Setup: an open case at "Flat 14, Marsh House".
            try await intake.setUp(app)
            let calls = try await intake.signedIn(app, "calls@test.example", address: "198.51.100.2")
            let ours = try #require(try await User.query(on: app.db).filter(\.$email == "calls@test.example").first())
            let open = CaseRecord(
                reference: "ASB-2026-00042", title: "Noise", summary: "", status: .open, riskLevel: .low,
                organisationID: ours.$organisation.id, officerID: nil, at: testStart)
            open.location = "Flat 14, Marsh House"
            try await open.arrangeSave(on: app.db)
            // Act: an anonymous report with the address typed differently and no postcode.
            try await intake.submitPublic(
                app,
                IntakeTests.reportForm([
                    ("reporter_kind", "anonymous"), ("location", "flat 14 marsh house"), ("location_postcode", ""),
                    ("respondent_name", ""),
                ]))
            let report = try await intake.onlyReport(app)
            // Check: the case is offered, saying why.
            let page = try await calls.get("/triage/\(try report.requireID())").body.string
            #expect(page.contains("ASB-2026-00042"))
            #expect(page.contains("same address"))
        }
    }

    @Test("a duplicate names the report it repeats, is counted once, and bad references change nothing")
    func duplicateCountsOnce() async throws {
        try await withTandem { app, _ in
            try await intake.setUp(app)
            let calls = try await intake.signedIn(app, "calls@test.example", address: "198.51.100.2")
            try await intake.submitPublic(app, IntakeTests.reportForm())
            let first = try await intake.onlyReport(app)
            try await intake.submitPublic(app, IntakeTests.reportForm(), address: "198.51.100.3")
            let second = try await intake.onlyReport(app)
            #expect(first.id != second.id)
            let path = "/triage/\(try second.requireID())"
            try await calls.get(path)

            // Refused: no reference, an unknown one, itself. Nothing changes.
            for (typed, message) in [
                ("", "Enter the reference of the report this one repeats"),
                ("R-NOPE", "No report of your organisation has the reference R-NOPE"),
                (second.reference, "A report cannot repeat itself"),
            ] {
                let refused = try await calls.post(
                    path, [("outcome", "duplicate"), ("duplicate_of", typed), ("reason", "Same call twice")])
                #expect(refused.status == .badRequest, "\(typed)")
                #expect(refused.body.string.contains(message), "\(typed)")
            }
            #expect(try await Report.find(second.id, on: app.db)?.status == .awaitingTriage)

            // Marked a duplicate of the first, typed in lower case.
            let marked = try await calls.post(
                path,
                [
                    ("outcome", "duplicate"), ("duplicate_of", first.reference.lowercased()),
                    ("reason", "Same call twice"),
                ])
            #expect(marked.status == .seeOther)
            let stored = try #require(try await Report.find(second.id, on: app.db))
            #expect(stored.triageOutcome == .duplicate)
            #expect(stored.$duplicateOf.id == first.id)
            #expect(stored.$caseRecord.id == nil)
            // Counted once: the repeat-caller count leaves the duplicate out.
            let reports = try await Report.query(on: app.db).filter(\.$duplicateOf.$id == nil).count()
            #expect(reports == 1)
        }
    }
}
