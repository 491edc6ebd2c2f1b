import Fluent
import Foundation
import NIOCore
import TandemCore
import Testing
import Vapor
import VaporTesting

@testable import App

@Suite("Bad input")
struct BadInputTests {
    func signedInAdmin(_ app: Application) async throws -> TestBrowser {
        try await createUser(app, email: "admin@riverside.example", roles: [.administrator])
        let browser = TestBrowser(app)
        try await browser.signIn("admin@riverside.example")
        try await browser.get("/admin/organisations/new")
        return browser
    }

    @Test("a body over the configured limit is 413 and changes nothing")
    func oversizedBody() async throws {
        let smallBodies: (inout Settings) -> Void = { $0.maxBodyBytes = 4 * 1024 }
        try await withTandem(adjust: smallBodies) { app, _ in
            let browser = try await signedInAdmin(app)
            let before = try await Organisation.query(on: app.db).count()
            let response = try await browser.post(
                "/admin/organisations", [("name", String(repeating: "x", count: 8 * 1024)), ("kind", "other")])
            #expect(response.status == .payloadTooLarge)
            #expect(response.body.string.contains("Too much information sent"))
            #expect(try await Organisation.query(on: app.db).count() == before)
        }
    }

    @Test("script tags are stored as text and shown escaped")
    func scriptIsEscaped() async throws {
        try await withTandem { app, _ in
            let browser = try await signedInAdmin(app)
            let hostile = "<script>alert('x')</script> Team"
            #expect(
                try await browser.post("/admin/organisations", [("name", hostile), ("kind", "other")]).status
                    == .seeOther)
            let page = try await browser.get("/admin/organisations")
            #expect(!page.body.string.contains("<script>alert"))
            #expect(page.body.string.contains("&lt;script&gt;alert("))
            #expect(try await Organisation.query(on: app.db).filter(\.$name == hostile).count() == 1)
        }
    }

    @Test("SQL-ish and unicode text is stored exactly and harms nothing")
    func sqlishAndUnicode() async throws {
        try await withTandem { app, _ in
            let browser = try await signedInAdmin(app)
            for name in ["Robert'); DROP TABLE organisations;--", "Tŷ Cymunedol Ōtautahi – 社区 🏠", "1 OR 1=1"] {
                #expect(
                    try await browser.post("/admin/organisations", [("name", name), ("kind", "other")]).status
                        == .seeOther)
                #expect(try await Organisation.query(on: app.db).filter(\.$name == name).count() == 1)
            }
            #expect(try await browser.get("/admin/organisations").status == .ok)
        }
    }

    @Test(
        "malformed values re-render with a clear message and save nothing",
        arguments: [
            ([("name", ""), ("kind", "other")], "Enter the organisation"),
            ([("name", String(repeating: "a", count: 121)), ("kind", "other")], "120 characters or fewer"),
            ([("name", "Line\u{0007}bell"), ("kind", "other")], "must not contain control characters"),
            ([("name", "Fine name"), ("kind", "spaceship")], "Select the kind of organisation"),
            ([("name", "Fine name")], "Select the kind of organisation"),
        ])
    func malformedOrganisation(fields: [(String, String)], message: String) async throws {
        try await withTandem { app, _ in
            let browser = try await signedInAdmin(app)
            let before = try await Organisation.query(on: app.db).count()
            let response = try await browser.post("/admin/organisations", fields)
            #expect(response.status == .badRequest)
            #expect(response.body.string.contains(message))
            #expect(response.body.string.contains("There is a problem"))
            #expect(try await Organisation.query(on: app.db).count() == before)
        }
    }

    @Test("a new user with a bad email, unknown role or missing organisation is refused")
    func malformedUser() async throws {
        try await withTandem { app, _ in
            let browser = try await signedInAdmin(app)
            try await browser.get("/admin/users/new")
            let before = try await User.query(on: app.db).count()
            let response = try await browser.post(
                "/admin/users",
                [
                    ("name", "New Person"), ("email", "not-an-email"), ("organisation", "nope"),
                    ("roles[]", "galactic_emperor"),
                ])
            #expect(response.status == .badRequest)
            let body = response.body.string
            #expect(body.contains("Enter an email address in the correct format"))
            #expect(body.contains("Select an active organisation"))
            #expect(body.contains("Select at least one role"))
            #expect(try await User.query(on: app.db).count() == before)
        }
    }

    @Test("changing roles to an unknown or hostile value is refused and keeps the old roles")
    func malformedRoles() async throws {
        try await withTandem { app, _ in
            let browser = try await signedInAdmin(app)
            let target = try await createUser(app, email: "target@riverside.example", roles: [.callHandler])
            try await browser.get("/admin/users/\(target.uuidString)")
            for fields in [
                [("roles[]", "wizard")], [("roles[]", "<script>alert(1)</script>")], [("roles[]", "case_officer'--")],
                [],
            ] {
                let response = try await browser.post("/admin/users/\(target.uuidString)/roles", fields)
                #expect(response.status == .badRequest)
                #expect(response.body.string.contains("Select at least one role"))
                #expect(!response.body.string.contains("<script>alert(1)"))
            }
            let roles = try await UserRole.query(on: app.db).filter(\.$user.$id == target).all().map(\.role.rawValue)
            #expect(roles == ["call_handler"])
        }
    }

    @Test("editing an organisation with bad values re-renders, escaped, and changes nothing")
    func malformedOrganisationUpdate() async throws {
        try await withTandem { app, _ in
            let browser = try await signedInAdmin(app)
            let organisation = try #require(try await Organisation.query(on: app.db).first())
            let id = try organisation.requireID().uuidString
            try await browser.get("/admin/organisations/\(id)")
            let hostile = "<img src=x onerror=alert(1)>" + String(repeating: "ü", count: 200)
            let response = try await browser.post(
                "/admin/organisations/\(id)", [("name", hostile), ("kind", "police'; --"), ("active", "true")])
            #expect(response.status == .badRequest)
            #expect(response.body.string.contains("120 characters or fewer"))
            #expect(response.body.string.contains("Select the kind of organisation"))
            #expect(!response.body.string.contains("<img src=x"))
            let unchanged = try #require(try await Organisation.find(organisation.id, on: app.db))
            #expect(unchanged.name == organisation.name)
            #expect(unchanged.kind == organisation.kind)
        }
    }

    @Test("bodies that are not forms, and odd paths and queries, never give a 500")
    func neverFiveHundred() async throws {
        try await withTandem { app, _ in
            let browser = try await signedInAdmin(app)
            let token = try #require(browser.lastCSRF)
            var json = HTTPHeaders()
            json.contentType = .json
            json.add(name: "X-CSRF-Token", value: token)
            let garbage = try await browser.send(
                .POST, "/admin/organisations", headers: json, body: ByteBuffer(string: "{not json"))
            #expect(garbage.status == .badRequest)
            var binary = HTTPHeaders()
            binary.contentType = .binary
            binary.add(name: "X-CSRF-Token", value: token)
            let bytes = try await browser.send(
                .POST, "/admin/users", headers: binary, body: ByteBuffer(bytes: [0, 255, 1, 254]))
            #expect(bytes.status == .badRequest)
            for path in [
                "/admin/users?page=abc", "/admin/users?page=-5", "/admin/users?page=99999999999999999999",
                "/admin/users/%3Cscript%3E", "/cases/' OR 1=1--", "/audit?from=%00&to=%FF",
                "/admin/organisations/../../etc/passwd",
            ] {
                let response = try await browser.get(path)
                #expect(response.status != .internalServerError, "\(path) gave 500")
            }
        }
    }

    @Test("a sign-in with an enormous email or password is refused cleanly")
    func hugeSignIn() async throws {
        try await withTandem { app, _ in
            let browser = TestBrowser(app)
            let response = try await browser.signIn(
                String(repeating: "a", count: 5000) + "@x.example", String(repeating: "p", count: 5000))
            #expect(response.status == .badRequest)
            #expect(response.body.string.contains("Enter a valid email address and password"))
        }
    }
}
