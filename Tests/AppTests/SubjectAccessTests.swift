import Fluent
import Foundation
import SQLKit
import TandemCore
import Testing
import Vapor
import VaporTesting
import ZIPFoundation

@testable import App

extension WriteAuditTests {
    /// Subject access, rectification and erasure requests' forms (issue 23).
    static let subjectAccess = [
        "/subject-access", "/subject-access/:requestID/identity", "/subject-access/:requestID/extension",
        "/subject-access/:requestID/gather", "/subject-access/:requestID/redactions/:redactionID",
        "/subject-access/:requestID/sign-off", "/subject-access/:requestID/release",
        "/subject-access/:requestID/outcome",
    ]
}

/// Data subject requests on the demo borough (issue 23, item 3): the register and its ICO deadlines, the bundle with
/// its default redactions, the reviewer's decisions and sign-off, the release, and above all a respondent's bundle
/// that never names who complained.
@Suite("Subject access")
struct SubjectAccessTests {
    /// Every file of a ZIP archive, by name.
    static func unzip(_ data: Data) throws -> [String: String] {
        let archive = try Archive(data: data, accessMode: .read)
        var files: [String: String] = [:]
        for entry in archive {
            var bytes = Data()
            _ = try archive.extract(entry) { bytes.append($0) }
            files[entry.path] = String(decoding: bytes, as: UTF8.self)
        }
        return files
    }

    static func demoRequest(_ app: Application) async throws -> SubjectAccessRequest {
        try #require(try await SubjectAccessRequest.query(on: app.db).filter(\.$requesterName == "Kevin Doyle").first())
    }

    static let reportingPerson = ["Maria Lopez", "07700 900202", "maria.lopez@example.org", "Flat 12, Marsh House"]

