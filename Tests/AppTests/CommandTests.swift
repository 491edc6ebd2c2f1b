import ConsoleKit
import Fluent
import Foundation
import TandemCore
import Testing
import Vapor

@testable import App

/// A console that answers prompts with a fixed line and keeps what is printed.
final class ScriptedConsole: Console, @unchecked Sendable {
    var answer: String
    var printed: [String] = []
    var userInfo: [AnySendableHashable: any Sendable] = [:]
    var size: (width: Int, height: Int) { (80, 24) }

    init(answer: String) {
        self.answer = answer
    }

    func input(isSecure: Bool) -> String { answer }
    func output(_ text: ConsoleText, newLine: Bool) { printed.append(text.description) }
    func clear(_ type: ConsoleClear) {}
    func report(error: String, newLine: Bool) { printed.append(error) }
}

@Suite("Commands and first start")
struct CommandTests {
    @Test("users create makes a user who can sign in, with the organisation if new")
    func usersCreate() async throws {
        try await withTandem { app, _ in
            // Setup
            let console = ScriptedConsole(answer: "quiet river lantern")
            var context = CommandContext(
                console: console,
                input: CommandInput(arguments: [
                    "tandem", "--email", "Lee@Riverside.example", "--name", "Lee Chan", "--role",
                    "case_officer,senior_officer",
                    "--organisation", "Riverside Council ASB Team", "--organisation-kind", "council_asb",
                ]))
            context.application = app
            // Act
            try await CreateUserCommand().run(using: &context)
            // Check
            let user = try #require(
                try await User.query(on: app.db).filter(\.$email == "lee@riverside.example").with(\.$roles).with(
                    \.$organisation
                ).first())
            #expect(Set(user.roles.map(\.role.rawValue)) == ["case_officer", "senior_officer"])
            #expect(user.organisation.kind == .councilASB)
            #expect(
                try await TestBrowser(app).signIn("lee@riverside.example", "quiet river lantern").status == .seeOther)
            #expect(console.printed.contains { $0.contains("Created lee@riverside.example") })
        }
    }

    @Test("users create refuses a weak password or unknown role and creates nothing")
    func usersCreateRefuses() async throws {
        try await withTandem { app, _ in
            for (role, password) in [("case_officer", "short"), ("wizard", "quiet river lantern")] {
                var context = CommandContext(
                    console: ScriptedConsole(answer: password),
                    input: CommandInput(arguments: [
                        "tandem", "--email", "lee@riverside.example", "--name", "Lee", "--role", role, "--organisation",
                        "Council",
                    ]))
                context.application = app
                await #expect(throws: AccountService.Problem.self) {
                    try await CreateUserCommand().run(using: &context)
                }
            }
            let users = try await User.query(on: app.db).count()
            #expect(users == 0)
        }
    }

    @Test("with no users and no TANDEM_ADMIN_*, serve creates admin@tandem.local and prints its password once")
    func firstAdministrator() async throws {
        try await withTandem { app, _ in
            var printed: [String] = []
            try await AccountService.ensureAdministrator(app) { printed.append($0) }
            let text = printed.joined(separator: "\n")
            let line = try #require(text.split(separator: "\n").first { $0.contains("password:") })
            let password = line.split(separator: ":").last!.trimmingCharacters(in: .whitespaces)
            #expect(try await TestBrowser(app).signIn("admin@tandem.local", password).status == .seeOther)
            // A second start creates nothing and prints nothing.
            printed.removeAll()
            try await AccountService.ensureAdministrator(app) { printed.append($0) }
            #expect(printed.isEmpty)
            #expect(try await User.query(on: app.db).count() == 1)
        }
    }

    @Test("TANDEM_ADMIN_EMAIL and TANDEM_ADMIN_PASSWORD create that administrator, also beside demo data")
    func administratorFromEnvironment() async throws {
        let fromEnvironment: (inout Settings) -> Void = {
            $0.adminEmail = "ops@riverside.example"
            $0.adminPassword = "deploy pipeline secret"
        }
        try await withTandem(adjust: fromEnvironment) { app, _ in
            try await DemoSeeder.seedIfEmpty(app)
            try await AccountService.ensureAdministrator(app) { _ in }
            let user = try #require(
                try await User.query(on: app.db).filter(\.$email == "ops@riverside.example").with(\.$roles).first())
            #expect(user.roles.map(\.role) == [.administrator])
            #expect(
                try await TestBrowser(app).signIn("ops@riverside.example", "deploy pipeline secret").status == .seeOther
            )
            #expect(try await User.query(on: app.db).filter(\.$email == "admin@tandem.local").count() == 0)
        }
    }

    @Test("demo data loads once, into an empty database only, with a verifiable trail")
    func demoSeed() async throws {
        try await withTandem { app, _ in
            #expect(try await DemoSeeder.seedIfEmpty(app))
            #expect(!(try await DemoSeeder.seedIfEmpty(app)))
            #expect(try await Organisation.query(on: app.db).count() == DemoData.organisations.count)
            #expect(
                try await CaseRecord.query(on: app.db).count()
                    == DemoData.reports.filter { $0.triage?.outcome == .openCase }.count + DemoRetention.cases.count)
            let kinds = Set(try await Organisation.query(on: app.db).all().map(\.kind.rawValue))
            #expect(
                kinds.isSuperset(of: [
                    "council_asb", "housing_provider", "police", "community_mental_health", "adult_social_care",
                    "youth_offending", "victim_support",
                ]))
            #expect(try await AuditVerifier.verify(on: app.db).failure == nil)
        }
    }
}
