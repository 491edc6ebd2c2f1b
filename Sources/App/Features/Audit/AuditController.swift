import Fluent
import TandemCore
import Vapor

/// Administrators and auditors search the audit trail by user, record and
/// date range. Read only: there is no route that changes an event.
struct AuditController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.audit, use: search)
        routes.get(.auditVerify, use: verify)
    }

    struct VerifyPage: Encodable {
        struct Disposed: Encodable {
            var rule: String
            var count: Int
        }

        var layout: LayoutContext
        var checked: Int
        var intact: Bool
        var failure: String?
        var disposed: [Disposed]
        var hasDisposed: Bool
        var back = SiteURL.audit.path
    }

    /// The whole chain checked from the first event, as `tandem audit verify` does (issue 23): content disposed of
    /// under the retention schedule is listed by rule, apart from any event that fails.
    @Sendable
    func verify(request: Request) async throws -> View {
        try request.authorize(.readAuditTrail)
        let outcome = try await AuditVerifier.verify(on: request.db)
        let page = VerifyPage(
            layout: request.layout(title: "Audit trail check", section: .audit), checked: outcome.checked,
            intact: outcome.failure == nil,
            failure: outcome.failure.map { "Event \($0.sequence) fails because \($0.reason)." },
            disposed: outcome.disposed.map { VerifyPage.Disposed(rule: $0.rule, count: $0.count) },
            hasDisposed: !outcome.disposed.isEmpty)
        return try await request.view.render("audit/verify", page)
    }

    struct Filters: Content {
        var user: String?
        var recordType: String?
        var recordID: String?
        var from: String?
        var to: String?
        var page: Int?

        enum CodingKeys: String, CodingKey {
            case user, from, to, page
            case recordType = "record_type"
            case recordID = "record_id"
        }
    }

    struct Row: Encodable {
        var sequence: Int64
        var when: String
        var who: String
        var address: String
        var action: String
        var recordType: String
        var recordID: String
        var summary: String
        var changes: [FieldChange]
    }

    struct Page: Encodable {
        var layout: LayoutContext
        var form: FormState
        var events: [Row]
        var hasEvents: Bool
        var paging: Paging
        /// The current filters, ready to prefix `page=` in paging links.
        var pagingQuery: String
        /// Where the filter form goes.
        var searchAction = SiteURL.audit.path
        var verifyLink = SiteURL.auditVerify.path
    }

    @Sendable
    func search(request: Request) async throws -> View {
        try request.authorize(.readAuditTrail)
        let filters = (try? request.query.decode(Filters.self)) ?? Filters()
        var form = FormState()
        let userText = TextRules.clean(filters.user).lowercased()
        let recordType = TextRules.clean(filters.recordType)
        let recordID = TextRules.clean(filters.recordID)
        let fromText = TextRules.clean(filters.from)
        let toText = TextRules.clean(filters.to)
        form.values = [
            "user": userText, "record_type": recordType, "record_id": recordID, "from": fromText, "to": toText,
        ]
        for (field, value) in [("user", userText), ("record_type", recordType), ("record_id", recordID)] {
            if let problem = TextRules.problem(value, label: "this filter", required: false, max: 254) {
                form.add(field, problem)
            }
        }
        let from = fromText.isEmpty ? nil : DisplayDate.parseDay(fromText)
        let to = toText.isEmpty ? nil : DisplayDate.parseDay(toText)
        if !fromText.isEmpty && from == nil { form.add("from", "Enter the start date as a real date") }
        if !toText.isEmpty && to == nil { form.add("to", "Enter the end date as a real date") }
        if let from, let to, to < from { form.add("to", "The end date must be on or after the start date") }

        var paging = Paging(page: filters.page, perPage: 50)
        var rows: [Row] = []
        if form.isValid {
            let query = AuditEvent.query(on: request.db)
            if !userText.isEmpty { query.filter(\.$actorEmail == userText) }
            if !recordType.isEmpty { query.filter(\.$recordType == recordType) }
            if !recordID.isEmpty { query.filter(\.$recordID == recordID) }
            if let from { query.filter(\.$occurredAt >= from) }
            if let to { query.filter(\.$occurredAt < to.addingTimeInterval(24 * 60 * 60)) }
            let events = try await query.sort(\.$sequence, .descending)
                .offset(paging.offset).limit(paging.perPage + 1).all()
            paging.hasNext = events.count > paging.perPage
            rows = events.prefix(paging.perPage).map { event in
                Row(
                    sequence: event.sequence,
                    when: DisplayDate.dayAndTime(event.occurredAt),
                    who: event.actorEmail ?? "system",
                    address: event.address ?? "",
                    action: event.action,
                    recordType: event.recordType,
                    recordID: event.recordID ?? "",
                    summary: event.summary,
                    changes: FieldChange.decode(event.changes))
            }
        }
        var components = URLComponents()
        components.queryItems = form.values.sorted { $0.key < $1.key }.filter { !$0.value.isEmpty }
            .map { URLQueryItem(name: $0.key, value: $0.value) }
        let page = Page(
            layout: request.layout(title: form.isValid ? "Audit trail" : "Error: Audit trail", section: .audit),
            form: form, events: rows, hasEvents: !rows.isEmpty, paging: paging,
            pagingQuery: components.percentEncodedQuery.map { $0.isEmpty ? "" : $0 + "&" } ?? "")
        return try await request.view.render("audit/index", page)
    }
}
