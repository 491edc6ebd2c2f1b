import Fluent
import Foundation
import TandemCore

/// A council ward: reference data an administrator manages.
final class Ward: Model, Audited, @unchecked Sendable {
    static let schema = "wards"
    static let recordType = RecordType.ward

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @Field(key: "active") var active: Bool
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(name: String, at now: Date) {
        self.name = name
        self.active = true
        self.createdAt = now
    }
}

/// An estate or block within a ward.
final class Estate: Model, Audited, @unchecked Sendable {
    static let schema = "estates"
    static let recordType = RecordType.estate

    @ID(key: .id) var id: UUID?
    @Parent(key: "ward_id") var ward: Ward
    @Field(key: "name") var name: String
    @Field(key: "active") var active: Bool
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(wardID: UUID, name: String, at now: Date) {
        self.$ward.id = wardID
        self.name = name
        self.active = true
        self.createdAt = now
    }
}

/// A local ASB category. Retired categories stay on old cases but are not offered.
final class Category: Model, Audited, @unchecked Sendable {
    static let schema = "categories"
    static let recordType = RecordType.category

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @Field(key: "position") var position: Int
    @Field(key: "active") var active: Bool
    /// Choosing this category marks the report as a hate incident.
    @Field(key: "marks_hate") var marksHate: Bool

    init() {}

    init(name: String, position: Int, marksHate: Bool = false) {
        self.name = name
        self.position = position
        self.active = true
        self.marksHate = marksHate
    }
}

/// The response target for one risk level (local policy; defaults from Lambeth 3.3.4).
final class ResponseTargetRecord: Model, Audited, @unchecked Sendable {
    static let schema = "response_targets"
    static let recordType = RecordType.responseTarget

    @ID(key: .id) var id: UUID?
    @Field(key: "risk_level") var riskLevel: RiskLevel
    @Field(key: "target_days") var targetDays: Int
    @Field(key: "limit_days") var limitDays: Int
    @Field(key: "guidance") var guidance: String

    init() {}

    init(risk: RiskLevel, targetDays: Int, limitDays: Int, guidance: String) {
        self.riskLevel = risk
        self.targetDays = targetDays
        self.limitDays = limitDays
        self.guidance = guidance
    }
}

/// Office hours, the in-progress response time and the repeat rules: one row.
final class IntakeSettingsRecord: Model, Audited, @unchecked Sendable {
    static let schema = "intake_settings"
    static let recordType = RecordType.intakeSettings

    @ID(key: .id) var id: UUID?
    @Field(key: "office_opens_minute") var opensMinute: Int
    @Field(key: "office_closes_minute") var closesMinute: Int
    @Field(key: "in_progress_minutes") var inProgressMinutes: Int
    @Field(key: "repeat_window_months") var repeatWindowMonths: Int
    @Field(key: "case_review_threshold") var caseReviewThreshold: Int
    /// Keys the hash of a public submitter's network address (rate limits
    /// without storing addresses). Made at migration; never shown or logged.
    @Field(key: "submitter_key_secret") var submitterKeySecret: String

    static let auditExemptions: [String: String] = [
        "submitter_key_secret": "the key that makes public submitters' throttle keys; a secret"
    ]

    init() {}

    init(
        opens: Int, closes: Int, inProgressMinutes: Int, repeatWindowMonths: Int, caseReviewThreshold: Int,
        submitterKeySecret: String
    ) {
        self.submitterKeySecret = submitterKeySecret
        self.opensMinute = opens
        self.closesMinute = closes
        self.inProgressMinutes = inProgressMinutes
        self.repeatWindowMonths = repeatWindowMonths
        self.caseReviewThreshold = caseReviewThreshold
    }
}

/// A one-off bank holiday or office closure, which is not a working day.
final class OfficeClosure: Model, Audited, @unchecked Sendable {
    static let schema = "office_closures"
    static let recordType = RecordType.officeClosure

    @ID(key: .id) var id: UUID?
    /// Stored as its ISO text, which sorts as the dates do.
    @Field(key: "day") var day: CivilDate
    @Field(key: "description") var description: String

    init() {}

    init(day: CivilDate, description: String) {
        self.day = day
        self.description = description
    }
}
