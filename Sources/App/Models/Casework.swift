import Fluent
import Foundation
import TandemCore

/// An interview with the reporting person or the respondent, against the
/// questions of Lambeth 3.3.1. Never changed after it is saved.
final class Interview: Model, Audited, @unchecked Sendable {
    static let schema = "interviews"
    static let recordType = RecordType.interview

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseRecord: CaseRecord
    @Parent(key: "party_id") var party: CaseParty
    @Field(key: "kind") var kind: InterviewKind
    @Field(key: "interviewed_on") var interviewedOn: CivilDate
    /// How the interview took place, in the officer's words (free text, not a fixed list).
    @Field(key: "method") var method: String
    @Field(key: "interpreter_present") var interpreterPresent: Bool
    /// The answers as JSON: question id to answer.
    @Field(key: "answers") var answers: String
    @OptionalField(key: "allegation_response") var allegationResponse: AllegationResponse?
    @OptionalField(key: "notes_given_on") var notesGivenOn: CivilDate?
    @OptionalField(key: "notes") var notes: String?
    @Field(key: "recorded_at") var recordedAt: Date
    @Parent(key: "recorded_by_id") var recordedBy: User

    init() {}

    var decodedAnswers: [String: String] {
        (try? JSONDecoder().decode([String: String].self, from: Data(answers.utf8))) ?? [:]
    }

    static func encode(_ answers: [String: String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? encoder.encode(answers)).flatMap { String(data: $0, encoding: .utf8) } ?? "{}"
    }
}

/// The case's action plan (one per case, revised over its life).
final class ActionPlan: Model, Audited, @unchecked Sendable {
    static let schema = "action_plans"
    static let recordType = RecordType.actionPlan

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseRecord: CaseRecord
    /// Goes up by one with every change; each version is kept in `plan_revisions`.
    @Field(key: "version") var version: Int
    @Field(key: "drawn_up_on") var drawnUpOn: CivilDate
    @Field(key: "evidence_plan") var evidencePlan: String
    @Field(key: "contact_frequency") var contactFrequency: Int
    @Field(key: "contact_method") var contactMethod: ContactChannel
    @Field(key: "first_review_on") var firstReviewOn: CivilDate
    @Field(key: "next_review_on") var nextReviewOn: CivilDate
    @OptionalField(key: "agreed_by") var agreedBy: String?
    @OptionalField(key: "agreed_on") var agreedOn: CivilDate?
    @OptionalField(key: "agreed_how") var agreedHow: AgreementMethod?
    /// The version the reporting person agreed; a later change needs agreeing again.
    @OptionalField(key: "agreed_version") var agreedVersion: Int?
    @Field(key: "created_at") var createdAt: Date
    @Parent(key: "created_by_id") var createdBy: User
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var frequency: ContactFrequency { ContactFrequency(rawValue: contactFrequency) ?? .standard }
    var isAgreed: Bool { PlanRules.isAgreed(version: version, agreedVersion: agreedVersion) }

    /// "Weekly (the standard promise), by phone".
    var contactLabel: String { "\(frequency.label), by \(contactMethod.label.lowercased())" }

    /// Who agreed which version, when and how; nil until agreed.
    var agreementLabel: String? {
        guard let agreedOn else { return nil }
        let how = agreedHow?.label.lowercased() ?? ""
        return "Version \(agreedVersion ?? 0) agreed by \(agreedBy ?? "") on \(DisplayDate.civil(agreedOn)) (\(how))"
    }
}

