import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting

@testable import App

@Suite("Sign-in and sessions")
struct SignInTests {
    @Test("signing in issues an HttpOnly, SameSite=Strict session and shows the home page")
    func signIn() async throws {
        try await withTandem { app, _ in
            // Setup
            try await createUser(app, email: "sam@riverside.example", roles: [.caseOfficer])
            let browser = TestBrowser(app)
            // Act
            let response = try await browser.signIn("sam@riverside.example")
            // Check
            #expect(response.status == .seeOther)
            #expect(response.headers.first(name: .location) == "/")
            let cookie = try #require(response.headers[.setCookie].first { $0.hasPrefix("tandem_session=") })
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Strict"))
            #expect(!cookie.contains("Secure"))
            let home = try await browser.get("/")
            #expect(home.status == .ok)
            #expect(home.body.string.contains("Hello, sam"))
            let events = try await AuditEvent.query(on: app.db).filter(\.$action == "sign_in").count()
            #expect(events == 1)
        }
    }

    @Test("with TANDEM_SECURE_COOKIES the session cookie is Secure")
    func secureCookie() async throws {
        let secure: (inout Settings) -> Void = { $0.secureCookies = true }
        try await withTandem(adjust: secure) { app, _ in
            try await createUser(app, email: "sam@riverside.example", roles: [.caseOfficer])
            let response = try await TestBrowser(app).signIn("sam@riverside.example")
            let cookie = try #require(response.headers[.setCookie].first { $0.hasPrefix("tandem_session=") })
            #expect(cookie.contains("Secure"))
        }
    }

    @Test("a wrong password or unknown email shows one clear error and signs nobody in")
    func wrongPassword() async throws {
        try await withTandem { app, _ in
            try await createUser(app, email: "sam@riverside.example", roles: [.caseOfficer])
            let browser = TestBrowser(app)
            for email in ["sam@riverside.example", "nobody@riverside.example"] {
                let response = try await browser.signIn(email, "wrong password here")
                #expect(response.status == .unauthorized)
                #expect(response.body.string.contains("The email address or password is not right"))
                #expect(response.body.string.contains("error-summary"))
                #expect(browser.cookies["tandem_session"] == nil)
            }
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "sign_in_failed").count() == 2)
        }
    }

    @Test("empty fields re-render with a message for each")
    func emptyFields() async throws {
        try await withTandem { app, _ in
            let browser = TestBrowser(app)
            try await browser.get("/sign-in")
            let response = try await browser.post("/sign-in", [("email", ""), ("password", "")])
            #expect(response.status == .badRequest)
            #expect(response.body.string.contains("Enter your email address"))
            #expect(response.body.string.contains("Enter your password"))
        }
    }

    @Test("a session id planted before sign-in is never the one issued (no fixation)")
    func noFixation() async throws {
        try await withTandem { app, _ in
            try await createUser(app, email: "sam@riverside.example", roles: [.caseOfficer])
            let browser = TestBrowser(app)
            browser.cookies["tandem_session"] = "planted-by-an-attacker-0000000000000000"
            try await browser.signIn("sam@riverside.example")
            #expect(browser.cookies["tandem_session"] != "planted-by-an-attacker-0000000000000000")
            let attacker = TestBrowser(app)
            attacker.cookies["tandem_session"] = "planted-by-an-attacker-0000000000000000"
            let response = try await attacker.get("/")
            #expect(response.status == .seeOther)
        }
    }

    @Test("signing out ends the session in the database, not just the cookie")
    func signOut() async throws {
        try await withTandem { app, _ in
            try await createUser(app, email: "sam@riverside.example", roles: [.caseOfficer])
            let browser = TestBrowser(app)
            try await browser.signIn("sam@riverside.example")
            try await browser.get("/")
            let stolen = try #require(browser.cookies["tandem_session"])
            // Act
            let response = try await browser.post("/sign-out")
            // Check
            #expect(response.status == .seeOther)
            #expect(response.headers.first(name: .location) == "/sign-in")
            let replay = TestBrowser(app)
            replay.cookies["tandem_session"] = stolen
            #expect(try await replay.get("/").status == .seeOther)
            #expect(try await UserSession.query(on: app.db).count() == 0)
            let page = try await browser.get("/sign-in")
            #expect(page.body.string.contains("You have signed out."))
        }
    }

    @Test("five failures lock the account for 15 minutes, even with the right password")
    func accountLockout() async throws {
        try await withTandem { app, clock in
            try await createUser(app, email: "sam@riverside.example", roles: [.caseOfficer])
            let browser = TestBrowser(app)
            for _ in 1...5 {
                #expect(try await browser.signIn("sam@riverside.example", "not the password").status == .unauthorized)
            }
            // Act
            let locked = try await browser.signIn("sam@riverside.example")
            // Check
            #expect(locked.status == .tooManyRequests)
            #expect(locked.body.string.contains("Too many failed attempts. Wait 15 minutes"))
            #expect(browser.cookies["tandem_session"] == nil)
            // Another address is locked out of this account too.
            let elsewhere = TestBrowser(app, address: "198.51.100.7")
            #expect(try await elsewhere.signIn("sam@riverside.example").status == .tooManyRequests)
            clock.advance(by: 14 * 60 + 59)
            #expect(try await browser.signIn("sam@riverside.example").status == .tooManyRequests)
            clock.advance(by: 1)
            #expect(try await browser.signIn("sam@riverside.example").status == .seeOther)
        }
    }

    @Test("a deactivated user cannot sign in")
    func deactivatedUser() async throws {
        try await withTandem { app, _ in
            let id = try await createUser(app, email: "sam@riverside.example", roles: [.caseOfficer])
            let user = try #require(try await User.find(id, on: app.db))
            user.active = false
            try await user.arrangeUpdate(on: app.db)
            let response = try await TestBrowser(app).signIn("sam@riverside.example")
            #expect(response.status == .unauthorized)
        }
    }

    @Test("after sign-in the user returns to the page they asked for, never off-site")
    func returnsToPage() async throws {
        try await withTandem { app, _ in
            try await createUser(app, email: "sam@riverside.example", roles: [.caseOfficer])
            let browser = TestBrowser(app)
            let bounce = try await browser.get("/cases")
            #expect(bounce.headers.first(name: .location) == "/sign-in?next=%2Fcases")
            try await browser.get("/sign-in?next=%2Fcases")
            let response = try await browser.post(
                "/sign-in",
                [("email", "sam@riverside.example"), ("password", "correct horse staple"), ("next", "/cases")])
            #expect(response.headers.first(name: .location) == "/cases")
            let other = TestBrowser(app)
            try await other.get("/sign-in")
            let offsite = try await other.post(
                "/sign-in",
                [("email", "sam@riverside.example"), ("password", "correct horse staple"), ("next", "//evil.example/")])
            #expect(offsite.headers.first(name: .location) == "/")
        }
    }
}

