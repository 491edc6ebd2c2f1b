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

    @Test("a form sent after the session expired is kept through sign-in and sent only when the person says so")
    func expiredSession() async throws {
        try await CaseworkTests().withMarsh { setup in
            // Setup: the officer opens the diary form, then leaves it for 31 minutes.
            try await setup.officer.get("\(setup.path)/evidence")
            let before = try await DiaryEntry.query(on: setup.app.db).count()
            setup.clock.advance(by: 31 * 60)
            let fields = [
                ("occurred_on", "2026-11-20"), ("occurred_time", "23:40"),
                ("what_happened", "Music through the wall\r\n\"until\" 2am & later"),
                ("who_involved", "Flat 14, or 15 | 16"),
                ("effect", "No sleep"),
            ]

            // Act: the late form is answered with the sign-in page carrying it, and nothing is saved.
            let late = try await setup.officer.post("\(setup.path)/diary", fields)
            let signInPage = late.body.string

            // Check
            #expect(late.status == .unauthorized)
            #expect(signInPage.contains("what you sent has not been saved yet"))
            #expect(signInPage.contains("name=\"resume_target\" value=\"\(setup.path)/diary\""))
            #expect(signInPage.contains("value=\"Music through the wall\r\n&quot;until&quot; 2am &amp; later\""))
            #expect(!signInPage.contains("resume_names[]\" value=\"csrf_token\""))
            #expect(try await DiaryEntry.query(on: setup.app.db).count() == before)

            // Act: a wrong password keeps it; the right one shows it to check, still unsent.
            let seal = try #require(
                signInPage.firstMatch(of: /name="resume_seal" value="([^"]+)"/).map { String($0.1) })
            let unsealed =
                [("resume_target", "\(setup.path)/diary")]
                + fields.flatMap { [("resume_names[]", $0.0), ("resume_values[]", $0.1)] }
            let resumeFields = unsealed + [("resume_seal", seal)]
            let wrong = try await setup.officer.post(
                "/sign-in", [("email", "officer@riverside.example"), ("password", "not it")] + resumeFields)
            #expect(wrong.status == .unauthorized)
            #expect(wrong.body.string.contains("name=\"resume_target\""))
            #expect(wrong.body.string.contains("name=\"resume_seal\" value=\"\(seal)\""))
            // A carried form without its seal, or changed after sealing, or sealed for someone else, offers nothing.
            let tampered =
                [("resume_target", "\(setup.path)/diary"), ("resume_seal", seal)]
                + fields.flatMap { [("resume_names[]", $0.0), ("resume_values[]", $0.0 == "effect" ? "Fine" : $0.1)] }
            for (index, forged) in [unsealed, tampered].enumerated() {
                let elsewhere = TestBrowser(setup.app, address: "192.0.2.\(91 + index)")
                try await elsewhere.get("/sign-in")
                let signedIn = try await elsewhere.post(
                    "/sign-in", [("email", "officer@riverside.example"), ("password", DemoData.password)] + forged)
                #expect(signedIn.status == .seeOther)
                #expect(!signedIn.body.string.contains("Send what you typed"))
            }
            let manager = TestBrowser(setup.app, address: "192.0.2.90")
            try await manager.get("/sign-in")
            let other = try await manager.post(
                "/sign-in", [("email", "manager@riverside.example"), ("password", DemoData.password)] + resumeFields)
            #expect(other.status == .seeOther)
            let signedIn = try await setup.officer.post(
                "/sign-in", [("email", "officer@riverside.example"), ("password", DemoData.password)] + resumeFields)
            let check = signedIn.body.string
            #expect(signedIn.status == .ok)
            #expect(check.contains("Send what you typed"))
            #expect(check.contains("<form method=\"post\" action=\"\(setup.path)/diary\""))
            #expect(check.contains("Music through the wall"))
            #expect(check.contains("Flat 14, or 15 | 16"))
            #expect(check.contains("The form: <strong>Diary</strong>"))
            #expect(try await DiaryEntry.query(on: setup.app.db).count() == before)

            // Act: the person sends it, with the new session's token.
            let sent = try await setup.officer.post("\(setup.path)/diary", fields)

            // Check: saved once, as typed.
            #expect(sent.status == .seeOther)
            let entries = try await DiaryEntry.query(on: setup.app.db).all()
            #expect(entries.count == before + 1)
            #expect(entries.contains { $0.whoInvolved == "Flat 14, or 15 | 16" })
        }
    }

    @Test("a late form that does not carry the expired session's own token is not carried through sign-in")
    func expiredSessionNeedsItsToken() async throws {
        try await CaseworkTests().withMarsh { setup in
            // Setup: the session expires.
            try await setup.officer.get("\(setup.path)/evidence")
            setup.clock.advance(by: 31 * 60)

            // Act: a form with a token the session never had (made elsewhere) arrives after the timeout.
            let forged = try await setup.officer.post(
                "\(setup.path)/diary", [("what_happened", "Typed by someone else"), ("csrf_token", "not-the-token")])

            // Check: the ordinary way to sign in, carrying nothing.
            #expect(forged.status == .seeOther)
            #expect(!forged.body.string.contains("resume_target"))
        }
    }

    @Test("only a local path is carried, never the token or a password, and a file is reported as not kept")
    func resumableSubmissionRules() throws {
        // Setup / act
        let offsite = ResumableSubmission(target: "//evil.example/x", multipart: false, fields: [], droppedFile: false)
        let kept = try #require(
            ResumableSubmission(
                target: "/cases/1/diary", multipart: true,
                fields: [
                    ("csrf_token", "t"), ("new_password", "p"), ("what_happened", "x"), ("party_id", UUID().uuidString),
                ],
                droppedFile: true))
        var body = ByteBuffer()
        body.writeString(
            "--B\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nDoor\r\n"
                + "--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.jpg\"\r\n\r\nxyz\r\n"
                + "--B\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"\"\r\n\r\n\r\n--B--\r\n")
        let parsed = try #require(ResumableSubmission.multipartFields(body, boundary: "B"))

        // Check
        #expect(offsite == nil)
        #expect(kept.fields.map(\.name) == ["what_happened", "party_id"])
        #expect(kept.fields.map(\.label) == ["What happened", "Party id"])
        #expect(kept.formName == "Diary")
        let decision = try #require(
            ResumableSubmission(
                target: "/cases/\(UUID().uuidString)/closure/\(UUID().uuidString)/decision", multipart: false,
                fields: [], droppedFile: false))
        #expect(decision.formName == "Closure decision")
        #expect(parsed.0.map(\.0) == ["title"])
        #expect(parsed.0.map(\.1) == ["Door"])
        #expect(parsed.1 == 1)
        #expect(ResumableSubmission.urlEncodedFields("a=1+2&b=%C3%A9&c").map(\.1) == ["1 2", "é", ""])
    }
}
