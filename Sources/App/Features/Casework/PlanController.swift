import Fluent
import Foundation
import TandemCore
import Vapor

/// The action plan: its text, actions, agreement, reviews and printable copy.
/// Interviews and decisions about the respondent have their own controllers.
struct PlanController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.case(.key, .plan), use: show)
        routes.get(.case(.key, .planPrint), use: print)
        routes.post(.case(.key, .plan), use: savePlan)
        routes.post(.case(.key, .planActions), use: addAction)
        routes.post(.case(.key, .planAction(.key)), use: updateAction)
        routes.post(.case(.key, .planAgreement), use: agree)
        routes.post(.case(.key, .planReviews), use: recordReview)
    }

    @Sendable
    func show(request: Request) async throws -> View {
        let (record, facts) = try await CaseLookup.find(request, in: .casework)
        try request.authorize(.viewCase(facts))
        try await request.auditCaseView(record, "the plan and contact")
        return try await PlanPageBuilder.render(request, record: record, facts: facts, form: FormState())
    }

    // MARK: - The plan

    struct PlanInput: Content {
        var evidencePlan: String?
        var contactFrequency: String?
        var contactMethod: String?
        var nextReviewOn: String?
        var change: String?

        enum CodingKeys: String, CodingKey {
            case evidencePlan = "evidence_plan"
            case contactFrequency = "contact_frequency"
            case contactMethod = "contact_method"
            case nextReviewOn = "next_review_on"
            case change
        }
    }

    @Sendable
    func savePlan(request: Request) async throws -> Response {
        let (record, facts, user) = try await Casework.prepare(request, in: .casework)
        let caseID = try record.requireID()
        let input = (try? request.content.decode(PlanInput.self)) ?? PlanInput()
        let calendar = try await request.intakePolicy().calendar
        let today = calendar.local(request.now).day
        let existing = try await ActionPlan.query(on: request.db).filter(\.$caseRecord.$id == caseID).first()
        var form = FormState()
        let evidencePlan = TextRules.clean(input.evidencePlan)
        if let problem = TextRules.multilineProblem(
            evidencePlan, label: "how evidence will be gathered", required: true, max: 4000)
        {
            form.add("evidence_plan", problem)
        }
        let frequency = input.contactFrequency.flatMap(Int.init).flatMap(ContactFrequency.init(rawValue:))
        if frequency == nil { form.add("contact_frequency", "Select how often you will be in touch") }
        let method = input.contactMethod.flatMap(ContactChannel.init(rawValue:))
        if method == nil { form.add("contact_method", "Select how you will keep in touch") }
        let change = TextRules.clean(input.change)
        if existing != nil, let problem = TextRules.problem(change, label: "what changed and why", max: 500) {
            form.add("change", problem)
        }
        var nextReview: CivilDate?
        var firstReview: CivilDate?
        if let existing {
            nextReview = Casework.day(input.nextReviewOn)
            if let problem = PlanRules.reviewProblem(next: nextReview, after: today) {
                form.add(problem.field, problem.message)
            }
            firstReview = existing.firstReviewOn
        } else {
            // 3.3.1: the first review is two weeks from the reporting person's interview.
            let interview = try await Interview.query(on: request.db).filter(\.$caseRecord.$id == caseID)
                .filter(\.$kind == InterviewKind.reportingPerson).sort(\.$interviewedOn, .descending).first()
            firstReview = PlanRules.firstReview(interviewedOn: interview?.interviewedOn ?? today, calendar: calendar)
            nextReview = firstReview
        }
        guard form.isValid, let frequency, let method, let nextReview, let firstReview else {
            return try await PlanPageBuilder.fail(request, record, facts, form)
        }
        let plan = existing ?? ActionPlan()
        if existing == nil {
            plan.$caseRecord.id = caseID
            plan.version = 0
            plan.drawnUpOn = today
            plan.createdAt = request.now
            plan.$createdBy.id = user.id
        }
        plan.version = PlanRules.nextVersion(after: plan.version)
        plan.evidencePlan = evidencePlan
        plan.contactFrequency = frequency.rawValue
        plan.contactMethod = method
        plan.firstReviewOn = firstReview
        plan.nextReviewOn = nextReview
        plan.updatedAt = request.now
        let frequencyChanged = record.promisedFrequency != frequency || record.contactFrequency == nil
        record.contactFrequency = frequency
        if frequencyChanged, let last = record.lastContactAt {
            record.nextContactDueAt = ContactPromise.nextDue(after: last, every: frequency, calendar: calendar)
            record.refreshNextDeadline()
        }
        let summary = existing == nil ? "Action plan drawn up" : "Action plan changed: \(change)"
        try await Casework.write(request, record, user: user, kind: .plan, timeline: summary) { work in
            try await work.save(plan, summary)
            try await work.update(record, "Promised contact: \(frequency.label)")
            try await PlanHistory.keep(plan, change: summary, userID: user.id, in: work)
        }
        return request.redirect(to: try PlanPageBuilder.path(record), flash: .planSaved)
    }

    func requirePlan(_ request: Request, _ caseID: UUID) async throws -> ActionPlan? {
        try await ActionPlan.query(on: request.db).filter(\.$caseRecord.$id == caseID).first()
    }

    struct AgreementInput: Content {
        var agreedBy: String?
        var agreedOn: String?
        var agreedHow: String?

        enum CodingKeys: String, CodingKey {
            case agreedBy = "agreed_by"
            case agreedOn = "agreed_on"
            case agreedHow = "agreed_how"
        }
    }

    @Sendable
    func agree(request: Request) async throws -> Response {
        let (record, facts, user) = try await Casework.prepare(request, in: .casework)
        let caseID = try record.requireID()
        let input = (try? request.content.decode(AgreementInput.self)) ?? AgreementInput()
        let today = try await request.intakePolicy().calendar.local(request.now).day
        var form = FormState()
        let plan = try await requirePlan(request, caseID)
        let agreedBy = TextRules.clean(input.agreedBy)
        let agreedOn = Casework.day(input.agreedOn)
        let method = input.agreedHow.flatMap(AgreementMethod.init(rawValue:))
        if let plan {
            if let problem = TextRules.problem(agreedBy, label: "who agreed the plan", max: 200) {
                form.add("agreed_by", problem)
            }
            Casework.add(
                PlanRules.agreementProblems(
                    agreedBy: agreedBy, agreedOn: agreedOn, method: method,
                    planDrawnUp: plan.drawnUpOn, today: today), to: &form)
        } else {
            form.add("evidence_plan", "Draw up the action plan before recording the agreement")
        }
        guard form.isValid, let plan, let agreedOn, let method else {
            return try await PlanPageBuilder.fail(request, record, facts, form)
        }
        plan.agreedBy = agreedBy
        plan.agreedOn = agreedOn
        plan.agreedHow = method
        plan.agreedVersion = plan.version
        plan.updatedAt = request.now
        let summary = "Action plan version \(plan.version) agreed by \(agreedBy) (\(method.label.lowercased()))"
        try await Casework.write(request, record, user: user, kind: .plan, timeline: summary) { work in
            try await work.update(plan, summary)
        }
        return request.redirect(to: try PlanPageBuilder.path(record), flash: .planAgreed)
    }

    struct ReviewInput: Content {
        var heldOn: String?
        var attendees: String?
        var progress: String?
        var nextSteps: String?
        var nextReviewOn: String?

        enum CodingKeys: String, CodingKey {
            case heldOn = "held_on"
            case attendees, progress
            case nextSteps = "next_steps"
            case nextReviewOn = "review_next_on"
        }
    }

    @Sendable
    func recordReview(request: Request) async throws -> Response {
        let (record, facts, user) = try await Casework.prepare(request, in: .casework)
        let caseID = try record.requireID()
        let input = (try? request.content.decode(ReviewInput.self)) ?? ReviewInput()
        let today = try await request.intakePolicy().calendar.local(request.now).day
        var form = FormState()
        let plan = try await requirePlan(request, caseID)
        if plan == nil { form.add("evidence_plan", "Draw up the action plan before recording a review") }
        let heldOn = Casework.day(input.heldOn)
        if let problem = PlanRules.reviewMeetingProblem(heldOn: heldOn, today: today) {
            form.add(problem.field, problem.message)
        }
        let attendees = TextRules.clean(input.attendees)
        if let problem = TextRules.problem(attendees, label: "who attended", max: 500) {
            form.add("attendees", problem)
        }
        let progress = TextRules.clean(input.progress)
        if let problem = TextRules.multilineProblem(progress, label: "the progress made", required: true, max: 4000) {
            form.add("progress", problem)
        }
        let nextSteps = TextRules.clean(input.nextSteps)
        if let problem = TextRules.multilineProblem(nextSteps, label: "the next steps", required: false, max: 4000) {
            form.add("next_steps", problem)
        }
        let nextReview = Casework.day(input.nextReviewOn)
        if !(input.nextReviewOn ?? "").isEmpty, let heldOn,
            let problem = PlanRules.reviewProblem(next: nextReview, after: heldOn, field: "review_next_on")
        {
            form.add(problem.field, problem.message)
        }
        guard form.isValid, let plan, let heldOn else {
            return try await PlanPageBuilder.fail(request, record, facts, form)
        }
        let meeting = ReviewMeeting()
        meeting.$caseRecord.id = caseID
        meeting.heldOn = heldOn
        meeting.attendees = attendees
        meeting.progress = progress
        meeting.nextSteps = nextSteps.isEmpty ? nil : nextSteps
        meeting.nextReviewOn = nextReview
        meeting.recordedAt = request.now
        meeting.$recordedBy.id = user.id
        plan.version = PlanRules.nextVersion(after: plan.version)
        plan.updatedAt = request.now
        if let nextReview { plan.nextReviewOn = nextReview }
        // Lambeth 3.3.2: every review meeting is a point where the assessment is offered again.
        RiskService.offer(record, occasion: .reviewMeeting, at: request.now)
        let summary =
            "Review meeting on \(DisplayDate.civil(heldOn)) recorded"
            + (nextReview.map { "; next review \(DisplayDate.civil($0))" } ?? "; no further review set")
        try await Casework.write(request, record, user: user, kind: .review, timeline: summary) { work in
            try await work.insert(meeting, summary)
            try await work.update(plan, "Plan version \(plan.version)")
            try await work.update(record, "Review meeting: vulnerability assessment to be offered")
            try await PlanHistory.keep(plan, change: summary, userID: user.id, in: work)
        }
        return request.redirect(to: try PlanPageBuilder.path(record), flash: .reviewRecorded)
    }

    // MARK: - Printable copy

    struct PrintPage: Encodable {
        var layout: LayoutContext
        var reference: String
        var caseID: String
        var links: CaseLinks
        var organisation: String
        var officer: String
        var version: Int
        var drawnUpOn: String
        var contact: String
        var evidencePlan: String
        var nextReview: String
        var agreed: String?
        var actions: [PlanPageBuilder.ActionRow]
    }

    @Sendable
    func print(request: Request) async throws -> View {
        let (record, facts) = try await CaseLookup.find(request, in: .casework)
        try request.authorize(.viewCase(facts))
        let caseID = try record.requireID()
        guard let plan = try await requirePlan(request, caseID) else { throw Abort(.notFound) }
        try await request.auditCaseView(record, "the printed action plan")
        // The printed plan is the one the reporting person signs: a panel's confidential actions stay off it.
        let actions = try await PlanAction.query(on: request.db).filter(\.$caseRecord.$id == caseID)
            .filter(\.$panelItem.$id == nil).with(\.$ownerOrganisation).with(\.$ownerUser).sort(\.$dueOn)
            .sort(\.$addedAt).all()
        let today = try await request.intakePolicy().calendar.local(request.now).day
        let links = CaseLinks(caseID)
        return try await request.view.render(
            "casework/plan-print",
            PrintPage(
                layout: request.layout(title: "Action plan, case \(record.reference)", section: .cases),
                reference: record.reference, caseID: caseID.uuidString, links: links,
                organisation: record.organisation.name,
                officer: record.officer?.displayName ?? "Not yet allocated", version: plan.version,
                drawnUpOn: DisplayDate.civil(plan.drawnUpOn), contact: plan.contactLabel,
                evidencePlan: plan.evidencePlan, nextReview: DisplayDate.civil(plan.nextReviewOn),
                agreed: plan.agreementLabel,
                actions: PlanPageBuilder.actionRows(
                    actions, team: record.$organisation.id, links: links, today: today, form: FormState())))
    }

}
