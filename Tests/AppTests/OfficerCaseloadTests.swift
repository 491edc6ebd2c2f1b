import Fluent
import Foundation
import SQLKit
import TandemCore
import Testing
import Vapor
import VaporTesting

@testable import App

/// Each officer's open caseload, kept by the database's triggers (M024), on both databases: it always equals
/// a count of the cases, whatever moves them; and a manager's team table pages through a large team.
@Suite("Officer caseloads")
struct OfficerCaseloadTests {
    /// The kept counts and the counts from the cases, by officer.
    func counts(_ db: any Database) async throws -> (kept: [UUID: Int], counted: [UUID: Int]) {
        let sql = try #require(db as? any SQLDatabase)
        var kept: [UUID: Int] = [:]
        for row in try await sql.raw("SELECT officer_id, open_cases FROM officer_caseloads").all() {
            let n = try row.decode(column: "open_cases", as: Int.self)
            if n != 0 { kept[try row.decode(column: "officer_id", as: UUID.self)] = n }
        }
        var counted: [UUID: Int] = [:]
        for record in try await CaseRecord.query(on: db).filter(\.$status != .closed).all() {
            if let officer = record.$officer.id { counted[officer, default: 0] += 1 }
        }
        return (kept, counted)
    }

    @Test("a case given, moved, closed, reopened and deleted moves its officer's count, as a count of the cases")
    func countsFollowTheCases() async throws {
        try await withTandem { app, _ in
            // Setup: two officers and an unallocated case.
            let ann = try await createUser(app, email: "ann@test.example", roles: [.caseOfficer])
            let ben = try await createUser(app, email: "ben@test.example", roles: [.caseOfficer])
            let organisationID = try #require(try await User.find(ann, on: app.db)?.$organisation.id)
            let first = CaseRecord(
                reference: "ASB-2026-00101", title: "One", summary: "", status: .triaged, riskLevel: .low,
                organisationID: organisationID, officerID: nil, at: testStart)
            try await first.arrangeSave(on: app.db)
            let second = CaseRecord(
                reference: "ASB-2026-00102", title: "Two", summary: "", status: .open, riskLevel: .low,
                organisationID: organisationID, officerID: ann, at: testStart)
            try await second.arrangeSave(on: app.db)
            #expect(try await counts(app.db).kept == [ann: 1])

            // Act and check after each change.
            first.$officer.id = ann
            first.status = .open
            try await first.arrangeSave(on: app.db)
            #expect(try await counts(app.db).kept == [ann: 2])
            first.$officer.id = ben
            try await first.arrangeSave(on: app.db)
            #expect(try await counts(app.db).kept == [ann: 1, ben: 1])
            second.status = .closed
            try await second.arrangeSave(on: app.db)
            #expect(try await counts(app.db).kept == [ben: 1])
            // A closed case moving officer changes nothing; reopened, it counts for its new officer.
            second.$officer.id = ben
            try await second.arrangeSave(on: app.db)
            #expect(try await counts(app.db).kept == [ben: 1])
            second.status = .open
            try await second.arrangeSave(on: app.db)
            #expect(try await counts(app.db).kept == [ben: 2])
            // A title change is not a move.
            second.title = "Two, renamed"
            try await second.arrangeSave(on: app.db)
            try await first.arrangeDelete(on: app.db)
            let final = try await counts(app.db)
            #expect(final.kept == [ben: 1])
            #expect(final.kept == final.counted)
        }
    }

    @Test("the demo history's kept counts equal the cases, and the team table pages through thirty officers")
    func demoAndPaging() async throws {
        try await withTandem { app, _ in
            // Setup: the demo borough with its year of history, and thirty more officers.
            try await DemoSeeder.seedIfEmpty(app)
            try await DemoHistory.seed(app)
            let demo = try await counts(app.db)
            #expect(!demo.kept.isEmpty)
            #expect(demo.kept == demo.counted)
            for index in 1...30 {
                try await createUser(
                    app, email: String(format: "extra%02d@riverside.example", index), roles: [.caseOfficer])
            }
            let manager = TestBrowser(app, address: "192.0.2.84")
            #expect(try await manager.signIn("manager@riverside.example", DemoData.password).status == .seeOther)

            // Act
            let first = try await manager.get("/").body.string
            let second = try await manager.get("/?team_page=2").body.string
            let silly = try await manager.get("/?team_page=-4")

            // Check: 25 officers on the first page, the rest on the second; each row's count is the kept one.
            #expect(first.contains("href=\"/?team_page=2#caseloads\""))
            #expect(second.contains("href=\"/?team_page=1#caseloads\""))
            #expect(!second.contains("team_page=3"))
            let jordan = try #require(
                try await User.query(on: app.db).filter(\.$email == "jordan.reid@riverside.example").first()?.id)
            let rows = (first + second).components(separatedBy: "<tr><td>")
            #expect(
                rows.contains { $0.hasPrefix("Jordan Reid</td><td class=\"numeric\">\(demo.counted[jordan] ?? 0)<") })
            #expect(rows.filter { $0.hasPrefix("extra") }.count == 30)
            #expect(silly.status == .ok)
        }
    }
}
