import Fluent
import Foundation
import TandemCore
import Vapor

/// One data subject request: identity, the extension, gathering the bundle, each redaction decision with its
/// reason, the reviewer's sign-off, the release and its download; for rectification and erasure, the outcome
/// (issue 23, item 3). Another organisation's request is not found.
struct SubjectAccessRequestController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.subjectAccessRequest(.key), use: show)
        routes.post(.subjectAccessRequest(.key, .identity), use: identity)
        routes.post(.subjectAccessRequest(.key, .extend), use: extend)
        routes.post(.subjectAccessRequest(.key, .gather), use: gather)
        routes.post(.subjectAccessRequest(.key, .redaction(.key)), use: decide)
        routes.post(.subjectAccessRequest(.key, .signOff), use: signOff)
        routes.post(.subjectAccessRequest(.key, .release), use: release)
        routes.get(.subjectAccessRequest(.key, .bundle), use: bundle)
        routes.post(.subjectAccessRequest(.key, .outcome), use: outcome)
    }

    private func find(_ request: Request, user: CurrentUser) async throws -> SubjectAccessRequest {
        guard let id = request.parameters.get("requestID", as: UUID.self),
            let found = try await SubjectAccessRequest.query(on: request.db).filter(\.$id == id)
                .filter(\.$organisation.$id == user.organisationID).with(\.$signedOffBy).with(\.$releasedBy).first()
        else { throw Abort(.notFound) }
        return found
    }

    private func back(_ request: Request, _ record: SubjectAccessRequest, _ flash: FlashMessage) throws -> Response {
        request.redirect(to: SiteURL.subjectAccessRequest(.value(try record.requireID())).path, flash: flash)
    }

    @Sendable
    func show(request: Request) async throws -> Response {
        let user = try request.authorize(.manageSubjectAccess)
        return try await SubjectAccessPage.render(request, try await find(request, user: user), form: FormState())
    }

    struct Fields: Content {
        var identityMethod: String?
        var identityConfirmedOn: String?
        var reason: String?
        var toldOn: String?
        var decision: String?
        var method: String?
        var outcome: String?
        var confirm: String?

        enum CodingKeys: String, CodingKey {
            case reason, decision, method, outcome, confirm
            case identityMethod = "identity_method"
            case identityConfirmedOn = "identity_confirmed_on"
            case toldOn = "told_on"
        }
    }

    private func fields(_ request: Request) -> Fields { (try? request.content.decode(Fields.self)) ?? Fields() }

    @Sendable
    func identity(request: Request) async throws -> Response {
        let user = try request.authorize(.manageSubjectAccess)
        let record = try await find(request, user: user)
        let input = fields(request)
        let method = TextRules.clean(input.identityMethod)
        let text = TextRules.clean(input.identityConfirmedOn)
        var form = FormState()
        form.keep(["identity_method": method, "identity_confirmed_on": text])
        if record.identityConfirmedOn != nil { form.add("identity_method", "Identity has already been confirmed") }
        if let problem = TextRules.problem(method, label: "how identity was checked", max: 500) {
            form.add("identity_method", problem)
        }
        let confirmed = CivilDate(iso: text)
        if confirmed == nil {
            form.add("identity_confirmed_on", "Enter the date identity was confirmed as a real date, like 2026-11-24")
        } else if let confirmed, confirmed < record.receivedOn || confirmed > ReportDay.today(request) {
            form.add(
                "identity_confirmed_on", "Identity is confirmed on or after the day received, and not in the future")
        }
        guard form.isValid, let confirmed else {
            return try await SubjectAccessPage.render(request, record, form: form, status: .badRequest)
        }
        record.identityMethod = method
        record.identityConfirmedOn = confirmed
        record.status = .open
        try await request.write { work in try await work.update(record, "Identity confirmed for \(record.reference)") }
        return try back(request, record, .requestUpdated)
    }

    @Sendable
    func extend(request: Request) async throws -> Response {
        let user = try request.authorize(.manageSubjectAccess)
        let record = try await find(request, user: user)
        let input = fields(request)
        let reason = TextRules.clean(input.reason)
        let text = TextRules.clean(input.toldOn)
        var form = FormState()
        form.keep(["reason": reason, "told_on": text])
        let calendar = try await IntakePolicy.load(on: request.db).calendar
        if record.extensionReason != nil { form.add("reason", "The request has already been extended") }
        if record.kind != .access { form.add("reason", "Only a subject access request is extended this way") }
        if record.identityConfirmedOn == nil { form.add("reason", "Confirm the requester's identity first") }
        if let problem = TextRules.multilineProblem(
            reason, label: "why the request is complex", required: false, max: 2000)
        {
            form.add("reason", problem)
        }
        let told = CivilDate(iso: text)
        if !text.isEmpty && told == nil { form.add("told_on", "Enter the date they were told as a real date") }
        for problem in SubjectAccessRules.extensionProblems(
            reason: reason, toldOn: told, startingOn: record.startsOn, calendar: calendar)
        {
            form.add(problem.hasPrefix("Say why") ? "reason" : "told_on", problem)
        }
        guard form.isValid, let told else {
            return try await SubjectAccessPage.render(request, record, form: form, status: .badRequest)
        }
        record.extensionReason = reason
        record.extensionToldOn = told
        try await request.write { work in
            try await work.update(record, "Extended \(record.reference) by two months")
        }
        return try back(request, record, .requestUpdated)
    }

    @Sendable
    func gather(request: Request) async throws -> Response {
        let user = try request.authorize(.manageSubjectAccess)
        let record = try await find(request, user: user)
        var form = FormState()
        if record.kind != .access { form.add("gather", "Only a subject access request has a bundle") }
        if record.identityConfirmedOn == nil {
            form.add("gather", "Confirm the requester's identity before gathering their data")
        }
        if record.status == .released { form.add("gather", "This bundle has already been released") }
        guard form.isValid else {
            return try await SubjectAccessPage.render(request, record, form: form, status: .badRequest)
        }
        try await request.write { work in try await SubjectAccessGathering.gather(record, in: work) }
        return try back(request, record, .bundleGathered)
    }

    @Sendable
    func decide(request: Request) async throws -> Response {
        let user = try request.authorize(.manageSubjectAccess)
        let record = try await find(request, user: user)
        guard let id = request.parameters.get("redactionID", as: UUID.self),
            let row = try await SubjectAccessRedaction.query(on: request.db).filter(\.$id == id)
                .filter(\.$request.$id == record.requireID()).first()
        else { throw Abort(.notFound) }
        let input = fields(request)
        let field = "reason_\(id.uuidString.prefix(8))"
        let reason = TextRules.clean(input.reason)
        var form = FormState()
        form.values[field] = String(reason.prefix(2000))
        let withhold = input.decision == "withhold"
        if input.decision != "withhold" && input.decision != "release" {
            form.add(field, "Choose to withhold or release it")
        }
        if record.status == .released { form.add(field, "This bundle has already been released") }
        if let problem = TextRules.multilineProblem(
            reason, label: "the reason for the decision", required: true, max: 2000)
        {
            form.add(field, problem)
        }
        // Answered as the bundle is: as to a respondent when they are one on any of its cases.
        let answeredAs = try await SubjectAccessBundle.gather(record, on: request.db).requesterRole
        if !withhold, let detail = DisclosedDetail(stored: row.detail) {
            for problem in RedactionRules.liftProblems(detail, requester: answeredAs, reason: reason)
            where !problem.hasPrefix("Say why") {
                form.add(field, problem)
            }
        }
        guard form.isValid else {
            return try await SubjectAccessPage.render(request, record, form: form, status: .badRequest)
        }
        row.redacted = withhold
        row.reason = reason
        row.decidedAt = request.now
        row.$decidedBy.id = user.id
        let wasSignedOff = record.signedOffAt != nil
        try await request.write { work in
            try await work.update(row, (withhold ? "Withheld" : "Released") + " a detail of \(record.reference)")
            // A change after sign-off needs signing off again.
            if wasSignedOff {
                record.signedOffAt = nil
                record.$signedOffBy.id = nil
                record.status = .inReview
                try await work.update(record, "Sign-off of \(record.reference) withdrawn by a changed decision")
            }
        }
        return try back(request, record, .requestUpdated)
    }

    @Sendable
    func signOff(request: Request) async throws -> Response {
        let user = try request.authorize(.manageSubjectAccess)
        let record = try await find(request, user: user)
        var form = FormState()
        if record.status != .inReview { form.add("sign_off", "Gather the bundle and review it before signing it off") }
        if fields(request).confirm != "yes" {
            form.add("sign_off", "Confirm that you have reviewed every withheld and released detail")
        }
        guard form.isValid else {
            return try await SubjectAccessPage.render(request, record, form: form, status: .badRequest)
        }
        record.signedOffDigest = try await SubjectAccessPage.digest(record, on: request.db)
        record.signedOffAt = request.now
        record.$signedOffBy.id = user.id
        record.status = .signedOff
        try await request.write { work in try await work.update(record, "Signed off the bundle for \(record.reference)")
        }
        return try back(request, record, .bundleSignedOff)
    }

    @Sendable
    func release(request: Request) async throws -> Response {
        let user = try request.authorize(.manageSubjectAccess)
        let record = try await find(request, user: user)
        let method = TextRules.clean(fields(request).method)
        var form = FormState()
        form.values["method"] = String(method.prefix(200))
        if record.status != .signedOff || record.signedOffAt == nil {
            form.add("method", "A reviewer must sign the bundle off before it is released")
        } else if try await SubjectAccessPage.digest(record, on: request.db) != record.signedOffDigest {
            form.add("method", SubjectAccessPage.changedSinceSignOff)
        }
        if let problem = TextRules.problem(method, label: "how the bundle was given to the requester", max: 200) {
            form.add("method", problem)
        }
        guard form.isValid else {
            return try await SubjectAccessPage.render(request, record, form: form, status: .badRequest)
        }
        record.releasedAt = request.now
        record.$releasedBy.id = user.id
        record.releaseMethod = method
        record.status = .released
        try await request.write { work in try await work.update(record, "Released the bundle for \(record.reference)") }
        return try back(request, record, .bundleReleased)
    }

    /// The ZIP, once signed off: the copy to send.
    @Sendable
    func bundle(request: Request) async throws -> Response {
        let user = try request.authorize(.manageSubjectAccess)
        let record = try await find(request, user: user)
        // Offered between sign-off and release: once released, Tandem keeps the decisions and the digest of what was
        // sent, not a copy, and the records may since have changed.
        guard record.status == .signedOff else { throw Abort(.notFound) }
        let bundle = try await SubjectAccessBundle.gather(record, on: request.db)
        let decisions = try await SubjectAccessPage.decisions(record, on: request.db)
        // What is downloaded is what was signed off: records changed since need gathering and review again.
        guard
            SubjectAccessPage.digest(bundle, decisions: decisions, reference: record.reference)
                == record.signedOffDigest
        else { throw Abort(.conflict, reason: SubjectAccessPage.changedSinceSignOff) }
        let data = try bundle.zip(decisions: decisions, reference: record.reference)
        try await request.auditView(
            recordType: .subjectAccessRequest, recordID: try record.requireID().uuidString,
            summary: "Downloaded the bundle for \(record.reference)")
        let response = Response(status: .ok, body: .init(data: data))
        response.headers.contentType = HTTPMediaType(type: "application", subType: "zip")
        response.headers.replaceOrAdd(
            name: .contentDisposition, value: "attachment; filename=\"\(record.reference).zip\"")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    @Sendable
    func outcome(request: Request) async throws -> Response {
        let user = try request.authorize(.manageSubjectAccess)
        let record = try await find(request, user: user)
        let text = TextRules.clean(fields(request).outcome)
        var form = FormState()
        form.values["outcome"] = String(text.prefix(5000))
        if record.kind == .access {
            form.add("outcome", "A subject access request is answered by releasing its bundle")
        }
        if record.status == .decided { form.add("outcome", "The outcome has already been recorded") }
        if record.identityConfirmedOn == nil { form.add("outcome", "Confirm the requester's identity first") }
        if let problem = TextRules.multilineProblem(text, label: "the outcome and why", required: true, max: 5000) {
            form.add("outcome", problem)
        }
        guard form.isValid else {
            return try await SubjectAccessPage.render(request, record, form: form, status: .badRequest)
        }
        record.outcome = text
        record.outcomeOn = ReportDay.today(request)
        record.status = .decided
        try await request.write { work in try await work.update(record, "Outcome recorded for \(record.reference)") }
        return try back(request, record, .requestUpdated)
    }
}
