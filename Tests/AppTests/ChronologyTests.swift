import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting

@testable import App

/// A person's chronology (issue 23, item 4): across the cases the viewer may see, each entry's section open to them,
/// in time order with its source organisation, filtered, and every view audited.
@Suite("Person's chronology")
struct ChronologyPageTests {
    @Test("the officer sees the respondent's chronology in time order; a partner sees only what its share opens")
    func chronology() async throws {
        try await withTandem { app, _ in
            // Setup: Kevin Doyle, the respondent on Marsh House (shared with the police).
            try await DemoSeeder.seedIfEmpty(app)
            let kevin = try #require(try await Person.query(on: app.db).filter(\.$fullName == "Kevin Doyle").first())
            let path = "/people/\(try kevin.requireID())/chronology"
            let officer = try await WriteAuditTests.signedIn(app, "officer@riverside.example", address: "198.51.100.61")
            // Act
            let page = try await officer.get(path)
            let reports = try await officer.get(path + "?kind[]=report")
            let bad = try await officer.get(path + "?from=2026-11-30&to=2026-11-01")
            let police = try await WriteAuditTests.signedIn(app, "police@riverside.example", address: "198.51.100.62")
            let partner = try await police.get(path)
            let housing = try await WriteAuditTests.signedIn(app, "housing@riverside.example", address: "198.51.100.63")
            let other = try await housing.get(path)
            // Check: entries in date order, each with its organisation.
            #expect(page.status == .ok)
            let html = page.body.string
            #expect(html.contains("ASB-2026-00002") && html.contains("Riverside Council ASB Team"))
            #expect(html.contains("Reports and incidents"))
            let days = Self.days(in: html)
            #expect(days == days.sorted(), "oldest first")
            #expect(!days.isEmpty)
            #expect(Self.kinds(in: reports.body.string).allSatisfy { $0 == "Reports and incidents" })
            #expect(bad.body.string.contains("The end of the period must be on or after its start"))
            #expect(partner.status == .ok)
            #expect(other.status == .notFound)
            let views = try await AuditEvent.query(on: app.db).filter(\.$recordID == kevin.requireID().uuidString)
                .filter(\.$summary ~~ "chronology").count()
            #expect(views >= 3)
        }
    }

    /// The dates of the rows, in page order, as days.
    static func days(in html: String) -> [CivilDate] {
        guard let table = html.range(of: "id=\"chronology\"") else { return [] }
        return html[table.upperBound...].components(separatedBy: "<tr><td>").dropFirst().compactMap { row in
            let text = String(row.prefix { $0 != "<" }).trimmingCharacters(in: .whitespaces)
            let day = text.split(separator: " ").prefix(3).joined(separator: " ")
            return Self.parse(day)
        }
    }

    static func kinds(in html: String) -> [String] {
        guard let table = html.range(of: "id=\"chronology\"") else { return [] }
        return html[table.upperBound...].components(separatedBy: "<tr><td>").dropFirst().compactMap { row in
            row.components(separatedBy: "<td>").dropFirst().first.map { String($0.prefix { $0 != "<" }) }
        }
    }

    static func parse(_ text: String) -> CivilDate? {
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let parts = text.split(separator: " ").map(String.init)
        guard parts.count == 3, let day = Int(parts[0]), let month = months.firstIndex(of: parts[1]),
            let year = Int(parts[2])
        else { return nil }
        return CivilDate(year, month + 1, day)
    }
}
