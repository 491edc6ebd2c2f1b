import Fluent
import Foundation
import TandemCore
import Vapor

/// Applying for an ASB Case Review (issue 22, item 2): the public form, with no account, and staff recording an
/// application made by phone, in person, by letter, by email or through an advocate.
struct ApplicationsController: RouteCollection {
    static let limit = PublicReportLimit()

    func boot(routes: any RoutesBuilder) throws {
        routes.get(.caseReviewApply, use: publicForm)
        routes.post(.caseReviewApply, use: publicSubmit)
        routes.get(.newCaseReview, use: staffForm)
        routes.post(.caseReviews, use: staffSubmit)
    }

    struct ComplaintRow: Encodable {
        var number: Int
        var on: String
        var to: String
        var ref: String
        var onValue: String
        var toValue: String
        var refValue: String
        var onError: String?
        var toError: String?
        var refError: String?
    }

    struct FormPage: Encodable {
        var layout: LayoutContext
        var form: FormState
        var isStaff: Bool
        var action: String
        var kinds: [Choice]
        var involvements: [Choice]
        var channels: [Choice]
        var acknowledgements: [Choice]
        var consent: Bool
        var rows: [ComplaintRow]
        var threshold: String
        var contact: String
    }

    @Sendable
    func publicForm(request: Request) async throws -> View {
        try request.authorizePublic(.applyForCaseReview)
        let arrangements = try await CaseReviewReads.requireArrangements(request)
        return try await Self.render(request, arrangements, form: FormState(), isStaff: false)
    }

    @Sendable
    func publicSubmit(request: Request) async throws -> Response {
        try request.authorizePublic(.applyForCaseReview)
        let arrangements = try await CaseReviewReads.requireArrangements(request)
        let now = request.now
        let key = try await ReportsController.submitterKey(request)
        let recent = CaseReview.query(on: request.db).filter(\.$submitterKey == key)
        let lastHour = try await recent.copy().filter(\.$receivedAt > now.addingTimeInterval(-PublicReportLimit.hour))
            .count()
        let lastDay = try await recent.filter(\.$receivedAt > now.addingTimeInterval(-PublicReportLimit.day)).count()
        guard Self.limit.allowsAnother(inLastHour: lastHour, inLastDay: lastDay) else {
            return try await ErrorPage.render(
                status: .tooManyRequests,
                message:
                    "We have received several applications from your connection recently. Please try again later or phone us. If you are in danger call 999.",
                for: request)
        }
        let input = (try? request.content.decode(ApplicationInput.self)) ?? ApplicationInput()
        let (form, valid) = ApplicationValidation.validate(input, isStaff: false, today: request.today())
        guard let valid else {
            return try await Self.render(request, arrangements, form: form, isStaff: false)
                .encodeResponse(status: .badRequest, for: request)
        }
        if let earlier = try await Self.resent(valid, submitterKey: key, recordedBy: nil, now: now, on: request.db) {
            return try await Self.refuseResent(request, arrangements, input, earlier, isStaff: false)
        }
        let base = Notifier.base(request)
        let seal = request.application.emailSeal
        let actor = AuditActor(userID: nil, email: "case review form", organisationID: nil, address: nil)
        let (_, token) = try await request.write { work in
            try await CaseReviewWrites.create(
                valid, arrangements: arrangements, recordedBy: nil, submitterKey: key, base: base, seal: seal,
                in: work.by(actor))
        }
        // Post, redirect, get: the applicant lands on their own private page, which a refresh shows again.
        return request.redirect(to: SiteURL.caseReviewStatus(.value(token)).path, flash: .caseReviewReceived)
    }

    @Sendable
    func staffForm(request: Request) async throws -> View {
        let arrangements = try await CaseReviewReads.requireArrangements(request)
        try request.authorize(.runCaseReview(arrangements.registerFacts))
        var form = FormState()
        form.values["channel"] = CaseReviewChannel.phone.rawValue
        return try await Self.render(request, arrangements, form: form, isStaff: true)
    }