final class PlanAction: Model, Audited, @unchecked Sendable {
    static let schema = "plan_actions"
    static let recordType = RecordType.planAction

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseRecord: CaseRecord
    @Field(key: "description") var description: String
    @Field(key: "owner") var owner: ActionOwner
    @OptionalField(key: "owner_name") var ownerName: String?
    @Field(key: "due_on") var dueOn: CivilDate
    @Field(key: "status") var status: ActionStatus
    @OptionalField(key: "done_on") var doneOn: CivilDate?
    @Field(key: "added_at") var addedAt: Date
    @Parent(key: "added_by_id") var addedBy: User
    /// Issue 19: the organisation that owns the action (the owning team's own for an officer's action, a
    /// partner that uses Tandem for a partner's), and the officer who owns it. An outside body not on Tandem
    /// has neither, only `ownerName`.
    @OptionalParent(key: "owner_organisation_id") var ownerOrganisation: Organisation?
    @OptionalParent(key: "owner_user_id") var ownerUser: User?
    /// Who marked it done or no longer needed: the owning team or the partner that owns it.
    @OptionalParent(key: "done_by_id") var doneBy: User?
    /// Issue 21: the agenda item of the panel meeting that agreed the action, and the owner's latest report on it
    /// before the next meeting.
    @OptionalParent(key: "panel_item_id") var panelItem: PanelItem?
    @OptionalField(key: "progress") var progress: PanelActionProgress?
    @OptionalField(key: "progress_note") var progressNote: String?
    @OptionalField(key: "progress_at") var progressAt: Date?

    init() {}

    /// "<person>, <organisation>", "<organisation>", or the kind with the outside body's name. The owner's
    /// organisation and person are named only where they were loaded with the action; elsewhere the kind.
    var ownerLabel: String {
        let organisation = $ownerOrganisation.value??.name
        let person = $ownerUser.value??.displayName
        switch (person, organisation) {
        case (let person?, let organisation?): return "\(person), \(organisation)"
        case (let person?, nil): return person
        case (nil, let organisation?): return organisation
        case (nil, nil): return ownerName.map { "\(owner.label): \($0)" } ?? owner.label
        }
    }
}

/// One kept version of the action plan: what changed and the plan as it then stood.
final class PlanRevision: Model, Audited, @unchecked Sendable {
    static let schema = "plan_revisions"
    static let recordType = RecordType.planRevision

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseRecord: CaseRecord
    @Field(key: "version") var version: Int
    @Field(key: "change") var change: String
    @Field(key: "snapshot") var snapshot: String
    @Field(key: "recorded_at") var recordedAt: Date
    @Parent(key: "recorded_by_id") var recordedBy: User

    init() {}
}

final class ReviewMeeting: Model, Audited, @unchecked Sendable {
    static let schema = "review_meetings"
    static let recordType = RecordType.reviewMeeting

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseRecord: CaseRecord
    @Field(key: "held_on") var heldOn: CivilDate
    @Field(key: "attendees") var attendees: String
    @Field(key: "progress") var progress: String
    @OptionalField(key: "next_steps") var nextSteps: String?
    @OptionalField(key: "next_review_on") var nextReviewOn: CivilDate?
    @Field(key: "recorded_at") var recordedAt: Date
    @Parent(key: "recorded_by_id") var recordedBy: User

    init() {}
}

/// A contact with the reporting person, logged against the promise.
final class ContactLog: Model, Audited, @unchecked Sendable {
    static let schema = "contacts"
    static let recordType = RecordType.contact

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseRecord: CaseRecord
    @Field(key: "contacted_at") var contactedAt: Date
    @Field(key: "channel") var channel: ContactChannel
    @Field(key: "with_whom") var withWhom: String
    @Field(key: "summary") var summary: String
    @Field(key: "recorded_at") var recordedAt: Date
    @Parent(key: "recorded_by_id") var recordedBy: User

    init() {}
}

final class DiaryEntry: Model, Audited, @unchecked Sendable {
    static let schema = "diary_entries"
    static let recordType = RecordType.diaryEntry

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseRecord: CaseRecord
    @Field(key: "occurred_at") var occurredAt: Date
    @Field(key: "what_happened") var whatHappened: String
    @OptionalField(key: "who_involved") var whoInvolved: String?
    @OptionalField(key: "effect") var effect: String?
    @Field(key: "source") var source: DiarySource
    @Field(key: "recorded_at") var recordedAt: Date
    @OptionalParent(key: "recorded_by_id") var recordedBy: User?
    @OptionalParent(key: "resident_link_id") var residentLink: ResidentLink?

