import Fluent
import Foundation
import TandemCore

/// An interview with the reporting person or the respondent, against the
/// questions of Lambeth 3.3.1. Never changed after it is saved.
final class Interview: Model, @unchecked Sendable {
    static let schema = "interviews"

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseRecord: CaseRecord
    @Parent(key: "party_id") var party: CaseParty
    @Field(key: "kind") var kind: String
    @Field(key: "interviewed_on") var interviewedOn: String
    @Field(key: "method") var method: String
    @Field(key: "interpreter_present") var interpreterPresent: Bool
    /// The answers as JSON: question id to answer.
    @Field(key: "answers") var answers: String
    @OptionalField(key: "allegation_response") var allegationResponse: String?
    @OptionalField(key: "notes_given_on") var notesGivenOn: String?
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

    var auditSnapshot: [String: String?] {
        [
            "case_id": $caseRecord.id.uuidString, "party_id": $party.id.uuidString, "kind": kind,
            "interviewed_on": interviewedOn, "method": method, "interpreter_present": String(interpreterPresent),
            "answers": answers, "allegation_response": allegationResponse, "notes_given_on": notesGivenOn,
            "notes": notes,
        ]
    }
}

/// The case's action plan (one per case, revised over its life).
final class ActionPlan: Model, @unchecked Sendable {
    static let schema = "action_plans"

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseRecord: CaseRecord
    /// Goes up by one with every change; each version is kept in `plan_revisions`.
    @Field(key: "version") var version: Int
    @Field(key: "drawn_up_on") var drawnUpOn: String
    @Field(key: "evidence_plan") var evidencePlan: String
    @Field(key: "contact_frequency") var contactFrequency: Int
    @Field(key: "contact_method") var contactMethod: String
    @Field(key: "first_review_on") var firstReviewOn: String
    @Field(key: "next_review_on") var nextReviewOn: String
    @OptionalField(key: "agreed_by") var agreedBy: String?
    @OptionalField(key: "agreed_on") var agreedOn: String?
    @OptionalField(key: "agreed_how") var agreedHow: String?
    /// The version the reporting person agreed; a later change needs agreeing again.
    @OptionalField(key: "agreed_version") var agreedVersion: Int?
    @Field(key: "created_at") var createdAt: Date
    @Parent(key: "created_by_id") var createdBy: User
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var frequency: ContactFrequency { ContactFrequency(rawValue: contactFrequency) ?? .standard }
    var isAgreed: Bool { agreedVersion == version }

    /// "Weekly (the standard promise), by phone".
    var contactLabel: String {
        "\(frequency.label), by \(ContactChannel(rawValue: contactMethod)?.label.lowercased() ?? contactMethod)"
    }

    /// Who agreed which version, when and how; nil until agreed.
    var agreementLabel: String? {
        guard let agreedOn else { return nil }
        let day = CivilDate(iso: agreedOn).map(DisplayDate.civil) ?? agreedOn
        let how = AgreementMethod(rawValue: agreedHow ?? "")?.label.lowercased() ?? ""
        return "Version \(agreedVersion ?? 0) agreed by \(agreedBy ?? "") on \(day) (\(how))"
    }

    var auditSnapshot: [String: String?] {
        [
            "case_id": $caseRecord.id.uuidString, "version": String(version), "drawn_up_on": drawnUpOn,
            "evidence_plan": evidencePlan, "contact_frequency": String(contactFrequency),
            "contact_method": contactMethod, "first_review_on": firstReviewOn, "next_review_on": nextReviewOn,
            "agreed_by": agreedBy, "agreed_on": agreedOn, "agreed_how": agreedHow,
            "agreed_version": agreedVersion.map(String.init),
        ]
    }
}

final class PlanAction: Model, @unchecked Sendable {
    static let schema = "plan_actions"

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseRecord: CaseRecord
    @Field(key: "description") var description: String
    @Field(key: "owner") var owner: String
    @OptionalField(key: "owner_name") var ownerName: String?
    @Field(key: "due_on") var dueOn: String
    @Field(key: "status") var status: String
    @OptionalField(key: "done_on") var doneOn: String?
    @Field(key: "added_at") var addedAt: Date
    @Parent(key: "added_by_id") var addedBy: User

    init() {}

    var ownerLabel: String {
        let label = ActionOwner(rawValue: owner)?.label ?? owner
        return ownerName.map { "\(label): \($0)" } ?? label
    }

