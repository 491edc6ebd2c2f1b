import Fluent
import TandemCore
import Vapor

/// Sign-in and sign-out.
struct SignInController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.signIn, use: show)
        routes.post(.signIn, use: signIn)
        routes.post(.signOut, use: signOut)
    }

    struct SignInForm: Content {
        var email: String?
        var password: String?
        var next: String?
    }

    @Sendable
    func show(request: Request) async throws -> Response {
        if request.currentUser != nil { return request.redirect(to: SiteURL.home) }
        let notice = (try? request.query.get(String.self, at: "expired")) == "1" ? SignInPage.expiredNotice : nil
        let next = SafeRedirect.path((try? request.query.get(String.self, at: "next")) ?? nil)
        return try await render(
            SignInPage.make(for: request, form: FormState(), notice: notice, next: next), on: request)
    }

    @Sendable
    func signIn(request: Request) async throws -> Response {
        let input = (try? request.content.decode(SignInForm.self)) ?? SignInForm()
        let email = TextRules.clean(input.email).lowercased()
        let password = input.password ?? ""
        let next = SafeRedirect.path(input.next)
        let resume = ResumableSubmission.Carried.from(request).flatMap(ResumableSubmission.init)
        var form = FormState(values: ["email": String(email.prefix(254))])
        if email.isEmpty { form.add("email", "Enter your email address") }
        if password.isEmpty { form.add("password", "Enter your password") }
        if email.count > 254 || password.utf8.count > 1024 {
            form.add("email", "Enter a valid email address and password")
        }
        guard form.isValid else {
            return try await render(
                SignInPage.make(for: request, form: form, next: next, resume: resume), on: request, status: .badRequest)
        }

        let guardian = SignInGuard(request: request)
        if let until = try await guardian.lockedUntil(email: email) {
            let minutes = max(1, Int((until.timeIntervalSince(request.now) / 60).rounded(.up)))
            form.add(
                "email", "Too many failed attempts. Wait \(minutes) minute\(minutes == 1 ? "" : "s") and try again.")
            return try await render(
                SignInPage.make(for: request, form: form, next: next, resume: resume), on: request,
                status: .tooManyRequests)
        }

        let delay = try await guardian.addressDelay()
        if delay > 0 { try await Task.sleep(for: .seconds(delay)) }

        let user = try await User.query(on: request.db).filter(\.$email == email)
            .with(\.$organisation).first()
        let matches = try await request.application.verifyPassword(
            password, hash: user?.passwordHash ?? request.application.decoyPasswordHash)
        guard let user, matches, user.active, user.organisation.active else {
            try await guardian.recordFailure(email: email, user: user)
            // One message for every failure, so the page never confirms which emails have accounts.
            form.add("email", "The email address or password is not right")
            return try await render(
                SignInPage.make(for: request, form: form, next: next, resume: resume), on: request,
                status: .unauthorized)
        }
        return try await startSession(for: user, request: request, next: next ?? SiteURL.home.path, resume: resume)
    }

    /// Issues a brand-new session id at every sign-in, so an id planted before
    /// sign-in is worthless (no session fixation).
    private func startSession(
        for user: User, request: Request, next: String, resume: ResumableSubmission?
    ) async throws -> Response {
        let token = Tokens.random()
        let now = request.now
        let userID = try user.requireID()
        let address = request.clientAddress
        let previousToken = request.cookies[SessionMiddleware.cookieName]?.string
        let actor = AuditActor(
            userID: userID, email: user.email, organisationID: user.$organisation.id, address: address)
        let email = user.email
        let csrfToken = Tokens.random()
        // No one is signed in on this request yet, so the event names the user who just proved who they are.
        try await request.write { work in
            if let previousToken {
                try await UserSession.query(on: work.db).filter(\.$tokenHash == Tokens.sha256Hex(previousToken))
                    .delete()
            }
            try await UserSession(
                tokenHash: Tokens.sha256Hex(token), userID: userID, csrfToken: csrfToken,
                address: address, at: now
            ).create(on: work.db)
            try await SignInAttempt(email: email, address: address, at: now, succeeded: true).create(on: work.db)
            try await work.by(actor).record(
                AuditEntry(action: .signIn, recordType: .user, recordID: userID.uuidString, summary: "Signed in"))
        }
        let response: Response
        // Offered only to the person whose session it was sent in, and only as it was sealed.
        if let resume, resume.isSealed(for: userID, now: now, with: request.application.emailSeal) {
            // Nothing is sent for them: they see what they typed and choose to send it.
            let page = ResumePage(
                layout: request.layout(title: "Send what you typed"), resume: resume,
                shown: resume.fields.filter { $0.label != nil }, formName: resume.formName, csrfToken: csrfToken)
            response = try await request.view.render("accounts/resume", page).encodeResponse(for: request)
        } else {
            response = request.redirect(to: next, redirectType: .normal)
        }
        response.cookies[SessionMiddleware.cookieName] = request.sessionCookie(token)
        return response
    }

    @Sendable
    func signOut(request: Request) async throws -> Response {
        if let user = request.currentUser {
            try await request.write { work in
                try await UserSession.query(on: work.db).filter(\.$id == user.sessionID).delete()
                try await work.record(
                    AuditEntry(
                        action: .signOut, recordType: .user, recordID: user.id.uuidString, summary: "Signed out"))
            }
        }
        let response = request.redirect(to: SiteURL.signIn.path, flash: .signedOut)
        response.cookies[SessionMiddleware.cookieName] = request.sessionCookie("", expired: true)
        return response
    }

    private func render(_ page: SignInPage, on request: Request, status: HTTPStatus = .ok) async throws -> Response {
        let response = try await request.view.render("accounts/sign-in", page).encodeResponse(for: request)
        response.status = status
        return response
    }
}

