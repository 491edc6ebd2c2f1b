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
    var demoAccounts: [DemoAccount]
    var demoPassword: String?
    /// Where the form posts.
    var action = SiteURL.signIn.path

    static func make(for request: Request, form: FormState, notice: String? = nil, next: String?) -> SignInPage {
        let demo = request.application.settings.demoMode
        return SignInPage(
            layout: request.layout(title: form.isValid ? "Sign in" : "Error: Sign in"),
            form: form,
            notice: notice,
            next: next,
            demoAccounts: demo
                ? DemoData.accounts.map {
                    .init(email: $0.email, description: "\($0.name), \($0.roleSummary), \($0.organisation)")
                } : [],
            demoPassword: demo ? DemoData.password : nil
        )
    }
}
