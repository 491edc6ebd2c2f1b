import Fluent
import Foundation
import TandemCore
import Vapor

/// The Case Review register, newest first with each application's next stage and deadline, and one application's
/// page (issue 22, item 4).
struct CaseReviewsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.caseReviews, use: index)
        routes.get(.caseReview(.key), use: show)
    }

    struct Row: Encodable {
        var href: String
        var reference: String
        var received: String
        var applicant: String
        var state: String
        var next: String?
        var due: String?
        var overdue: Bool
    }

    struct IndexPage: Encodable {
        var layout: LayoutContext
        var rows: [Row]
        var hasRows: Bool
        var involved: Bool
        var mayRecord: Bool
        var mayPublish: Bool
        var newHref = SiteURL.newCaseReview.path
        var publicationHref = SiteURL.caseReviewPublication.path
        var applyHref = SiteURL.caseReviewApply.path
        var paging: Paging
        var pagingQuery = ""
        var overdueCount: Int
    }

    @Sendable
    func index(request: Request) async throws -> View {
        let user = try request.authorize(.openCaseReviews)
        let arrangements = try await CaseReviewReads.arrangements(on: request.db)
        var paging = Paging(page: try? request.query.get(Int.self, at: "page"), perPage: 50)
        var rows: [Row] = []
        var overdueCount = 0
        let involved = arrangements.map { $0.registerFacts.isInvolved(user.actor) } ?? false
        if let arrangements, involved {
            let calendar = try await CaseReviewReads.calendar(request)
            let now = request.now
            // The register is the single point of contact's organisation's; a relevant body sees the applications
            // whose information it was asked for.
            var query = CaseReview.query(on: request.db).filter(\.$organisation.$id == arrangements.organisationID)
            if !request.may(.viewCaseReviews(arrangements.registerFacts)) {
                query = query.join(CaseReviewRequest.self, on: \CaseReviewRequest.$review.$id == \CaseReview.$id)
                    .filter(CaseReviewRequest.self, \.$organisation.$id == user.organisationID)
            }
            let reviews = try await query.with(\.$meeting)
                .sort(\.$receivedAt, .descending).offset(paging.offset).limit(paging.perPage + 1).all()
            paging.hasNext = reviews.count > paging.perPage
            for review in reviews.prefix(paging.perPage) {
                var progress = review.progress
                progress.meetingOn = review.meeting?.heldOn
                let due = CaseReviewStages.due(progress, timescales: arrangements.rules.timescales, calendar: calendar)
                let overdue = due?.isOverdue(at: now) ?? false
                if overdue { overdueCount += 1 }
                rows.append(
                    Row(
                        href: SiteURL.caseReview(.value(try review.requireID())).path, reference: review.reference,
                        received: DisplayDate.dayAndTime(review.receivedAt), applicant: review.applicantName,
                        state: CaseReviewStages.state(review.progress).label, next: due?.step.label,
                        due: due?.dueAt.map(DisplayDate.dayAndTime), overdue: overdue))
            }
        }
        try await request.auditView(
            recordType: .caseReview, recordID: "register", summary: "Viewed the ASB Case Review register")
        let facts = arrangements?.registerFacts
        return try await request.view.render(
            "casereview/index",
            IndexPage(
                layout: request.layout(title: "ASB Case Reviews", section: .caseReviews), rows: rows,
                hasRows: !rows.isEmpty, involved: involved,
                mayRecord: facts.map { request.may(.runCaseReview($0)) } ?? false,
                mayPublish: facts.map { request.may(.viewCaseReviews($0)) } ?? false, paging: paging,
                overdueCount: overdueCount))
    }

    @Sendable
    func show(request: Request) async throws -> View {
        let (review, arrangements, facts) = try await CaseReviewReads.find(request)
        try request.authorize(.viewCaseReview(facts))
        try await request.auditView(
            recordType: .caseReview, recordID: try review.requireID().uuidString,
            summary: "Viewed ASB Case Review \(review.reference)")
        return try await CaseReviewPage.render(request, review, arrangements, facts, form: FormState())
    }
}
