import Fluent
import Foundation
import TandemCore

/// An email in the outbox (M020): queued in the transaction of the change that causes it, sent by
/// `EmailWorker`, its delivery shown on the case and to administrators.
final class EmailMessage: Model, Audited, @unchecked Sendable {
    static let schema = "emails"
    static let recordType = RecordType.email

    /// Why the message exists, which says who may see it and how it is written.
    enum Purpose: String, Codable, Sendable {
        /// A letter recorded on the case as sent by email (acknowledgement, closure notice, any template).
        case letter
        /// The reporting person's private link or its code (the two go separately).
        case residentLink = "resident_link"
        /// A notification to someone working in Tandem: a link, no case detail.
        case notification
        /// An administrator's test of the mail settings.
        case test

        var label: String {
            switch self {
            case .letter: "Letter"
            case .residentLink: "Private link"
            case .notification: "Notification"
            case .test: "Test message"
            }
        }
    }

    @ID(key: .id) var id: UUID?
    @OptionalParent(key: "case_id") var caseRecord: CaseRecord?
    @OptionalParent(key: "letter_id") var letter: Letter?
    @OptionalParent(key: "outbox_message_id") var outboxMessage: OutboxMessage?
    /// The staff recipient of a notification.
    @OptionalParent(key: "user_id") var user: User?
    @Field(key: "purpose") var purpose: Purpose
    @Field(key: "to_address") var toAddress: String
    @Field(key: "subject") var subject: String
    /// The text as sent, with `OutboxMessage`'s placeholders where a private link or code goes.
    @Field(key: "body") var body: String
    /// The private link and code, encrypted with the server's key, until the message is sent (`EmailSeal`).
    @OptionalField(key: "sealed") var sealed: String?
    @Field(key: "status") var status: EmailStatus
    @Field(key: "attempts") var attempts: Int
    @Field(key: "next_attempt_at") var nextAttemptAt: Date
    @OptionalField(key: "claimed_by") var claimedBy: String?
    @OptionalField(key: "claimed_until") var claimedUntil: Date?
    @OptionalField(key: "sent_at") var sentAt: Date?
    /// The mail server's answer to the last failed try.
    @OptionalField(key: "last_error") var lastError: String?
    @Field(key: "created_at") var createdAt: Date

    static let auditExemptions: [String: String] = [
        "sealed": "the encrypted private link and code: a secret, never written to the trail (M017)",
        "claimed_by": "which worker holds the message for a few minutes: a lease, not a change to it",
        "claimed_until": "the end of a worker's lease",
    ]

    init() {}

    init(
        purpose: Purpose, to address: String, subject: String, body: String, caseID: UUID?, at now: Date
    ) {
        self.purpose = purpose
        self.toAddress = address
        self.subject = subject
        self.body = body
        self.$caseRecord.id = caseID
        self.status = .queued
        self.attempts = 0
        self.nextAttemptAt = now
        self.createdAt = now
    }
}

/// Something a user is told in Tandem (M020): the header counts the unread ones.
final class UserNotification: Model, Audited, @unchecked Sendable {
    static let schema = "notifications"
    static let recordType = RecordType.notification

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @OptionalParent(key: "case_id") var caseRecord: CaseRecord?
    @Field(key: "kind") var kind: NotificationKind
    /// What happened, in words that name no reporting person and no special category detail: the same
    /// text goes by email to those who ask for it.
    @Field(key: "summary") var summary: String
    /// The page it is about, inside Tandem.
    @Field(key: "href") var href: String
    @OptionalField(key: "once_key") var onceKey: String?
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "read_at") var readAt: Date?

    init() {}

    init(userID: UUID, caseID: UUID?, kind: NotificationKind, summary: String, href: String, at now: Date) {
        self.$user.id = userID
        self.$caseRecord.id = caseID
        self.kind = kind
        self.summary = summary
        self.href = href
        self.createdAt = now
    }
}