    init() {}
}

/// An item in the evidence register, with its file (if any) kept outside the
/// database and identified by its checksum.
final class EvidenceItem: Model, Audited, @unchecked Sendable {
    static let schema = "evidence_items"
    static let recordType = RecordType.evidenceItem

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseRecord: CaseRecord
    @Field(key: "kind") var kind: EvidenceKind
    @Field(key: "title") var title: String
    @OptionalField(key: "description") var description: String?
    @Field(key: "obtained_on") var obtainedOn: CivilDate
    @OptionalParent(key: "diary_entry_id") var diaryEntry: DiaryEntry?
    @OptionalField(key: "file_name") var fileName: String?
    @OptionalField(key: "file_type") var fileType: EvidenceFileType?
    @OptionalField(key: "file_size") var fileSize: Int?
    @OptionalField(key: "file_sha256") var fileSHA256: String?
    @OptionalField(key: "storage_key") var storageKey: String?
    @Field(key: "added_at") var addedAt: Date
    @OptionalParent(key: "added_by_id") var addedBy: User?
    @Field(key: "from_resident") var fromResident: Bool

    static let auditExemptions: [String: String] = [
        "storage_key": "where the file is kept on disk; the trail records its checksum and name"
    ]

    init() {}
}

final class Intervention: Model, Audited, @unchecked Sendable {
    static let schema = "interventions"
    static let recordType = RecordType.intervention

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseRecord: CaseRecord
    @OptionalParent(key: "party_id") var party: CaseParty?
    @Field(key: "kind") var kind: InterventionKind
    @Field(key: "started_on") var startedOn: CivilDate
    @OptionalField(key: "terms") var terms: String?
    @OptionalField(key: "guardians") var guardians: String?
    @OptionalField(key: "review_on") var reviewOn: CivilDate?
    @OptionalField(key: "ends_on") var endsOn: CivilDate?
    @Field(key: "reporting_consents") var reportingConsents: Bool
    @Field(key: "respondent_consents") var respondentConsents: Bool
    @OptionalField(key: "mediation_justification") var mediationJustification: String?
    @OptionalField(key: "victim_consulted_on") var victimConsultedOn: CivilDate?
    @OptionalField(key: "victim_view") var victimView: String?
    @Field(key: "engagement") var engagement: Engagement
    @Field(key: "status") var status: InterventionStatus
    @OptionalField(key: "outcome") var outcome: InterventionOutcome?
    @OptionalField(key: "outcome_notes") var outcomeNotes: String?
    @OptionalField(key: "outcome_on") var outcomeOn: CivilDate?
    @Field(key: "recorded_at") var recordedAt: Date
    @Parent(key: "recorded_by_id") var recordedBy: User

    init() {}

    var label: String { kind.label }
}

final class InterventionBreach: Model, Audited, @unchecked Sendable {
    static let schema = "intervention_breaches"
    static let recordType = RecordType.interventionBreach

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseRecord: CaseRecord
    @Parent(key: "intervention_id") var intervention: Intervention
    @Field(key: "occurred_on") var occurredOn: CivilDate
    @Field(key: "details") var details: String
    @OptionalField(key: "action_taken") var actionTaken: String?
    @Field(key: "recorded_at") var recordedAt: Date
    @Parent(key: "recorded_by_id") var recordedBy: User

    init() {}
}

