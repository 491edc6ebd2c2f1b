import Foundation
import TandemCore
import Vapor

/// `tandem users create --email E --name N --role R --organisation O [--password-stdin]`
struct UsersCommand: AsyncCommandGroup {
    var help: String { "Manage user accounts." }
    var commands: [String: any AnyAsyncCommand] { ["create": CreateUserCommand()] }
}

struct CreateUserCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "email", help: "The user's email address (their sign-in name).")
        var email: String?

        @Option(name: "name", help: "The user's full name.")
        var name: String?

        @Option(
            name: "role",
            help: "One or more roles, comma-separated: \(Role.allCases.map(\.rawValue).joined(separator: ", ")).")
        var role: String?

        @Option(name: "organisation", help: "The organisation's name; created if no organisation has it.")
        var organisation: String?

        @Option(
            name: "organisation-kind",
            help: "Kind for a new organisation: \(OrganisationKind.allCases.map(\.rawValue).joined(separator: ", ")).")
        var organisationKind: String?

        @Flag(name: "password-stdin", help: "Read the password from standard input instead of a prompt.")
        var passwordStdin: Bool

        init() {}
    }

    var help: String { "Creates a user who can sign in." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let email = signature.email, let name = signature.name, let roleText = signature.role,
            let organisation = signature.organisation
        else {
            throw AccountService.Problem(description: "Give --email, --name, --role and --organisation")
        }
        var roles: [Role] = []
        for raw in roleText.split(separator: ",") {
            let value = raw.trimmingCharacters(in: .whitespaces)
            guard let role = Role(rawValue: value) else {
                throw AccountService.Problem(
                    description:
                        "Unknown role \(value). Roles: \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            roles.append(role)
        }
        var kind = OrganisationKind.other
        if let kindText = signature.organisationKind {
            guard let parsed = OrganisationKind(rawValue: kindText) else {
                throw AccountService.Problem(description: "Unknown organisation kind \(kindText)")
            }
            kind = parsed
        }
        let password: String
        if signature.passwordStdin {
            password = readLine(strippingNewline: true) ?? ""
        } else {
            context.console.output("Password: ", newLine: false)
            password = context.console.input(isSecure: true)
        }
        try await context.application.migrateTandem()
        try await AccountService.createUser(
            email: email, name: name, roles: roles, organisationName: organisation, organisationKind: kind,
            password: password, on: context.application)
        context.console.print("Created \(email.lowercased()).")
    }
}

/// `tandem audit verify`: walks the hash chain; exits non-zero naming the first bad event.
struct AuditCommand: AsyncCommandGroup {
    var help: String { "Check the audit trail." }
    var commands: [String: any AnyAsyncCommand] { ["verify": VerifyAuditCommand()] }
}

struct VerifyAuditCommand: AsyncCommand {
    struct Signature: CommandSignature {}

    struct ChainBroken: Error, CustomStringConvertible {
        let description: String
    }

    var help: String { "Verifies the audit trail's hash chain." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let outcome = try await AuditVerifier.verify(on: context.application.db)
        if let failure = outcome.failure {
            throw ChainBroken(
                description:
                    "Audit trail does not verify: event \(failure.sequence) fails because \(failure.reason). \(outcome.checked) events before it are intact."
            )
        }
        context.console.print("Audit trail verified: \(outcome.checked) events, chain intact.")
        // Disposal under the retention schedule is not tampering: each disposed event is named with its rule.
        for line in outcome.disposed {
            context.console.print("  \(line.count) events' personal content disposed of under rule \(line.rule)")
        }
    }
}
