import Fluent
import SQLKit
import Vapor

/// Serialises write transactions on SQLite.
///
/// SQLite allows one writer at a time. Queuing write transactions inside the
/// process keeps them from busy-waiting on each other's locks (each also
/// starts with `BEGIN IMMEDIATE`, see below). PostgreSQL needs no gate; the
/// audit chain takes an advisory lock there instead (`AuditLog`).
actor WriteGate {
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func acquire() async {
        if !busy {
            busy = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func release() {
        if waiters.isEmpty {
            busy = false
        } else {
            waiters.removeFirst().resume()
        }
    }
}

extension Application {
    private struct WriteGateKey: StorageKey {
        typealias Value = WriteGate
    }

    var writeGate: WriteGate {
        if let gate = storage[WriteGateKey.self] { return gate }
        let gate = WriteGate()
        storage[WriteGateKey.self] = gate
        return gate
    }

    /// Runs `body` in one database transaction: the write and its audit events
    /// commit together or not at all.
    func writeTransaction<T: Sendable>(
        on database: any Database,
        _ body: @escaping @Sendable (any Database) async throws -> T
    ) async throws -> T {
        guard case .sqlite = settings.database else {
            return try await database.transaction { try await body($0) }
        }
        let gate = writeGate
        await gate.acquire()
        do {
            let result = try await database.withConnection { connection in
                try await Self.immediateTransaction(on: connection, body)
            }
            await gate.release()
            return result
        } catch {
            await gate.release()
            throw error
        }
    }

    /// `BEGIN IMMEDIATE` takes SQLite's write lock before the first read. A
    /// deferred transaction that reads and then writes fails at once with
    /// SQLITE_BUSY if any other connection (a session touch, say) committed in
    /// between; an immediate one makes the others wait their turn instead.
    private static func immediateTransaction<T: Sendable>(
        on connection: any Database,
        _ body: @escaping @Sendable (any Database) async throws -> T
    ) async throws -> T {
        guard let sql = connection as? any SQLDatabase else { return try await connection.transaction(body) }
        try await sql.raw("BEGIN IMMEDIATE").run()
        do {
            let result = try await body(connection)
            try await sql.raw("COMMIT").run()
            return result
        } catch {
            try? await sql.raw("ROLLBACK").run()
            throw error
        }
    }
}

extension Database {
    var isPostgres: Bool {
        (self as? any SQLDatabase)?.dialect.name == "postgresql"
    }
}