final class Referral: Model, Audited, @unchecked Sendable {
    static let schema = "referrals"
    static let recordType = RecordType.referral

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseRecord: CaseRecord
    @OptionalParent(key: "party_id") var party: CaseParty?
    @Field(key: "service") var service: SupportService
    @OptionalField(key: "organisation_name") var organisationName: String?
    @Field(key: "asked") var asked: String
    @Field(key: "sent_on") var sentOn: CivilDate
    @Field(key: "reply_due_on") var replyDueOn: CivilDate
    @Field(key: "status") var status: ReferralStatus
    /// What came of it, in the officer's words (the note given when it closed).
    @OptionalField(key: "outcome") var outcome: String?
    @Field(key: "recorded_at") var recordedAt: Date
    @Parent(key: "recorded_by_id") var recordedBy: User
    @Field(key: "updated_at") var updatedAt: Date
    // Sent through Tandem (issue 19, item 4): the organisation whose queue it lands in, and the share its
    // acceptance makes, as the referrer chose it. None of these is set for a body outside Tandem.
    @OptionalParent(key: "to_organisation_id") var toOrganisation: Organisation?
    @OptionalParent(key: "agreement_id") var agreement: SharingAgreement?
    /// `ShareSection` raw values, comma-separated (`ShareSection.text`), always with the summary.
    @OptionalField(key: "share_sections") var shareSections: String?
    /// The referred person's consent: the referral is about one party, so it is theirs.
    @OptionalField(key: "consent") var consent: ShareConsent?
    @OptionalField(key: "not_sought_reason") var notSoughtReason: ConsentNotSoughtReason?
    /// Every named person's decision, as `ReferralSharing.consentText` writes it (M019).
    @OptionalField(key: "consents") var consents: String?
    /// A senior officer's reasons for sharing special category data without the person's consent, made by the
    /// referrer (`recordedBy`) when the referral was sent.
    @OptionalField(key: "senior_decision") var seniorDecision: String?
    /// When and by whom the receiving organisation accepted or declined it.
    @OptionalField(key: "answered_at") var answeredAt: Date?
    @OptionalParent(key: "answered_by_id") var answeredBy: User?
    @OptionalField(key: "decline_reason") var declineReason: String?

    init() {}

    var serviceLabel: String { service.label }
    var throughTandem: Bool { $toOrganisation.id != nil }
    /// A referral to a health or care service, or one whose share opens special category data, says something
    /// about a person's health: read only where the special category section is open.
    var isSpecialCategory: Bool { service.isSpecialCategory || shareSectionSet.contains(.specialCategory) }
    /// The kind of its timeline lines: its own section's, or special category's.
    func timelineKind(else kind: CaseEventKind) -> CaseEventKind { isSpecialCategory ? .specialCategoryLine : kind }
    var shareSectionSet: Set<ShareSection> { ShareSection.parse(shareSections ?? "") }
}

final class ReferralUpdate: Model, Audited, @unchecked Sendable {
    static let schema = "referral_updates"
    static let recordType = RecordType.referralUpdate

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseRecord: CaseRecord
    @Parent(key: "referral_id") var referral: Referral
    @Field(key: "status") var status: ReferralUpdateStatus
    @OptionalField(key: "note") var note: String?
    @Field(key: "recorded_at") var recordedAt: Date
    @Parent(key: "recorded_by_id") var recordedBy: User

    init() {}
}

/// The officer's decision on the next step with the respondent, beside what
/// Tandem suggested.
final class RespondentDecision: Model, Audited, @unchecked Sendable {
    static let schema = "respondent_decisions"
    static let recordType = RecordType.respondentDecision

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseRecord: CaseRecord
    @OptionalParent(key: "party_id") var party: CaseParty?
    /// The suggested steps' raw values, comma separated (a list, so it stays text).
    @Field(key: "suggested") var suggested: String
    @Field(key: "decided") var decided: RespondentStep
    @Field(key: "reason") var reason: String
    @Field(key: "decided_at") var decidedAt: Date
    @Parent(key: "decided_by_id") var decidedBy: User

    init() {}
}

final class LetterTemplate: Model, Audited, @unchecked Sendable {
    static let schema = "letter_templates"
    static let recordType = RecordType.letterTemplate

    @ID(key: .id) var id: UUID?
    @Field(key: "key") var key: String
    @Field(key: "audience") var audience: LetterAudience
    @Field(key: "title") var title: String
    @Field(key: "body") var body: String
    @Field(key: "updated_at") var updatedAt: Date
    @OptionalParent(key: "updated_by_id") var updatedBy: User?

    init() {}

