import Fluent
import Foundation
import TandemCore
import Vapor

/// The writes of the closure procedure that are not a form's: giving notice
/// when a senior officer signs off, closing cases whose notice has ended, and
/// reopening. Each runs in one unit of work with its audit events.
enum ClosureService {
    /// Sign-off: the case moves to "closure pending", the closure notice is
    /// recorded as sent to the reporting person, and each partner involved
    /// gets a tracked task to be told (CIH "At the end": notify any partners).
    static func giveNotice(
        _ closure: CaseClosure, record: CaseRecord, letter: Letter?, emailTo: String? = nil, partners: [String],
        policy: ClosurePolicy,
        by user: CurrentUser, in work: UnitOfWork
    ) async throws {
        let now = work.now
        let caseID = try record.requireID()
        guard
            case .success(let status) = CaseLifecycle.move(
                from: record.status, to: .closurePending)
        else { throw Abort(.conflict, reason: "The case is not open") }
        closure.state = .noticeGiven
        closure.decidedAt = now
        closure.$decidedBy.id = user.id
        closure.noticeGivenAt = now
        closure.closesAt = ClosureRules.closesAt(noticeGivenAt: now, policy: policy)
        record.status = status
        record.closesAt = closure.closesAt
        record.updatedAt = now
        if let letter {
            try await work.insert(letter, "Recorded the closure notice on case \(record.reference)")
            closure.$letter.id = letter.id
            if let emailTo {
                try await LetterEmail.queue(letter, to: emailTo, reference: record.reference, in: work)
            }
        }
        try await work.update(closure, "Signed off closure of case \(record.reference)")
        try await work.update(record, "Case \(record.reference) is closing after notice")
        for partner in partners {
            let task = RiskTask(
                caseID: caseID, kind: .notifyPartnerOfClosure, dueAt: closure.closesAt, source: partner, at: now)
            try await work.insert(task, "Task to tell \(partner) that case \(record.reference) is closing")
        }
    }

    /// Closes every case whose notice has ended by `now`. The closure takes
    /// effect at the moment the notice ended, whenever the sweep runs, so
    /// the measures count it in the right period. Returns the cases closed.
    @discardableResult
    static func closeDue(now: Date, app: Application, on db: any Database) async throws -> [String] {
        let due = try await CaseRecord.query(on: db)
            .filter(\.$status == .closurePending)
            .filter(\.$closesAt <= now)
            .sort(\.$closesAt)
            .limit(5000)
            .all()
        guard !due.isEmpty else { return [] }
        let calendar = try await IntakePolicy.load(on: db).calendar
        var closed: [String] = []
        for record in due {
            let caseID = try record.requireID()
            guard
                let closure = try await CaseClosure.query(on: db).filter(\.$caseRecord.$id == caseID)
                    .filter(\.$state == .noticeGiven).sort(\.$proposedAt, .descending).first()
            else { continue }
            // An emailed notice must have been delivered, and runs from its delivery.
            let email = try await noticeEmail(closure, on: db)
            let closesAt = closure.closesAt ?? record.closesAt ?? now
            guard
                let delivered = ClosureRules.noticeEnds(
                    closesAt: closesAt, noticeGivenAt: closure.noticeGivenAt ?? closesAt,
                    emailStatus: email?.status, emailSentAt: email?.sentAt)
            else { continue }
            // Taken by the mail server within the minute of sign-off is on time; later, the notice runs from then.
            let ends = delivered.timeIntervalSince(closesAt) < 60 ? closesAt : delivered
            closure.closesAt = ends
            if ends > now {
                try await app.write(as: .system, at: now, on: db) { work in
                    guard let current = try await CaseRecord.find(caseID, on: work.db),
                        current.status == .closurePending
                    else { return }
                    // The notice was given when it reached the reporting person; it ends its length after that.
                    closure.noticeGivenAt = email?.sentAt ?? closure.noticeGivenAt
                    closure.closesAt = ends
                    current.closesAt = ends
                    current.updatedAt = now
                    let when = DisplayDate.dayAndTime(ends)
                    try await work.update(
                        closure, "Closure notice delivered late: case \(current.reference) closes \(when)")
                    try await work.update(
                        current, "Case \(current.reference) closes \(when), its notice counted from delivery")
                }
                continue
            }
            let didClose = try await app.write(as: .system, at: now, on: db) { work -> Bool in
                // Read again inside the transaction: another instance's sweep may have closed it meanwhile.
                guard let current = try await CaseRecord.find(caseID, on: work.db),
                    current.status == .closurePending
                else { return false }
                try await close(current, closure: closure, calendar: calendar, in: work)
                return true
            }
            if didClose { closed.append(record.reference) }
        }
        return closed
    }

    /// What the team is told when a closure waits for their sign-off.
    static func signOffSummary(_ record: CaseRecord) -> String {
        "Closure of case \(record.reference) waits for sign-off"
    }

    /// The email that carried a closure notice, if it went by email.
    static func noticeEmail(_ closure: CaseClosure, on db: any Database) async throws -> EmailMessage? {
        guard let letterID = closure.$letter.id else { return nil }
        return try await EmailMessage.query(on: db).filter(\.$letter.$id == letterID).sort(\.$createdAt, .descending)
            .first()
    }

    /// Closes the case as the unit's actor (the system, for the sweep and the demo loader) at the unit's moment.
    static func close(
        _ record: CaseRecord, closure: CaseClosure, calendar: WorkingCalendar, in work: UnitOfWork
    ) async throws {
        let now = work.now
        let caseID = try record.requireID()
        guard
            case .success(let status) = CaseLifecycle.move(
                from: record.status, to: .closed)
        else { return }
        let closedAt = min(closure.closesAt ?? now, now)
        closure.state = .closed
        closure.endedAt = closedAt
        record.status = status
        record.closedAt = closedAt
        record.closureReason = closure.reason
        record.closureOutcome = closure.outcome
        record.daysToClose = ClosureRules.calendarDays(
            from: record.receivedAt ?? record.openedAt, to: closedAt, calendar: calendar)
        record.clearDues()
        record.updatedAt = now
        try await work.update(closure, "Notice ended: closed case \(record.reference)")
        try await work.update(record, "Closed case \(record.reference)")
        let reason = closure.reason.label
        // The line is dated when the notice ended, which may be before the sweep ran; its event is dated now.
        let summary = "Case closed at the end of the notice period: \(reason)"
        try await work.insert(
            CaseEvent(caseID: caseID, kind: .closed, summary: summary, actorID: nil, at: closedAt),
            "Timeline: \(summary)")
    }

    /// Runs the closing sweep every few minutes while Tandem serves, so a
    /// case closes soon after its notice ends without anyone visiting it.
    static func schedule(on app: Application) {
        let loop = app.eventLoopGroup.next()
        let task = loop.scheduleRepeatedAsyncTask(initialDelay: .seconds(5), delay: .minutes(5)) { _ in
            loop.makeFutureWithTask {
                do {
                    let closed = try await closeDue(now: app.clock.now(), app: app, on: app.db)
                    if !closed.isEmpty {
                        app.logger.notice("Closed \(closed.count) case(s) at the end of their notice period")
                    }
                } catch {
                    app.logger.error("Closing sweep failed: \(String(describing: error))")
                }
            }
        }
        app.lifecycle.use(CancelOnShutdown(cancel: { task.cancel() }))
    }

    struct CancelOnShutdown: LifecycleHandler {
        let cancel: @Sendable () -> Void
        func shutdown(_ application: Application) { cancel() }
    }
}