    var auditSnapshot: [String: String?] {
        [
            "case_id": $caseRecord.id.uuidString, "description": description, "owner": owner, "owner_name": ownerName,
            "due_on": dueOn, "status": status, "done_on": doneOn,
        ]
    }
}

/// One kept version of the action plan: what changed and the plan as it then stood.
final class PlanRevision: Model, @unchecked Sendable {
    static let schema = "plan_revisions"

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseRecord: CaseRecord
    @Field(key: "version") var version: Int
    @Field(key: "change") var change: String
    @Field(key: "snapshot") var snapshot: String
    @Field(key: "recorded_at") var recordedAt: Date
    @Parent(key: "recorded_by_id") var recordedBy: User

    init() {}
}

final class ReviewMeeting: Model, @unchecked Sendable {
    static let schema = "review_meetings"

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseRecord: CaseRecord
    @Field(key: "held_on") var heldOn: String
    @Field(key: "attendees") var attendees: String
    @Field(key: "progress") var progress: String
    @OptionalField(key: "next_steps") var nextSteps: String?
    @OptionalField(key: "next_review_on") var nextReviewOn: String?
    @Field(key: "recorded_at") var recordedAt: Date
    @Parent(key: "recorded_by_id") var recordedBy: User

    init() {}

    var auditSnapshot: [String: String?] {
        [
            "case_id": $caseRecord.id.uuidString, "held_on": heldOn, "attendees": attendees, "progress": progress,
            "next_steps": nextSteps, "next_review_on": nextReviewOn,
        ]
    }
}

/// A contact with the reporting person, logged against the promise.
final class ContactLog: Model, @unchecked Sendable {
    static let schema = "contacts"

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseRecord: CaseRecord
    @Field(key: "contacted_at") var contactedAt: Date
    @Field(key: "channel") var channel: String
    @Field(key: "with_whom") var withWhom: String
    @Field(key: "summary") var summary: String
    @Field(key: "recorded_at") var recordedAt: Date
    @Parent(key: "recorded_by_id") var recordedBy: User

    init() {}

    var auditSnapshot: [String: String?] {
        [
            "case_id": $caseRecord.id.uuidString, "contacted_at": AuditContent.timestamp(contactedAt),
            "channel": channel, "with_whom": withWhom, "summary": summary,
        ]
    }
}

final class DiaryEntry: Model, @unchecked Sendable {
    static let schema = "diary_entries"

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseRecord: CaseRecord
    @Field(key: "occurred_at") var occurredAt: Date
    @Field(key: "what_happened") var whatHappened: String
    @OptionalField(key: "who_involved") var whoInvolved: String?
    @OptionalField(key: "effect") var effect: String?
    @Field(key: "source") var source: String
    @Field(key: "recorded_at") var recordedAt: Date
    @OptionalParent(key: "recorded_by_id") var recordedBy: User?
    @OptionalParent(key: "resident_link_id") var residentLink: ResidentLink?

    init() {}

    var auditSnapshot: [String: String?] {
        [
            "case_id": $caseRecord.id.uuidString, "occurred_at": AuditContent.timestamp(occurredAt),
            "what_happened": whatHappened, "who_involved": whoInvolved, "effect": effect, "source": source,
        ]
    }
}

/// An item in the evidence register, with its file (if any) kept outside the
/// database and identified by its checksum.
final class EvidenceItem: Model, @unchecked Sendable {
    static let schema = "evidence_items"

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseRecord: CaseRecord
    @Field(key: "kind") var kind: String
    @Field(key: "title") var title: String
    @OptionalField(key: "description") var description: String?
    @Field(key: "obtained_on") var obtainedOn: String
    @OptionalParent(key: "diary_entry_id") var diaryEntry: DiaryEntry?
    @OptionalField(key: "file_name") var fileName: String?
    @OptionalField(key: "file_type") var fileType: String?
    @OptionalField(key: "file_size") var fileSize: Int?
    @OptionalField(key: "file_sha256") var fileSHA256: String?
    @OptionalField(key: "storage_key") var storageKey: String?
    @Field(key: "added_at") var addedAt: Date
    @OptionalParent(key: "added_by_id") var addedBy: User?
    @Field(key: "from_resident") var fromResident: Bool

    init() {}

    var auditSnapshot: [String: String?] {
        [
            "case_id": $caseRecord.id.uuidString, "kind": kind, "title": title, "description": description,
            "obtained_on": obtainedOn, "diary_entry_id": $diaryEntry.id?.uuidString, "file_name": fileName,
            "file_type": fileType, "file_size": fileSize.map(String.init), "file_sha256": fileSHA256,
            "from_resident": String(fromResident),
        ]
    }
}

