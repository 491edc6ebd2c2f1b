import Fluent
import Foundation

/// A signed-in session, kept in the database so that several app instances
/// share it and it survives a restart. Only a hash of the cookie's token is
/// stored, so a copy of the database cannot be used to sign in.
final class UserSession: Model, @unchecked Sendable {
    static let schema = "user_sessions"

    @ID(key: .id) var id: UUID?
    @Field(key: "token_hash") var tokenHash: String
    @Parent(key: "user_id") var user: User
    @Field(key: "csrf_token") var csrfToken: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "last_seen_at") var lastSeenAt: Date
    @OptionalField(key: "address") var address: String?

    init() {}

    init(tokenHash: String, userID: UUID, csrfToken: String, address: String?, at now: Date) {
        self.tokenHash = tokenHash
        self.$user.id = userID
        self.csrfToken = csrfToken
        self.createdAt = now
        self.lastSeenAt = now
        self.address = address
    }
}

/// One attempt to sign in, kept to throttle guessing by account and by address.
final class SignInAttempt: Model, @unchecked Sendable {
    static let schema = "sign_in_attempts"

    @ID(key: .id) var id: UUID?
    @Field(key: "email") var email: String
    @Field(key: "address") var address: String
    @Field(key: "attempted_at") var attemptedAt: Date
    @Field(key: "succeeded") var succeeded: Bool

    init() {}

    init(email: String, address: String, at now: Date, succeeded: Bool) {
        self.email = email
        self.address = address
        self.attemptedAt = now
        self.succeeded = succeeded
    }
}
