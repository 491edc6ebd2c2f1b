import Fluent
import Foundation
import TandemCore
import Vapor

/// The Case Review's work on Home (issue 22, item 4: each stage's deadline "shown in the inbox"): for the single
/// point of contact every open application's next stage, soonest deadline first and overdue marked; for the chair
/// the resolution letters waiting for sign-off; for the appeal officer the appeals to decide; for a relevant body
/// the requests for its information not yet answered.
enum CaseReviewInbox {
    static func waiting(for user: CurrentUser, request: Request) async throws -> InboxQueries.Group? {
        guard let arrangements = try await CaseReviewReads.arrangements(on: request.db),
            arrangements.registerFacts.isInvolved(user.actor) || arrangements.panel?.$chair.id == user.id
        else { return nil }
        let db = request.db
        let now = request.now
        let calendar = try await CaseReviewReads.calendar(request)
        let isContact = request.may(.runCaseReview(arrangements.registerFacts))
        // Open applications only: a register holds tens a year, so the open ones are read whole and ordered here.
        let open = try await CaseReview.query(on: db).filter(\.$organisation.$id == arrangements.organisationID)
            .filter(\.$withdrawnAt == nil).filter(\.$escalationOutcomeAt == nil).with(\.$meeting)
            .sort(\.$receivedAt).limit(500).all()
            .filter { CaseReviewStages.state($0.progress) == .open }
        var rows: [(Date, InboxQueries.Item)] = []
        func item(_ review: CaseReview, _ what: String, _ due: Date?) {
            guard let id = review.id else { return }
            rows.append(
                (
                    due ?? .distantFuture,
                    InboxQueries.Item(
                        href: SiteURL.caseReview(.value(id)).path, reference: review.reference, what: what,
                        due: due.map(DisplayDate.dayAndTime) ?? "No deadline", overdue: due.map { now > $0 } ?? false)
                ))
        }
        for review in open {
            if isContact {
                var progress = review.progress
                progress.meetingOn = review.meeting?.heldOn
                if let due = CaseReviewStages.due(
                    progress, timescales: arrangements.rules.timescales, calendar: calendar)
                {
                    item(review, due.step.label, due.dueAt)
                }
            }
            if arrangements.panel?.$chair.id == user.id, review.resolutionDraftedAt != nil,
                review.resolutionSignedAt == nil
            {
                item(review, "Sign off the resolution letter", nil)
            }
            if review.$appealOfficer.id == user.id, review.appealDecidedAt == nil {
                item(
                    review, "Hear the appeal",
                    CaseReviewStages.dueAt(
                        .appeal, review.progress, timescales: arrangements.rules.timescales, calendar: calendar))
            }
        }
        let asked = try await CaseReviewRequest.query(on: db).filter(\.$organisation.$id == user.organisationID)
            .filter(\.$repliedAt == nil).with(\.$review).limit(100).all()
        if user.roles.contains(where: { $0.isCasework || $0 == .partnerPractitioner }) {
            for request in asked where CaseReviewStages.state(request.review.progress) == .open {
                item(request.review, "Send your organisation's information", nil)
            }
        }
        guard !rows.isEmpty else { return nil }
        let limit = InboxQueries.limit
        let items = rows.sorted { $0.0 < $1.0 }.map(\.1)
        return InboxQueries.Group(
            id: "case-reviews", heading: "ASB Case Reviews waiting for you", items: Array(items.prefix(limit)),
            more: items.count > limit)
    }
}
