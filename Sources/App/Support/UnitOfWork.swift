import Fluent
import Foundation
import NIOConcurrencyHelpers
import TandemCore
import Vapor

/// The one way Tandem changes a tracked record (issue 18). A handler opens a unit with `request.write`,
/// and every insert, update and delete it makes through the unit writes the row and its audit event in the
/// same transaction: the event's before and after come from the model's own fields (`Audited`), the
/// "before" read back from the database, so no handler keeps a snapshot by hand.
///
/// A tracked model written any other way (`model.save(on:)` directly) is refused by `UnauditedWriteGuard`,
/// so an unaudited change fails loudly in the tests instead of waiting for a code review to notice it.
struct UnitOfWork: Sendable {
    /// The transaction's database: read through it, and write tracked models only through the unit.
    let db: any Database
    let actor: AuditActor
    let now: Date

    /// True while the unit itself is writing a tracked model, so the guard lets that one write through.
    @TaskLocal static var writing = false

    /// The same unit dated at another moment: the demo loader writes its history in the past.
    func at(_ moment: Date) -> UnitOfWork { UnitOfWork(db: db, actor: actor, now: moment) }

    /// The same unit acting for someone else in the same transaction (the demo loader's officers).
    func by(_ someone: AuditActor) -> UnitOfWork { UnitOfWork(db: db, actor: someone, now: now) }

    /// Inserts a new record and its creation event, with every field it was created with. `with` adds
    /// facts held in other rows (a case's categories by name) to the event.
    func insert<M: Audited>(_ model: M, _ summary: String, with extra: [String: String?] = [:]) async throws {
        try await Self.$writing.withValue(true) { try await model.create(on: db) }
        let after = model.auditSnapshot.merging(extra) { _, new in new }
        try await record(
            AuditEntry(
                action: .create, recordType: M.recordType, recordID: Self.text(of: model.id), summary: summary,
                changes: FieldChange.between(before: [:], after: after)))
    }

    /// Inserts each record with its own event.
    func insert<M: Audited>(_ models: [M], _ summary: (M) -> String) async throws {
        for model in models { try await insert(model, summary(model)) }
    }

    /// Saves a changed record and its update event. The "before" is the stored row, read back inside the
    /// transaction; the "after" is that row with only the fields the handler set laid over it, which is what
    /// Fluent writes, so a field another request changed since the handler read the model is neither written
    /// nor shown as changed. Nothing differs (Fluent counts a field set to its own value as a change):
    /// nothing is written and no event is recorded. `before` and `after` add facts held in other rows.
    func update<M: Audited>(
        _ model: M, _ summary: String, before extraBefore: [String: String?] = [:],
        after extraAfter: [String: String?] = [:]
    ) async throws {
        guard model.hasChanges || extraBefore != extraAfter else { return }
        // On PostgreSQL the trail's lock is taken before the read, so two units changing one row queue and
        // the second reads what the first committed; SQLite's write transaction already holds the file.
        try await AuditLog.lockChain(on: db)
        guard let stored = try await M.find(model.id, on: db) else {
            throw UnauditedWrite(recordType: M.recordType, reason: "the row to update is gone")
        }
        let before = stored.auditSnapshot
        let after = before.merging(model.auditModified) { _, new in new }
        let changes = FieldChange.between(
            before: before.merging(extraBefore) { _, new in new }, after: after.merging(extraAfter) { _, new in new })
        // An exempt field (a password hash) changes the row without showing in the event.
        let rowChanges =
            stored.storedFields.merging(model.modifiedStoredFields) { _, new in new } != stored.storedFields
        guard !changes.isEmpty || rowChanges else { return }
        if rowChanges {
            try await Self.$writing.withValue(true) { try await model.update(on: db) }
        }
        try await record(
            AuditEntry(
                action: .update, recordType: M.recordType, recordID: Self.text(of: model.id), summary: summary,
                changes: changes))
    }

    /// Inserts a new record or saves a changed one.
    func save<M: Audited>(_ model: M, _ summary: String) async throws {
        if model._$idExists {
            try await update(model, summary)
        } else {
            try await insert(model, summary)
        }
    }

    /// Deletes a record and records what it held, read back inside the transaction. A record already gone
    /// (a form sent twice) is neither deleted again nor recorded again.
    func delete<M: Audited>(_ model: M, _ summary: String) async throws {
        try await AuditLog.lockChain(on: db)
        guard let stored = try await M.find(model.id, on: db) else { return }
        try await Self.$writing.withValue(true) { try await stored.delete(force: true, on: db) }
        try await record(
            AuditEntry(
                action: .delete, recordType: M.recordType, recordID: Self.text(of: stored.id), summary: summary,
                changes: FieldChange.between(before: stored.auditSnapshot, after: [:])))
    }

