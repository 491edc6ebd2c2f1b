import Fluent
import Foundation
import TandemCore
import Vapor

/// Recording a Case Review's stages (issue 22, item 4). Each is refused with a clear message when its predecessor is
/// missing or it was already recorded; each write and its audit event commit together, and a form sent twice
/// records once.
struct CaseReviewStepsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.post(.caseReview(.key, .step(.key)), use: record)
    }

    /// The form as sent, with problems keyed to its fields.
    struct Submission {
        let id: String
        let values: [String: String]
        var form = FormState()

        init(_ request: Request, id: String) {
            self.id = id
            values = (try? request.content.decode([String: String].self)) ?? [:]
            form.keep(values.mapValues { Optional($0) })
            form.values["form"] = id
        }

        func text(_ name: String) -> String { TextRules.clean(values[name]) }

        mutating func add(_ name: String, _ message: String) { form.add("\(id)-\(name)", message) }

        /// A problem with where the application stands rather than with a field: the error summary points at the
        /// list of stages, which every page has.
        mutating func stage(_ message: String) { form.add("stages", message) }

        /// A multi-line text, required unless said otherwise.
        mutating func multiline(_ name: String, _ label: String, required: Bool = true, max: Int = 4000) -> String {
            let value = text(name)
            if let problem = TextRules.multilineProblem(value, label: label, required: required, max: max) {
                add(name, problem)
            }
            return value
        }

        /// How a letter or update goes; email only when the applicant gave an address.
        mutating func method(_ review: CaseReview) -> CaseReviewUpdate.Method? {
            guard let method = CaseReviewUpdate.Method(rawValue: text("method")),
                CaseReviewUpdate.Method.sending.contains(method)
            else {
                add("method", "Select how it is sent")
                return nil
            }
            if method == .email && review.applicantEmail == nil {
                add("method", "The applicant gave no email address: choose post, phone or in person")
                return nil
            }
            return method
        }

        mutating func yesNo(_ name: String, _ message: String) -> Bool {
            switch text(name) {
            case "yes": return true
            case "no": return false
            default:
                add(name, message)
                return false
            }
        }
    }

    @Sendable
    func record(request: Request) async throws -> Response {
        let (review, arrangements, facts) = try await CaseReviewReads.find(request)
        guard let step = request.parameters.get("step").flatMap(CaseReviewStep.init(rawValue:)) else {
            throw Abort(.notFound)
        }
        let user = try request.authorize(step == .appeal ? .hearAppeal(facts) : .runCaseReview(facts))
        var input = Submission(
            request, id: step == .escalation && review.escalatedAt == nil ? "escalate" : step.rawValue)
        if let problem = CaseReviewStages.problem(recording: step, review.progress) {
            input.stage(problem)
        }
        let now = request.now
        let today = request.today()
        let calendar = try await CaseReviewReads.calendar(request)
        let base = Notifier.base(request)
        var apply: (@Sendable (UnitOfWork) async throws -> Void)?
        let reviewID = try review.requireID()

        switch step {
        case .contact:
            let method = input.method(review)
            let note = input.multiline("note", "what you explained and agreed")
            let involvement = CaseReviewInvolvement(rawValue: input.text("involvement"))
            if involvement == nil { input.add("involvement", "Select how the applicant wants to take part") }
            review.contactedAt = now
            if let involvement { review.involvement = involvement }
            apply = { work in
                try await CaseReviewWrites.send(
                    review, kind: .contact, method: method, subject: "Your ASB Case Review \(review.reference)",
                    body: note, by: user.id, in: work)
                try await Self.requestInformation(review, arrangements, base: base, in: work)
            }
        case .thresholdDecision:
            let decision = ThresholdDecision(rawValue: input.text("decision"))
            if decision == nil { input.add("decision", "Select whether the threshold is met") }
            let reason = input.multiline("reason", "the reasons for the decision")
            let routes = try await CaseReviewReads.routes(review, arrangements, today: today, on: request.db)
            let dueAt = CaseReviewStages.dueAt(
                .thresholdDecision, review.progress, timescales: arrangements.rules.timescales, calendar: calendar)
            review.decision = decision
            review.decisionReason = reason
            review.decidedAt = now
            review.$decidedBy.id = user.id
            review.decidedOnTime = dueAt.map { now <= $0 }
            review.assessmentOffered = true
            review.routes = routes.map(\.rawValue).joined(separator: ",")
            var mayWorkCase = false
            if let caseID = review.$caseRecord.id,
                let facts = try await PanelReads.clearance([caseID], today: today, on: request.db)[caseID]
            {
                mayWorkCase = request.may(.workCase(facts))
            }
            let mayWork = mayWorkCase
            apply = { work in
                try await CaseReviewRouting.decided(
                    review, decision: decision ?? .notMet, routes: routes, arrangements, user: user.id,
                    mayWorkCase: mayWork, base: base,
                    in: work)
            }
        case .thresholdLetter:
            let method = input.method(review)
            let letter = input.multiline("letter", "the letter", max: 8000)
            review.decisionLetterAt = now
            apply = { work in
                try await CaseReviewWrites.send(
                    review, kind: .thresholdLetter, method: method,
                    subject: "ASB Case Review \(review.reference): the threshold decision", body: letter, by: user.id,
                    in: work)
            }
        case .review:
            if let meeting = review.meeting {
                if meeting.heldOn > today {
                    input.stage(
                        "The review is recorded on or after the day of the meeting (\(DisplayDate.civil(meeting.heldOn)))"
                    )
                }
            } else {
                input.stage("List the review for a CT-MARAC meeting first")
            }
            let lead = UUID(uuidString: input.text("lead_organisation_id"))
            if lead == nil || !arrangements.relevantBodyIDs.contains(lead!) {
                input.add("lead_organisation_id", "Select the lead body")
            }
            let officers = try await CaseReviewMeetings.users(
                arrangements, roles: [.caseOfficer, .seniorOfficer, .teamManager, .partnerPractitioner], on: request.db)
            let officer = officers.first { $0.id?.uuidString == input.text("lead_officer_id") }
            if officer == nil { input.add("lead_officer_id", "Select the case officer") }
            let made = input.yesNo("made_recommendations", "Select whether the review made recommendations")
            let recommendations = input.multiline("recommendations", "the recommendations", required: made, max: 8000)
            let plan = input.multiline("action_plan", "the action plan", required: false, max: 8000)
            let attended = input.yesNo("victim_attended", "Select whether the victim attended")
            review.reviewedAt = now
            review.$leadOrganisation.id = lead
            review.$leadOfficer.id = officer?.id
            review.recommendations = made ? recommendations : nil
            review.actionPlan = plan.isEmpty ? nil : plan
            review.victimAttended = attended
            let officerID = officer?.id
            apply = { work in
                if let officerID {
                    try await Notifier.notify(
                        [officerID],
                        .init(
                            kind: .caseReview, caseID: review.$caseRecord.id,
                            summary:
                                "You are the case officer for ASB Case Review \(review.reference): act on its decisions",
                            href: SiteURL.caseReview(.value(reviewID)).path), except: user.id, base: base, in: work)
                }
            }
        case .outcomeLetter:
            let method = input.method(review)
            let letter = input.multiline("letter", "the letter", max: 8000)
            review.outcomeSentAt = now
            apply = { work in
                try await CaseReviewWrites.send(
                    review, kind: .outcomeLetter, method: method,
                    subject: "ASB Case Review \(review.reference): the outcome of the review", body: letter,
                    by: user.id, in: work)
            }
        case .actions:
            let note = input.multiline("note", "what the lead officer has done", max: 8000)
            review.actionsNote = note
            review.actionsDoneAt = now
        case .resolutionLetter:
            let method = input.method(review)
            review.meetingOffered = input.text("meeting_offered") == "yes"
            review.resolutionSentAt = now
            let text = review.resolutionText ?? ""
            apply = { work in
                try await CaseReviewWrites.send(
                    review, kind: .resolutionLetter, method: method,
                    subject: "ASB Case Review \(review.reference): the resolution letter", body: text, by: user.id,
                    in: work)
            }
        case .applicantResponse:
            let response = ApplicantResponse(rawValue: input.text("response"))
            if response == nil { input.add("response", "Select the applicant's answer") }
            let note = input.multiline("note", "what they said", required: false)
            review.response = response
            review.responseNote = note.isEmpty ? nil : note
            review.respondedAt = now
        case .appeal:
            let outcome = AppealOutcome(rawValue: input.text("outcome"))
            if outcome == nil { input.add("outcome", "Select the decision") }
            let reason = input.multiline("reason", "the reasons for the decision")
            let method = input.method(review)
            let (worked, sat) = try await CaseReviewMeetings.conflicts(review, arrangements, on: request.db)
            if let problem = AppealOfficerRule.problem(
                candidate: user.actor, relevantBodyIDs: arrangements.relevantBodyIDs, workedOnCase: worked,
                satOnReview: sat)
            {
                input.stage(problem)
            }
            review.appealOutcome = outcome
            review.appealReason = reason
            review.appealMetApplicant = input.text("met_applicant") == "yes"
            review.appealDecidedAt = now
            let letter = LetterTexts.appealDecision(
                review, outcome: outcome ?? .notUpheld, reason: reason, escalation: arrangements.record.escalation)
            apply = { work in
                try await CaseReviewWrites.send(
                    review, kind: .appealDecision, method: method,
                    subject: "ASB Case Review \(review.reference): the appeal decision", body: letter, by: user.id,
                    in: work)
                try await Notifier.notify(
                    try await Notifier.users(in: arrangements.organisationID, roles: [.caseReviewContact], on: work.db),
                    .init(
                        kind: .caseReview, caseID: nil,
                        summary: "The appeal on ASB Case Review \(review.reference) is decided",
                        href: SiteURL.caseReview(.value(reviewID)).path), except: user.id, base: base, in: work)
            }
        case .escalation:
            if review.escalatedAt == nil {
                let reference = input.text("reference")
                if let problem = TextRules.problem(reference, label: "the reference", required: false, max: 60) {
                    input.add("reference", problem)
                }
                review.escalatedAt = now
                review.escalationReference = reference.isEmpty ? nil : reference
            } else {
                review.escalationOutcome = input.multiline("outcome", "the outcome of the external review")
                review.escalationOutcomeAt = now
            }
        }

        guard input.form.isValid else {
            // Nothing is saved: the page is drawn from the stored application, with the typed values kept.
            let (fresh, loaded, freshFacts) = try await CaseReviewReads.find(reviewID, request)
            return try await CaseReviewPage.render(request, fresh, loaded, freshFacts, form: input.form)
                .encodeResponse(status: .badRequest, for: request)
        }
        let stepCopy = step
        let then = apply
        try await request.write { work in
            // Checked again inside the write, under the trail's lock (PostgreSQL queues the second of two
            // identical posts behind it): a form sent twice records once.
            try await AuditLog.lockChain(on: work.db)
            guard let stored = try await CaseReview.find(reviewID, on: work.db),
                CaseReviewStages.problem(recording: stepCopy, stored.progress) == nil,
                stepCopy != .escalation || stored.escalatedAt == review.escalatedAt || stored.escalatedAt == nil
            else { throw Abort(.conflict, reason: "This stage has already been recorded") }
            try await work.update(review, "ASB Case Review \(review.reference): \(stepCopy.label.lowercased())")
            try await then?(work)
            if let caseID = review.$caseRecord.id {
                try await work.timeline(
                    caseID, kind: .task, "ASB Case Review \(review.reference): \(stepCopy.label.lowercased())",
                    actorID: user.id)
            }
        }
        return request.redirect(to: SiteURL.caseReview(.value(reviewID)).path, flash: .caseReviewStep)
    }

    /// Gateway (Lambeth 3.6.2 stage 1): each relevant body's designated officer is told and asked for what its
    /// records hold; a body with no designated officer is told through its caseworkers.
    static func requestInformation(
        _ review: CaseReview, _ arrangements: LoadedArrangements, base: String, in work: UnitOfWork
    ) async throws {
        let reviewID = try review.requireID()
        for body in arrangements.bodies where body.$organisation.id != arrangements.organisationID {
            let request = CaseReviewRequest()
            request.$review.id = reviewID
            request.$organisation.id = body.$organisation.id
            request.requestedAt = work.now
            try await work.insert(request, "Asked \(body.organisation.name) for information for \(review.reference)")
            let recipients =
                if let officer = body.$designatedOfficer.id {
                    [officer]
                } else {
                    try await Notifier.users(in: body.$organisation.id, roles: Notifier.partnerRoles, on: work.db)
                }
            try await Notifier.notify(
                recipients,
                .init(
                    kind: .caseReview, caseID: nil,
                    summary: "ASB Case Review \(review.reference): the review asks for your organisation's information",
                    href: SiteURL.caseReview(.value(reviewID)).path), base: base, in: work)
        }
    }
}
