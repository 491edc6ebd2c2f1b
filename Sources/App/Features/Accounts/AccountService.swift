import Fluent
import TandemCore
import Vapor

/// Creating accounts outside the web UI: the `users create` command and the
/// first administrator on `serve`.
enum AccountService {
    struct Problem: Error, CustomStringConvertible {
        let description: String
    }

    /// Creates a user (and their organisation, if no organisation has that
    /// name) in one unit of work.
    @discardableResult
    static func createUser(
        email rawEmail: String, name rawName: String, roles: [Role], organisationName: String,
        organisationKind: OrganisationKind = .other, password: String, on app: Application
    ) async throws -> UUID {
        let email = rawEmail.trimmingCharacters(in: .whitespaces).lowercased()
        let name = rawName.trimmingCharacters(in: .whitespaces)
        let organisationName = organisationName.trimmingCharacters(in: .whitespaces)
        if let problem = TextRules.emailProblem(email) { throw Problem(description: problem) }
        if let problem = TextRules.problem(name, label: "a name", max: 120) { throw Problem(description: problem) }
        if let problem = TextRules.problem(organisationName, label: "an organisation", max: 120) {
            throw Problem(description: problem)
        }
        if roles.isEmpty { throw Problem(description: "Give at least one role") }
        if let problem = PasswordPolicy.problem(with: password, email: email) {
            throw Problem(description: problem.message)
        }
        if try await User.query(on: app.db).filter(\.$email == email).count() > 0 {
            throw Problem(description: "A user with the email \(email) already exists")
        }
        let hash = try await app.hashPassword(password)
        let now = app.clock.now()
        return try await app.write(as: .system, at: now) { work in
            var organisation = try await Organisation.query(on: work.db).filter(\.$name == organisationName).first()
            if organisation == nil {
                let created = Organisation(name: organisationName, kind: organisationKind, at: now)
                try await work.insert(created, "Added organisation \(organisationName) from the command line")
                organisation = created
            }
            let user = User(
                email: email, displayName: name, passwordHash: hash,
                organisationID: try organisation!.requireID(), at: now)
            try await UserWrites.insert(
                user, roles: roles, summary: "Added user \(email) from the command line", in: work)
            return try user.requireID()
        }
    }

    /// Makes sure someone can sign in after `serve`:
    /// - with TANDEM_ADMIN_EMAIL and TANDEM_ADMIN_PASSWORD set, that administrator
    ///   exists (created if no user has that email);
    /// - otherwise, if there are no users at all, `admin@tandem.local` is created
    ///   with a random password printed once.
    static func ensureAdministrator(_ app: Application, print: (String) -> Void) async throws {
        let settings = app.settings
        let organisationName =
            try await Organisation.query(on: app.db).filter(\.$active == true).sort(\.$createdAt).sort(\.$name).first()?
            .name
            ?? "Tandem administration"
        if let email = settings.adminEmail, let password = settings.adminPassword {
            guard try await User.query(on: app.db).filter(\.$email == email.lowercased()).count() == 0 else { return }
            try await createUser(
                email: email, name: "Administrator", roles: [.administrator], organisationName: organisationName,
                password: password, on: app)
            print("Created administrator \(email.lowercased()) from TANDEM_ADMIN_EMAIL.")
            return
        }
        guard try await User.query(on: app.db).count() == 0 else { return }
        let password = Tokens.readablePassword()
        try await createUser(
            email: "admin@tandem.local", name: "Administrator", roles: [.administrator],
            organisationName: organisationName, password: password, on: app)
        print(
            """
            Created the first administrator. Sign in and change this password; it is shown only once.
              email:    admin@tandem.local
              password: \(password)
            """)
    }
}
