import Vapor

struct SignInPage: Encodable {
    struct DemoAccount: Encodable {
        var email: String
        var description: String
    }

    var layout: LayoutContext
    var form: FormState
    var notice: String?
    var next: String?
    /// A form sent after the session expired, carried through sign-in (issue 20, item 6).
    var resume: ResumableSubmission?
    var demoAccounts: [DemoAccount]
    var demoPassword: String?
    /// Where the form posts.
    var action = SiteURL.signIn.path

    static func make(
        for request: Request, form: FormState, notice: String? = nil, next: String?,
        resume: ResumableSubmission? = nil
    ) -> SignInPage {
        let demo = request.application.settings.demoMode
        return SignInPage(
            layout: request.layout(title: form.isValid ? "Sign in" : "Error: Sign in"),
            form: form,
            notice: notice,
            next: next,
            resume: resume,
            demoAccounts: demo
                ? DemoData.accounts.map {
                    .init(email: $0.email, description: "\($0.name), \($0.roleSummary), \($0.organisation)")
                } : [],
            demoPassword: demo ? DemoData.password : nil
        )
    }
}

/// After signing in again, the form that was sent when the session had expired, to send now or leave.
struct ResumePage: Encodable {
    var layout: LayoutContext
    var resume: ResumableSubmission
    var shown: [ResumableSubmission.Field]
    /// What the form was, and where it goes, so the person knows what they are sending.
    var formName: String
    var csrfToken: String
    var home = SiteURL.home.path
}

extension SignInPage {
    static let expiredNotice =
        "You were signed out because you had not used Tandem for a while. Sign in again to continue."
    static let keptNotice =
        "You were signed out because you had not used Tandem for a while, so what you sent has not been saved yet. "
        + "It has been kept: sign in again and you can check it and send it."

    /// The answer to a form sent after its session expired: the sign-in page, carrying the form.
    static func resumeResponse(_ resume: ResumableSubmission, for request: Request) async throws -> Response {
        let page = make(for: request, form: FormState(), notice: keptNotice, next: nil, resume: resume)
        let response = try await request.view.render("accounts/sign-in", page).encodeResponse(for: request)
        response.status = .unauthorized
        response.cookies[SessionMiddleware.cookieName] = request.sessionCookie("", expired: true)
        if let fresh = request.freshAnonymousCSRFToken {
            response.cookies[CSRFMiddleware.anonymousCookie] = request.sessionCookie(fresh)
        }
        return response
    }
}
