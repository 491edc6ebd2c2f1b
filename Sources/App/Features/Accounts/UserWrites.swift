import Fluent
import Foundation
import TandemCore

/// The writes that every way of adding a user shares (admin page, command
/// line, demo): the user and their roles, inside the caller's unit of work.
enum UserWrites {
    static func insert(_ user: User, roles: [Role], summary: String, in work: UnitOfWork) async throws {
        let sorted = Set(roles).sorted()
        // The user's own event carries the roles by name, so one event reads as the whole new account.
        try await work.insert(user, summary, with: ["roles": roleList(sorted)])
        let userID = try user.requireID()
        for role in sorted {
            try await work.insert(
                UserRole(userID: userID, role: role), "Gave \(user.email) the role \(role.label)")
        }
    }

    /// Roles as recorded in the audit trail: raw values, sorted, comma-separated.
    static func roleList(_ roles: [Role]) -> String {
        Set(roles).sorted().map(\.rawValue).joined(separator: ",")
    }
}
