import Fluent
import Foundation
import SQLKit
import TandemCore
import Testing
import Vapor
import VaporTesting

@testable import App

@Suite("Configuration and pages")
struct ConfigurationTests {
    @Test(
        "DATABASE_URL chooses the database",
        arguments: [
            (nil, DatabaseLocation.sqlite(path: "/srv/tandem/var/tandem.sqlite")),
            ("", .sqlite(path: "/srv/tandem/var/tandem.sqlite")),
            ("sqlite:///data/tandem.sqlite", .sqlite(path: "/data/tandem.sqlite")),
            ("postgres://tandem:secret@db:5432/tandem", .postgres(url: "postgres://tandem:secret@db:5432/tandem")),
            ("postgresql://tandem@localhost/tandem", .postgres(url: "postgresql://tandem@localhost/tandem")),
        ] as [(String?, DatabaseLocation)])
    func databaseURL(value: String?, expected: DatabaseLocation) throws {
        #expect(try DatabaseLocation.parse(value, workingDirectory: "/srv/tandem") == expected)
    }

    @Test(
        "an unusable DATABASE_URL is refused with a clear message",
        arguments: ["mysql://x", "sqlite://relative.db", "postgres://"])
    func badDatabaseURL(value: String) {
        #expect(throws: DatabaseLocation.Invalid.self) { try DatabaseLocation.parse(value, workingDirectory: "/") }
    }

    @Test("migrations create every table, revert cleanly and run again")
    func migrations() async throws {
        try await withTandem { app, _ in
            let sql = try #require(app.db as? any SQLDatabase)
            for table in [
                "organisations", "users", "user_roles", "user_sessions", "sign_in_attempts", "audit_events", "cases",
                "case_shares",
            ] {
                let rows = try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").all()
                #expect(rows.count == 1, "\(table) missing")
            }
            try await app.revertTandem()
            await #expect(throws: (any Error).self) { try await sql.raw("SELECT COUNT(*) AS n FROM users").all() }
            try await app.migrateTandem()
            #expect(try await User.query(on: app.db).count() == 0)
        }
    }

    @Test("SQLite runs in WAL mode with foreign keys enforced")
    func sqlitePragmas() async throws {
        try await withTandem { app, clock in
            guard case .sqlite = app.settings.database else { return }
            let sql = try #require(app.db as? any SQLDatabase)
            let mode = try await sql.raw("PRAGMA journal_mode").first()?.decode(column: "journal_mode", as: String.self)
            #expect(mode == "wal")
            let orphan = User(
                email: "orphan@riverside.example", displayName: "Orphan", passwordHash: "x", organisationID: UUID(),
                at: clock.now())
            await #expect(throws: (any Error).self) { try await orphan.arrangeCreate(on: app.db) }
        }
    }

    @Test("GET /health reports status, database and version")
    func health() async throws {
        try await withTandem { app, _ in
            let response = try await TestBrowser(app).get("/health")
            #expect(response.status == .ok)
            let body = try JSONDecoder().decode([String: String].self, from: Data(response.body.string.utf8))
            #expect(body["status"] == "ok")
            #expect(body["database"] == app.settings.database.kindName)
            #expect(body["version"] == TandemVersion.current)
        }
    }

    @Test("every response carries the security headers")
    func securityHeaders() async throws {
        try await withTandem { app, _ in
            for path in ["/sign-in", "/no-such-page", "/css/tandem.css", "/health"] {
                let response = try await TestBrowser(app).get(path)
                let csp = response.headers.first(name: "Content-Security-Policy") ?? ""
                #expect(csp.contains("frame-ancestors 'none'"))
                #expect(csp.contains("script-src 'self'"))
                #expect(!csp.contains("unsafe-inline"))
                #expect(response.headers.first(name: "Referrer-Policy") == "same-origin")
                #expect(response.headers.first(name: "X-Content-Type-Options") == "nosniff")
            }
        }
    }

    @Test("a missing page is a friendly HTML 404; under /api it is JSON")
    func errorPages() async throws {
        try await withTandem { app, _ in
            let page = try await TestBrowser(app).get("/no-such-page")
            #expect(page.status == .notFound)
            #expect(page.body.string.contains("Page not found"))
            #expect(page.headers.contentType?.subType == "html")
            let api = try await TestBrowser(app).get("/api/no-such-thing")
            #expect(api.status == .notFound)
            #expect(api.headers.contentType == .json)
            #expect(api.body.string.contains("\"status\":404"))
            let unauthorised = try await TestBrowser(app).get("/api/me")
            #expect(unauthorised.status == .unauthorized)
            #expect(unauthorised.headers.contentType == .json)
        }
    }

    @Test("the layout has a skip link, a labelled navigation and the signed-in user")
    func layout() async throws {
        try await withTandem { app, _ in
            try await createUser(app, email: "sam@riverside.example", roles: [.caseOfficer])
            let browser = TestBrowser(app)
            try await browser.signIn("sam@riverside.example")
            let html = try await browser.get("/").body.string
            #expect(html.contains("<a href=\"#main-content\" class=\"skip-link\">"))
            #expect(html.contains("<main id=\"main-content\""))
            #expect(html.contains("<nav class=\"navigation\" aria-label=\"Main\">"))
            #expect(html.contains("sam, Riverside Council ASB Team"))
            #expect(html.contains("href=\"/cases\""))
            #expect(!html.contains("href=\"/admin/users\""))
            #expect(!html.contains("<script"))
        }
    }

    @Test("demo sign-ins show on the sign-in page in demo mode only")
    func demoAccountsOnlyInDemo() async throws {
        try await withTandem { app, _ in
            let ordinary = try await TestBrowser(app).get("/sign-in").body.string
            #expect(!ordinary.contains(DemoData.password))
            app.settings.demoMode = true
            let demo = try await TestBrowser(app).get("/sign-in").body.string
            #expect(demo.contains(DemoData.password))
        }
    }

    @Test("email needs TANDEM_PUBLIC_URL: links are never made from the address a request claims")
    func emailNeedsThePublicAddress() {
        // Setup
        let smtp = SMTPSettings(host: "mail.example", port: 587, sender: "asb@council.example")

        // Act / Check
        #expect(Settings.emailLinkProblem(smtp: smtp, publicURL: nil)?.contains("TANDEM_PUBLIC_URL") == true)
        #expect(Settings.emailLinkProblem(smtp: smtp, publicURL: "https://tandem.council.example") == nil)
        #expect(Settings.emailLinkProblem(smtp: nil, publicURL: nil) == nil)
    }

    @Test("the survey invitation is a letter like the others, to the reporting person, with known placeholders")
    func surveyInvitationLetter() async throws {
        try await withTandem { app, _ in
            // Act
            let template = try #require(
                try await LetterTemplate.query(on: app.db).filter(\.$key == M025SurveyInvitationLetter.key).first())

            // Check: it names only placeholders the other letters use.
            #expect(template.audience == .reportingPerson)
            let known = ["recipient_name", "case_reference", "officer_name", "organisation"]
            let used = template.body.matches(of: /\{\{([a-z_]+)\}\}/).map { String($0.1) }
            #expect(!used.isEmpty)
            #expect(used.allSatisfy(known.contains))
        }
    }
}