    init(key: String, audience: LetterAudience, title: String, body: String, at now: Date) {
        self.key = key
        self.audience = audience
        self.title = title
        self.body = body
        self.updatedAt = now
    }
}

/// A letter as sent: its text is frozen when it is recorded.
final class Letter: Model, Audited, @unchecked Sendable {
    static let schema = "letters"
    static let recordType = RecordType.letter

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseRecord: CaseRecord
    @Field(key: "template_key") var templateKey: String
    @Field(key: "audience") var audience: LetterAudience
    @OptionalParent(key: "party_id") var party: CaseParty?
    @Field(key: "recipient_name") var recipientName: String
    @Field(key: "title") var title: String
    @Field(key: "body") var body: String
    @Field(key: "method") var method: LetterMethod
    @Field(key: "sent_on") var sentOn: CivilDate
    /// The address block it went to, one line per row, as recorded when it was sent (M023; nil before then).
    @OptionalField(key: "recipient_address") var recipientAddress: String?
    @Field(key: "recorded_at") var recordedAt: Date
    @Parent(key: "recorded_by_id") var recordedBy: User
    /// A respondent letter: when and by whom the officer confirmed it does not
    /// identify the reporting person or a witness (M017; nil before then).
    @OptionalField(key: "identity_confirmed_at") var identityConfirmedAt: Date?
    @OptionalParent(key: "identity_confirmed_by_id") var identityConfirmedBy: User?

    init() {}
}

/// A reporting person's private link. Only hashes of the token, the code and
/// the resident's session are kept.
final class ResidentLink: Model, Audited, @unchecked Sendable {
    static let schema = "resident_links"
    static let recordType = RecordType.residentLink

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseRecord: CaseRecord
    @Parent(key: "party_id") var party: CaseParty
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "code_hash") var codeHash: String
    @Field(key: "created_at") var createdAt: Date
    @Parent(key: "created_by_id") var createdBy: User
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "revoked_at") var revokedAt: Date?
    @OptionalParent(key: "revoked_by_id") var revokedBy: User?
    @Field(key: "failed_attempts") var failedAttempts: Int
    @OptionalField(key: "session_hash") var sessionHash: String?
    @OptionalField(key: "session_expires_at") var sessionExpiresAt: Date?
    @OptionalField(key: "last_used_at") var lastUsedAt: Date?

    static let auditExemptions: [String: String] = [
        "token_hash": "the link's secret, kept only as a hash", "code_hash": "the code's secret, kept only as a hash",
        "session_hash": "the resident's signed-in session, a secret",
    ]

    static let sessionFields: [String: String] = [
        "session_expires_at": "renewed on every page the resident opens, like a staff session's last activity",
        "last_used_at": "when the resident last opened a page; each page view is audited as a view",
    ]

    init() {}

    func state(at now: Date) -> ResidentAccessRules.State {
        ResidentAccessRules.state(expiresAt: expiresAt, revokedAt: revokedAt, failedAttempts: failedAttempts, now: now)
    }
}

/// A message waiting to be sent to someone outside Tandem (no gateway yet).
final class OutboxMessage: Model, Audited, @unchecked Sendable {
    static let schema = "outbox_messages"
    static let recordType = RecordType.outboxMessage

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseRecord: CaseRecord
    @OptionalParent(key: "party_id") var party: CaseParty?
    @Field(key: "channel") var channel: OutboxChannel
    @Field(key: "recipient") var recipient: String
    @Field(key: "subject") var subject: String
    @Field(key: "body") var body: String
    @Field(key: "created_at") var createdAt: Date
    @Parent(key: "created_by_id") var createdBy: User
    /// The private link a message carries, kept as a reference: the link and
    /// its code are never stored in the body (M017).
    @OptionalParent(key: "resident_link_id") var residentLink: ResidentLink?

    /// What stands in a stored body where the private link or its code went.
    static let linkPlaceholder = "[the private link, given once to the officer who issued it]"
    static let codePlaceholder = "[the code, given once to the officer who issued it]"

    init() {}
}
