import Fluent
import Foundation
import SQLKit
import TandemCore
import Vapor

/// `/subject-access`: the register of data subject requests, and the form that records a new one (issue 23, item 3).
/// The information governance lead (or an administrator) keeps it for their own organisation.
struct SubjectAccessController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.subjectAccess, use: register)
        routes.post(.subjectAccess, use: create)
    }

    struct Row: Encodable {
        var link: String
        var reference: String
        var kind: String
        var requester: String
        var role: String
        var received: String
        var due: String
        var overdue: Bool
        var status: String
    }

    struct Page: Encodable {
        var layout: LayoutContext
        var form: FormState
        var rows: [Row]
        var hasRows: Bool
        var paging: Paging
        var pagingQuery = ""
        var kinds: [Choice]
        var roles: [Choice]
        var action = SiteURL.subjectAccess.path
    }

    private func render(_ request: Request, user: CurrentUser, form: FormState, status: HTTPStatus = .ok)
        async throws -> Response
    {
        var paging = Paging(page: try? request.query.get(Int.self, at: "page"), perPage: 50)
        let requests = try await SubjectAccessRequest.query(on: request.db)
            .filter(\.$organisation.$id == user.organisationID).sort(\.$receivedOn, .descending)
            .sort(\.$reference, .descending).offset(paging.offset).limit(paging.perPage + 1).all()
        paging.hasNext = requests.count > paging.perPage
        let calendar = try await IntakePolicy.load(on: request.db).calendar
        let today = ReportDay.today(request)
        let rows = try requests.prefix(paging.perPage).map { item in
            let due = item.dueOn(calendar)
            let finished = item.status == .released || item.status == .decided
            return Row(
                link: SiteURL.subjectAccessRequest(.value(try item.requireID())).path, reference: item.reference,
                kind: item.kind.label, requester: item.requesterName, role: item.requesterRole.label,
                received: DisplayDate.civil(item.receivedOn), due: DisplayDate.civil(due),
                overdue: !finished && due < today, status: item.status.label)
        }
        if !rows.isEmpty {
            try await request.auditView(
                recordType: .subjectAccessRequest, recordID: user.organisationID.uuidString,
                summary: "Viewed the register of subject access requests")
        }
        let kind = form.values["kind"] ?? SubjectAccessRequest.Kind.access.rawValue
        let role = form.values["requester_role"] ?? ""
        let page = Page(
            layout: request.layout(
                title: (form.isValid ? "" : "Error: ") + "Subject access and other requests", section: .subjectAccess),
            form: form, rows: Array(rows), hasRows: !rows.isEmpty, paging: paging,
            kinds: SubjectAccessRequest.Kind.allCases.map {
                Choice(value: $0.rawValue, label: $0.label, selected: $0.rawValue == kind)
            },
            roles: RequesterRole.allCases.map {
                Choice(value: $0.rawValue, label: $0.label, selected: $0.rawValue == role)
            })
        return try await request.view.render("subject-access/index", page).encodeResponse(status: status, for: request)
    }

    @Sendable
    func register(request: Request) async throws -> Response {
        let user = try request.authorize(.manageSubjectAccess)
        return try await render(request, user: user, form: FormState())
    }

    struct Input: Content {
        var kind: String?
        var requesterName: String?
        var requesterRole: String?
        var caseReference: String?
        var details: String?
        var receivedOn: String?
        var identityMethod: String?
        var identityConfirmedOn: String?

        enum CodingKeys: String, CodingKey {
            case kind, details
            case requesterName = "requester_name"
            case requesterRole = "requester_role"
            case caseReference = "case_reference"
            case receivedOn = "received_on"
            case identityMethod = "identity_method"
            case identityConfirmedOn = "identity_confirmed_on"
        }
    }

    @Sendable
    func create(request: Request) async throws -> Response {
        let user = try request.authorize(.manageSubjectAccess)
        let input = (try? request.content.decode(Input.self)) ?? Input()
        var form = FormState()
        let name = TextRules.clean(input.requesterName)
        let reference = TextRules.clean(input.caseReference).uppercased()
        let details = TextRules.clean(input.details)
        let receivedText = TextRules.clean(input.receivedOn)
        let method = TextRules.clean(input.identityMethod)
        let confirmedText = TextRules.clean(input.identityConfirmedOn)
        form.keep([
            "kind": input.kind, "requester_name": name, "requester_role": input.requesterRole,
            "case_reference": reference, "details": details, "received_on": receivedText, "identity_method": method,
            "identity_confirmed_on": confirmedText,
        ])
        let kind = SubjectAccessRequest.Kind(rawValue: TextRules.clean(input.kind))
        if kind == nil { form.add("kind", "Choose what the person is asking for") }
        if let problem = TextRules.problem(name, label: "the requester's full name", max: 200) {
            form.add("requester_name", problem)
        }
        let role = RequesterRole(rawValue: TextRules.clean(input.requesterRole))
        if role == nil { form.add("requester_role", "Choose how the requester is involved") }
        var found: CaseRecord?
        var person: UUID?
        if let problem = TextRules.problem(reference, label: "the reference of a case they are on", max: 40) {
            form.add("case_reference", problem)
        } else {
            found = try await CaseRecord.query(on: request.db).filter(\.$reference == reference)
                .filter(\.$organisation.$id == user.organisationID).first()
            if let found {
                person = try await RetentionController.person(named: name, on: found, db: request.db)
                if person == nil && form.errors["requester_name"] == nil {
                    form.add(
                        "requester_name",
                        "No one called \(name) is on case \(found.reference): enter the name as recorded on the case")
                }
            } else {
                form.add("case_reference", "No case of your organisation has the reference \(reference)")
            }
        }
        if let problem = TextRules.multilineProblem(details, label: "what they asked for", required: true, max: 5000) {
            form.add("details", problem)
        }
        let today = ReportDay.today(request)
        let received = CivilDate(iso: receivedText)
        if receivedText.isEmpty {
            form.add("received_on", "Enter the date the request was received")
        } else if received == nil {
            form.add("received_on", "Enter the date received as a real date, like 2026-11-20")
        } else if let received, received > today {
            form.add("received_on", "The date received cannot be in the future")
        }
        if let problem = TextRules.problem(method, label: "how identity was checked", required: false, max: 500) {
            form.add("identity_method", problem)
        }
        var confirmed: CivilDate?
        if !confirmedText.isEmpty {
            confirmed = CivilDate(iso: confirmedText)
            if confirmed == nil {
                form.add("identity_confirmed_on", "Enter the date identity was confirmed as a real date")
            } else if let confirmed, let received, confirmed < received || confirmed > today {
                form.add(
                    "identity_confirmed_on", "Identity is confirmed on or after the day received, and not in the future"
                )
            }
            if method.isEmpty { form.add("identity_method", "Say how identity was checked") }
        }
        guard form.isValid, let kind, let role, let found, let person, let received else {
            return try await render(request, user: user, form: form, status: .badRequest)
        }
        let record = SubjectAccessRequest()
        record.$organisation.id = user.organisationID
        record.kind = kind
        record.requesterName = name
        record.requesterRole = role
        record.$person.id = person
        record.$caseRecord.id = try found.requireID()
        record.details = details
        record.receivedOn = received
        record.identityMethod = confirmed == nil ? nil : method
        record.identityConfirmedOn = confirmed
        record.status = confirmed == nil ? .awaitingIdentity : .open
        record.recordedAt = request.now
        record.$recordedBy.id = user.id
        let id = try await request.write { work in
            record.reference = try await Self.reference(year: received.year, on: work.db)
            try await work.insert(record, "Recorded \(kind.rawValue) request \(record.reference)")
            return try record.requireID()
        }
        return request.redirect(to: SiteURL.subjectAccessRequest(.value(id)).path, flash: .requestRecorded)
    }

    static func reference(year: Int, on db: any Database) async throws -> String {
        let number = try await ReferenceNumbers.next("SAR-\(year)", on: db)
        return "SAR-\(year)-" + String(repeating: "0", count: max(0, 4 - String(number).count)) + String(number)
    }
}
