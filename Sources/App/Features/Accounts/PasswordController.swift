import Fluent
import TandemCore
import Vapor

/// A signed-in user changes their own password.
struct PasswordController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.accountPassword, use: show)
        routes.post(.accountPassword, use: change)
    }

    struct Page: Encodable {
        var layout: LayoutContext
        var form: FormState
        var email: String
        var minimumLength: Int
        /// Where the form posts.
        var action = SiteURL.accountPassword.path
    }

    struct ChangeForm: Content {
        var currentPassword: String?
        var newPassword: String?
        var confirmPassword: String?

        enum CodingKeys: String, CodingKey {
            case currentPassword = "current_password"
            case newPassword = "new_password"
            case confirmPassword = "confirm_password"
        }
    }

    @Sendable
    func show(request: Request) async throws -> View {
        let user = try request.authorize(.changeOwnPassword)
        return try await request.view.render("accounts/password", page(request, user, FormState()))
    }

    @Sendable
    func change(request: Request) async throws -> Response {
        let current = try request.authorize(.changeOwnPassword)
        let input = (try? request.content.decode(ChangeForm.self)) ?? ChangeForm()
        var form = FormState()
        let old = input.currentPassword ?? ""
        let new = input.newPassword ?? ""
        if old.isEmpty { form.add("current_password", "Enter your current password") }
        if new.isEmpty {
            form.add("new_password", "Enter a new password")
        } else if let problem = PasswordPolicy.problem(with: new, email: current.email) {
            form.add("new_password", problem.message)
        } else if new != (input.confirmPassword ?? "") {
            form.add("confirm_password", "The passwords do not match")
        }
        guard let user = try await User.find(current.id, on: request.db) else { throw AuthenticationRequired() }
        if form.isValid, !(try await request.application.verifyPassword(old, hash: user.passwordHash)) {
            form.add("current_password", "Your current password is not right")
        }
        guard form.isValid else {
            let view = try await request.view.render("accounts/password", page(request, current, form))
            let response = try await view.encodeResponse(for: request)
            response.status = .badRequest
            return response
        }
        let hash = try await request.application.hashPassword(new)
        try await request.write { work in
            let summary = "Changed own password; other sessions signed out"
            user.passwordHash = hash
            user.updatedAt = work.now
            try await work.update(user, summary)
            // Other sessions may be on a device the person no longer trusts.
            try await UserSession.query(on: work.db)
                .filter(\.$user.$id == current.id).filter(\.$id != current.sessionID).delete()
            // The hash is never in the trail, so the row's event cannot show the password changed: this one does.
            try await work.record(
                AuditEntry(
                    action: .passwordChanged, recordType: .user, recordID: current.id.uuidString, summary: summary,
                    changes: [FieldChange(field: "password", before: "[redacted]", after: "[redacted]")]))
        }
        return request.redirect(to: SiteURL.home.path, flash: .passwordChanged)
    }

    private func page(_ request: Request, _ user: CurrentUser, _ form: FormState) -> Page {
        Page(
            layout: request.layout(
                title: form.isValid ? "Change your password" : "Error: Change your password", section: .account),
            form: form, email: user.email, minimumLength: PasswordPolicy.minimumLength)
    }
}