final class Intervention: Model, @unchecked Sendable {
    static let schema = "interventions"

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseRecord: CaseRecord
    @OptionalParent(key: "party_id") var party: CaseParty?
    @Field(key: "kind") var kind: String
    @Field(key: "started_on") var startedOn: String
    @OptionalField(key: "terms") var terms: String?
    @OptionalField(key: "guardians") var guardians: String?
    @OptionalField(key: "review_on") var reviewOn: String?
    @OptionalField(key: "ends_on") var endsOn: String?
    @Field(key: "reporting_consents") var reportingConsents: Bool
    @Field(key: "respondent_consents") var respondentConsents: Bool
    @OptionalField(key: "mediation_justification") var mediationJustification: String?
    @OptionalField(key: "victim_consulted_on") var victimConsultedOn: String?
    @OptionalField(key: "victim_view") var victimView: String?
    @Field(key: "engagement") var engagement: String
    /// active or ended.
    @Field(key: "status") var status: String
    @OptionalField(key: "outcome") var outcome: String?
    @OptionalField(key: "outcome_notes") var outcomeNotes: String?
    @OptionalField(key: "outcome_on") var outcomeOn: String?
    @Field(key: "recorded_at") var recordedAt: Date
    @Parent(key: "recorded_by_id") var recordedBy: User

    init() {}

    var label: String { InterventionKind(rawValue: kind)?.label ?? kind }

    var auditSnapshot: [String: String?] {
        [
            "case_id": $caseRecord.id.uuidString, "party_id": $party.id?.uuidString, "kind": kind,
            "started_on": startedOn, "terms": terms, "guardians": guardians, "review_on": reviewOn, "ends_on": endsOn,
            "reporting_consents": String(reportingConsents), "respondent_consents": String(respondentConsents),
            "mediation_justification": mediationJustification, "victim_consulted_on": victimConsultedOn,
            "victim_view": victimView, "engagement": engagement, "status": status, "outcome": outcome,
            "outcome_notes": outcomeNotes, "outcome_on": outcomeOn,
        ]
    }
}

final class InterventionBreach: Model, @unchecked Sendable {
    static let schema = "intervention_breaches"

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseRecord: CaseRecord
    @Parent(key: "intervention_id") var intervention: Intervention
    @Field(key: "occurred_on") var occurredOn: String
    @Field(key: "details") var details: String
    @OptionalField(key: "action_taken") var actionTaken: String?
    @Field(key: "recorded_at") var recordedAt: Date
    @Parent(key: "recorded_by_id") var recordedBy: User

    init() {}

    var auditSnapshot: [String: String?] {
        [
            "case_id": $caseRecord.id.uuidString, "intervention_id": $intervention.id.uuidString,
            "occurred_on": occurredOn, "details": details, "action_taken": actionTaken,
        ]
    }
}

final class Referral: Model, @unchecked Sendable {
    static let schema = "referrals"

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseRecord: CaseRecord
    @OptionalParent(key: "party_id") var party: CaseParty?
    @Field(key: "service") var service: String
    @OptionalField(key: "organisation_name") var organisationName: String?
    @Field(key: "asked") var asked: String
    @Field(key: "sent_on") var sentOn: String
    @Field(key: "reply_due_on") var replyDueOn: String
    @Field(key: "status") var status: String
    @OptionalField(key: "outcome") var outcome: String?
    @Field(key: "recorded_at") var recordedAt: Date
    @Parent(key: "recorded_by_id") var recordedBy: User
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var referralStatus: ReferralStatus { ReferralStatus(rawValue: status) ?? .closed }
    var serviceLabel: String { SupportService(rawValue: service)?.label ?? service }

    var auditSnapshot: [String: String?] {
        [
            "case_id": $caseRecord.id.uuidString, "party_id": $party.id?.uuidString, "service": service,
            "organisation_name": organisationName, "asked": asked, "sent_on": sentOn, "reply_due_on": replyDueOn,
            "status": status, "outcome": outcome,
        ]
    }
}

final class ReferralUpdate: Model, @unchecked Sendable {
    static let schema = "referral_updates"

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseRecord: CaseRecord
    @Parent(key: "referral_id") var referral: Referral
    @Field(key: "status") var status: String
    @OptionalField(key: "note") var note: String?
    @Field(key: "recorded_at") var recordedAt: Date
    @Parent(key: "recorded_by_id") var recordedBy: User

