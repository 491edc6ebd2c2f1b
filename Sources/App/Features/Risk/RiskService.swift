import Fluent
import Foundation
import TandemCore
import Vapor

/// The writes risk makes on a case, each inside the caller's unit of work with
/// its audit events and timeline entry. The rules come from TandemCore.
enum RiskService {
    /// Who and when, for every write.
    struct Context: Sendable {
        var userID: UUID
        var actor: AuditActor
        var now: Date
        var calendar: WorkingCalendar
        /// Where emailed links start (`Notifier.base`): an automatic panel referral tells the coordinator.
        var base: String = ""
    }

    // MARK: - Scheduling

    /// A new case: the assessment is due within 48 hours of the complaint
    /// (Lewisham) and the first line-manager discussion by the case's band.
    static func startCase(_ record: CaseRecord, now: Date, timeZone: TimeZone) {
        record.vulnerabilityDueAt = Reassessment.offerDue(at: record.receivedAt ?? now)
        record.vulnerabilityDueReason = .newCase
        record.oversightDueAt = Oversight.dueAfterBandChange(
            current: nil, band: Oversight.band(caseRisk: record.riskLevel, vulnerability: nil), now: now,
            timeZone: timeZone)
        record.refreshNextDeadline()
    }

    /// An offer point (interview, review, court decision, Case Review
    /// threshold): the assessment is due within 48 hours unless already due sooner.
    static func offer(_ record: CaseRecord, occasion: AssessmentOccasion, at moment: Date) {
        if let due = Reassessment.offer(at: moment, current: record.vulnerabilityDueAt) {
            record.vulnerabilityDueAt = due
            record.vulnerabilityDueReason = occasion
        }
        record.refreshNextDeadline()
    }

    /// The case's risk rating or assessed band changed: oversight comes forward if the band rose.
    static func bandChanged(_ record: CaseRecord, now: Date, timeZone: TimeZone) {
        record.oversightDueAt = Oversight.dueAfterBandChange(
            current: record.oversightDueAt,
            band: Oversight.band(caseRisk: record.riskLevel, vulnerability: record.vulnerabilityBand), now: now,
            timeZone: timeZone)
    }

    // MARK: - Assessment

    /// Saves an assessment, moves the case's band and schedule, and creates
    /// or cancels the band's tasks.
    static func recordAssessment(
        _ result: AssessmentResult, answers: [String: String], person: Person, occasion: AssessmentOccasion,
        on record: CaseRecord, context: Context, in work: UnitOfWork
    ) async throws {
        let caseID = try record.requireID()
        let assessment = VulnerabilityAssessmentRecord()
        assessment.$caseRecord.id = caseID
        assessment.$person.id = try person.requireID()
        assessment.occasion = occasion
        assessment.declined = result.declined
        assessment.answers = result.declined ? nil : VulnerabilityAssessmentRecord.encode(answers)
        assessment.total = result.total
        assessment.scoredBand = result.scoredBand
        assessment.band = result.band
        assessment.adjustmentReason = result.declined ? nil : result.adjustmentReason
        assessment.note = result.declined ? result.adjustmentReason : nil
        assessment.assessedAt = context.now
        assessment.$assessedBy.id = context.userID
        try await work.insert(assessment, "Recorded vulnerability assessment on case \(record.reference)")

        let timeZone = context.calendar.timeZone
        if let band = result.band { record.vulnerabilityBand = band }
        record.vulnerabilityDueAt = Reassessment.nextDue(after: context.now, band: result.band, timeZone: timeZone)
        record.vulnerabilityDueReason = .reassessment
        bandChanged(record, now: context.now, timeZone: timeZone)
        record.refreshNextDeadline()
        record.updatedAt = context.now
        try await work.update(record, "Vulnerability assessment moved the schedule of case \(record.reference)")

        let summary: String
        if result.declined {
            summary = "\(person.fullName) declined the vulnerability assessment (\(occasion.label.lowercased()))"
        } else {
            let total = result.total ?? 0
            var text = "Vulnerability assessment of \(person.fullName): score \(total), \(result.band?.label ?? "")"
            if result.adjusted, let scored = result.scoredBand {
                text += " (adjusted from \(scored.label): \(result.adjustmentReason ?? ""))"
            }
            summary = text
        }
        try await work.timeline(caseID, kind: .vulnerability, summary, actorID: context.userID)
        guard !result.declined else { return }

        // A new assessment is the reassessment the amber task asked for.
        let open = try await RiskTask.query(on: work.db).filter(\.$caseRecord.$id == caseID)
            .filter(\.$status == .open).all()
        for task in open where task.kind == .reassessAtNextContact {
            try await close(task, status: .done, note: "Reassessed", context: context, in: work)
        }
        let stillOpen = Set(open.filter { $0.kind != .reassessAtNextContact }.map(\.kind))
        let plan = BandResponse.plan(band: result.band, open: stillOpen, at: context.now, calendar: context.calendar)
        let source = "\(result.band?.label ?? "") vulnerability assessment of \(person.fullName)"
        // Issue 21: a band a panel takes refers the case there automatically (Lewisham: every RED case goes to the
        // ASB MARAC), so the referral task that waits for a senior officer's decision is not needed.
        let referred = try await PanelReferrals.automatic(
            for: record, band: result.band, userID: context.userID, today: context.calendar.local(context.now).day,
            base: context.base, in: work)
        for planned in plan.create where !(referred && planned.kind == .panelReferral) {
            try await createTask(planned, caseID: caseID, source: source, context: context, in: work)
        }
        for task in open where plan.cancel.contains(task.kind) {
            try await close(
                task, status: .cancelled, note: "Stopped: the assessed risk fell to \(result.band?.label ?? "")",
                context: context, in: work)
        }
    }

