import Fluent
import TandemCore
import Vapor

/// Fills an empty database with the Riverside demo borough. Every record is
/// created through the audit log, so the demo trail verifies like a real one.
enum DemoSeeder {
    /// Returns false (and changes nothing) when the database already has organisations.
    @discardableResult
    static func seedIfEmpty(_ app: Application) async throws -> Bool {
        guard try await Organisation.query(on: app.db).count() == 0 else { return false }
        let now = app.clock.now()
        let hash = try await app.hashPassword(DemoData.password)
        try await app.writeTransaction(on: app.db) { db in
            var organisationIDs: [String: UUID] = [:]
            for seed in DemoData.organisations {
                let organisation = Organisation(name: seed.name, kind: seed.kind.rawValue, at: now)
                try await organisation.create(on: db)
                organisationIDs[seed.key] = try organisation.requireID()
                try await audit(
                    .create, "organisation", organisation.id, "Demo: added organisation \(seed.name)",
                    organisation.auditSnapshot, now, db)
            }
            var userIDs: [String: UUID] = [:]
            for seed in DemoData.accounts {
                let user = User(
                    email: seed.email, displayName: seed.name, passwordHash: hash,
                    organisationID: organisationIDs[seed.organisationKey]!, at: now)
                try await UserWrites.insert(
                    user, roles: seed.roles, summary: "Demo: added user \(seed.email)", by: .system, at: now, on: db)
                userIDs[seed.email] = try user.requireID()
            }
            for seed in DemoData.cases {
                let opened = now.addingTimeInterval(TimeInterval(-seed.daysAgo * 24 * 60 * 60))
                let record = CaseRecord(
                    reference: seed.reference, title: seed.title, summary: seed.summary, status: seed.status,
                    riskLevel: seed.risk, organisationID: organisationIDs[seed.organisationKey]!,
                    officerID: userIDs[seed.officerEmail], at: opened)
                try await record.create(on: db)
                for key in seed.sharedWith {
                    try await CaseShare(
                        caseID: try record.requireID(), organisationID: organisationIDs[key]!, at: opened
                    )
                    .create(on: db)
                }
                var snapshot = record.auditSnapshot
                snapshot["shared_with"] = seed.sharedWith.joined(separator: ",")
                try await audit(.create, "case", record.id, "Demo: opened case \(seed.reference)", snapshot, now, db)
            }
        }
        app.logger.notice(
            "Demo data loaded: the Riverside borough, \(DemoData.accounts.count) accounts, \(DemoData.cases.count) cases."
        )
        return true
    }

    private static func audit(
        _ action: AuditAction, _ type: String, _ id: UUID?, _ summary: String, _ snapshot: [String: String?],
        _ now: Date, _ db: any Database
    ) async throws {
        try await AuditLog.append(
            AuditEntry(
                action: action, recordType: type, recordID: id?.uuidString, summary: summary,
                changes: FieldChange.between(before: [:], after: snapshot)),
            by: .system, at: now, on: db)
    }
}
