import Fluent
import Foundation
import TandemCore

/// The writes that every way of adding a user shares (admin page, command
/// line, demo): the user, their roles and one audit event, inside the
/// caller's transaction.
enum UserWrites {
    static func insert(
        _ user: User, roles: [Role], summary: String, by actor: AuditActor, at now: Date, on db: any Database
    ) async throws {
        try await user.create(on: db)
        let userID = try user.requireID()
        let sorted = Set(roles).sorted()
        for role in sorted {
            try await UserRole(userID: userID, role: role.rawValue).create(on: db)
        }
        var snapshot = user.auditSnapshot
        snapshot["roles"] = roleList(sorted)
        try await AuditLog.append(
            AuditEntry(
                action: .create, recordType: .user, recordID: userID.uuidString, summary: summary,
                changes: FieldChange.between(before: [:], after: snapshot)),
            by: actor, at: now, on: db)
    }

    /// Roles as recorded in the audit trail: raw values, sorted, comma-separated.
    static func roleList(_ roles: [Role]) -> String {
        Set(roles).sorted().map(\.rawValue).joined(separator: ",")
    }
}