    init() {}
}

/// The officer's decision on the next step with the respondent, beside what
/// Tandem suggested.
final class RespondentDecision: Model, @unchecked Sendable {
    static let schema = "respondent_decisions"

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseRecord: CaseRecord
    @OptionalParent(key: "party_id") var party: CaseParty?
    /// The suggested steps, comma separated.
    @Field(key: "suggested") var suggested: String
    @Field(key: "decided") var decided: String
    @Field(key: "reason") var reason: String
    @Field(key: "decided_at") var decidedAt: Date
    @Parent(key: "decided_by_id") var decidedBy: User

    init() {}

    var auditSnapshot: [String: String?] {
        [
            "case_id": $caseRecord.id.uuidString, "party_id": $party.id?.uuidString, "suggested": suggested,
            "decided": decided, "reason": reason,
        ]
    }
}

final class LetterTemplate: Model, @unchecked Sendable {
    static let schema = "letter_templates"

    @ID(key: .id) var id: UUID?
    @Field(key: "key") var key: String
    @Field(key: "audience") var audience: String
    @Field(key: "title") var title: String
    @Field(key: "body") var body: String
    @Field(key: "updated_at") var updatedAt: Date
    @OptionalParent(key: "updated_by_id") var updatedBy: User?

    init() {}

    init(key: String, audience: LetterAudience, title: String, body: String, at now: Date) {
        self.key = key
        self.audience = audience.rawValue
        self.title = title
        self.body = body
        self.updatedAt = now
    }

    var letterAudience: LetterAudience { LetterAudience(rawValue: audience) ?? .respondent }

    var auditSnapshot: [String: String?] { ["key": key, "audience": audience, "title": title, "body": body] }
}

/// A letter as sent: its text is frozen when it is recorded.
final class Letter: Model, @unchecked Sendable {
    static let schema = "letters"

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseRecord: CaseRecord
    @Field(key: "template_key") var templateKey: String
    @Field(key: "audience") var audience: String
    @OptionalParent(key: "party_id") var party: CaseParty?
    @Field(key: "recipient_name") var recipientName: String
    @Field(key: "title") var title: String
    @Field(key: "body") var body: String
    @Field(key: "method") var method: String
    @Field(key: "sent_on") var sentOn: String
    @Field(key: "recorded_at") var recordedAt: Date
    @Parent(key: "recorded_by_id") var recordedBy: User
    /// A respondent letter: when and by whom the officer confirmed it does not
    /// identify the reporting person or a witness (M017; nil before then).
    @OptionalField(key: "identity_confirmed_at") var identityConfirmedAt: Date?
    @OptionalParent(key: "identity_confirmed_by_id") var identityConfirmedBy: User?

    init() {}

    var auditSnapshot: [String: String?] {
        [
            "case_id": $caseRecord.id.uuidString, "template_key": templateKey, "audience": audience,
            "party_id": $party.id?.uuidString, "recipient_name": recipientName, "title": title, "body": body,
            "method": method, "sent_on": sentOn,
            "identity_confirmed_at": identityConfirmedAt.map { ISO8601DateFormatter().string(from: $0) },
            "identity_confirmed_by_id": $identityConfirmedBy.id?.uuidString,
        ]
    }
}

/// A reporting person's private link. Only hashes of the token, the code and
/// the resident's session are kept.
final class ResidentLink: Model, @unchecked Sendable {
    static let schema = "resident_links"

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

    init() {}

    func state(at now: Date) -> ResidentAccessRules.State {
        ResidentAccessRules.state(expiresAt: expiresAt, revokedAt: revokedAt, failedAttempts: failedAttempts, now: now)
    }

    /// What the audit trail keeps: never the token, code or session.
    var auditSnapshot: [String: String?] {
        [
            "case_id": $caseRecord.id.uuidString, "party_id": $party.id.uuidString,
            "expires_at": AuditContent.timestamp(expiresAt), "revoked_at": revokedAt.map(AuditContent.timestamp),
            "failed_attempts": String(failedAttempts),
        ]
    }
}

/// A message waiting to be sent to someone outside Tandem (no gateway yet).
final class OutboxMessage: Model, @unchecked Sendable {
    static let schema = "outbox_messages"

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseRecord: CaseRecord
    @OptionalParent(key: "party_id") var party: CaseParty?
    @Field(key: "channel") var channel: String
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
