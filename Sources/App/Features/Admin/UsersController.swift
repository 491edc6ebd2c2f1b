import Fluent
import TandemCore
import Vapor

/// Administrators create users, change their roles, reset passwords and
/// deactivate accounts. A deactivated user cannot sign in; their history stays.
struct UsersController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.admin(.users), use: index)
        routes.get(.admin(.newUser), use: new)
        routes.post(.admin(.users), use: create)
        routes.get(.admin(.user(.key)), use: show)
        routes.post(.admin(.userRoles(.key)), use: changeRoles)
        routes.post(.admin(.deactivateUser(.key)), use: deactivate)
        routes.post(.admin(.reactivateUser(.key)), use: reactivate)
        routes.post(.admin(.resetPassword(.key)), use: resetPassword)
    }

    struct Row: Encodable {
        var href: String
        var name: String
        var email: String
        var organisation: String
        var roles: String
        var active: Bool
    }

    struct ListPage: Encodable {
        var layout: LayoutContext
        var users: [Row]
        var paging: Paging
        var pagingQuery = ""
        var newUserLink: String
    }

    struct Option: Encodable {
        var value: String
        var label: String
        var selected: Bool
    }

    struct NewPage: Encodable {
        var layout: LayoutContext
        var form: FormState
        var organisations: [Option]
        var roles: [Option]
        var action: String
    }

    struct ShowPage: Encodable {
        var layout: LayoutContext
        var form: FormState
        var user: Row
        var roles: [Option]
        var isSelf: Bool
        var links: UserLinks
    }

    /// The forms and links of one user's page.
    struct UserLinks: Encodable {
        var roles: String
        var resetPassword: String
        var deactivate: String
        var reactivate: String
        var audit: String
        var users: String

        init(_ userID: UUID) {
            roles = SiteURL.admin(.userRoles(.value(userID))).path
            resetPassword = SiteURL.admin(.resetPassword(.value(userID))).path
            deactivate = SiteURL.admin(.deactivateUser(.value(userID))).path
            reactivate = SiteURL.admin(.reactivateUser(.value(userID))).path
            audit = SiteURL.audit.path(query: [("record_type", "user"), ("record_id", userID.uuidString)])
            users = SiteURL.admin(.users).path
        }
    }

    struct PasswordIssuedPage: Encodable {
        var layout: LayoutContext
        var user: Row
        var password: String
    }

    struct NewUserForm: Content {
        var email: String?
        var name: String?
        var organisation: String?
        var roles: [String]?
    }

    struct RolesForm: Content {
        var roles: [String]?
    }

    @Sendable
    func index(request: Request) async throws -> View {
        try request.authorize(.manageUsers)
        var paging = Paging(page: try? request.query.get(Int.self, at: "page"), perPage: 50)
        let users = try await User.query(on: request.db)
            .with(\.$organisation).with(\.$roles)
            .sort(\.$displayName).sort(\.$email)
            .offset(paging.offset).limit(paging.perPage + 1).all()
        paging.hasNext = users.count > paging.perPage
        return try await request.view.render(
            "admin/users",
            ListPage(
                layout: request.layout(title: "Users", section: .users),
                users: try users.prefix(paging.perPage).map(Self.row), paging: paging,
                newUserLink: SiteURL.admin(.newUser).path))
    }

    @Sendable
    func new(request: Request) async throws -> View {
        try request.authorize(.manageUsers)
        return try await renderNew(request, form: FormState(), selectedRoles: [])
    }

    @Sendable
    func create(request: Request) async throws -> Response {
        try request.authorize(.manageUsers)
        let input = (try? request.content.decode(NewUserForm.self)) ?? NewUserForm()
        var form = FormState()
        let email = TextRules.clean(input.email).lowercased()
        let name = TextRules.clean(input.name)
        form.values = ["email": email, "name": name, "organisation": input.organisation ?? ""]
        if let problem = TextRules.emailProblem(email) {
            form.add("email", problem)
        } else if try await User.query(on: request.db).filter(\.$email == email).count() > 0 {
            form.add("email", "A user with this email address already exists")
        }
        if let problem = TextRules.problem(name, label: "the person's full name", max: 120) {
            form.add("name", problem)
        }
        let organisation =
            try await input.organisation.flatMap(UUID.init(uuidString:)).asyncMap {
                try await Organisation.find($0, on: request.db)
            } ?? nil
        if organisation == nil || organisation?.active == false {
            form.add("organisation", "Select an active organisation")
        }
        let roles = Self.roles(from: input.roles)
        if roles == nil || roles?.isEmpty == true { form.add("roles", "Select at least one role") }
        guard form.isValid, let organisation, let roles else {
            return try await renderNew(request, form: form, selectedRoles: Set(Self.roles(from: input.roles) ?? []))
                .encodeResponse(status: .badRequest, for: request)
        }
        let password = Tokens.readablePassword()
        let hash = try await request.application.hashPassword(password)
        let now = request.now
        let user = User(
            email: email, displayName: name, passwordHash: hash, organisationID: try organisation.requireID(), at: now)
        try await request.write { work in
            try await UserWrites.insert(user, roles: roles, summary: "Added user \(email)", in: work)
        }
        user.$organisation.value = organisation
        user.$roles.value = roles.map { UserRole(userID: user.id!, role: $0) }
        return try await passwordIssued(request, user: user, password: password)
    }

    @Sendable
    func show(request: Request) async throws -> View {
        try request.authorize(.manageUsers)
        let user = try await find(request)
        return try await renderShow(request, user: user, form: FormState())
    }

    @Sendable
    func changeRoles(request: Request) async throws -> Response {
        let current = try request.authorize(.manageUsers)
        let user = try await find(request)
        let input = (try? request.content.decode(RolesForm.self)) ?? RolesForm()
        var form = FormState()
        let roles = Self.roles(from: input.roles)
        if roles == nil || roles?.isEmpty == true {
            form.add("roles", "Select at least one role")
        } else if let roles,
            let refusal = AdministrationRules.checkRoles(Set(roles), forUser: try user.requireID(), by: current.actor)
        {
            form.add("roles", refusal.message)
        }
        guard form.isValid, let roles else {
            return try await renderShow(request, user: user, form: form).encodeResponse(
                status: .badRequest, for: request)
        }
        let before = Set(user.roles.map { $0.role })
        let userID = try user.requireID()
        guard before != Set(roles) else { return request.redirect(to: SiteURL.admin(.user(.value(userID)))) }
        let email = user.email
        try await request.write { work in
            // The roles as stored now, inside the transaction: the page's copy may be stale.
            let stored = try await UserRole.query(on: work.db).filter(\.$user.$id == userID).all().map(\.role)
            try await work.delete(UserRole.query(on: work.db).filter(\.$user.$id == userID)) {
                "Took the role \($0.role.label) from \(email)"
            }
            for role in roles.sorted() {
                try await work.insert(
                    UserRole(userID: userID, role: role), "Gave \(email) the role \(role.label)")
            }
            // The user's row is unchanged: the event records the roles by name, the fact the role rows hold.
            try await work.update(
                user, "Changed roles of \(email)", before: ["roles": UserWrites.roleList(stored)],
                after: ["roles": UserWrites.roleList(roles)])
        }
        return request.redirect(to: SiteURL.admin(.user(.value(userID))).path, flash: .rolesChanged)
    }

    @Sendable
    func deactivate(request: Request) async throws -> Response {
        let current = try request.authorize(.manageUsers)
        let user = try await find(request)
        if let refusal = AdministrationRules.checkDeactivation(ofUser: try user.requireID(), by: current.actor) {
            var form = FormState()
            form.add("deactivate", refusal.message)
            return try await renderShow(request, user: user, form: form).encodeResponse(
                status: .badRequest, for: request)
        }
        return try await setActive(false, user: user, request: request)
    }

    @Sendable
    func reactivate(request: Request) async throws -> Response {
        try request.authorize(.manageUsers)
        return try await setActive(true, user: try await find(request), request: request)
    }

    @Sendable
    func resetPassword(request: Request) async throws -> Response {
        try request.authorize(.manageUsers)
        let user = try await find(request)
        let password = Tokens.readablePassword()
        let hash = try await request.application.hashPassword(password)
        let userID = try user.requireID()
        try await request.write { work in
            let summary = "Reset password of \(user.email); their sessions signed out"
            user.passwordHash = hash
            user.updatedAt = work.now
            try await work.update(user, summary)
            try await UserSession.query(on: work.db).filter(\.$user.$id == userID).delete()
            // The hash is never in the trail, so the row's event cannot show the password changed: this one does.
            try await work.record(
                AuditEntry(
                    action: .passwordReset, recordType: .user, recordID: userID.uuidString, summary: summary,
                    changes: [FieldChange(field: "password", before: "[redacted]", after: "[redacted]")]))
        }
        return try await passwordIssued(request, user: user, password: password)
    }

    private func setActive(_ active: Bool, user: User, request: Request) async throws -> Response {
        let userID = try user.requireID()
        guard user.active != active else { return request.redirect(to: SiteURL.admin(.user(.value(userID)))) }
        user.active = active
        user.updatedAt = request.now
        try await request.write { work in
            try await work.update(user, "\(active ? "Reactivated" : "Deactivated") user \(user.email)")
            if !active {
                try await UserSession.query(on: work.db).filter(\.$user.$id == userID).delete()
            }
        }
        return request.redirect(
            to: SiteURL.admin(.user(.value(userID))).path, flash: active ? .userReactivated : .userDeactivated)
    }

    /// The one-off password is shown once, straight from the POST, and never stored.
    private func passwordIssued(_ request: Request, user: User, password: String) async throws -> Response {
        let page = PasswordIssuedPage(
            layout: request.layout(title: "Password for \(user.displayName)", section: .users),
            user: try Self.row(user), password: password)
        return try await request.view.render("admin/password-issued", page).encodeResponse(for: request)
    }

    private func find(_ request: Request) async throws -> User {
        guard let id = request.parameters.get("userID", as: UUID.self),
            let user = try await User.query(on: request.db).filter(\.$id == id)
                .with(\.$organisation).with(\.$roles).first()
        else { throw Abort(.notFound) }
        return user
    }

    private func renderNew(_ request: Request, form: FormState, selectedRoles: Set<Role>) async throws -> View {
        let organisations = try await Organisation.query(on: request.db).filter(\.$active == true).sort(\.$name).all()
        let title = "Add a user"
        return try await request.view.render(
            "admin/user-new",
            NewPage(
                layout: request.layout(title: form.isValid ? title : "Error: \(title)", section: .users),
                form: form,
                organisations: try organisations.map {
                    let id = try $0.requireID().uuidString
                    return Option(value: id, label: $0.name, selected: form.values["organisation"] == id)
                },
                roles: Self.roleOptions(selected: selectedRoles), action: SiteURL.admin(.users).path))
    }

    private func renderShow(_ request: Request, user: User, form: FormState) async throws -> View {
        let current = try request.requireUser()
        let row = try Self.row(user)
        return try await request.view.render(
            "admin/user",
            ShowPage(
                layout: request.layout(
                    title: form.isValid ? user.displayName : "Error: \(user.displayName)", section: .users),
                form: form, user: row,
                roles: Self.roleOptions(selected: Set(user.roles.map { $0.role })),
                isSelf: user.id == current.id, links: UserLinks(try user.requireID())))
    }

    static func roles(from values: [String]?) -> [Role]? {
        guard let values else { return [] }
        var roles: [Role] = []
        for value in values {
            guard let role = Role(rawValue: value) else { return nil }
            if !roles.contains(role) { roles.append(role) }
        }
        return roles
    }

    static func roleOptions(selected: Set<Role>) -> [Option] {
        Role.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: selected.contains($0)) }
    }

    static func row(_ user: User) throws -> Row {
        Row(
            href: SiteURL.admin(.user(.value(try user.requireID()))).path, name: user.displayName, email: user.email,
            organisation: user.$organisation.value?.name ?? "",
            roles: (user.$roles.value ?? []).map { $0.role }.sorted().map(\.label)
                .joined(separator: ", "),
            active: user.active)
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
