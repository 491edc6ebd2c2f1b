import Crypto
import Fluent
import Foundation
import TandemCore
import Vapor

/// The public report form (no sign-in) and the staff form for reports taken
/// by phone, letter, in person or by referral. Both end in the triage queue.
struct ReportsController: RouteCollection {
    static let limit = PublicReportLimit()

    func boot(routes: any RoutesBuilder) throws {
        routes.get(.publicReport, use: publicForm)
        routes.post(.publicReport, use: publicSubmit)
        routes.get(.publicReportReceived, use: publicReceived)
        routes.get(.newReport, use: staffForm)
        routes.post(.reports, use: staffSubmit)
    }

    struct FormPage: Encodable {
        var layout: LayoutContext
        var form: FormState
        var isStaff: Bool
        var action: String
        var reporterKinds: [Choice]
        var happeningNow: [Choice]
        var categories: [Choice]
        var strands: [Choice]
        var contactMethods: [Choice]
        var interpreterNeeded: Bool
        var hateIncident: Bool
        var channels: [Choice]
        var wards: [Choice]
        var risks: [Choice]
    }

    struct ReceivedPage: Encodable {
        var layout: LayoutContext
        var reference: String
        var anonymous: Bool
        var happeningNow: Bool
        /// "Make another report".
        var anotherHref = SiteURL.publicReport.path
    }

    @Sendable
    func publicForm(request: Request) async throws -> View {
        try request.authorizePublic(.submitPublicReport)
        return try await render(request, form: FormState(), input: ReportFormInput(), isStaff: false)
    }

    @Sendable
    func publicSubmit(request: Request) async throws -> Response {
        try request.authorizePublic(.submitPublicReport)
        let now = request.now
        guard let organisation = try await ReportWrites.publicIntakeOrganisation(on: request.db) else {
            return try await ErrorPage.render(
                status: .serviceUnavailable,
                message: "Online reporting is not available yet. Please phone the council's ASB team.", for: request)
        }
        let key = try await Self.submitterKey(request)
        if try await overLimit(key: key, now: now, on: request.db) {
            return try await ErrorPage.render(
                status: .tooManyRequests,
                message:
                    "We have received several reports from your connection recently. Please try again later, or phone us if it is urgent. If you are in danger call 999.",
                for: request)
        }
        let input = (try? request.content.decode(ReportFormInput.self)) ?? ReportFormInput()
        let (form, valid) = ReportValidation.validate(
            input, options: .init(isStaff: false, now: now, categories: try await activeCategories(request), wards: []))
        guard let valid else {
            return try await render(request, form: form, input: input, isStaff: false)
                .encodeResponse(status: .badRequest, for: request)
        }
        let organisationID = try organisation.requireID()
        // A public report is made by the form, not by whoever the request would otherwise name.
        let actor = AuditActor.publicForm(request)
        let report = try await request.write { work in
            try await ReportWrites.create(
                valid, source: .publicForm, organisationID: organisationID, recordedBy: nil, submitterKey: key,
                in: work.by(actor))
        }
        // Post, redirect, get: the confirmation has its own address, so refreshing it (or going back to it)
        // shows it again and never files the report twice.
        let receipt = ReportReceipt(
            reference: report.reference, anonymous: valid.reporterKind == .anonymous,
            happeningNow: valid.happeningNow)
        let secret = try await Self.receiptSecret(request)
        return request.redirect(
            to: SiteURL.publicReportReceived.path(query: receipt.query(secret: secret)), redirectType: .normal)
    }

    /// The confirmation of a public report. Its address carries the reference and a keyed hash of it, so only
    /// the person who made the report is sent there; an address that does not check out answers 404.
    @Sendable
    func publicReceived(request: Request) async throws -> View {
        try request.authorizePublic(.submitPublicReport)
        let secret = try await Self.receiptSecret(request)
        guard
            let receipt = ReportReceipt(
                query: { try? request.query.get(String.self, at: $0) }, secret: secret)
        else { throw Abort(.notFound) }
        return try await request.view.render(
            "reports/received",
            ReceivedPage(
                layout: request.layout(title: "Report received"), reference: receipt.reference,
                anonymous: receipt.anonymous, happeningNow: receipt.happeningNow))
    }

    /// The intake's own secret, also behind the submitter key; never shown or logged.
    private static func receiptSecret(_ request: Request) async throws -> String {
        try await IntakeSettingsRecord.query(on: request.db).first()?.submitterKeySecret ?? ""
    }

    @Sendable
    func staffForm(request: Request) async throws -> View {
        try request.authorize(.recordReport)
        var input = ReportFormInput()
        input.channel = ReportChannel.phone.rawValue
        return try await render(request, form: FormState(), input: input, isStaff: true)
    }

