import Fluent
import Foundation
import TandemCore
import Vapor

/// The Case Review's other forms: linking the case, listing the review for a meeting with the applicant's
/// invitation, a relevant body's reply, updates, the resolution letter's draft and sign-off, the appeal officer's
/// nomination and a withdrawal (issue 22, items 3 to 5).
struct CaseReviewActionsController: RouteCollection {
    typealias Submission = CaseReviewStepsController.Submission

    func boot(routes: any RoutesBuilder) throws {
        routes.post(.caseReview(.key, .link), use: link)
        routes.post(.caseReview(.key, .listing), use: list)
        routes.post(.caseReview(.key, .reply(.key)), use: reply)
        routes.post(.caseReview(.key, .update), use: update)
        routes.post(.caseReview(.key, .resolution), use: draft)
        routes.post(.caseReview(.key, .signOff), use: signOff)
        routes.post(.caseReview(.key, .appealOfficer), use: nominate)
        routes.post(.caseReview(.key, .withdraw), use: withdraw)
    }

    private func refuse(_ request: Request, _ reviewID: UUID, _ input: Submission) async throws -> Response {
        let (fresh, loaded, facts) = try await CaseReviewReads.find(reviewID, request)
        return try await CaseReviewPage.render(request, fresh, loaded, facts, form: input.form)
            .encodeResponse(status: .badRequest, for: request)
    }

    private func isOpen(_ review: CaseReview) -> Bool { CaseReviewStages.state(review.progress) == .open }

    /// Saves the review's changed fields, after checking inside the transaction that `still` holds.
    private func save(
        _ request: Request, _ review: CaseReview, _ summary: String, still: @escaping @Sendable (CaseReview) -> Bool,
        then: (@Sendable (UnitOfWork) async throws -> Void)? = nil
    ) async throws {
        let reviewID = try review.requireID()
        try await request.write { work in
            // Under the trail's lock, so the second of two identical posts sees the first's change.
            try await AuditLog.lockChain(on: work.db)
            guard let stored = try await CaseReview.find(reviewID, on: work.db), still(stored) else {
                throw Abort(.conflict, reason: "The application has changed since the page was drawn: reload it")
            }
            try await work.update(review, summary)
            try await then?(work)
        }
    }

    @Sendable
    func link(request: Request) async throws -> Response {
        let (review, arrangements, facts) = try await CaseReviewReads.find(request)
        try request.authorize(.runCaseReview(facts))
        let reviewID = try review.requireID()
        var input = Submission(request, id: "link")
        let reference = input.text("case_reference").uppercased()
        var record: CaseRecord?
        if review.decidedAt != nil {
            input.stage("The threshold has been decided: the case can no longer change")
        }
        if let problem = TextRules.problem(reference, label: "the case reference", max: 40) {
            input.add("case_reference", problem)
        } else {
            record = try await CaseRecord.query(on: request.db).filter(\.$reference == reference)
                .filter(\.$organisation.$id ~~ Array(arrangements.relevantBodyIDs)).first()
            if record == nil {
                input.add("case_reference", "No case of a relevant body has the reference \(reference)")
            }
        }
        guard input.form.isValid, let record else { return try await refuse(request, reviewID, input) }
        review.$caseRecord.id = record.id
        try await save(
            request, review, "Linked ASB Case Review \(review.reference) to case \(record.reference)",
            still: { $0.decidedAt == nil })
        return request.redirect(to: SiteURL.caseReview(.value(reviewID)).path, flash: .caseReviewLinked)
    }

    @Sendable
    func list(request: Request) async throws -> Response {
        let (review, arrangements, facts) = try await CaseReviewReads.find(request)
        let user = try request.authorize(.runCaseReview(facts))
        let reviewID = try review.requireID()
        var input = Submission(request, id: "listing")
        if let problem = CaseReviewStages.problem(recording: .review, review.progress) {
            input.stage(problem)
        }
        let today = request.today()
        let meeting = try await CaseReviewMeetings.meeting(
            input.text("meeting_id"), arrangements, today: today, on: request.db)
        if meeting == nil || meeting?.heldAt != nil || (meeting?.heldOn ?? today) < today {
            input.add("meeting_id", "Select a CT-MARAC meeting to come")
        }
        let method = input.method(review)
        guard input.form.isValid, let meeting else { return try await refuse(request, reviewID, input) }
        review.$meeting.id = meeting.id
        review.attendanceOffered = true
        let letter = LetterTexts.invitation(review, meeting: meeting)
        try await save(
            request, review,
            "Listed ASB Case Review \(review.reference) for the CT-MARAC on \(DisplayDate.civil(meeting.heldOn))",
            still: { $0.reviewedAt == nil && $0.withdrawnAt == nil },
            then: { work in
                try await CaseReviewWrites.send(
                    review, kind: .invitation, method: method,
                    subject: "ASB Case Review \(review.reference): your invitation to the review meeting", body: letter,
                    by: user.id, in: work)
            })
        return request.redirect(to: SiteURL.caseReview(.value(reviewID)).path, flash: .caseReviewListed)
    }

