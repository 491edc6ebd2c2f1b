import Fluent
import Foundation
import TandemCore

final class User: Model, Audited, @unchecked Sendable {
    static let schema = "users"
    static let recordType = RecordType.user

    @ID(key: .id) var id: UUID?
    /// Stored lower-cased; unique.
    @Field(key: "email") var email: String
    @Field(key: "display_name") var displayName: String
    @Field(key: "password_hash") var passwordHash: String
    @Parent(key: "organisation_id") var organisation: Organisation
    @Field(key: "active") var active: Bool
    @Children(for: \.$user) var roles: [UserRole]
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date
    /// The notification kinds this user also wants by email (`NotificationKind.text`; nil: none) (M020).
    @OptionalField(key: "email_notifications") var emailNotifications: String?

    static let auditExemptions: [String: String] = [
        "password_hash": "a password hash is a secret, and only its change is worth recording"
    ]

    init() {}

    init(
        id: UUID? = nil, email: String, displayName: String, passwordHash: String,
        organisationID: UUID, active: Bool = true, at now: Date
    ) {
        self.id = id
        self.email = email
        self.displayName = displayName
        self.passwordHash = passwordHash
        self.$organisation.id = organisationID
        self.active = active
        self.createdAt = now
        self.updatedAt = now
    }
}

final class UserRole: Model, Audited, @unchecked Sendable {
    static let schema = "user_roles"
    static let recordType = RecordType.userRole

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "role") var role: Role

    init() {}

    init(userID: UUID, role: Role) {
        self.$user.id = userID
        self.role = role
    }
}
