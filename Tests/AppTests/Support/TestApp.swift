import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting

@testable import App

/// 10:00 UTC on Monday 23 November 2026: a fixed start for every test clock.
let testStart = Date(timeIntervalSince1970: 1_795_428_000)

/// Settings for tests: cheap bcrypt so many sign-ins stay fast, evidence
/// files in a fresh temporary folder, and a 64 KB upload limit so the
/// oversized-file test stays small.
func testSettings(_ location: DatabaseLocation) -> Settings {
    Settings(
        database: location, bcryptCost: 4, trustedProxyHops: 1,
        filesDirectory: NSTemporaryDirectory() + "tandem-files-" + UUID().uuidString, maxUploadBytes: 64 * 1024)
}

/// Builds a configured, migrated app on `location`.
func makeApp(
    _ location: DatabaseLocation, clock: ManualClock, arguments: [String] = ["tandem"],
    adjust: (inout Settings) -> Void = { _ in }
) async throws -> Application {
    let app = try await Application.make(Environment(name: "testing", arguments: arguments))
    var settings = testSettings(location)
    adjust(&settings)
    do {
        try await configure(app, settings: settings, clock: clock)
        try await app.migrateTandem()
    } catch {
        try? await app.asyncShutdown()
        throw error
    }
    return app
}

/// Runs `body` with a fresh app on a fresh database, and cleans both up.
func withTandem<T>(
    adjust: (inout Settings) -> Void = { _ in },
    /// False only for a test that breaks the chain on purpose.
    verifiesAudit: Bool = true,
    _ body: (Application, ManualClock) async throws -> T
) async throws -> T {
    // On PostgreSQL each app holds a pool of connections, and the suite runs its tests side by side: past a
    // few dozen apps at once the throwaway server refuses new clients, so the apps take turns.
    if TestDatabase.postgresURL != nil { await TestGate.shared.enter() }
    defer { if TestDatabase.postgresURL != nil { Task { await TestGate.shared.leave() } } }
    let location = try await TestDatabase.create()
    let clock = ManualClock(testStart)
    let app: Application
    do {
        app = try await makeApp(location, clock: clock, adjust: adjust)
    } catch {
        await TestDatabase.drop(location)
        throw error
    }
    do {
        let result = try await body(app, clock)
        // Every test's writes leave a chain `tandem audit verify` accepts (issue 18): across the suite that is
        // every write the application makes.
        let audit = try await AuditVerifier.verify(on: app.db)
        if verifiesAudit, let failure = audit.failure {
            Issue.record("The audit chain broke at event \(failure.sequence): \(failure.reason)")
        }
        try await app.asyncShutdown()
        await TestDatabase.drop(location)
        return result
    } catch {
        try? await app.asyncShutdown()
        await TestDatabase.drop(location)
        throw error
    }
}

/// A test user, created straight in the database (with audit, like the command).
@discardableResult
func createUser(
    _ app: Application, email: String, roles: [Role], organisation: String = "Riverside Council ASB Team",
    kind: OrganisationKind = .councilASB, password: String = "correct horse staple"
) async throws -> UUID {
    try await AccountService.createUser(
        email: email, name: email.split(separator: "@").first.map(String.init) ?? email, roles: roles,
        organisationName: organisation, organisationKind: kind, password: password, on: app)
}

extension Model {
    /// Puts a fixture straight into the database, past the unit of work's guard: a test arranging a state
    /// (a case backdated, a row tampered with) is not a change anyone made, so it writes no audit event.
    /// The application never does this; its writes go through `UnitOfWork`.
    func arrangeSave(on db: any Database) async throws {
        try await UnitOfWork.$writing.withValue(true) { try await save(on: db) }
    }

    func arrangeCreate(on db: any Database) async throws {
        try await UnitOfWork.$writing.withValue(true) { try await create(on: db) }
    }

    func arrangeUpdate(on db: any Database) async throws {
        try await UnitOfWork.$writing.withValue(true) { try await update(on: db) }
    }

    func arrangeDelete(on db: any Database) async throws {
        try await UnitOfWork.$writing.withValue(true) { try await delete(force: true, on: db) }
    }
}

/// At most `limit` test apps at once (on PostgreSQL): the rest wait their turn, in order.
actor TestGate {
    static let shared = TestGate(limit: 16)

    private let limit: Int
    private var inside = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(limit: Int) { self.limit = limit }

    func enter() async {
        if inside < limit {
            inside += 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func leave() {
        if waiting.isEmpty {
            inside -= 1
        } else {
            // The slot passes straight to the next waiter.
            waiting.removeFirst().resume()
        }
    }
}
