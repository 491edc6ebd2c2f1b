import Fluent
import Foundation
import TandemCore
import Vapor

/// The case's risk page, its tasks and line-manager oversight.
struct RiskController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.case(.key, .risk), use: show)
        routes.post(.case(.key, .task(.key)), use: closeTask)
        routes.post(.case(.key, .taskAssignment(.key)), use: assignTask)
        routes.post(.case(.key, .oversight), use: recordOversight)
        routes.get(.oversight, use: oversightQueue)
    }

    @Sendable
    func show(request: Request) async throws -> View {
        let (record, facts) = try await CaseLookup.find(request, in: .risk)
        try request.authorize(.viewCase(facts))
        try await request.auditView(
            recordType: .`case`, recordID: try record.requireID().uuidString,
            summary: "Viewed risk and vulnerability of case \(record.reference)")
        return try await RiskPageBuilder.render(request, record: record, facts: facts, form: FormState())
    }

    struct TaskInput: Content {
        var decision: String?
        var note: String?
    }

    /// The owning team closes any task; a partner closes a task given to its organisation, on a case shared with
    /// it for casework (issue 19, item 3).
    @Sendable
    func closeTask(request: Request) async throws -> Response {
        let (record, facts) = try await CaseLookup.find(request, in: .risk)
        let caseID = try record.requireID()
        guard let taskID = request.parameters.get("taskID", as: UUID.self),
            let task = try await RiskTask.query(on: request.db).filter(\.$id == taskID)
                .filter(\.$caseRecord.$id == caseID).first()
        else { throw Abort(.notFound) }
        let user = try request.authorize(
            .completeOwnedWork(facts, ownerOrganisationID: task.$assignedOrganisation.id))
        let byPartner = user.organisationID != record.$organisation.id
        let kind = task.kind
        let input = (try? request.content.decode(TaskInput.self)) ?? TaskInput()
        let note = TextRules.clean(input.note)
        let decision = input.decision.flatMap(SeniorDecision.init(rawValue:))
        var form = FormState()
        if task.status != .open { form.add("task-\(taskID.uuidString)", "This task has already been closed") }
        if let problem = TextRules.multilineProblem(note, label: "the note", required: false, max: 2000) {
            form.add("task-\(taskID.uuidString)", problem)
        }
        if input.decision != nil && !(input.decision ?? "").isEmpty && decision == nil {
            form.add("task-\(taskID.uuidString)", "Select whether the referral goes ahead")
        }
        for problem in TaskRules.problems(
            kind: kind, decision: decision, note: note, mayDecide: request.may(.decidePanelReferral(facts)))
        {
            form.add("task-\(taskID.uuidString)", problem)
        }
        guard form.isValid, record.isActive else {
            if form.isValid { form.add("task-\(taskID.uuidString)", "A closed case's tasks cannot be changed") }
            return try await RiskPageBuilder.render(request, record: record, facts: facts, form: form)
                .encodeResponse(status: .badRequest, for: request)
        }
        let policy = try await request.intakePolicy()
        let context = RiskService.Context(
            userID: user.id, actor: request.auditActor, now: request.now, calendar: policy.calendar)
        try await request.write { work in
            try await RiskService.close(
                task, status: .done, decision: kind.needsSeniorDecision ? decision : nil,
                note: note.isEmpty ? nil : note, context: context, in: work)
            // The owning team sees on the timeline which partner did the work.
            var summary = "\(kind.label): done" + (byPartner ? " by \(user.organisationName)" : "")
            if let decision, kind.needsSeniorDecision {
                summary =
                    decision == .confirmed
                    ? "Panel referral confirmed by \(user.displayName)"
                    : "Panel referral declined by \(user.displayName)"
            }
            if !note.isEmpty { summary += ". \(note)" }
            try await work.timeline(caseID, kind: .task, summary, actorID: user.id)
            // The weekly reassurance call recurs until the band falls (Lewisham RED).
            if kind == .reassuranceCall,
                let next = BandResponse.nextReassuranceCall(after: context.now, band: record.vulnerabilityBand)
            {
                // The next call stays with whoever was given the calls.
                try await RiskService.createTask(
                    PlannedTask(kind: .reassuranceCall, dueAt: next), caseID: caseID,
                    source: "Weekly while the assessed risk is High", context: context, in: work,
                    assignedTo: task.$assignedOrganisation.id)
            }
        }
        return request.redirect(to: SiteURL.case(.value(caseID), .risk).path, flash: .taskClosed)
    }

    struct OversightInput: Content {
        var discussedOn: String?
        var notes: String?
        var decisions: String?
        var nextDue: String?

        enum CodingKeys: String, CodingKey {
            case discussedOn = "discussed_on"
            case notes, decisions
            case nextDue = "next_due"
        }
    }

    @Sendable
    func recordOversight(request: Request) async throws -> Response {
        let (record, facts) = try await CaseLookup.find(request, in: .risk)
        let user = try request.authorize(.recordOversight(facts))
        let input = (try? request.content.decode(OversightInput.self)) ?? OversightInput()
        let notes = TextRules.clean(input.notes)
        let decisions = TextRules.clean(input.decisions)
        let policy = try await request.intakePolicy()
        let now = request.now
        let today = policy.calendar.local(now).day
        let band = Oversight.band(caseRisk: record.riskLevel, vulnerability: record.vulnerabilityBand)
        var form = FormState()
        // Kept under the oversight form's own keys: other forms on the Risk tab also post "notes".
        form.keep([
            "discussed_on": input.discussedOn, "oversight_notes": input.notes,
            "oversight_decisions": input.decisions, "next_due": input.nextDue,
        ])
        let discussedOn = Casework.day(input.discussedOn)
        let nextDue = Casework.day(input.nextDue)
        if discussedOn == nil { form.add("discussed_on", "Enter the date of the discussion, like 2026-11-23") }
        if nextDue == nil { form.add("next_due", "Enter the date of the next discussion, like 2026-12-07") }
        if let problem = TextRules.multilineProblem(notes, label: "notes of the discussion", required: true, max: 4000)
        {
            form.add("notes", problem)
        }
        if let problem = TextRules.multilineProblem(decisions, label: "the decisions", required: true, max: 4000) {
            form.add("decisions", problem)
        }
        if let discussedOn, let nextDue {
            for problem in Oversight.problems(
                discussedOn: discussedOn, nextDue: nextDue, band: band, today: today,
                timeZone: policy.calendar.timeZone)
            {
                form.add(problem.field, problem.message)
            }
        }
        guard form.isValid, let discussedOn, let nextDue, record.isActive else {
            if form.isValid { form.add("notes", "A closed case is no longer overseen") }
            return try await RiskPageBuilder.render(request, record: record, facts: facts, form: form)
                .encodeResponse(status: .badRequest, for: request)
        }
        let caseID = try record.requireID()
        let discussion = OversightDiscussion()
        discussion.$caseRecord.id = caseID
        discussion.discussedOn = discussedOn
        discussion.band = band
        discussion.notes = notes
        discussion.decisions = decisions
        discussion.nextDueOn = nextDue
        discussion.recordedAt = now
        discussion.$recordedBy.id = user.id
        record.oversightDueAt = Oversight.dueAt(nextDue, calendar: policy.calendar)
        record.updatedAt = now
        try await request.write { work in
            try await work.insert(discussion, "Recorded line-manager discussion of case \(record.reference)")
            try await work.update(record, "Next line-manager discussion of case \(record.reference) set")
            try await work.timeline(
                caseID, kind: .oversight,
                "Discussed with the line manager on \(DisplayDate.civil(discussedOn)). Decisions: \(decisions). "
                    + "Next discussion by \(DisplayDate.civil(nextDue)).",
                actorID: user.id)
        }
        return request.redirect(to: SiteURL.case(.value(caseID), .risk).path, flash: .oversightRecorded)
    }

    /// A queue row whose link opens the case's oversight section rather than its summary.
    private static func toOversight(_ row: CaseRow) -> CaseRow {
        var row = row
        if let id = UUID(uuidString: row.id) { row.href = SiteURL.case(.value(id), .risk).path(fragment: "oversight") }
        return row
    }

    struct QueuePage: Encodable {
        var layout: LayoutContext
        /// Each case's link opens its oversight section.
        var cases: [CaseRow]
        var hasCases: Bool
        var paging: Paging
        var pagingQuery = ""
        var horizon: String
    }

    /// Cases due or overdue for discussion with the line manager in the next 14 days.
    @Sendable
    func oversightQueue(request: Request) async throws -> View {
        let user = try request.authorize(.overseeCases)
        var paging = Paging(page: try? request.query.get(Int.self, at: "page"), perPage: 50)
        let horizon = request.now.addingTimeInterval(14 * 86_400)
        let result = try await CaseQueries.list(
            .oversight(dueBefore: horizon), scope: AccessPolicy.caseListScope(for: user.actor),
            filters: QueueFilters(), now: request.now, on: request.db, paging: paging)
        paging.hasNext = result.hasNext
        return try await request.view.render(
            "risk/oversight",
            QueuePage(
                layout: request.layout(title: "Oversight", section: .oversight),
                cases: result.rows.map(Self.toOversight),
                hasCases: !result.rows.isEmpty, paging: paging, horizon: DisplayDate.day(horizon)))
    }
}
