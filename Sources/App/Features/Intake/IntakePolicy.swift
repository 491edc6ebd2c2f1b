import Fluent
import SQLKit
import TandemCore
import Vapor

/// The local policy as stored: response targets, office hours and closures,
/// repeat rules. Read fresh for each decision so an administrator's change
/// applies at once.
struct IntakePolicy: Sendable {
    var response: ResponsePolicy
    var calendar: WorkingCalendar
    var repeats: RepeatRules

    static func load(on db: any Database) async throws -> IntakePolicy {
        let targets = try await ResponseTargetRecord.query(on: db).all()
        var byRisk: [RiskLevel: ResponseTarget] = ResponsePolicy.lambethDefault.targets
        for record in targets {
            let risk = record.riskLevel
            byRisk[risk] = ResponseTarget(
                targetWorkingDays: record.targetDays, limitWorkingDays: record.limitDays, guidance: record.guidance)
        }
        let settings = try await IntakeSettingsRecord.query(on: db).first()
        let closures = try await OfficeClosure.query(on: db).all().map(\.day)
        let hours =
            settings.map { OfficeHours(opensAtMinute: $0.opensMinute, closesAtMinute: $0.closesMinute) }
            ?? OfficeHours()
        return IntakePolicy(
            response: ResponsePolicy(
                targets: byRisk,
                inProgressMinutes: settings?.inProgressMinutes ?? ResponsePolicy.lambethDefault.inProgressMinutes),
            calendar: WorkingCalendar(officeHours: hours, closures: Set(closures)),
            repeats: RepeatRules(
                windowMonths: settings?.repeatWindowMonths ?? 6,
                caseReviewThreshold: settings?.caseReviewThreshold ?? 3))
    }
}

extension Request {
    private struct IntakePolicyKey: StorageKey {
        typealias Value = IntakePolicy
    }

    /// The local policy, read once per request: a page that needs it in several places (the letter being
    /// written needs today's date twice) reads it once, and an administrator's change still applies from
    /// the next request. Writes that depend on it inside a transaction read it there, with `load(on:)`.
    func intakePolicy() async throws -> IntakePolicy {
        if let cached = storage[IntakePolicyKey.self] { return cached }
        let policy = try await IntakePolicy.load(on: db)
        storage[IntakePolicyKey.self] = policy
        return policy
    }
}

/// Sequential numbers per series (ASB-2026, RPT-2026), taken inside the
/// transaction that uses them. The upsert is one statement on both SQLite
/// and PostgreSQL, so two writers never get the same number.
enum ReferenceNumbers {
    static func next(_ series: String, on db: any Database) async throws -> Int {
        guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError) }
        let row = try await sql.raw(
            """
            INSERT INTO reference_counters (name, value) VALUES (\(bind: series), 1)
            ON CONFLICT (name) DO UPDATE SET value = reference_counters.value + 1
            RETURNING value
            """
        ).first()
        guard let value = try row?.decode(column: "value", as: Int.self) else {
            throw Abort(.internalServerError, reason: "Could not take a reference number")
        }
        return value
    }

    static func caseReference(year: Int, on db: any Database) async throws -> String {
        CaseReference(year: year, number: try await next("ASB-\(year)", on: db)).description
    }

    static func reportReference(year: Int, on db: any Database) async throws -> String {
        let number = try await next("RPT-\(year)", on: db)
        return "RPT-\(year)-" + String(repeating: "0", count: max(0, 5 - String(number).count)) + String(number)
    }
}
