import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting

@testable import App

/// Issue 20, item 4: the header search, on both databases (FTS5 trigram tables on SQLite, pg_trgm indexes
/// on PostgreSQL): partial references, words of a title or address, postcodes, part of a name and a
/// misspelt name; only what the user may see; the index in step with every write; hostile input harmless.
@Suite("Search")
struct SearchTests {
    func withDemo(_ body: (Application, TestBrowser) async throws -> Void) async throws {
        try await withTandem { app, _ in
            try await DemoSeeder.seedIfEmpty(app)
            let officer = TestBrowser(app, address: "192.0.2.81")
            #expect(try await officer.signIn("officer@riverside.example", DemoData.password).status == .seeOther)
            try await body(app, officer)
        }
    }

    @Test("part of a reference, of an address, a postcode, part of a name and a misspelt name all find")
    func findsByParts() async throws {
        try await withDemo { app, officer in
            // Part of a reference: the match is marked.
            var page = try await officer.get("/search?q=00002").body.string
            #expect(page.contains("ASB-2026-<mark>00002</mark>"))
            // Words of where it happens ("Marsh House" found nothing before) and a postcode.
            page = try await officer.get("/search?q=marsh+house").body.string
            #expect(page.contains("ASB-2026-00002"))
            #expect(page.contains("<mark>Marsh House</mark>"))
            page = try await officer.get("/search?q=RV1+4AA").body.string
            #expect(page.contains("ASB-2026-00002"))
            // A family name alone ("Lopez" found nothing before), and misspelt.
            page = try await officer.get("/search?q=Lopez").body.string
            #expect(page.contains("Maria <mark>Lopez</mark>"))
            page = try await officer.get("/search?q=Lopes").body.string
            #expect(page.contains("<mark>Lopez</mark>"))
            #expect(page.contains("href=\"/people/"))
            // Each search is a view in the trail; the words typed are not kept.
            let last = try #require(
                try await AuditEvent.query(on: app.db).filter(\.$recordType == RecordType.personSearch.rawValue)
                    .sort(\.$sequence, .descending).first())
            #expect(!last.summary.contains("Lopes"))
        }
    }

    @Test("a partner finds only the cases shared with it and no people; the index follows every write")
    func scopeAndIndexInStep() async throws {
        try await withDemo { app, officer in
            let police = TestBrowser(app, address: "192.0.2.82")
            #expect(try await police.signIn("police@riverside.example", DemoData.password).status == .seeOther)
            let page = try await police.get("/search?q=ASB-2026").body.string
            let shared = try await CaseShare.query(on: app.db).join(
                Organisation.self, on: \CaseShare.$organisation.$id == \Organisation.$id
            ).filter(Organisation.self, \.$name == "Riverside Safer Neighbourhoods Police").all()
                .filter { $0.isActive(today: DisplayDate.civilDay(testStart)) }.map { $0.$caseRecord.id }
            #expect(!shared.isEmpty)
            let all = try await CaseRecord.query(on: app.db).all()
            // The reference is split by its highlight, so each case is told by its link.
            let wrong = try all.filter {
                page.contains("href=\"/cases/\(try $0.requireID().uuidString)\"") != shared.contains(try $0.requireID())
            }
            .map(\.reference)
            #expect(wrong.isEmpty, "shown or left out wrongly: \(wrong)")
            #expect(!page.contains("id=\"people\""))

            // A renamed person is found by the new name at once, and no longer by the old one.
            let person = try #require(try await Person.query(on: app.db).filter(\.$fullName == "Maria Lopez").first())
            try await app.write(as: .system, at: testStart) { work in
                person.fullName = "Maria Quennell"
                person.nameKey = PersonMatching.nameKey("Maria Quennell")
                person.familyKey = PersonMatching.familyName("Maria Quennell")
                try await work.update(person, "Renamed for the test")
            }
            #expect(try await officer.get("/search?q=quennell").body.string.contains("<mark>Quennell</mark>"))
            #expect(!(try await officer.get("/search?q=lopez").body.string.contains("Maria")))
        }
    }

    @Test("too short, too long or hostile input is refused or searched as plain text, never as syntax")
    func hostileInput() async throws {
        try await withDemo { app, officer in
            let short = try await officer.get("/search?q=ab")
            #expect(short.status == .badRequest)
            #expect(short.body.string.contains("Enter at least 3 letters or numbers"))
            let long = try await officer.get("/search?q=" + String(repeating: "a", count: 101))
            #expect(long.status == .badRequest)
            for hostile in ["\"a\" OR \"b", "%%%", "___", "NEAR(a b)", "<script>x</script>", "'; DROP TABLE cases; --"]
            {
                let encoded = hostile.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
                let response = try await officer.get("/search?q=\(encoded)")
                #expect([.ok, .badRequest].contains(response.status), "\(hostile)")
                #expect(!response.body.string.contains("<script>x"))
            }
            #expect(try await CaseRecord.query(on: app.db).count() > 0)
            // The search box is on every signed-in page, keeping what was searched for.
            #expect(try await officer.get("/search?q=marsh").body.string.contains("value=\"marsh\""))
            #expect(try await officer.get("/").body.string.contains("id=\"header-search\""))
        }
    }

    @Test("All cases filters by status and by officer; allocation lists show each officer's caseload")
    func filtersByStatusAndOfficer() async throws {
        try await withDemo { app, officer in
            let sam = try #require(
                try await User.query(on: app.db).filter(\.$email == "officer@riverside.example").first())
            let samID = try sam.requireID()
            // By officer: only Sam's cases, each link one of his.
            let mine = try await CaseRecord.query(on: app.db).filter(\.$officer.$id == samID).all()
            let page = try await officer.get("/cases?officer=\(samID.uuidString)").body.string
            #expect(page.contains("id=\"filter-officer\""))
            let others = try await CaseRecord.query(on: app.db).filter(\.$officer.$id != samID).all()
            #expect(mine.contains { page.contains($0.reference) })
            #expect(!others.contains { page.contains("href=\"/cases/\(try! $0.requireID().uuidString)\"") })
            // By an officer's email (the filter a team too large to list uses): the same cases; an email the
            // organisation does not know matches none.
            let byEmail = try await officer.get("/cases?officer_email=Officer%40riverside.example").body.string
            #expect(mine.contains { byEmail.contains($0.reference) })
            #expect(!others.contains { byEmail.contains("href=\"/cases/\(try! $0.requireID().uuidString)\"") })
            let nobody = try await officer.get("/cases?officer_email=nobody%40riverside.example").body.string
            #expect(!(mine + others).contains { nobody.contains("href=\"/cases/\(try! $0.requireID().uuidString)\"") })
            // By status: triaged cases only.
            let triaged = try await officer.get("/cases?status=triaged").body.string
            let triagedCases = try await CaseRecord.query(on: app.db).filter(\.$status == .triaged).all()
            let open = try await CaseRecord.query(on: app.db).filter(\.$status == .open).all()
            #expect(triagedCases.contains { triaged.contains($0.reference) })
            #expect(!open.contains { triaged.contains("href=\"/cases/\(try! $0.requireID().uuidString)\"") })
            // A manager's allocation list shows caseloads.
            let manager = TestBrowser(app, address: "192.0.2.83")
            #expect(try await manager.signIn("manager@riverside.example", DemoData.password).status == .seeOther)
            let unallocated = try await manager.get("/cases/unallocated").body.string
            let count = try await CaseRecord.query(on: app.db).filter(\.$officer.$id == samID)
                .filter(\.$status != .closed).count()
            #expect(unallocated.contains("Sam Okafor (\(count) open case"))
        }
    }

    @Test("the highlighter marks an exact run, or the words alike to a misspelling")
    func highlighting() {
        let exact = SearchText.highlight("Flat 14, Marsh House", query: "marsh")
        #expect(exact.map(\.text) == ["Flat 14, ", "Marsh", " House"])
        #expect(exact.map(\.match) == [false, true, false])
        let fuzzy = SearchText.highlight("Maria Lopez", query: "lopes")
        #expect(fuzzy.filter(\.match).map(\.text) == ["Lopez"])
        #expect(SearchText.wordSimilarity("lopes", in: "maria lopez") >= SearchText.similarityThreshold)
        #expect(SearchText.wordSimilarity("smith", in: "maria lopez") < SearchText.similarityThreshold)
        #expect(
            SearchText.normalise("  ab ")
                == .failure(.init(message: "Enter at least 3 letters or numbers to search for")))
    }
}
