import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting

@testable import App

/// A refused form shows again with everything the person typed (issue 20: an error wiped the staff diary,
/// the evidence form and the line-manager discussion), and saves nothing.
@Suite("Forms keep what was typed")
struct FormsKeepTypingTests {
    @Test("the staff diary keeps its date, time and text after an error")
    func staffDiary() async throws {
        try await CaseworkTests().withMarsh { setup in
            // Setup
            try await setup.officer.get("\(setup.path)/evidence")
            let before = try await DiaryEntry.query(on: setup.app.db).count()
            // Act: an entry dated in the future is refused.
            let refused = try await setup.officer.post(
                "\(setup.path)/diary",
                [
                    ("occurred_on", "2030-01-01"), ("occurred_time", "23:40"),
                    ("what_happened", "Music through the wall <until> 2am"), ("who_involved", "Flat 14"),
                    ("effect", "No sleep before an early shift"),
                ])
            // Check
            let html = refused.body.string
            #expect(refused.status == .badRequest)
            #expect(html.contains("value=\"2030-01-01\""))
            #expect(html.contains("value=\"23:40\""))
            #expect(html.contains(">Music through the wall &lt;until&gt; 2am</textarea>"))
            #expect(html.contains("value=\"Flat 14\""))
            #expect(html.contains(">No sleep before an early shift</textarea>"))
            #expect(try await DiaryEntry.query(on: setup.app.db).count() == before)
        }
    }

    @Test("the evidence form keeps its kind, title, description and date after an error")
    func evidence() async throws {
        try await CaseworkTests().withMarsh { setup in
            // Setup
            try await setup.officer.get("\(setup.path)/evidence")
            // Act: a file that is not what it claims is refused.
            let refused = try await setup.officer.postFile(
                "\(setup.path)/evidence",
                [
                    ("kind", "photo"), ("title", "Door of flat 14"), ("description", "Taken from the landing"),
                    ("obtained_on", "2026-11-20"),
                ], file: (name: "door.jpg", bytes: Array("not a picture".utf8)))
            // Check
            let html = refused.body.string
            #expect(refused.status == .badRequest)
            #expect(html.contains("<option value=\"photo\" selected>"))
            #expect(html.contains("value=\"Door of flat 14\""))
            #expect(html.contains(">Taken from the landing</textarea>"))
            #expect(html.contains("value=\"2026-11-20\""))
            #expect(
                try await EvidenceItem.query(on: setup.app.db).filter(\.$caseRecord.$id == setup.caseID).count() == 0)
        }
    }

    @Test("the line-manager discussion keeps its notes and decisions after an error")
    func oversight() async throws {
        try await CaseworkTests().withMarsh { setup in
            // Setup
            let manager = try await WriteAuditTests.signedIn(
                setup.app, "manager@riverside.example", address: "192.0.2.93")
            try await manager.get("\(setup.path)/risk")
            let before = try await OversightDiscussion.query(on: setup.app.db).count()
            // Act: no date for the next discussion.
            let refused = try await manager.post(
                "\(setup.path)/oversight",
                [
                    ("discussed_on", "2026-11-23"), ("notes", "Reviewed the noise diary with Sam"),
                    ("decisions", "Ask the noise team for a recording"), ("next_due", "soon"),
                ])
            // Check
            let html = refused.body.string
            #expect(refused.status == .badRequest)
            #expect(html.contains(">Reviewed the noise diary with Sam</textarea>"))
            #expect(html.contains(">Ask the noise team for a recording</textarea>"))
            #expect(html.contains("value=\"soon\""))
            #expect(try await OversightDiscussion.query(on: setup.app.db).count() == before)
        }
    }
}