    @Sendable
    func staffSubmit(request: Request) async throws -> Response {
        let arrangements = try await CaseReviewReads.requireArrangements(request)
        let user = try request.authorize(.runCaseReview(arrangements.registerFacts))
        let input = (try? request.content.decode(ApplicationInput.self)) ?? ApplicationInput()
        let (form, valid) = ApplicationValidation.validate(input, isStaff: true, today: request.today())
        guard let valid else {
            return try await Self.render(request, arrangements, form: form, isStaff: true)
                .encodeResponse(status: .badRequest, for: request)
        }
        if let earlier = try await Self.resent(
            valid, submitterKey: nil, recordedBy: user.id, now: request.now, on: request.db)
        {
            return try await Self.refuseResent(request, arrangements, input, earlier, isStaff: true)
        }
        let base = Notifier.base(request)
        let seal = request.application.emailSeal
        let (review, token) = try await request.write { work in
            try await CaseReviewWrites.create(
                valid, arrangements: arrangements, recordedBy: user.id, submitterKey: nil, base: base, seal: seal,
                in: work)
        }
        // The private link is shown once, to be given to the applicant; only its hash is kept.
        let (fresh, loaded, facts) = try await CaseReviewReads.find(review.requireID(), request)
        return try await CaseReviewPage.render(
            request, fresh, loaded, facts, form: FormState(),
            issuedLink: base + SiteURL.caseReviewStatus(.value(token)).path
        ).encodeResponse(status: .ok, for: request)
    }

    /// The same application sent again within ten minutes (a refresh of the page after sending, a double click):
    /// the one already saved, so it is not saved twice.
    static func resent(
        _ valid: ValidApplication, submitterKey: String?, recordedBy: UUID?, now: Date, on db: any Database
    ) async throws -> CaseReview? {
        let query = CaseReview.query(on: db).filter(\.$applicantName == valid.name)
            .filter(\.$description == valid.description).filter(\.$receivedAt > now.addingTimeInterval(-600))
        if let recordedBy {
            query.filter(\.$recordedBy.$id == recordedBy)
        } else if let submitterKey {
            query.filter(\.$submitterKey == submitterKey)
        } else {
            return nil
        }
        return try await query.first()
    }

    static func refuseResent(
        _ request: Request, _ arrangements: LoadedArrangements, _ input: ApplicationInput, _ earlier: CaseReview,
        isStaff: Bool
    ) async throws -> Response {
        var form = FormState()
        form.keep(input.typed)
        form.add(
            "applicant_name",
            isStaff
                ? "This application was recorded at \(DisplayDate.dayAndTime(earlier.receivedAt)) as \(earlier.reference): open it from the register"
                : "We received this application at \(DisplayDate.dayAndTime(earlier.receivedAt)) as \(earlier.reference). Your private page's address is in the acknowledgement we sent you, or contact us."
        )
        return try await render(request, arrangements, form: form, isStaff: isStaff)
            .encodeResponse(status: .conflict, for: request)
    }

    static func render(_ request: Request, _ arrangements: LoadedArrangements, form: FormState, isStaff: Bool)
        async throws -> View
    {
        let values = form.values
        let rows = (1...CaseReviewApplicationRules.complaintRows).map { number in
            let on = "complaint_\(number)_on"
            let to = "complaint_\(number)_to"
            let ref = "complaint_\(number)_ref"
            return ComplaintRow(
                number: number, on: on, to: to, ref: ref, onValue: values[on] ?? "", toValue: values[to] ?? "",
                refValue: values[ref] ?? "", onError: form.errors[on], toError: form.errors[to],
                refError: form.errors[ref])
        }
        let rules = arrangements.rules
        let title = isStaff ? "Record an ASB Case Review application" : "Apply for an ASB Case Review"
        return try await request.view.render(
            "casereview/apply",
            FormPage(
                layout: request.layout(
                    title: form.isValid ? title : "Error: \(title)", section: isStaff ? .caseReviews : nil),
                form: form, isStaff: isStaff,
                action: isStaff ? SiteURL.caseReviews.path : SiteURL.caseReviewApply.path,
                kinds: Choice.list(
                    CaseReviewApplicantKind.allCases, value: \.rawValue, label: \.label,
                    selected: [values["applicant_kind"] ?? ""]),
                involvements: Choice.list(
                    CaseReviewInvolvement.allCases, value: \.rawValue, label: \.label,
                    selected: [values["involvement"] ?? ""]),
                channels: Choice.list(
                    CaseReviewChannel.staffRecorded, value: \.rawValue, label: \.label,
                    selected: [values["channel"] ?? ""]),
                acknowledgements: [Choice(value: "", label: "Select how", selected: false)]
                    + [CaseReviewUpdate.Method.post, .phone, .inPerson].map {
                        Choice(value: $0.rawValue, label: $0.label, selected: values["acknowledgement"] == $0.rawValue)
                    },
                consent: values["consent"] == "yes", rows: rows,
                threshold:
                    "You can apply if you have reported anti-social behaviour \(rules.threshold) times or more in the last \(rules.periodMonths) months, each report made within \(rules.complaintWithinMonths == 1 ? "a month" : "\(rules.complaintWithinMonths) months") of the behaviour.",
                contact: arrangements.record.organisation.name))
    }
}