@Suite("Session lifetime in the app")
struct SessionLifetimeAppTests {
    @Test("an idle session expires at exactly 30 minutes, measured from the last request")
    func idleExpiry() async throws {
        try await withTandem { app, clock in
            try await createUser(app, email: "sam@riverside.example", roles: [.caseOfficer])
            let browser = TestBrowser(app)
            try await browser.signIn("sam@riverside.example")
            // Act / Check: activity at 29:59 keeps it alive and restarts the clock.
            clock.advance(by: 29 * 60 + 59)
            #expect(try await browser.get("/").status == .ok)
            clock.advance(by: 29 * 60 + 59)
            #expect(try await browser.get("/").status == .ok)
            clock.advance(by: 30 * 60)
            let expired = try await browser.get("/")
            #expect(expired.status == .seeOther)
            #expect(expired.headers.first(name: .location) == "/sign-in?expired=1")
            let page = try await browser.get("/sign-in?expired=1")
            #expect(page.body.string.contains("You were signed out because you had not used Tandem for a while"))
        }
    }

    @Test("the idle timeout is configurable")
    func configurableTimeout() async throws {
        let fiveMinutes: (inout Settings) -> Void = { $0.sessionLifetime.idleTimeout = 5 * 60 }
        try await withTandem(adjust: fiveMinutes) { app, clock in
            try await createUser(app, email: "sam@riverside.example", roles: [.caseOfficer])
            let browser = TestBrowser(app)
            try await browser.signIn("sam@riverside.example")
            clock.advance(by: 5 * 60)
            #expect(try await browser.get("/").status == .seeOther)
        }
    }

    @Test("a session survives an app restart")
    func survivesRestart() async throws {
        // Setup: one database, two app instances in turn.
        let location = try await TestDatabase.create()
        defer { Task { await TestDatabase.drop(location) } }
        let clock = ManualClock(testStart)
        let first = try await makeApp(location, clock: clock)
        try await createUser(first, email: "sam@riverside.example", roles: [.caseOfficer])
        let browser = TestBrowser(first)
        try await browser.signIn("sam@riverside.example")
        let cookie = try #require(browser.cookies["tandem_session"])
        try await first.asyncShutdown()
        // Act
        let second = try await makeApp(location, clock: clock)
        let again = TestBrowser(second)
        again.cookies["tandem_session"] = cookie
        let response = try await again.get("/")
        // Check
        #expect(response.status == .ok)
        #expect(response.body.string.contains("Hello, sam"))
        try await second.asyncShutdown()
    }

    @Test("changing your password keeps this session and ends the others")
    func changePassword() async throws {
        try await withTandem { app, _ in
            try await createUser(app, email: "sam@riverside.example", roles: [.caseOfficer])
            let laptop = TestBrowser(app)
            let phone = TestBrowser(app, address: "198.51.100.9")
            try await laptop.signIn("sam@riverside.example")
            try await phone.signIn("sam@riverside.example")
            try await laptop.get("/account/password")
            let weak = try await laptop.post(
                "/account/password",
                [
                    ("current_password", "correct horse staple"), ("new_password", "password1234"),
                    ("confirm_password", "password1234"),
                ])
            #expect(weak.status == .badRequest)
            #expect(weak.body.string.contains("too common"))
            let response = try await laptop.post(
                "/account/password",
                [
                    ("current_password", "correct horse staple"), ("new_password", "kettle orbit marmalade"),
                    ("confirm_password", "kettle orbit marmalade"),
                ])
            #expect(response.status == .seeOther)
            #expect(try await laptop.get("/").status == .ok)
            #expect(try await phone.get("/").status == .seeOther)
            let fresh = TestBrowser(app, address: "198.51.100.10")
            #expect(try await fresh.signIn("sam@riverside.example", "kettle orbit marmalade").status == .seeOther)
        }
    }
}
