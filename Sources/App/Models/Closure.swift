import Fluent
import Foundation
import TandemCore

/// One closure proposal on a case, from proposal to closure (or its return,
/// withdrawal or reopening). Every proposal is kept as evidence.
final class CaseClosure: Model, Audited, @unchecked Sendable {
    static let schema = "case_closures"
    static let recordType = RecordType.caseClosure

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseRecord: CaseRecord
    @Field(key: "reason") var reason: ClosureReason
    @Field(key: "outcome") var outcome: ClosureOutcome
    @Field(key: "summary") var summary: String
    @Field(key: "state") var state: ClosureRules.ProposalState
    @Field(key: "proposed_at") var proposedAt: Date
    @Parent(key: "proposed_by_id") var proposedBy: User
    @OptionalField(key: "decided_at") var decidedAt: Date?
    @OptionalParent(key: "decided_by_id") var decidedBy: User?
    @OptionalField(key: "decision_note") var decisionNote: String?
    @OptionalField(key: "notice_given_at") var noticeGivenAt: Date?
    @OptionalField(key: "closes_at") var closesAt: Date?
    @OptionalParent(key: "letter_id") var letter: Letter?
    @OptionalField(key: "ended_at") var endedAt: Date?
    @OptionalField(key: "ended_note") var endedNote: String?
    @OptionalField(key: "reopened_at") var reopenedAt: Date?
    @OptionalParent(key: "reopened_by_id") var reopenedBy: User?
    @OptionalField(key: "reopen_reason") var reopenReason: String?

    init() {}

    init(caseID: UUID, reason: ClosureReason, summary: String, by userID: UUID, at now: Date) {
        self.$caseRecord.id = caseID
        self.reason = reason
        self.outcome = reason.outcome
        self.summary = summary
        self.state = .proposed
        self.proposedAt = now
        self.$proposedBy.id = userID
    }
}

/// One answered satisfaction survey.
final class SurveyResponse: Model, Audited, @unchecked Sendable {
    static let schema = "survey_responses"
    static let recordType = RecordType.surveyResponse

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseRecord: CaseRecord
    @Field(key: "audience") var audience: SurveyAudience
    @Field(key: "method") var method: SurveyMethod
    @OptionalField(key: "handling") var handling: Int?
    @OptionalField(key: "outcome") var outcome: Int?
    @OptionalField(key: "empathy") var empathy: Int?
    @OptionalField(key: "support") var support: Int?
    @OptionalField(key: "contact") var contact: Int?
    @OptionalField(key: "tp12") var tp12: Int?
    @OptionalField(key: "what_worked") var whatWorked: String?
    @OptionalField(key: "comments") var comments: String?
    @Field(key: "answered_at") var answeredAt: Date
    @OptionalParent(key: "recorded_by_id") var recordedBy: User?
    @OptionalParent(key: "resident_link_id") var residentLink: ResidentLink?

    init() {}

    func set(_ scores: [SurveyQuestion: SatisfactionScore]) {
        handling = scores[.handling]?.rawValue
        outcome = scores[.outcome]?.rawValue
        empathy = scores[.empathy]?.rawValue
        support = scores[.support]?.rawValue
        contact = scores[.contact]?.rawValue
        tp12 = scores[.tp12]?.rawValue
    }

    func score(_ question: SurveyQuestion) -> Int? {
        switch question {
        case .handling: handling
        case .outcome: outcome
        case .empathy: empathy
        case .support: support
        case .contact: contact
        case .tp12: tp12
        }
    }
}

/// The number of homes a landlord owns in a reporting year: the denominator of NM01.
final class LandlordHomes: Model, Audited, @unchecked Sendable {
    static let schema = "landlord_homes"
    static let recordType = RecordType.landlordHomes

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Field(key: "year_start") var yearStart: Int
    @Field(key: "homes") var homes: Int
    @Field(key: "updated_at") var updatedAt: Date
    @OptionalParent(key: "updated_by_id") var updatedBy: User?

    init() {}
}

/// The local closure policy as stored (one row; the defaults when there is none).
final class ClosureSettingsRecord: Model, Audited, @unchecked Sendable {
    static let schema = "closure_settings"
    static let recordType = RecordType.closureSettings

    @ID(key: .id) var id: UUID?
    @Field(key: "notice_days") var noticeDays: Int
    @Field(key: "reopen_days") var reopenDays: Int
    @Field(key: "satisfaction_target") var satisfactionTarget: Int
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var policy: ClosurePolicy {
        ClosurePolicy(noticeDays: noticeDays, reopenDays: reopenDays, satisfactionTargetPercent: satisfactionTarget)
    }

    static func load(on db: any Database) async throws -> ClosurePolicy {
        try await query(on: db).first()?.policy ?? .standard
    }
}
