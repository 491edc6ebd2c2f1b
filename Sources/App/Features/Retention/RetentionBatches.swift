import Fluent
import Foundation
import TandemCore
import Vapor

/// Preparing, approving and cancelling disposal batches: the nightly job, `tandem retention` and the administrator's
/// page all come here (issue 23, item 1).
enum RetentionBatches {
    /// Prepares a batch of what is due under the rule, unless one is already waiting for approval or nothing is due.
    /// Returns the batch prepared, or nil.
    @discardableResult
    static func prepare(
        _ kind: RetainedRecord, organisationID: UUID, preparedBy: String, work: UnitOfWork
    ) async throws -> DisposalBatch? {
        let waiting = try await DisposalBatch.query(on: work.db).filter(\.$organisation.$id == organisationID)
            .filter(\.$record == kind).filter(\.$status == .prepared).count()
        guard waiting == 0 else { return nil }
        let rule = try await RetentionSchedule.rule(kind, for: organisationID, on: work.db)
        let today = WorkingCalendar().local(work.now).day
        let holds = try await RetentionSchedule.holds(for: organisationID, today: today, on: work.db)
        let listing = try await RetentionDue.list(
            rule, organisationID: organisationID, now: work.now, holds: holds, on: work.db)
        guard listing.count > 0 else { return nil }
        let batch = DisposalBatch()
        batch.$organisation.id = organisationID
        batch.record = kind
        batch.ruleMonths = rule.months
        batch.ruleFrom = rule.from
        batch.status = .prepared
        batch.preparedAt = work.now
        batch.preparedBy = preparedBy
        batch.itemCount = listing.count
        batch.cutoffSequence = listing.cutoffSequence
        try await work.insert(batch, "Prepared a disposal batch: \(listing.count) × \(batch.ruleText)")
        for record in listing.due {
            let item = DisposalBatchItem()
            item.$batch.id = try batch.requireID()
            item.recordID = record.id
            item.label = record.label
            item.dueOn = record.dueOn
            try await work.insert(item, "In disposal batch: \(record.label)")
        }
        return batch
    }

    /// Why the batch cannot be approved now; empty when it can.
    static func problems(_ batch: DisposalBatch, items: [DisposalBatchItem], now: Date, on db: any Database)
        async throws -> [String]
    {
        guard batch.status == .prepared else {
            return ["This batch has already been \(batch.status.label.lowercased())"]
        }
        let current = try await RetentionSchedule.rule(batch.record, for: batch.$organisation.id, on: db)
        if current != batch.rule {
            return [
                "The schedule for this kind of record has changed since the batch was prepared: cancel it and prepare a new one"
            ]
        }
        if batch.record == .auditEvent { return batch.itemCount > 0 ? [] : ["The batch holds nothing to dispose of"] }
        let statuses = try await RetentionDue.recheck(batch, items: items, now: now, on: db)
        return Retention.batchProblems(statuses)
    }

    struct Approved: Sendable {
        var problems: [String]
        var outcome: Disposal.Outcome?
        var batch: DisposalBatch? = nil
    }

    /// Approves the batch and carries it out in the same unit of work, or refuses it whole.
    static func approve(_ stale: DisposalBatch, by user: User, work: UnitOfWork) async throws -> Approved {
        // Read again under the trail's lock: an approval or cancellation that committed first is seen, and the
        // second is refused instead of acting on a batch already decided.
        try await AuditLog.lockChain(on: work.db)
        guard let batch = try await DisposalBatch.find(stale.id, on: work.db) else {
            return Approved(problems: ["This batch no longer exists"], outcome: nil)
        }
        let items = try await DisposalBatchItem.query(on: work.db).filter(\.$batch.$id == batch.requireID()).all()
        let problems = try await problems(batch, items: items, now: work.now, on: work.db)
        guard problems.isEmpty else { return Approved(problems: problems, outcome: nil) }
        var disposal = try Disposal(work: work, batch: batch)
        let outcome = try await disposal.run(items.map(\.recordID))
        batch.status = .disposed
        batch.decidedAt = work.now
        batch.$decidedBy.id = user.id
        batch.rowsDeleted = outcome.rowsDeleted
        batch.rowsAnonymised = outcome.rowsAnonymised
        batch.eventsDisposed = outcome.eventsDisposed
        batch.filesRemoved = 0
        try await work.update(batch, "Approved and carried out disposal: \(batch.ruleText)")
        return Approved(problems: [], outcome: outcome, batch: batch)
    }

    /// Removes the disposed evidence files from disk, after the disposal has committed, and records how many went.
    static func removeFiles(
        _ keys: [String], of batch: DisposalBatch, by actor: AuditActor, store: EvidenceStore, app: Application
    ) async throws {
        guard !keys.isEmpty else { return }
        var removed = 0
        for key in keys where store.removeDisposed(key) { removed += 1 }
        if removed < keys.count {
            app.logger.error("Disposal: \(keys.count - removed) evidence file(s) could not be removed from disk")
        }
        batch.filesRemoved = removed
        let summary = "Evidence files removed from disk: \(removed) of \(keys.count)"
        // The disposal has committed: a failure to record the count is logged, not shown as a failed disposal.
        do {
            try await app.write(as: actor, at: app.clock.now()) { work in try await work.update(batch, summary) }
        } catch {
            app.logger.error("Disposal: could not record the files removed: \(String(describing: error))")
        }
    }
}
