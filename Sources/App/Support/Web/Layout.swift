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
    /// The header's links: the service name goes home, the sign-out form posts here.
    var homeHref: String = SiteURL.home.path
    var signOutAction: String = SiteURL.signOut.path
    /// The header's way to the user's notifications, with how many are unread (issue 20).
    var notificationsHref: String = SiteURL.notifications.path
    var unread: Int = 0
    var notificationsCurrent: Bool = false
    /// The header's search box, on every signed-in page, keeping what was searched for.
    var searchAction: String = SiteURL.search.path
    var searchQuery: String = ""
}

/// The part of Tandem a page belongs to: it marks the navigation link the page sits under.
enum Section: String, CaseIterable, Sendable {
    case home, partnership, referrals, mine, triage, unallocated, oversight, cases, panels, caseReviews, people, legal
    case reports, reference, wards, policy, matrix, letters, powers, reporting, agreements, panelsAdmin
    case caseReviewAdmin, retention, subjectAccess, users, organisations
    case emails, audit
    case account
    /// Closure candidates sit under no link of their own; notifications are reached from the header.
    case candidates, notifications, search

    /// The navigation link, and the policy action that decides who sees it.
    var link: (url: SiteURL, label: String, action: Action)? {
        switch self {
        case .home: (.home, "Home", .viewHome)
        case .partnership: (.partnerWork, "Our shared work", .viewPartnerWork)
        case .referrals: (.referralQueue, "Referrals to us", .viewReferralQueue)
        case .mine: (.myCases, "My cases", .viewOwnQueue)
        case .triage: (.triage, "Triage", .triageReports)
        case .unallocated: (.unallocated, "Unallocated", .allocateCases)
        case .oversight: (.oversight, "Oversight", .overseeCases)
        case .cases: (.cases, "All cases", .listCases)
        case .panels: (.panels, "Panels", .viewPanels)
        case .caseReviews: (.caseReviews, "Case Reviews", .openCaseReviews)
        case .people: (.people, "People", .findPeople)
        case .legal: (.legalRegister, "Legal register", .viewLegalRegister)
        case .reports: (.measures, "Reports", .viewReports)
        case .reference: (.admin(.categories), "Categories", .manageReferenceData)
        case .wards: (.admin(.wards), "Wards", .manageReferenceData)
        case .policy: (.admin(.responsePolicy), "Response policy", .manageReferenceData)
        case .matrix: (.admin(.riskMatrix), "Risk matrix", .manageReferenceData)
        case .letters: (.admin(.letterTemplates), "Letters", .manageReferenceData)
        case .powers: (.admin(.powers), "Legal powers", .manageReferenceData)
        case .reporting: (.admin(.reporting), "Closure and reporting", .manageReferenceData)
        case .agreements: (.admin(.agreements), "Sharing agreements", .manageSharingAgreements)
        case .panelsAdmin: (.admin(.panels), "Panels", .managePanels)
        case .caseReviewAdmin: (.admin(.caseReview), "Case Review", .manageCaseReviewArrangements)
        case .retention: (.admin(.retention), "Retention", .manageRetention)
        case .subjectAccess: (.subjectAccess, "Subject access", .manageSubjectAccess)
        case .users: (.admin(.users), "Users", .manageUsers)
        case .organisations: (.admin(.organisations), "Organisations", .manageOrganisations)
        case .emails: (.admin(.emails), "Email outbox", .manageUsers)
        case .audit: (.audit, "Audit trail", .readAuditTrail)
        case .account: (.accountPassword, "Your account", .changeOwnPassword)
        case .candidates, .notifications, .search: nil
        }
    }
}

extension Request {
    func layout(title: String, section: Section? = nil) -> LayoutContext {
        var nav: [LayoutContext.NavLink] = []
        if let user = currentUser {
            nav = Section.allCases.compactMap { candidate in
                guard let link = candidate.link, AccessPolicy.decide(link.action, for: user.actor) == .allow else {
                    return nil
                }
                return .init(href: link.url.path, label: link.label, current: candidate == section)
            }
        }
        return LayoutContext(
            pageTitle: title,
            user: currentUser.map { .init(name: $0.displayName, organisation: $0.organisationName) },
            nav: nav,
            csrfToken: csrfToken,
            flash: flash,
            demoMode: application.settings.demoMode,
            unread: currentUser?.unreadNotifications ?? 0,
            notificationsCurrent: section == .notifications
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