    @Sendable
    func reply(request: Request) async throws -> Response {
        let (review, arrangements, facts) = try await CaseReviewReads.find(request)
        let reviewID = try review.requireID()
        guard let id = request.parameters.get("requestID", as: UUID.self),
            let row = try await CaseReviewRequest.query(on: request.db).filter(\.$id == id)
                .filter(\.$review.$id == reviewID).with(\.$organisation).first()
        else { throw Abort(.notFound) }
        let user = try request.authorize(.answerCaseReviewRequest(facts, organisationID: row.$organisation.id))
        var input = Submission(request, id: "reply-\(id.uuidString)")
        if row.repliedAt != nil { input.stage("Your organisation has already replied") }
        if !isOpen(review) { input.stage("The application is closed") }
        let text = input.multiline("reply", "what your records show", max: 8000)
        guard input.form.isValid else { return try await refuse(request, reviewID, input) }
        row.reply = text
        row.repliedAt = request.now
        row.$repliedBy.id = user.id
        let base = Notifier.base(request)
        try await request.write { work in
            try await AuditLog.lockChain(on: work.db)
            guard let stored = try await CaseReviewRequest.find(id, on: work.db), stored.repliedAt == nil else {
                throw Abort(.conflict, reason: "Your organisation has already replied")
            }
            try await work.update(row, "\(row.organisation.name) replied to ASB Case Review \(review.reference)")
            try await Notifier.notify(
                try await Notifier.users(in: arrangements.organisationID, roles: [.caseReviewContact], on: work.db),
                .init(
                    kind: .caseReview, caseID: nil,
                    summary: "\(row.organisation.name) sent its information for ASB Case Review \(review.reference)",
                    href: SiteURL.caseReview(.value(reviewID)).path), except: user.id, base: base, in: work)
        }
        return request.redirect(to: SiteURL.caseReview(.value(reviewID)).path, flash: .caseReviewReplied)
    }

    @Sendable
    func update(request: Request) async throws -> Response {
        let (review, _, facts) = try await CaseReviewReads.find(request)
        let user = try request.authorize(.runCaseReview(facts))
        let reviewID = try review.requireID()
        var input = Submission(request, id: "update")
        if !isOpen(review) { input.stage("The application is closed") }
        let method = input.method(review)
        let message = input.multiline("message", "the update")
        guard input.form.isValid else { return try await refuse(request, reviewID, input) }
        _ = try await request.write { work in
            try await CaseReviewWrites.send(
                review, kind: .update, method: method, subject: "An update on your ASB Case Review \(review.reference)",
                body: message, by: user.id, in: work)
        }
        return request.redirect(to: SiteURL.caseReview(.value(reviewID)).path, flash: .caseReviewUpdateSent)
    }

    @Sendable
    func draft(request: Request) async throws -> Response {
        let (review, arrangements, facts) = try await CaseReviewReads.find(request)
        let user = try request.authorize(.runCaseReview(facts))
        let reviewID = try review.requireID()
        var input = Submission(request, id: "resolution")
        if review.actionsDoneAt == nil || review.outcomeSentAt == nil {
            input.stage("Tell the applicant the outcome and record the lead officer's actions first")
        } else if review.resolutionSignedAt != nil {
            input.stage("The resolution letter has already been signed off")
        }
        if !isOpen(review) { input.stage("The application is closed") }
        let letter = input.multiline("letter", "the resolution letter", max: 8000)
        guard input.form.isValid else { return try await refuse(request, reviewID, input) }
        review.resolutionText = letter
        review.resolutionDraftedAt = request.now
        let base = Notifier.base(request)
        let chair = arrangements.panel?.$chair.id
        try await save(
            request, review, "Drafted the resolution letter for ASB Case Review \(review.reference)",
            still: { $0.resolutionSignedAt == nil },
            then: { work in
                if let chair {
                    try await Notifier.notify(
                        [chair],
                        .init(
                            kind: .caseReview, caseID: nil,
                            summary:
                                "The resolution letter for ASB Case Review \(review.reference) waits for your sign-off",
                            href: SiteURL.caseReview(.value(reviewID)).path), except: user.id, base: base, in: work)
                }
            })
        return request.redirect(to: SiteURL.caseReview(.value(reviewID)).path, flash: .caseReviewDrafted)
    }