    @Test("a respondent's bundle is gathered, reviewed, signed off and released without a trace of who complained")
    func respondentBundle() async throws {
        try await withTandem { app, _ in
            // Setup: the demo's request from Kevin Doyle, the respondent on Marsh House, gathered.
            try await DemoSeeder.seedIfEmpty(app)
            let record = try await Self.demoRequest(app)
            let id = try record.requireID()
            let lead = try await WriteAuditTests.signedIn(app, "governance@riverside.example", address: "198.51.100.51")
            let writes = WriteAuditTests.Writes(app)
            let page = try await lead.get("/subject-access/\(id)")
            #expect(page.status == .ok)
            #expect(page.body.string.contains("Bundle gathered, in review"))
            let rows = try await SubjectAccessRedaction.query(on: app.db).filter(\.$request.$id == id).all()
            let reporter = try #require(rows.first { $0.detail == "third_party:reporting_person" })
            #expect(reporter.redacted && reporter.defaultRedacted)

            // Act: lifting who reported him is refused; a reviewer withholds a detail released by default... and
            // gathering again keeps the decisions; then sign-off, download and release.
            let reporterID = try reporter.requireID()
            let refused = try await lead.post(
                "/subject-access/\(id)/redactions/\(reporterID)",
                [("decision", "release"), ("reason", "He asked who complained")])
            #expect(refused.status == .badRequest)
            #expect(
                refused.body.string.contains(
                    "The reporting person&#39;s identity is not released to the person they complained about"))
            // Withholding is always open to the reviewer, with a reason that is kept.
            let evidence = try #require(rows.first { $0.itemKey.hasSuffix(":content") } ?? rows.first)
            try await writes.submit("/subject-access/:requestID/redactions/:redactionID") {
                try await lead.post(
                    "/subject-access/\(id)/redactions/\(try evidence.requireID())",
                    [("decision", "withhold"), ("reason", "Reviewed with the case officer")])
            }
            try await writes.submit("/subject-access/:requestID/gather") {
                try await lead.post("/subject-access/\(id)/gather")
            }
            let kept = try #require(try await SubjectAccessRedaction.find(evidence.id, on: app.db))
            #expect(kept.reason == "Reviewed with the case officer")
            #expect(try await lead.get("/subject-access/\(id)/bundle.zip").status == .notFound, "not before sign-off")
            let early = try await lead.post("/subject-access/\(id)/release", [("method", "Post")])
            #expect(early.status == .badRequest)
            #expect(early.body.string.contains("A reviewer must sign the bundle off before it is released"))
            try await writes.submit("/subject-access/:requestID/sign-off") {
                try await lead.post("/subject-access/\(id)/sign-off", [("confirm", "yes")])
            }
            let zip = try await lead.get("/subject-access/\(id)/bundle.zip")
            try await writes.submit("/subject-access/:requestID/release") {
                try await lead.post("/subject-access/\(id)/release", [("method", "Sent by recorded post")])
            }

            // Check: every file in the bundle, searched for the reporting person's name, phone, email and address.
            #expect(zip.status == .ok)
            #expect(zip.headers.contentType?.subType == "zip")
            let files = try Self.unzip(Data(buffer: zip.body))
            #expect(files.keys.contains { $0.hasSuffix("00-index.txt") })
            #expect(files.keys.contains { $0.contains("case-ASB-2026-00002") })
            let all = files.values.joined(separator: "\n")
            for detail in Self.reportingPerson {
                #expect(!all.localizedCaseInsensitiveContains(detail), "\(detail) is in the bundle")
            }
            #expect(all.contains("Kevin Doyle") && all.contains("[Withheld"))
            #expect(try await lead.get("/subject-access/\(id)/bundle.zip").status == .notFound, "not after release")
            let released = try await Self.demoRequest(app)
            #expect(released.status == .released && released.releasedAt != nil && released.signedOffAt != nil)
            // Even with every decision forced to "release", the respondent's bundle holds none of it.
            let rendered = try await SubjectAccessBundle.gather(released, on: app.db)
            let everything = Dictionary(uniqueKeysWithValues: rendered.items.map { ($0.key, false) })
            let forcedText = rendered.rendered(decisions: everything, reference: released.reference).map(\.text)
                .joined(separator: "\n")
            for detail in Self.reportingPerson {
                #expect(!forcedText.localizedCaseInsensitiveContains(detail), "\(detail) leaked when released")
            }
        }
    }

    @Test("requests are recorded with the ICO's due date; identity, extension and outcome are checked")
    func registerAndDeadlines() async throws {
        try await withTandem { app, _ in
            try await DemoSeeder.seedIfEmpty(app)
            let lead = try await WriteAuditTests.signedIn(app, "governance@riverside.example", address: "198.51.100.52")
            let writes = WriteAuditTests.Writes(app)
            let before = try await SubjectAccessRequest.query(on: app.db).count()
            // Bad input changes nothing, and the form keeps what was typed.
            let bad = try await lead.post(
                "/subject-access",
                [
                    ("kind", "access"), ("requester_name", "Nobody Known"), ("requester_role", "respondent"),
                    ("case_reference", "ASB-2026-00002"), ("details", "All my data"), ("received_on", "2027-01-01"),
                ])
            #expect(bad.status == .badRequest)
            #expect(bad.body.string.contains("No one called Nobody Known is on case ASB-2026-00002"))
            #expect(bad.body.string.contains("The date received cannot be in the future"))
            #expect(bad.body.string.contains("All my data"))
            #expect(try await SubjectAccessRequest.query(on: app.db).count() == before)
            // Maria Lopez asks for her data on 20 November; identity is confirmed on the 23rd, which starts the month.
            let created = try await writes.submit("/subject-access") {
                try await lead.post(
                    "/subject-access",
                    [
                        ("kind", "access"), ("requester_name", "maria lopez"), ("requester_role", "reporting_person"),
                        ("case_reference", "asb-2026-00002"), ("details", "Copies of everything about my reports"),
                        ("received_on", "2026-11-20"),
                    ])
            }
            let path = try #require(created.headers.first(name: .location))
            let page = try await lead.get(path)
            #expect(page.body.string.contains("Waiting for identity to be checked"))
            #expect(page.body.string.contains("20 Dec 2026") == false)
            let gatherEarly = try await lead.post(path + "/gather")
            #expect(gatherEarly.status == .badRequest)
            #expect(
                gatherEarly.body.string.contains("Confirm the requester&#39;s identity before gathering their data"))
            try await writes.submit("/subject-access/:requestID/identity") {
                try await lead.post(
                    path + "/identity",
                    [("identity_method", "Driving licence seen"), ("identity_confirmed_on", "2026-11-23")])
            }
            // A month from 23 November is 23 December 2026, a Wednesday.
            let confirmed = try await lead.get(path)
            #expect(confirmed.body.string.contains("id=\"due\">23 Dec 2026"))
            // The extension needs the requester told within the first month.
            let late = try await lead.post(
                path + "/extension", [("reason", "Many records"), ("told_on", "2026-12-29")])
            #expect(late.status == .badRequest)
            #expect(late.body.string.contains("within the first month"))
            try await writes.submit("/subject-access/:requestID/extension") {
                try await lead.post(
                    path + "/extension", [("reason", "Records across four agencies"), ("told_on", "2026-11-23")])
            }
            let extended = try await lead.get(path)
            #expect(extended.body.string.contains("id=\"due\">23 Feb 2027"))
            // The reporting person's own reports come to her in full.
            _ = try await lead.post(path + "/gather")
            let record = try #require(
                try await SubjectAccessRequest.query(on: app.db).filter(\.$requesterName == "maria lopez").first())
            let decisions = try await SubjectAccessPage.decisions(record, on: app.db)
            let bundle = try await SubjectAccessBundle.gather(record, on: app.db)
            let text = bundle.rendered(decisions: decisions, reference: record.reference).map(\.text).joined()
            #expect(text.contains("Maria Lopez") && text.contains("07700 900202"))
            #expect(text.contains(SubjectAccessBundle.withheldThirdParty), "the respondent is withheld from her")
            // Rectification: recorded with its outcome.
            let rectification = try await lead.post(
                "/subject-access",
                [
                    ("kind", "rectification"), ("requester_name", "Kevin Doyle"), ("requester_role", "respondent"),
                    ("case_reference", "ASB-2026-00002"), ("details", "My date of birth is wrong"),
                    ("received_on", "2026-11-23"), ("identity_method", "Passport"),
                    ("identity_confirmed_on", "2026-11-23"),
                ])
            let rectificationPath = try #require(rectification.headers.first(name: .location))
            try await writes.submit("/subject-access/:requestID/outcome") {
                try await lead.post(
                    rectificationPath + "/outcome", [("outcome", "Corrected to 4 March 1990 on his record")])
            }
            #expect(try await lead.get(rectificationPath).body.string.contains("Corrected to 4 March 1990"))
            let demo = try await Self.demoRequest(app)
            let redaction = try #require(
                try await SubjectAccessRedaction.query(on: app.db).filter(\.$request.$id == demo.requireID()).first())
            _ = redaction
            // The remaining forms were covered by the respondent's journey.
            writes.expectCovered(
                WriteAuditTests.subjectAccess.filter {
                    ![
                        "/subject-access/:requestID/redactions/:redactionID", "/subject-access/:requestID/sign-off",
                        "/subject-access/:requestID/release", "/subject-access/:requestID/gather",
                    ].contains($0)
                })
            // Another organisation's request is not found; other roles may not open the register.
            let housing = try await WriteAuditTests.signedIn(app, "housing@riverside.example", address: "198.51.100.53")
            #expect(try await housing.get(path).status == .forbidden)
            #expect(try await housing.get("/subject-access").status == .forbidden)
        }
    }
}
