import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting

@testable import App

/// The report pages on the demo borough with its year of history: figures on
/// the page and in the CSV agree, charts carry their numbers, filters refuse
/// bad input, and administrators set the closure policy and homes owned.
@Suite("Report pages")
struct ReportPagesTests {
    @Test("a year of demo history fills every report; the page and its CSV show the same figures")
    func demoHistory() async throws {
        try await withTandem { app, _ in
            // Setup: the demo borough and its history, through the audited intake and closure code.
            try await DemoSeeder.seedIfEmpty(app)
            try await DemoHistory.seed(app)
            #expect(try await AuditVerifier.verify(on: app.db).failure == nil)
            let closed = try await CaseRecord.query(on: app.db).filter(\.$status == .closed).count()
            #expect(closed > 40)
            let manager = TestBrowser(app, address: "192.0.2.81")
            #expect(try await manager.signIn("manager@riverside.example", DemoData.password).status == .seeOther)

            // Act and check: the measures page and its CSV agree on every figure.
            let page = try await manager.get("/reports")
            #expect(page.status == .ok)
            let html = page.body.string
            #expect(html.contains("<svg"))
            #expect(html.contains("role=\"img\""))
            let csv = try await manager.get("/reports/measures.csv")
            #expect(csv.headers.contentType?.subType == "csv")
            let figures = csv.body.string.split(separator: "\r\n").filter { $0.hasPrefix("Measure,") }
            #expect(figures.count == 6)
            for line in figures {
                let cells = line.split(separator: ",", omittingEmptySubsequences: false)
                // The file gives a percentage as its number, with "(%)" in the item; the page says "94%".
                let percent = cells[1].hasSuffix(" (%)")
                let label = percent ? String(cells[1].dropLast(4)) : String(cells[1])
                let shown = percent ? "\(cells[2])%" : (cells[2].isEmpty ? "–" : String(cells[2]))
                #expect(html.contains(">\(label)</th><td class=\"numeric\">\(shown)</td>"), "\(line)")
            }
            #expect(csv.body.string.contains("Measure,High risk responded to within 1 working day (24 hours) (%),"))

            // The labels follow the response policy an administrator sets.
            let medium = try await ResponseTargetRecord.query(on: app.db).filter(\.$riskLevel == .medium).first()
            medium?.limitDays = 7
            try await medium?.arrangeSave(on: app.db)
            let changed = try await manager.get("/reports/measures.csv").body.string
            #expect(changed.contains("Measure,Medium risk responded to within 7 working days (%),"))
            for path in ["/reports/council", "/reports/tsm", "/reports/repeat-callers", "/cases/closure-candidates"] {
                #expect(try await manager.get(path).status == .ok, "\(path)")
            }
            let council = try await manager.get("/reports/council").body.string
            #expect(council.contains("Open over 12 months"))
            #expect(
                try await manager.get("/reports/council.csv").body.string.contains(
                    "Long-running cases,Open over 12 months,"))
            let tsm = try await manager.get("/reports/tsm").body.string
            #expect(tsm.contains("9800 homes owned"))
            #expect(try await manager.get("/reports/repeat-callers").body.string.contains("id=\"callers\""))

            // An officer without a manager role sees the statistics but not the team's overdue work.
            let officer = TestBrowser(app, address: "192.0.2.82")
            #expect(try await officer.signIn("officer@riverside.example", DemoData.password).status == .seeOther)
            #expect(!(try await officer.get("/reports/council").body.string.contains("Open over 12 months")))
            #expect(!(try await officer.get("/reports/council.csv").body.string.contains("Long-running")))

            // Bad filters answer 400 with a message, never a 500.
            for query in [
                "from=2026-13-01&to=2026-12-01", "from=2026-05-01&to=2026-04-01", "from=<script>&to=x",
                "from=2026-01-01&to=2026-02-01&ward=' OR 1=1 --", "from=1990-01-01&to=2026-01-01",
            ] {
                let response = try await manager.get(
                    "/reports?" + query.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!)
                #expect(response.status == .badRequest, "\(query)")
                #expect(!response.body.string.contains("<script>"))
            }
            #expect(try await manager.get("/reports/measures.csv?from=x&to=y").status == .badRequest)
        }
    }

    @Test("administrators set the closure policy and homes owned; bad values change nothing")
    func administration() async throws {
        try await withTandem { app, _ in
            try await DemoSeeder.seedIfEmpty(app)
            let admin = TestBrowser(app, address: "192.0.2.83")
            #expect(try await admin.signIn("admin@riverside.example", DemoData.password).status == .seeOther)
            try await admin.get("/admin/reporting")
            let before = try await AuditEvent.query(on: app.db).count()
            for fields in [
                [("notice_days", "0"), ("reopen_days", "28"), ("target", "60")],
                [("notice_days", "7"), ("reopen_days", "x"), ("target", "60")],
                [("notice_days", "7"), ("reopen_days", "28"), ("target", "<b>60</b>")],
            ] {
                #expect(try await admin.post("/admin/reporting", fields).status == .badRequest)
            }
            let homes = try #require(
                try await Organisation.query(on: app.db).filter(\.$name == "Riverside Homes").first()?.id)
            for fields in [
                [("landlord", homes.uuidString), ("year", "2026"), ("homes", "-5")],
                [("landlord", UUID().uuidString), ("year", "2026"), ("homes", "3000")],
                [("landlord", homes.uuidString), ("year", "1999"), ("homes", "3000")],
            ] {
                #expect(try await admin.post("/admin/reporting/homes", fields).status == .badRequest)
            }
            #expect(try await AuditEvent.query(on: app.db).count() == before)
            #expect(try await ClosureSettingsRecord.query(on: app.db).count() == 0)

            #expect(
                try await admin.post(
                    "/admin/reporting", [("notice_days", "10"), ("reopen_days", "60"), ("target", "70")]
                )
                .status == .seeOther)
            #expect(
                try await ClosureSettingsRecord.load(on: app.db)
                    == ClosurePolicy(noticeDays: 10, reopenDays: 60, satisfactionTargetPercent: 70))
            #expect(
                try await admin.post(
                    "/admin/reporting/homes", [("landlord", homes.uuidString), ("year", "2026"), ("homes", "3000")]
                )
                .status == .seeOther)
            #expect(
                try await admin.post(
                    "/admin/reporting/homes", [("landlord", homes.uuidString), ("year", "2026"), ("homes", "3100")]
                )
                .status == .seeOther)
            let saved = try await LandlordHomes.query(on: app.db).all()
            #expect(saved.count == 1 && saved.first?.homes == 3100)
            #expect(try await AuditEvent.query(on: app.db).count() == before + 3)
        }
    }
}
