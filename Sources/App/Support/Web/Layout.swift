import TandemCore
import Vapor

/// What every page's layout needs: title, the signed-in user, navigation the
/// user may follow (asked of the policy), the CSRF token and any flash message.
struct LayoutContext: Encodable, Sendable {
    struct UserBadge: Encodable, Sendable {
        var name: String
        var organisation: String
    }

    struct NavLink: Encodable, Sendable {
        var href: String
        var label: String
        var current: Bool
    }

    var pageTitle: String
    var user: UserBadge?
    var nav: [NavLink]
    var csrfToken: String
    var flash: String?
    var demoMode: Bool
}

extension Request {
    func layout(title: String, section: String? = nil) -> LayoutContext {
        var nav: [LayoutContext.NavLink] = []
        if let user = currentUser {
            var candidates: [(String, String, String, Action)] = [("/", "Home", "home", .viewHome)]
            candidates.append(("/cases/mine", "My cases", "mine", .viewOwnQueue))
            candidates.append(("/triage", "Triage", "triage", .triageReports))
            candidates.append(("/cases/unallocated", "Unallocated", "unallocated", .allocateCases))
            candidates.append(("/oversight", "Oversight", "oversight", .overseeCases))
            candidates.append(("/cases", "All cases", "cases", .listCases))
            candidates.append(("/people", "People", "people", .findPeople))
            candidates.append(("/legal", "Legal register", "legal", .viewLegalRegister))
            candidates.append(("/reports", "Reports", "reports", .viewReports))
            candidates.append(("/admin/categories", "Categories", "reference", .manageReferenceData))
            candidates.append(("/admin/wards", "Wards", "wards", .manageReferenceData))
            candidates.append(("/admin/response-policy", "Response policy", "policy", .manageReferenceData))
            candidates.append(("/admin/risk-matrix", "Risk matrix", "matrix", .manageReferenceData))
            candidates.append(("/admin/letters", "Letters", "letters", .manageReferenceData))
            candidates.append(("/admin/powers", "Legal powers", "powers", .manageReferenceData))
            candidates.append(("/admin/reporting", "Closure and reporting", "reporting", .manageReferenceData))
            candidates.append(("/admin/users", "Users", "users", .manageUsers))
            candidates.append(("/admin/organisations", "Organisations", "organisations", .manageOrganisations))
            candidates.append(("/audit", "Audit trail", "audit", .readAuditTrail))
            candidates.append(("/account/password", "Your account", "account", .changeOwnPassword))
            nav = candidates.compactMap { href, label, key, action in
                AccessPolicy.decide(action, for: user.actor) == .allow
                    ? .init(href: href, label: label, current: key == section) : nil
            }
        }
        return LayoutContext(
            pageTitle: title,
            user: currentUser.map { .init(name: $0.displayName, organisation: $0.organisationName) },
            nav: nav,
            csrfToken: csrfToken,
            flash: flash,
            demoMode: application.settings.demoMode
        )
    }
}

/// The friendly error page.
enum ErrorPage {
    struct Page: Encodable {
        var layout: LayoutContext
        var status: Int
        var heading: String
        var message: String
    }

    static func render(status: HTTPStatus, message: String, for request: Request) async throws -> Response {
        let heading: String
        switch status {
        case .notFound: heading = "Page not found"
        case .forbidden: heading = "You do not have access to this"
        case .payloadTooLarge: heading = "Too much information sent"
        case .tooManyRequests: heading = "Too many attempts"
        case .internalServerError: heading = "Sorry, there is a problem with the service"
        default: heading = "There is a problem"
        }
        let page = Page(
            layout: request.layout(title: heading), status: Int(status.code), heading: heading, message: message)
        do {
            let response = try await request.view.render("errors/error", page).encodeResponse(for: request)
            response.status = status
            return response
        } catch {
            // The template itself failed: answer plainly rather than not at all.
            let response = Response(status: status, body: .init(string: "\(heading). \(message)"))
            response.headers.contentType = .plainText
            return response
        }
    }
}
