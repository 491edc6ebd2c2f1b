import Fluent
import Foundation
import TandemCore
import Vapor

/// Interviews, the action plan (actions, agreement, reviews, printable copy),
/// decisions about the respondent, and the household-at-risk flag.
struct PlanController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("cases", ":caseID", "plan", use: show)
        routes.get("cases", ":caseID", "plan", "print", use: print)
        routes.get("cases", ":caseID", "interviews", "new", use: newInterview)
        routes.post("cases", ":caseID", "interviews", use: recordInterview)
        routes.post("cases", ":caseID", "plan", use: savePlan)
        routes.post("cases", ":caseID", "plan", "actions", use: addAction)
        routes.post("cases", ":caseID", "plan", "actions", ":actionID", use: updateAction)
        routes.post("cases", ":caseID", "plan", "agreement", use: agree)
        routes.post("cases", ":caseID", "plan", "reviews", use: recordReview)
        routes.post("cases", ":caseID", "respondent-decisions", use: decide)
        routes.post("cases", ":caseID", "household-at-risk", use: householdAtRisk)
    }

    @Sendable
    func show(request: Request) async throws -> View {
        let (record, facts) = try await CaseLookup.find(request)
        try request.authorize(.viewCase(facts))
        try await request.auditCaseView(record, "the plan and contact")
        return try await PlanPageBuilder.render(request, record: record, facts: facts, form: FormState())
    }

    private func fail(_ request: Request, _ record: CaseRecord, _ facts: CaseAccessFacts, _ form: FormState)
        async throws -> Response
    {
        try await PlanPageBuilder.render(request, record: record, facts: facts, form: form)
            .encodeResponse(status: .badRequest, for: request)
    }

    private func planPath(_ record: CaseRecord) throws -> String { "/cases/\(try record.requireID().uuidString)/plan" }

    // MARK: - Interviews

    struct InterviewPage: Encodable {
        struct Question: Encodable {
            var id: String
            var text: String
            var yesNo: Bool
            var required: Bool
            var answer: String
            var yes: Bool
            var no: Bool
            var error: String?
        }

        var layout: LayoutContext
        var form: FormState
        var header: Casework.Header
        var partyID: String
        var partyLabel: String
        var isRespondent: Bool
        var questions: [Question]
        var responses: [Choice]
        var interviewedOn: String
        var method: String
        var interpreterPresent: Bool
        var notesGivenOn: String
        var notes: String
    }

    private func interviewee(_ request: Request, _ caseID: UUID, raw: String?) async throws -> CaseParty? {
        guard let raw, let id = UUID(uuidString: raw) else { return nil }
        return try await CaseParty.query(on: request.db).filter(\.$caseRecord.$id == caseID).filter(\.$id == id)
            .filter(\.$role ~~ [PartyRole.reportingPerson.rawValue, PartyRole.respondent.rawValue]).with(\.$person)
            .first()
    }

    private func renderInterview(
        _ request: Request, _ record: CaseRecord, _ facts: CaseAccessFacts, party: CaseParty, form: FormState,
        status: HTTPStatus = .ok
    ) async throws -> Response {
        let kind: InterviewKind = party.role == PartyRole.respondent.rawValue ? .respondent : .reportingPerson
        let values = form.values
        let today = try await IntakePolicy.load(on: request.db).calendar.local(request.now).day
        let page = InterviewPage(
            layout: request.layout(
                title: (form.isValid ? "" : "Error: ") + "\(kind.label) interview, case \(record.reference)",
                section: "cases"),
            form: form, header: try Casework.header(request, record, facts: facts, current: "/plan"),
            partyID: party.id?.uuidString ?? "", partyLabel: Casework.partyLabel(party),
            isRespondent: kind == .respondent,
            questions: InterviewQuestions.questions(for: kind).map { question in
                let answer = values["q_\(question.id)"] ?? ""
                return InterviewPage.Question(
                    id: question.id, text: question.text, yesNo: question.style == .yesNo, required: question.required,
                    answer: answer, yes: answer == "yes", no: answer == "no", error: form.errors[question.id])
            },
            responses: Choice.list(
                AllegationResponse.allCases, value: \.rawValue, label: \.label,
                selected: [values["allegation_response"] ?? ""]),
            interviewedOn: values["interviewed_on"] ?? today.description, method: values["method"] ?? "",
            interpreterPresent: values["interpreter_present"] == "yes", notesGivenOn: values["notes_given_on"] ?? "",
            notes: values["notes"] ?? "")
        return try await request.view.render("casework/interview", page).encodeResponse(status: status, for: request)
    }

    @Sendable
    func newInterview(request: Request) async throws -> Response {
        let (record, facts, _) = try await Casework.prepare(request)
        guard let party = try await interviewee(request, try record.requireID(), raw: request.query["party"]) else {
            throw Abort(.notFound)
        }
        try await request.auditCaseView(record, "the interview form")
        return try await renderInterview(request, record, facts, party: party, form: FormState())
    }

    @Sendable
    func recordInterview(request: Request) async throws -> Response {
        let (record, facts, user) = try await Casework.prepare(request)
        let caseID = try record.requireID()
        let fields = (try? request.content.decode([String: String].self)) ?? [:]
        guard let party = try await interviewee(request, caseID, raw: fields["party_id"]) else {
            var form = FormState()
            form.add("party", "Select the person interviewed")
            return try await fail(request, record, facts, form)
        }
        let kind: InterviewKind = party.role == PartyRole.respondent.rawValue ? .respondent : .reportingPerson
        let calendar = try await IntakePolicy.load(on: request.db).calendar
        let today = calendar.local(request.now).day
        var form = FormState()
        form.values = fields.filter { $0.key != CSRFMiddleware.formField }
        var answers: [String: String] = [:]
        for question in InterviewQuestions.questions(for: kind) {
            let answer = TextRules.clean(fields["q_\(question.id)"])
            if let problem = TextRules.multilineProblem(answer, label: "the answer", required: false, max: 4000) {
                form.add(question.id, problem)
            }
            if !answer.isEmpty { answers[question.id] = answer }
        }
        let method = TextRules.clean(fields["method"])
        if let problem = TextRules.problem(method, label: "how the interview took place", max: 100) {
            form.add("method", problem)
        }
        let notes = TextRules.clean(fields["notes"])
        if let problem = TextRules.multilineProblem(notes, label: "the notes", required: false, max: 8000) {
            form.add("notes", problem)
        }
        let response = fields["allegation_response"].flatMap(AllegationResponse.init(rawValue:))
        let notesGiven = Casework.day(fields["notes_given_on"])
        if !(fields["notes_given_on"] ?? "").isEmpty && notesGiven == nil {
            form.add("notes_given_on", "Enter the date the notes were given, like 2026-11-23")
        }
        let interviewedOn = Casework.day(fields["interviewed_on"])
        let rules = InterviewRecord(
            kind: kind, answers: answers, interpreterPresent: fields["interpreter_present"] == "yes",
            allegationResponse: response, notesGivenOn: notesGiven, interviewedOn: interviewedOn)
        Casework.add(InterviewRules.problems(rules, today: today), to: &form)
        guard form.isValid, let interviewedOn else {
            return try await renderInterview(request, record, facts, party: party, form: form, status: .badRequest)
        }
        let interview = Interview()
        interview.$caseRecord.id = caseID
        interview.$party.id = try party.requireID()
        interview.kind = kind.rawValue
        interview.interviewedOn = interviewedOn.description
        interview.method = method
        interview.interpreterPresent = rules.interpreterPresent
        interview.answers = Interview.encode(answers)
        interview.allegationResponse = kind == .respondent ? response?.rawValue : nil
        interview.notesGivenOn = kind == .respondent ? notesGiven?.description : nil
        interview.notes = notes.isEmpty ? nil : notes
        interview.recordedAt = request.now
        interview.$recordedBy.id = user.id
        let before = record.auditSnapshot
        if kind == .reportingPerson {
            // Lambeth 3.3.2: the interview is a point where the assessment is offered.
            RiskService.offer(record, occasion: .firstInterview, at: request.now)
        }
        try await Casework.write(
            request, record, user: user, kind: "interview",
            timeline:
                "\(kind.label) interview recorded (\(Casework.partyLabel(party)), \(DisplayDate.civil(interviewedOn)))"
        ) { db, actor, now in
            try await interview.create(on: db)
            try await AuditLog.created(
                "interview", interview.id?.uuidString,
                "Recorded \(kind.label.lowercased()) interview on case \(record.reference)",
                interview.auditSnapshot, by: actor, at: now, on: db)
            if kind == .reportingPerson {
                try await record.update(on: db)
                try await AuditLog.updated(
                    "case", caseID.uuidString, "Interview: vulnerability assessment to be offered",
                    before: before, after: record.auditSnapshot, by: actor, at: now, on: db)
            }
        }
        return request.redirect(to: try planPath(record), flash: .interviewRecorded)
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
        let (record, facts, user) = try await Casework.prepare(request)
        let caseID = try record.requireID()
        let input = (try? request.content.decode(PlanInput.self)) ?? PlanInput()
        let calendar = try await IntakePolicy.load(on: request.db).calendar
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
            firstReview = CivilDate(iso: existing.firstReviewOn)
        } else {
            // 3.3.1: the first review is two weeks from the reporting person's interview.
            let interview = try await Interview.query(on: request.db).filter(\.$caseRecord.$id == caseID)
                .filter(\.$kind == InterviewKind.reportingPerson.rawValue).sort(\.$interviewedOn, .descending).first()
            firstReview = PlanRules.firstReview(
                interviewedOn: interview.flatMap { CivilDate(iso: $0.interviewedOn) } ?? today, calendar: calendar)
            nextReview = firstReview
        }
        guard form.isValid, let frequency, let method, let nextReview, let firstReview else {
            return try await fail(request, record, facts, form)
        }
        let plan = existing ?? ActionPlan()
        let before = existing?.auditSnapshot
        if existing == nil {
            plan.$caseRecord.id = caseID
            plan.version = 0
            plan.drawnUpOn = today.description
            plan.createdAt = request.now
            plan.$createdBy.id = user.id
        }
        plan.version = PlanRules.nextVersion(after: plan.version)
        plan.evidencePlan = evidencePlan
        plan.contactFrequency = frequency.rawValue
        plan.contactMethod = method.rawValue
        plan.firstReviewOn = firstReview.description
        plan.nextReviewOn = nextReview.description
        plan.updatedAt = request.now
        let caseBefore = record.auditSnapshot
        let frequencyChanged = record.promisedFrequency != frequency || record.contactFrequency == nil
        record.contactFrequency = frequency.rawValue
        if frequencyChanged, let last = record.lastContactAt {
            record.nextContactDueAt = ContactPromise.nextDue(after: last, every: frequency, calendar: calendar)
            record.refreshNextDeadline()
        }
        let summary = existing == nil ? "Action plan drawn up" : "Action plan changed: \(change)"
        try await Casework.write(request, record, user: user, kind: "plan", timeline: summary) { db, actor, now in
            if let before {
                try await plan.update(on: db)
                try await AuditLog.updated(
                    "action_plan", plan.id?.uuidString, summary, before: before, after: plan.auditSnapshot, by: actor,
                    at: now, on: db)
            } else {
                try await plan.create(on: db)
                try await AuditLog.created(
                    "action_plan", plan.id?.uuidString, summary, plan.auditSnapshot, by: actor, at: now, on: db)
            }
            try await record.update(on: db)
            try await AuditLog.updated(
                "case", caseID.uuidString, "Promised contact: \(frequency.label)", before: caseBefore,
                after: record.auditSnapshot, by: actor, at: now, on: db)
            try await PlanHistory.keep(plan, change: summary, userID: user.id, at: now, on: db)
        }
        return request.redirect(to: try planPath(record), flash: .planSaved)
    }

    struct ActionInput: Content {
        var description: String?
        var owner: String?
        var ownerName: String?
        var dueOn: String?

        enum CodingKeys: String, CodingKey {
            case description, owner
            case ownerName = "owner_name"
            case dueOn = "due_on"
        }
    }

    private func requirePlan(_ request: Request, _ caseID: UUID) async throws -> ActionPlan? {
        try await ActionPlan.query(on: request.db).filter(\.$caseRecord.$id == caseID).first()
    }

    @Sendable
    func addAction(request: Request) async throws -> Response {
        let (record, facts, user) = try await Casework.prepare(request)
        let caseID = try record.requireID()
        let input = (try? request.content.decode(ActionInput.self)) ?? ActionInput()
        let today = try await IntakePolicy.load(on: request.db).calendar.local(request.now).day
        var form = FormState()
        let plan = try await requirePlan(request, caseID)
        if plan == nil { form.add("evidence_plan", "Draw up the action plan before adding actions") }
        let description = TextRules.clean(input.description)
        if let problem = TextRules.problem(description, label: "what needs to be done", max: 500) {
            form.add("action_description", problem)
        }
        let ownerName = TextRules.clean(input.ownerName)
        if let problem = TextRules.problem(ownerName, label: "the owner's name", required: false, max: 200) {
            form.add("action_owner_name", problem)
        }
        let action = PlannedAction(
            description: description, owner: input.owner.flatMap(ActionOwner.init(rawValue:)), ownerName: ownerName,
            dueOn: Casework.day(input.dueOn))
        Casework.add(PlanRules.problems(action, today: today), to: &form)
        guard form.isValid, let plan, let owner = action.owner, let due = action.dueOn else {
            return try await fail(request, record, facts, form)
        }
        let row = PlanAction()
        row.$caseRecord.id = caseID
        row.description = description
        row.owner = owner.rawValue
        row.ownerName = ownerName.isEmpty ? nil : ownerName
        row.dueOn = due.description
        row.status = ActionStatus.open.rawValue
        row.addedAt = request.now
        row.$addedBy.id = user.id
        let before = plan.auditSnapshot
        plan.version = PlanRules.nextVersion(after: plan.version)
        plan.updatedAt = request.now
        let summary = "Action added to the plan: \(description) (\(row.ownerLabel), due \(DisplayDate.civil(due)))"
        try await Casework.write(request, record, user: user, kind: "plan", timeline: summary) { db, actor, now in
            try await row.create(on: db)
            try await AuditLog.created(
                "plan_action", row.id?.uuidString, summary, row.auditSnapshot, by: actor, at: now, on: db)
            try await plan.update(on: db)
            try await AuditLog.updated(
                "action_plan", plan.id?.uuidString, "Plan version \(plan.version)", before: before,
                after: plan.auditSnapshot, by: actor, at: now, on: db)
            try await PlanHistory.keep(plan, change: summary, userID: user.id, at: now, on: db)
        }
        return request.redirect(to: try planPath(record), flash: .planSaved)
    }

    @Sendable
    func updateAction(request: Request) async throws -> Response {
        let (record, facts, user) = try await Casework.prepare(request)
        let caseID = try record.requireID()
        guard let actionID = request.parameters.get("actionID", as: UUID.self),
            let row = try await PlanAction.query(on: request.db).filter(\.$id == actionID)
                .filter(\.$caseRecord.$id == caseID).first(),
            let plan = try await requirePlan(request, caseID)
        else { throw Abort(.notFound) }
        let status = (try? request.content.get(String.self, at: "status")).flatMap(ActionStatus.init(rawValue:))
        var form = FormState()
        if let problem = PlanRules.closeActionProblem(
            current: ActionStatus(rawValue: row.status), to: status, field: "action-\(actionID.uuidString)")
        {
            form.add(problem.field, problem.message)
        }
        guard form.isValid, let status else { return try await fail(request, record, facts, form) }
        let before = row.auditSnapshot
        let planBefore = plan.auditSnapshot
        row.status = status.rawValue
        row.doneOn = try await IntakePolicy.load(on: request.db).calendar.local(request.now).day.description
        plan.version = PlanRules.nextVersion(after: plan.version)
        plan.updatedAt = request.now
        let summary = "Plan action \(status == .done ? "done" : "no longer needed"): \(row.description)"
        try await Casework.write(request, record, user: user, kind: "plan", timeline: summary) { db, actor, now in
            try await row.update(on: db)
            try await AuditLog.updated(
                "plan_action", actionID.uuidString, summary, before: before, after: row.auditSnapshot, by: actor,
                at: now, on: db)
            try await plan.update(on: db)
            try await AuditLog.updated(
                "action_plan", plan.id?.uuidString, "Plan version \(plan.version)", before: planBefore,
                after: plan.auditSnapshot, by: actor, at: now, on: db)
            try await PlanHistory.keep(plan, change: summary, userID: user.id, at: now, on: db)
        }
        return request.redirect(to: try planPath(record), flash: .planSaved)
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
        let (record, facts, user) = try await Casework.prepare(request)
        let caseID = try record.requireID()
        let input = (try? request.content.decode(AgreementInput.self)) ?? AgreementInput()
        let today = try await IntakePolicy.load(on: request.db).calendar.local(request.now).day
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
                    planDrawnUp: CivilDate(iso: plan.drawnUpOn) ?? today, today: today), to: &form)
        } else {
            form.add("evidence_plan", "Draw up the action plan before recording the agreement")
        }
        guard form.isValid, let plan, let agreedOn, let method else {
            return try await fail(request, record, facts, form)
        }
        let before = plan.auditSnapshot
        plan.agreedBy = agreedBy
        plan.agreedOn = agreedOn.description
        plan.agreedHow = method.rawValue
        plan.agreedVersion = plan.version
        plan.updatedAt = request.now
        let summary = "Action plan version \(plan.version) agreed by \(agreedBy) (\(method.label.lowercased()))"
        try await Casework.write(request, record, user: user, kind: "plan", timeline: summary) { db, actor, now in
            try await plan.update(on: db)
            try await AuditLog.updated(
                "action_plan", plan.id?.uuidString, summary, before: before, after: plan.auditSnapshot, by: actor,
                at: now, on: db)
        }
        return request.redirect(to: try planPath(record), flash: .planAgreed)
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
        let (record, facts, user) = try await Casework.prepare(request)
        let caseID = try record.requireID()
        let input = (try? request.content.decode(ReviewInput.self)) ?? ReviewInput()
        let today = try await IntakePolicy.load(on: request.db).calendar.local(request.now).day
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
        guard form.isValid, let plan, let heldOn else { return try await fail(request, record, facts, form) }
        let meeting = ReviewMeeting()
        meeting.$caseRecord.id = caseID
        meeting.heldOn = heldOn.description
        meeting.attendees = attendees
        meeting.progress = progress
        meeting.nextSteps = nextSteps.isEmpty ? nil : nextSteps
        meeting.nextReviewOn = nextReview?.description
        meeting.recordedAt = request.now
        meeting.$recordedBy.id = user.id
        let before = plan.auditSnapshot
        plan.version = PlanRules.nextVersion(after: plan.version)
        plan.updatedAt = request.now
        if let nextReview { plan.nextReviewOn = nextReview.description }
        let caseBefore = record.auditSnapshot
        // Lambeth 3.3.2: every review meeting is a point where the assessment is offered again.
        RiskService.offer(record, occasion: .reviewMeeting, at: request.now)
        let summary =
            "Review meeting on \(DisplayDate.civil(heldOn)) recorded"
            + (nextReview.map { "; next review \(DisplayDate.civil($0))" } ?? "; no further review set")
        try await Casework.write(request, record, user: user, kind: "review", timeline: summary) { db, actor, now in
            try await meeting.create(on: db)
            try await AuditLog.created(
                "review_meeting", meeting.id?.uuidString, summary, meeting.auditSnapshot, by: actor, at: now, on: db)
            try await plan.update(on: db)
            try await AuditLog.updated(
                "action_plan", plan.id?.uuidString, "Plan version \(plan.version)", before: before,
                after: plan.auditSnapshot, by: actor, at: now, on: db)
            try await record.update(on: db)
            try await AuditLog.updated(
                "case", caseID.uuidString, "Review meeting: vulnerability assessment to be offered", before: caseBefore,
                after: record.auditSnapshot, by: actor, at: now, on: db)
            try await PlanHistory.keep(plan, change: summary, userID: user.id, at: now, on: db)
        }
        return request.redirect(to: try planPath(record), flash: .reviewRecorded)
    }

    // MARK: - Printable copy

    struct PrintPage: Encodable {
        var layout: LayoutContext
        var reference: String
        var caseID: String
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
        let (record, facts) = try await CaseLookup.find(request)
        try request.authorize(.viewCase(facts))
        let caseID = try record.requireID()
        guard let plan = try await requirePlan(request, caseID) else { throw Abort(.notFound) }
        try await request.auditCaseView(record, "the printed action plan")
        let actions = try await PlanAction.query(on: request.db).filter(\.$caseRecord.$id == caseID).sort(\.$dueOn)
            .sort(\.$addedAt).all()
        let today = try await IntakePolicy.load(on: request.db).calendar.local(request.now).day
        return try await request.view.render(
            "casework/plan-print",
            PrintPage(
                layout: request.layout(title: "Action plan, case \(record.reference)", section: "cases"),
                reference: record.reference, caseID: caseID.uuidString, organisation: record.organisation.name,
                officer: record.officer?.displayName ?? "Not yet allocated", version: plan.version,
                drawnUpOn: PlanPageBuilder.civil(plan.drawnUpOn), contact: plan.contactLabel,
                evidencePlan: plan.evidencePlan, nextReview: PlanPageBuilder.civil(plan.nextReviewOn),
                agreed: plan.agreementLabel,
                actions: PlanPageBuilder.actionRows(actions, today: today, form: FormState())))
    }

    // MARK: - The respondent

    struct DecisionInput: Content {
        var decidedStep: String?
        var reason: String?
        var partyId: String?

        enum CodingKeys: String, CodingKey {
            case decidedStep = "decided_step"
            case reason
            case partyId = "party_id"
        }
    }

    @Sendable
    func decide(request: Request) async throws -> Response {
        let (record, facts, user) = try await Casework.prepare(request)
        let caseID = try record.requireID()
        let input = (try? request.content.decode(DecisionInput.self)) ?? DecisionInput()
        let suggestion = CorrespondenceRules.suggest(try await RespondentFactsLoader.load(record, on: request.db))
        var form = FormState()
        let decided = input.decidedStep.flatMap(RespondentStep.init(rawValue:))
        let reason = TextRules.clean(input.reason)
        Casework.add(
            CorrespondenceRules.decisionProblems(decided: decided, reason: reason, suggested: suggestion.steps),
            to: &form)
        if let problem = TextRules.multilineProblem(reason, label: "the reason", required: false, max: 4000) {
            form.add("decision_reason", problem)
        }
        var partyID: UUID?
        if let raw = input.partyId, !raw.isEmpty {
            partyID = try await CaseParty.query(on: request.db).filter(\.$caseRecord.$id == caseID)
                .filter(\.$role == PartyRole.respondent.rawValue).all().first { $0.id?.uuidString == raw }?.id
            if partyID == nil { form.add("decision_party", "Select a respondent on this case") }
        }
        guard form.isValid, let decided else { return try await fail(request, record, facts, form) }
        let decision = RespondentDecision()
        decision.$caseRecord.id = caseID
        decision.$party.id = partyID
        decision.suggested = suggestion.steps.map(\.rawValue).joined(separator: ",")
        decision.decided = decided.rawValue
        decision.reason = reason
        decision.decidedAt = request.now
        decision.$decidedBy.id = user.id
        let summary = "Decision about the respondent: \(decided.label). Reason: \(reason)"
        try await Casework.write(request, record, user: user, kind: "respondent", timeline: summary) { db, actor, now in
            try await decision.create(on: db)
            try await AuditLog.created(
                "respondent_decision", decision.id?.uuidString, "Decided next step with the respondent",
                decision.auditSnapshot, by: actor, at: now, on: db)
        }
        return request.redirect(to: try planPath(record), flash: .decisionRecorded)
    }

    @Sendable
    func householdAtRisk(request: Request) async throws -> Response {
        let (record, facts, user) = try await Casework.prepare(request)
        let caseID = try record.requireID()
        let confirmed = (try? request.content.get(String.self, at: "confirm")) == "yes"
        var form = FormState()
        if let problem = HouseholdAtRiskRules.problem(alreadyRecordedAt: record.householdAtRiskAt, confirmed: confirmed)
        {
            form.add(problem.field, problem.message)
        }
        guard form.isValid else { return try await fail(request, record, facts, form) }
        let calendar = try await IntakePolicy.load(on: request.db).calendar
        let before = record.auditSnapshot
        record.householdAtRiskAt = request.now
        let context = RiskService.Context(
            userID: user.id, actor: request.auditActor, now: request.now, calendar: calendar)
        try await Casework.write(
            request, record, user: user, kind: "household",
            timeline: "Recorded: a household with children is at risk of losing its home"
        ) { db, actor, now in
            try await record.update(on: db)
            try await AuditLog.updated(
                "case", caseID.uuidString, "Household with children at risk of losing its home", before: before,
                after: record.auditSnapshot, by: actor, at: now, on: db)
            try await RiskService.householdAtRisk(caseID: caseID, context: context, on: db)
        }
        return request.redirect(to: try planPath(record), flash: .householdRecorded)
    }
}

/// Keeps each version of the plan: what changed, and the plan as it then stood.
enum PlanHistory {
    static func keep(_ plan: ActionPlan, change: String, userID: UUID, at now: Date, on db: any Database) async throws {
        let caseID = plan.$caseRecord.id
        let actions = try await PlanAction.query(on: db).filter(\.$caseRecord.$id == caseID).sort(\.$dueOn).all()
        var lines = [
            "Version \(plan.version)",
            "Contact: \(plan.frequency.label), by \(plan.contactMethod)",
            "Evidence: \(plan.evidencePlan)",
            "First review: \(plan.firstReviewOn); next review: \(plan.nextReviewOn)",
        ]
        lines += actions.map { "- \($0.description) (\($0.ownerLabel), due \($0.dueOn), \($0.status))" }
        let revision = PlanRevision()
        revision.$caseRecord.id = caseID
        revision.version = plan.version
        revision.change = String(change.prefix(1000))
        revision.snapshot = lines.joined(separator: "\n")
        revision.recordedAt = now
        revision.$recordedBy.id = userID
        try await revision.create(on: db)
    }
}
