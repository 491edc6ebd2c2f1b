import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting

@testable import App

/// The court file (issue 23, item 5): the print-ready bundle of a case with its index and numbered sections.
@Suite("Court file")
struct CourtFileTests {
    @Test("Canal Street's court file holds the chronology, measures with outcomes, the review, evidence and letters")
    func courtFile() async throws {
        try await withTandem { app, clock in
            // Setup: the demo's civil injunction on Canal Street, and a witness statement with a file.
            try await DemoSeeder.seedIfEmpty(app)
            let report = try #require(
                try await Report.query(on: app.db).filter(\.$reporterName == "Arthur Finch").first())
            let caseID = try #require(report.$caseRecord.id)
            let stored = try await RetentionTests.evidenceFile(
                app, on: caseID, kind: .witnessStatement, title: "Statement of the neighbour at number 10",
                file: "statement.pdf", type: .pdf, at: clock.now())
            let officer = try await WriteAuditTests.signedIn(app, "officer@riverside.example", address: "198.51.100.71")
            // Act
            let page = try await officer.get("/cases/\(caseID)/court-file")
            // Check: every section, in order, with numbered entries and the file's checksum.
            #expect(page.status == .ok)
            let html = page.body.string
            let titles = [
                "A. Chronology", "B. Actions and measures tried", "C. Proportionality and Equality Act review",
                "D. Evidence register", "E. Witness statements and interviews", "F. Letters sent",
            ]
            var last = html.startIndex
            for title in titles {
                let found = try #require(html.range(of: title, range: last..<html.endIndex), "\(title) in order")
                last = found.upperBound
            }
            #expect(html.contains("<strong>A1</strong>") && html.contains("<strong>B1</strong>"))
            #expect(html.contains("Civil injunction") || html.contains("injunction"))
            #expect(html.contains("Granted"))
            #expect(html.contains("SHA-256 \(stored.sha256)"))
            #expect(html.contains("Statement of the neighbour at number 10"))
            let viewed = try await AuditEvent.query(on: app.db).filter(\.$recordID == caseID.uuidString)
                .filter(
                    \.$summary
                        == "Viewed the court file of case \(try #require(try await CaseRecord.find(caseID, on: app.db)).reference)"
                ).count()
            #expect(viewed == 1)
            // The police may read the shared case but not take its file to court; the call handler has no need to know.
            let calls = try await WriteAuditTests.signedIn(app, "calls@riverside.example", address: "198.51.100.72")
            #expect(try await calls.get("/cases/\(caseID)/court-file").status == .notFound)
        }
    }
}