    // MARK: - Tasks

    static func createTask(
        _ planned: PlannedTask, caseID: UUID, source: String, context: Context, in work: UnitOfWork,
        assignedTo organisationID: UUID? = nil
    ) async throws {
        let task = RiskTask(caseID: caseID, kind: planned.kind, dueAt: planned.dueAt, source: source, at: context.now)
        task.$assignedOrganisation.id = organisationID
        try await work.insert(task, "Task created: \(planned.kind.label)")
    }

    static func close(
        _ task: RiskTask, status: RiskTaskStatus, decision: SeniorDecision? = nil, note: String?, context: Context,
        in work: UnitOfWork
    ) async throws {
        task.status = status
        task.completedAt = context.now
        task.$completedBy.id = context.userID
        task.decision = decision
        task.note = note
        try await work.update(task, "Task \(status.rawValue): \(task.kind.label)")
    }

    /// An under-18 respondent: engage the youth offending service, once.
    static func engageYouthOffending(caseID: UUID, context: Context, in work: UnitOfWork) async throws {
        try await ensureTasks(
            [.engageYouthOffending], caseID: caseID, source: "Respondent under 18", context: context, in: work)
    }

    /// A hate incident: report it to the police and tell the hate crime coordinator, once each.
    static func hateIncident(caseID: UUID, context: Context, in work: UnitOfWork) async throws {
        try await ensureTasks(
            [.reportHateToPolice, .informHateCoordinator], caseID: caseID, source: "Hate incident", context: context,
            in: work)
    }

    /// Lambeth 3.3.3: a household with children at risk of losing its home
    /// brings in adult social care and children's services at the start.
    static func householdAtRisk(caseID: UUID, context: Context, in work: UnitOfWork) async throws {
        try await ensureTasks(
            [.referAdultSocialCare, .referChildrensServices], caseID: caseID,
            source: "Household with children at risk of losing its home", context: context, in: work)
    }

    /// Creates each task kind not already open on the case.
    static func ensureTasks(
        _ kinds: [RiskTaskKind], caseID: UUID, source: String, context: Context, in work: UnitOfWork
    ) async throws {
        let open = Set(
            try await RiskTask.query(on: work.db).filter(\.$caseRecord.$id == caseID)
                .filter(\.$kind ~~ kinds).filter(\.$status == .open).all().map(\.kind))
        for kind in kinds where !open.contains(kind) {
            let planned = PlannedTask(
                kind: kind, dueAt: BandResponse.due(kind, from: context.now, calendar: context.calendar))
            try await createTask(planned, caseID: caseID, source: source, context: context, in: work)
        }
    }
}
