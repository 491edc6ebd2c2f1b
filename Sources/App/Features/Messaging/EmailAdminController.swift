import Fluent
import TandemCore
import Vapor

/// Administrators watch the email outbox: every message with its delivery (queued, sent, failed with the
/// server's answer), filter by status, try a failed one again, and send themselves a test (issue 20).
struct EmailAdminController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.admin(.emails), use: index)
        routes.post(.admin(.retryEmail(.key)), use: retry)
        routes.post(.admin(.testEmail), use: test)
    }

    struct Row: Encodable {
        var created: String
        var purpose: String
        var to: String
        var subject: String
        var status: String
        var failed: Bool
        var attempts: Int
        var detail: String?
        /// The case's reference only: an administrator does not open cases (404 for them).
        var caseReference: String?
        var retryAction: String?
    }

    struct Page: Encodable {
        var layout: LayoutContext
        var rows: [Row]
        var hasRows: Bool
        var statuses: [Choice]
        var configured: Bool
        var server: String?
        var paging: Paging
        var pagingQuery: String
        var testAction = SiteURL.admin(.testEmail).path
        var filterAction = SiteURL.admin(.emails).path
    }

    @Sendable
    func index(request: Request) async throws -> View {
        try request.authorize(.manageUsers)
        let status = (try? request.query.get(String.self, at: "status")).flatMap(EmailStatus.init(rawValue:))
        var paging = Paging(page: try? request.query.get(Int.self, at: "page"), perPage: 50)
        var query = EmailMessage.query(on: request.db).with(\.$caseRecord)
        if let status { query = query.filter(\.$status == status) }
        let records = try await query.sort(\.$createdAt, .descending).sort(\.$id)
            .offset(paging.offset).limit(paging.perPage + 1).all()
        paging.hasNext = records.count > paging.perPage
        let smtp = request.application.settings.smtp
        let rows = try records.prefix(paging.perPage).map { message in
            let id = try message.requireID()
            return Row(
                created: DisplayDate.dayAndTime(message.createdAt), purpose: message.purpose.label,
                to: message.toAddress, subject: message.subject, status: message.status.label,
                failed: message.status == .failed, attempts: message.attempts,
                detail: Self.detail(message, configured: smtp != nil),
                caseReference: message.caseRecord?.reference,
                retryAction: message.status == .failed && message.purpose != .residentLink
                    ? SiteURL.admin(.retryEmail(.value(id))).path : nil)
        }
        let page = Page(
            layout: request.layout(title: "Email outbox", section: .emails), rows: rows, hasRows: !rows.isEmpty,
            statuses: [Choice(value: "", label: "Any status", selected: status == nil)]
                + EmailStatus.allCases.map {
                    Choice(value: $0.rawValue, label: $0.label, selected: $0 == status)
                },
            configured: smtp != nil, server: smtp.map { "\($0.host):\($0.port) (\($0.security.rawValue))" },
            paging: paging, pagingQuery: status.map { "status=\($0.rawValue)&" } ?? "")
        return try await request.view.render("admin/emails", page)
    }

    /// What the outbox says about a message besides its status.
    static func detail(_ message: EmailMessage, configured: Bool) -> String? {
        switch message.status {
        case .sent: message.sentAt.map { "Sent \(DisplayDate.dayAndTime($0))" }
        case .failed: message.lastError.map { "The server said: \($0)" }
        case .queued where !configured: "Waiting: no mail server is configured"
        case .queued:
            message.lastError.map {
                "Trying again \(DisplayDate.dayAndTime(message.nextAttemptAt)); last answer: \($0)"
            }
        case .sending: "Being sent now"
        }
    }

    @Sendable
    func retry(request: Request) async throws -> Response {
        try request.authorize(.manageUsers)
        guard let id = request.parameters.get("emailID", as: UUID.self),
            let message = try await EmailMessage.find(id, on: request.db)
        else { throw Abort(.notFound) }
        if message.status == .failed {
            if message.purpose == .residentLink {
                // The sealed link and code were dropped when it failed: only a new link can reach the person.
                throw Abort(
                    .badRequest,
                    reason:
                        "A private link that failed cannot be sent again. Issue a new link from the case's Letters tab."
                )
            }
            try await request.write { work in try await EmailOutbox.retry(message, in: work) }
        }
        return request.redirect(to: SiteURL.admin(.emails).path, flash: .emailRetried)
    }

    @Sendable
    func test(request: Request) async throws -> Response {
        let user = try request.authorize(.manageUsers)
        let message = EmailMessage(
            purpose: .test, to: user.email, subject: "Tandem test message",
            body: "This is a test of Tandem's mail settings, sent at the request of \(user.displayName).",
            caseID: nil, at: request.now)
        message.$user.id = user.id
        try await request.write { work in
            try await EmailOutbox.queue(message, "Queued a test email to \(user.email)", in: work)
        }
        return request.redirect(to: SiteURL.admin(.emails).path, flash: .testEmailQueued)
    }
}