    /// Deletes every record a query finds, each with its own event.
    func delete<M: Audited>(_ query: QueryBuilder<M>, _ summary: (M) -> String) async throws {
        for model in try await query.all() { try await delete(model, summary(model)) }
    }

    /// Adds a line to a case's timeline. The timeline is personal data like any other, so the line is a
    /// tracked record with its own event.
    @discardableResult
    func timeline(_ caseID: UUID, kind: CaseEventKind, _ summary: String, actorID: UUID?) async throws -> CaseEvent {
        let entry = CaseEvent(caseID: caseID, kind: kind, summary: summary, actorID: actorID, at: now)
        try await insert(entry, "Timeline: \(summary)")
        return entry
    }

    /// An event that changes no tracked row: a sign-in, a sign-out, a failed attempt.
    func record(_ entry: AuditEntry) async throws {
        try await AuditLog.append(entry, by: actor, at: now, on: db)
    }

    private static func text(of id: (some Sendable)?) -> String? {
        id.flatMap { AuditSnapshot.text(of: $0) }
    }
}

/// A tracked model written outside the unit of work, or a unit write that cannot be audited.
struct UnauditedWrite: Error, CustomStringConvertible {
    var recordType: RecordType
    var reason: String

    var description: String { "Unaudited write to \(recordType.rawValue): \(reason)" }
}

/// Refuses any create, update or delete of a tracked model that does not come through `UnitOfWork`.
/// Registered for every tracked model (`TrackedModels.all`), so forgetting the unit is an error on the
/// first run, in tests and in production alike, never a silent gap in the trail.
struct UnauditedWriteGuard<M: Audited>: AsyncModelMiddleware {
    typealias Model = M

    /// Open while this app's migrations run (see `Application.migrateTandem`).
    let migrations: MigrationWindow

    func create(model: M, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        try check("create")
        try await next.create(model, on: db)
    }

    func update(model: M, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        try check("update")
        try await next.update(model, on: db)
    }

    func delete(model: M, force: Bool, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        try check("delete")
        try await next.delete(model, force: force, on: db)
    }

    func softDelete(model: M, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        try check("delete")
        try await next.softDelete(model, on: db)
    }

    func restore(model: M, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        try check("restore")
        try await next.restore(model, on: db)
    }

    private func check(_ what: String) throws {
        guard UnitOfWork.writing || migrations.isOpen else {
            throw UnauditedWrite(recordType: M.recordType, reason: "\(what) outside the unit of work")
        }
    }
}

/// Whether an app's migrations are running. Fluent runs a migration on an event loop, outside the task that
/// started it, so the unit's task-local flag does not reach it. While the window is open every tracked write
/// in the app passes the guard, so it is opened only by `Application.migrateTandem`, which every command
/// runs before the app serves anyone or loads anything.
final class MigrationWindow: Sendable {
    private let open = NIOLockedValueBox(false)

    var isOpen: Bool { open.withLockedValue { $0 } }

    func during<T>(_ body: () async throws -> T) async rethrows -> T {
        open.withLockedValue { $0 = true }
        defer { open.withLockedValue { $0 = false } }
        return try await body()
    }
}

extension Audited {
    /// Adds this model's guard to the database's model middleware.
    static func guardWrites(on databases: Databases, migrations: MigrationWindow) {
        databases.middleware.use(UnauditedWriteGuard<Self>(migrations: migrations))
    }
}

extension Request {
    /// Opens a unit of work for this request's user: `body` runs in one transaction, and the writes it makes
    /// through the unit commit with their audit events or not at all.
    func write<T: Sendable>(_ body: @escaping @Sendable (UnitOfWork) async throws -> T) async throws -> T {
        let actor = auditActor
        let now = self.now
        return try await application.writeTransaction(on: db) { db in
            try await body(UnitOfWork(db: db, actor: actor, now: now))
        }
    }
}

extension Application {
    /// A unit of work for a command, a scheduled job or the demo loader, acting as `actor`.
    func write<T: Sendable>(
        as actor: AuditActor, at now: Date, on database: (any Database)? = nil,
        _ body: @escaping @Sendable (UnitOfWork) async throws -> T
    ) async throws -> T {
        try await writeTransaction(on: database ?? db) { db in
            try await body(UnitOfWork(db: db, actor: actor, now: now))
        }
    }
}