/// Applies `SignInThrottle` to the recorded attempts for an account and an address.
struct SignInGuard {
    let request: Request

    func lockedUntil(email: String) async throws -> Date? {
        let throttle = request.application.settings.throttle
        let now = request.now
        let since = throttle.windowStart(at: now)
        let byAccount = try await SignInAttempt.query(on: request.db)
            .filter(\.$email == email).filter(\.$attemptedAt > since)
            .sort(\.$attemptedAt, .descending).limit(200).all()
        let lastSuccess = byAccount.filter(\.succeeded).map(\.attemptedAt).max()
        let accountLock = throttle.lockedUntil(
            failures: byAccount.filter { !$0.succeeded }.map(\.attemptedAt),
            limit: throttle.maxFailuresPerAccount, clearedAt: lastSuccess, now: now)
        return accountLock
    }

    /// How long this address's attempt is held before it is answered (see `SignInThrottle`).
    func addressDelay() async throws -> TimeInterval {
        let throttle = request.application.settings.throttle
        let failures = try await SignInAttempt.query(on: request.db)
            .filter(\.$address == request.clientAddress).filter(\.$attemptedAt > throttle.windowStart(at: request.now))
            .filter(\.$succeeded == false)
            .sort(\.$attemptedAt, .descending).limit(200).all(\.$attemptedAt)
        return throttle.addressDelay(failures: failures, now: request.now)
    }

    func recordFailure(email: String, user: User?) async throws {
        let actor = AuditActor(
            userID: nil, email: String(email.prefix(254)), organisationID: nil, address: request.clientAddress)
        let address = request.clientAddress
        let userID = user?.id
        // The event names the email that was tried, not a signed-in user: there is none.
        try await request.write { work in
            try await SignInAttempt(
                email: String(email.prefix(254)), address: address, at: work.now, succeeded: false
            ).create(on: work.db)
            try await work.by(actor).record(
                AuditEntry(
                    action: .signInFailed, recordType: .user, recordID: userID?.uuidString,
                    summary: "Failed sign-in"))
        }
    }
}
