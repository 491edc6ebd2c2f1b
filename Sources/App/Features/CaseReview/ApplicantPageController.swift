import Fluent
import Foundation
import TandemCore
import Vapor

/// The applicant's private page (issue 22, item 2): their own application only, reached by the link in the
/// acknowledgement, with every letter and update, where it stands, and their answer to the resolution letter.
struct ApplicantPageController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.caseReviewStatus(.key), use: show)
        routes.post(.caseReviewStatus(.key, .response), use: respond)
    }

    struct Stage: Encodable {
        var label: String
        var status: String
        var done: Bool
    }

    struct Letter: Encodable {
        var sentAt: String
        var kind: String
        var method: String
        var body: String
    }

    struct Page: Encodable {
        var layout: LayoutContext
        var form: FormState
        var reference: String
        var received: String
        var state: String
        var involvement: String
        var stages: [Stage]
        var letters: [Letter]
        var hasLetters: Bool
        var canRespond: Bool
        var responseAction: String
        var responses: [Choice]
        var escalation: String?
        var contact: String
        var answered: String?
    }

    /// The steps in the applicant's words.
    static func wording(_ step: CaseReviewStep) -> String {
        switch step {
        case .contact: "We contact you to explain the process"
        case .thresholdDecision, .thresholdLetter:
            "We decide whether your application meets the threshold and write to you"
        case .review: "The partner agencies review your case at the Community Trigger MARAC"
        case .outcomeLetter: "We tell you the outcome of the review"
        case .actions: "The lead officer acts on the review's decisions"
        case .resolutionLetter: "We send you the resolution letter and offer a meeting"
        case .applicantResponse: "You tell us whether you are satisfied"
        case .appeal: "A senior officer not involved in your case hears your appeal"
        case .escalation: "The external review"
        }
    }

    static func find(_ request: Request) async throws -> CaseReview {
        guard let token = request.parameters.get("token"), token.count >= 32, token.count <= 64,
            let review = try await CaseReview.query(on: request.db).filter(\.$tokenHash == Tokens.sha256Hex(token))
                .first()
        else {
            throw Abort(.notFound, reason: "This link is not recognised. Check it against the message we sent you.")
        }
        return review
    }

    static func actor(_ review: CaseReview) -> AuditActor {
        AuditActor(
            userID: nil, email: "case-review-link:\(review.reference)", organisationID: nil, address: nil)
    }

    @Sendable
    func show(request: Request) async throws -> View {
        let review = try await Self.find(request)
        let actor = Self.actor(review)
        try await request.write { work in
            try await work.by(actor).record(
                AuditEntry(
                    action: .view, recordType: .caseReview, recordID: review.id?.uuidString,
                    summary: "The applicant viewed their ASB Case Review \(review.reference)"))
        }
        return try await Self.render(request, review, form: FormState())
    }

    static func render(_ request: Request, _ review: CaseReview, form: FormState) async throws -> View {
        let reviewID = try review.requireID()
        let arrangements = try await CaseReviewReads.requireArrangements(request)
        let updates = try await CaseReviewUpdate.query(on: request.db).filter(\.$review.$id == reviewID)
            .sort(\.$sentAt).all()
        let progress = review.progress
        let state = CaseReviewStages.state(progress)
        let next = CaseReviewStages.next(progress)
        var seen = Set<String>()
        let stages = CaseReviewStep.allCases.compactMap { step -> Stage? in
            let label = wording(step)
            guard !seen.contains(label) else { return nil }
            let done = CaseReviewPage.completed(step == .thresholdDecision ? .thresholdLetter : step, review)
            if done == nil && next != step && (step == .appeal || step == .escalation) { return nil }
            if review.decision == .notMet && review.decisionLetterAt != nil && step > .thresholdLetter { return nil }
            seen.insert(label)
            return Stage(
                label: label, status: done.map { "Done \(DisplayDate.day($0))" } ?? (next == step ? "Next" : ""),
                done: done != nil)
        }
        let canRespond = CaseReviewStages.problem(recording: .applicantResponse, progress) == nil
        let token = request.parameters.get("token") ?? ""
        return try await request.view.render(
            "casereview/status",
            Page(
                layout: request.layout(title: form.isValid ? "Your ASB Case Review" : "Error: Your ASB Case Review"),
                form: form, reference: review.reference, received: DisplayDate.dayAndTime(review.receivedAt),
                state: state.label, involvement: review.involvement.label, stages: stages,
                letters: updates.compactMap { update in
                    update.body.map {
                        Letter(
                            sentAt: DisplayDate.dayAndTime(update.sentAt), kind: update.kind.label,
                            method: update.method.label,
                            // The acknowledgement's link is the page the applicant is reading.
                            body: $0.replacingOccurrences(of: CaseReviewWrites.linkPlaceholder, with: "this page"))
                    }
                }, hasLetters: updates.contains { $0.body != nil }, canRespond: canRespond,
                responseAction: SiteURL.caseReviewStatus(.value(token), .response).path,
                responses: Choice.list(
                    ApplicantResponse.allCases, value: \.rawValue, label: \.label,
                    selected: [form.values["response"] ?? ""]),
                escalation: review.appealDecidedAt == nil
                    ? nil
                    : "If you remain dissatisfied after the appeal, you can ask \(arrangements.record.escalation) to look at how your case review was carried out.",
                contact: arrangements.record.organisation.name,
                answered: review.response.map { "\($0.label) (\(review.respondedAt.map(DisplayDate.day) ?? ""))" }))
    }

    @Sendable
    func respond(request: Request) async throws -> Response {
        let review = try await Self.find(request)
        let reviewID = try review.requireID()
        let values = (try? request.content.decode([String: String].self)) ?? [:]
        var form = FormState()
        form.keep(values.mapValues { Optional($0) })
        if let problem = CaseReviewStages.problem(recording: .applicantResponse, review.progress) {
            form.add(
                "response",
                problem == "Send the resolution letter first"
                    ? "You can answer once we have sent the resolution letter" : problem)
        }
        let response = ApplicantResponse(rawValue: TextRules.clean(values["response"]))
        if response == nil { form.add("response", "Select whether you are satisfied or want to appeal") }
        let note = TextRules.clean(values["note"])
        if let problem = TextRules.multilineProblem(
            note, label: "why you are not satisfied", required: response == .appeal, max: 4000)
        {
            form.add("note", problem)
        }
        guard form.isValid, let response else {
            return try await Self.render(request, review, form: form).encodeResponse(status: .badRequest, for: request)
        }
        let arrangements = try await CaseReviewReads.requireArrangements(request)
        review.response = response
        review.responseNote = note.isEmpty ? nil : note
        review.respondedAt = request.now
        let base = Notifier.base(request)
        let actor = Self.actor(review)
        try await request.write { raw in
            let work = raw.by(actor)
            try await AuditLog.lockChain(on: work.db)
            guard let stored = try await CaseReview.find(reviewID, on: work.db),
                CaseReviewStages.problem(recording: .applicantResponse, stored.progress) == nil
            else { throw Abort(.conflict, reason: "Your answer has already been recorded") }
            try await work.update(
                review, "The applicant answered the resolution letter on \(review.reference): \(response.label)")
            try await Notifier.notify(
                try await Notifier.users(in: arrangements.organisationID, roles: [.caseReviewContact], on: work.db),
                .init(
                    kind: .caseReview, caseID: nil,
                    summary: response == .appeal
                        ? "The applicant on ASB Case Review \(review.reference) asks for an appeal: nominate an appeal review officer"
                        : "The applicant on ASB Case Review \(review.reference) is satisfied",
                    href: SiteURL.caseReview(.value(reviewID)).path), base: base, in: work)
        }
        return request.redirect(
            to: SiteURL.caseReviewStatus(.value(request.parameters.get("token") ?? "")).path, flash: .caseReviewResponse
        )
    }
}