    @Sendable
    func staffSubmit(request: Request) async throws -> Response {
        let user = try request.authorize(.recordReport)
        let now = request.now
        let input = (try? request.content.decode(ReportFormInput.self)) ?? ReportFormInput()
        let (form, valid) = ReportValidation.validate(
            input,
            options: .init(
                isStaff: true, now: now, categories: try await activeCategories(request),
                wards: try await Ward.query(on: request.db).filter(\.$active == true).all()))
        guard let valid else {
            return try await render(request, form: form, input: input, isStaff: true)
                .encodeResponse(status: .badRequest, for: request)
        }
        let report = try await request.write { work in
            try await ReportWrites.create(
                valid, source: .staff, organisationID: user.organisationID, recordedBy: user.id, submitterKey: nil,
                in: work)
        }
        return request.redirect(to: SiteURL.triageReport(.value(try report.requireID())).path, flash: .reportRecorded)
    }

    // MARK: - Helpers

    private func activeCategories(_ request: Request) async throws -> [Category] {
        try await Category.query(on: request.db).filter(\.$active == true).sort(\.$position).all()
    }

    /// A keyed hash of the submitter's address: enough to count, useless to identify.
    static func submitterKey(_ request: Request) async throws -> String {
        let secret = try await IntakeSettingsRecord.query(on: request.db).first()?.submitterKeySecret ?? ""
        let address = request.clientAddress
        let mac = HMAC<SHA256>.authenticationCode(
            for: Data(address.utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return Tokens.hex(mac)
    }

    private func overLimit(key: String, now: Date, on db: any Database) async throws -> Bool {
        let recent = Report.query(on: db).filter(\.$submitterKey == key)
        let lastHour = try await recent.copy().filter(\.$receivedAt > now.addingTimeInterval(-PublicReportLimit.hour))
            .count()
        let lastDay = try await recent.filter(\.$receivedAt > now.addingTimeInterval(-PublicReportLimit.day)).count()
        return !Self.limit.allowsAnother(inLastHour: lastHour, inLastDay: lastDay)
    }

    private func render(_ request: Request, form: FormState, input: ReportFormInput, isStaff: Bool) async throws
        -> View
    {
        let categories = try await activeCategories(request)
        let chosen = Set(input.categories ?? [])
        let strands = Set(input.hateStrands ?? [])
        var wards: [Choice] = []
        if isStaff {
            wards = try await Ward.query(on: request.db).filter(\.$active == true).sort(\.$name).all().map {
                Choice(value: $0.id?.uuidString ?? "", label: $0.name, selected: $0.id?.uuidString == input.wardId)
            }
        }
        let title = isStaff ? "Record a report" : "Report anti-social behaviour"
        let page = FormPage(
            layout: request.layout(title: form.isValid ? title : "Error: \(title)", section: .triage),
            form: form, isStaff: isStaff, action: isStaff ? SiteURL.reports.path : SiteURL.publicReport.path,
            reporterKinds: ReporterKind.allCases.map {
                Choice(
                    value: $0.rawValue, label: isStaff ? $0.label : Self.publicLabel($0),
                    selected: input.reporterKind == $0.rawValue)
            },
            happeningNow: [
                Choice(value: "yes", label: "Yes", selected: input.happeningNow == "yes"),
                Choice(value: "no", label: "No", selected: input.happeningNow == "no"),
            ],
            categories: Choice.list(
                categories, value: { $0.id?.uuidString ?? "" }, label: \.name, selected: chosen),
            strands: Choice.list(HateStrand.allCases, value: \.rawValue, label: \.label, selected: strands),
            contactMethods: Choice.list(
                ContactMethod.allCases, value: \.rawValue, label: \.label,
                selected: [input.preferredContact ?? ""]),
            interpreterNeeded: input.interpreterNeeded == "yes",
            hateIncident: input.hateIncident == "yes",
            channels: Choice.list(
                ReportChannel.allCases, value: \.rawValue, label: \.label, selected: [input.channel ?? ""]),
            wards: wards,
            risks: Choice.list(
                RiskLevel.allCases.reversed(), value: \.rawValue, label: \.label,
                selected: [input.suggestedRisk ?? ""]))
        return try await request.view.render("reports/form", page)
    }

    static func publicLabel(_ kind: ReporterKind) -> String {
        switch kind {
        case .named: "I am reporting for myself"
        case .onBehalf: "I am reporting for someone else, for example as their councillor, carer or relative"
        case .anonymous: "I want to report anonymously"
        }
    }
}

extension AuditActor {
    /// A member of the public using the report form: no user, and the
    /// network address is not kept in the audit trail either.
    static func publicForm(_ request: Request) -> AuditActor {
        AuditActor(userID: nil, email: "public report form", organisationID: nil, address: nil)
    }
}