    @Sendable
    func signOff(request: Request) async throws -> Response {
        let (review, arrangements, facts) = try await CaseReviewReads.find(request)
        let user = try request.authorize(.signOffResolution(facts))
        let reviewID = try review.requireID()
        var input = Submission(request, id: "sign-off")
        if let problem = CaseReviewStages.signOffProblem(review.progress) { input.stage(problem) }
        if !isOpen(review) { input.stage("The application is closed") }
        // The chair signs the draft they read: a draft saved again since the page was drawn is refused.
        let drafted = review.resolutionDraftedAt.map { String(Int($0.timeIntervalSince1970 * 1000)) }
        if drafted != input.text("drafted") {
            input.stage(
                "The resolution letter has been redrafted since you opened it: read it again before signing off")
        }
        if input.text("confirm") != "yes" { input.add("confirm", "Confirm you have read the letter and sign it off") }
        guard input.form.isValid else { return try await refuse(request, reviewID, input) }
        review.resolutionSignedAt = request.now
        review.$resolutionSignedBy.id = user.id
        let base = Notifier.base(request)
        try await save(
            request, review, "Signed off the resolution letter for ASB Case Review \(review.reference)",
            still: { [drafted = review.resolutionDraftedAt] in
                $0.resolutionSignedAt == nil && $0.resolutionDraftedAt == drafted && $0.withdrawnAt == nil
            },
            then: { work in
                try await Notifier.notify(
                    try await Notifier.users(in: arrangements.organisationID, roles: [.caseReviewContact], on: work.db),
                    .init(
                        kind: .caseReview, caseID: nil,
                        summary:
                            "The chair signed off the resolution letter for ASB Case Review \(review.reference): send it",
                        href: SiteURL.caseReview(.value(reviewID)).path), except: user.id, base: base, in: work)
            })
        return request.redirect(to: SiteURL.caseReview(.value(reviewID)).path, flash: .caseReviewSigned)
    }

    @Sendable
    func nominate(request: Request) async throws -> Response {
        let (review, arrangements, facts) = try await CaseReviewReads.find(request)
        let user = try request.authorize(.runCaseReview(facts))
        let reviewID = try review.requireID()
        var input = Submission(request, id: "appeal-officer")
        if review.response != .appeal || review.appealDecidedAt != nil || review.withdrawnAt != nil {
            input.stage("There is no appeal waiting for a decision")
        }
        let seniors = try await CaseReviewMeetings.users(arrangements, roles: AccessPolicy.managerRoles, on: request.db)
        let candidate = seniors.first { $0.id?.uuidString == input.text("officer_id") }
        if let candidate, let candidateID = candidate.id {
            let roles = Set(
                try await UserRole.query(on: request.db).filter(\.$user.$id == candidateID).all().map(\.role))
            let (worked, sat) = try await CaseReviewMeetings.conflicts(review, arrangements, on: request.db)
            if let problem = AppealOfficerRule.problem(
                candidate: Actor(userID: candidateID, organisationID: candidate.$organisation.id, roles: roles),
                relevantBodyIDs: arrangements.relevantBodyIDs, workedOnCase: worked, satOnReview: sat)
            {
                input.add("officer_id", problem)
            }
        } else {
            input.add("officer_id", "Select a senior officer of a relevant body")
        }
        guard input.form.isValid, let candidate, let candidateID = candidate.id else {
            return try await refuse(request, reviewID, input)
        }
        review.$appealOfficer.id = candidateID
        let base = Notifier.base(request)
        try await save(
            request, review, "Nominated \(candidate.displayName) to hear the appeal on \(review.reference)",
            still: { $0.response == .appeal && $0.appealDecidedAt == nil },
            then: { work in
                try await Notifier.notify(
                    [candidateID],
                    .init(
                        kind: .caseReview, caseID: nil,
                        summary: "You are asked to hear the appeal on ASB Case Review \(review.reference)",
                        href: SiteURL.caseReview(.value(reviewID)).path), except: user.id, base: base, in: work)
            })
        return request.redirect(to: SiteURL.caseReview(.value(reviewID)).path, flash: .caseReviewAppealOfficer)
    }

    @Sendable
    func withdraw(request: Request) async throws -> Response {
        let (review, _, facts) = try await CaseReviewReads.find(request)
        try request.authorize(.runCaseReview(facts))
        let reviewID = try review.requireID()
        var input = Submission(request, id: "withdraw")
        if !isOpen(review) { input.stage("The application is already closed") }
        let reason = input.multiline("reason", "what the applicant said", max: 2000)
        guard input.form.isValid else { return try await refuse(request, reviewID, input) }
        review.withdrawnAt = request.now
        review.withdrawnReason = reason
        try await save(
            request, review, "ASB Case Review \(review.reference) withdrawn by the applicant",
            still: { CaseReviewStages.state($0.progress) == .open })
        return request.redirect(to: SiteURL.caseReview(.value(reviewID)).path, flash: .caseReviewWithdrawn)
    }
}
