import Fluent
import Foundation
import NIOCore
import TandemCore
import Testing
import Vapor
import VaporTesting

@testable import App

@Suite("CSRF protection")
struct CSRFTests {
    @Test("a POST without a CSRF token is 403 and changes nothing")
    func missingToken() async throws {
        try await withTandem { app, _ in
            // Setup
            try await createUser(app, email: "admin@riverside.example", roles: [.administrator])
            let browser = TestBrowser(app)
            try await browser.signIn("admin@riverside.example")
            let organisationsBefore = try await Organisation.query(on: app.db).count()
            let eventsBefore = try await AuditEvent.query(on: app.db).count()
            // Act
            let response = try await browser.post(
                "/admin/organisations", [("name", "Riverside Noise Team"), ("kind", "environmental_health")],
                csrf: false)
            // Check
            #expect(response.status == .forbidden)
            #expect(response.body.string.contains("security token"))
            #expect(try await Organisation.query(on: app.db).count() == organisationsBefore)
            #expect(try await AuditEvent.query(on: app.db).count() == eventsBefore)
        }
    }

    @Test("a wrong token, or another user's token, is refused")
    func wrongToken() async throws {
        try await withTandem { app, _ in
            try await createUser(app, email: "admin@riverside.example", roles: [.administrator])
            try await createUser(app, email: "other@riverside.example", roles: [.administrator])
            let victim = TestBrowser(app)
            try await victim.signIn("admin@riverside.example")
            let attacker = TestBrowser(app, address: "192.0.2.1")
            try await attacker.signIn("other@riverside.example")
            try await attacker.get("/")
            let attackerToken = try #require(attacker.lastCSRF)
            for token in ["", "not-the-token", attackerToken] {
                let response = try await victim.post(
                    "/admin/organisations",
                    [("name", "Riverside Noise Team"), ("kind", "other"), ("csrf_token", token)])
                #expect(response.status == .forbidden)
            }
            #expect(try await Organisation.query(on: app.db).filter(\.$name == "Riverside Noise Team").count() == 0)
        }
    }

    @Test("the right token lets the form through")
    func rightToken() async throws {
        try await withTandem { app, _ in
            try await createUser(app, email: "admin@riverside.example", roles: [.administrator])
            let browser = TestBrowser(app)
            try await browser.signIn("admin@riverside.example")
            try await browser.get("/admin/organisations/new")
            let response = try await browser.post(
                "/admin/organisations", [("name", "Riverside Noise Team"), ("kind", "environmental_health")])
            #expect(response.status == .seeOther)
            #expect(try await Organisation.query(on: app.db).filter(\.$name == "Riverside Noise Team").count() == 1)
        }
    }

    @Test("the sign-in form needs its token too, and sign-out cannot be forced from another site")
    func signInAndOut() async throws {
        try await withTandem { app, _ in
            try await createUser(app, email: "sam@riverside.example", roles: [.caseOfficer])
            let browser = TestBrowser(app)
            let refused = try await browser.post(
                "/sign-in", [("email", "sam@riverside.example"), ("password", "correct horse staple")], csrf: false)
            #expect(refused.status == .forbidden)
            #expect(browser.cookies["tandem_session"] == nil)
            try await browser.signIn("sam@riverside.example")
            #expect(try await browser.post("/sign-out", csrf: false).status == .forbidden)
            #expect(try await browser.get("/").status == .ok)
        }
    }

    @Test("a form posted after the session timed out asks to sign in again")
    func expiredSessionForm() async throws {
        try await withTandem { app, clock in
            try await createUser(app, email: "sam@riverside.example", roles: [.caseOfficer])
            let browser = TestBrowser(app)
            try await browser.signIn("sam@riverside.example")
            try await browser.get("/account/password")
            clock.advance(by: 31 * 60)
            let response = try await browser.post("/account/password", [("current_password", "x")])
            // The sign-in page itself answers, carrying the form (passwords are never carried back).
            #expect(response.status == .unauthorized)
            #expect(response.body.string.contains("Sign in to Tandem"))
            #expect(response.body.string.contains("name=\"resume_target\" value=\"/account/password\""))
            #expect(!response.body.string.contains("current_password"))
        }
    }
}
