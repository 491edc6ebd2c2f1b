import Fluent
import Foundation
import TandemCore

/// The local ASB Case Review arrangements of the single point of contact's organisation (issue 22, item 1; M028).
final class CaseReviewArrangementsRecord: Model, Audited, @unchecked Sendable {
    static let schema = "case_review_arrangements"
    static let recordType = RecordType.caseReviewArrangements

    @ID(key: .id) var id: UUID?
    /// The organisation that keeps the register and whose single point of contact passes each application on.
    @Parent(key: "organisation_id") var organisation: Organisation
    /// The named single point of contact the procedure publishes.
    @OptionalParent(key: "contact_id") var contact: User?
    /// The CT-MARAC (a panel of that kind) that reviews the cases; its chair signs off the resolution letter.
    @OptionalParent(key: "panel_id") var panel: Panel?
    @Field(key: "threshold") var threshold: Int
    @Field(key: "period_months") var periodMonths: Int
    @Field(key: "complaint_within_months") var complaintWithinMonths: Int
    @Field(key: "application_within_months") var applicationWithinMonths: Int
    @OptionalField(key: "local_test") var localTest: String?
    @Field(key: "requires_closed_case") var requiresClosedCase: Bool
    @Field(key: "contact_days") var contactDays: Int
    @Field(key: "decision_days") var decisionDays: Int
    @Field(key: "outcome_days") var outcomeDays: Int
    @Field(key: "action_days") var actionDays: Int
    @Field(key: "resolution_days") var resolutionDays: Int
    @Field(key: "appeal_days") var appealDays: Int
    /// Who hears an appeal, in the procedure's words.
    @Field(key: "appeal_route") var appealRoute: String
    /// Where an applicant goes after the appeal: the police and crime commissioner (in London, MOPAC).
    @Field(key: "escalation") var escalation: String
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var rules: CaseReviewArrangements {
        get {
            CaseReviewArrangements(
                threshold: threshold, periodMonths: periodMonths, complaintWithinMonths: complaintWithinMonths,
                applicationWithinMonths: applicationWithinMonths, localTest: localTest,
                requiresClosedCase: requiresClosedCase,
                timescales: CaseReviewTimescales(
                    contactDays: contactDays, decisionDays: decisionDays, outcomeDays: outcomeDays,
                    actionDays: actionDays, resolutionDays: resolutionDays, appealDays: appealDays))
        }
        set {
            threshold = newValue.threshold
            periodMonths = newValue.periodMonths
            complaintWithinMonths = newValue.complaintWithinMonths
            applicationWithinMonths = newValue.applicationWithinMonths
            localTest = newValue.localTest
            requiresClosedCase = newValue.requiresClosedCase
            contactDays = newValue.timescales.contactDays
            decisionDays = newValue.timescales.decisionDays
            outcomeDays = newValue.timescales.outcomeDays
            actionDays = newValue.timescales.actionDays
            resolutionDays = newValue.timescales.resolutionDays
            appealDays = newValue.timescales.appealDays
        }
    }
}

/// A relevant body (Anti-social Behaviour, Crime and Policing Act 2014 s.105) and its designated officer.
final class CaseReviewBody: Model, Audited, @unchecked Sendable {
    static let schema = "case_review_bodies"
    static let recordType = RecordType.caseReviewBody

    @ID(key: .id) var id: UUID?
    @Parent(key: "arrangements_id") var arrangements: CaseReviewArrangementsRecord
    @Parent(key: "organisation_id") var organisation: Organisation
    @OptionalParent(key: "designated_officer_id") var designatedOfficer: User?

    init() {}
}

/// One application for an ASB Case Review, from receipt to appeal (issue 22).
final class CaseReview: Model, Audited, @unchecked Sendable {
    static let schema = "case_reviews"
    static let recordType = RecordType.caseReview

    @ID(key: .id) var id: UUID?
    @Field(key: "reference") var reference: String
    /// The single point of contact's organisation, which keeps the register.
    @Parent(key: "organisation_id") var organisation: Organisation
    @Field(key: "channel") var channel: CaseReviewChannel
    @Field(key: "applicant_kind") var applicantKind: CaseReviewApplicantKind
    @Field(key: "applicant_name") var applicantName: String
    @OptionalField(key: "applicant_phone") var applicantPhone: String?
    @OptionalField(key: "applicant_email") var applicantEmail: String?
    @OptionalField(key: "applicant_address") var applicantAddress: String?
    /// The victim, when someone applies on their behalf.
    @OptionalField(key: "victim_name") var victimName: String?
    @Field(key: "consent") var consent: Bool
    @Field(key: "description") var description: String
    @Field(key: "involvement") var involvement: CaseReviewInvolvement
    /// Anything the applicant needs to take part: an interpreter, a quiet room, large print.
    @OptionalField(key: "needs") var needs: String?
    @Field(key: "received_at") var receivedAt: Date
    @OptionalParent(key: "recorded_by_id") var recordedBy: User?
    /// The applicant's private page: only the hash of its token is kept.
    @Field(key: "token_hash") var tokenHash: String
    @OptionalField(key: "submitter_key") var submitterKey: String?
    /// The case in Tandem the application is about, found or linked by the single point of contact.
    @OptionalParent(key: "case_id") var caseRecord: CaseRecord?
    @OptionalField(key: "contacted_at") var contactedAt: Date?
    /// The applicant was offered the chance to attend the review (ASB Help: 44% of areas offer none).
    @Field(key: "attendance_offered") var attendanceOffered: Bool
    @OptionalField(key: "decision") var decision: ThresholdDecision?
    @OptionalField(key: "decision_reason") var decisionReason: String?
    @OptionalField(key: "decided_at") var decidedAt: Date?
    @OptionalParent(key: "decided_by_id") var decidedBy: User?
    @OptionalField(key: "decided_on_time") var decidedOnTime: Bool?
    /// Invited to a vulnerability assessment whatever the decision (Lambeth 3.6.2 stage 2).
    @Field(key: "assessment_offered") var assessmentOffered: Bool
    /// `CaseReviewRoute` raw values, comma-separated, as the decision found them.
    @Field(key: "routes") var routes: String
    @OptionalField(key: "decision_letter_at") var decisionLetterAt: Date?
    /// The CT-MARAC meeting the review is listed for.
    @OptionalParent(key: "meeting_id") var meeting: PanelMeeting?
    @OptionalField(key: "reviewed_at") var reviewedAt: Date?
    @OptionalParent(key: "lead_organisation_id") var leadOrganisation: Organisation?
    @OptionalParent(key: "lead_officer_id") var leadOfficer: User?
    @OptionalField(key: "recommendations") var recommendations: String?
    @OptionalField(key: "action_plan") var actionPlan: String?
    @Field(key: "victim_attended") var victimAttended: Bool
    @OptionalField(key: "outcome_sent_at") var outcomeSentAt: Date?
    @OptionalField(key: "actions_note") var actionsNote: String?
    @OptionalField(key: "actions_done_at") var actionsDoneAt: Date?
    @OptionalField(key: "resolution_text") var resolutionText: String?
    @OptionalField(key: "resolution_drafted_at") var resolutionDraftedAt: Date?
    @OptionalField(key: "resolution_signed_at") var resolutionSignedAt: Date?
    @OptionalParent(key: "resolution_signed_by_id") var resolutionSignedBy: User?
    @OptionalField(key: "resolution_sent_at") var resolutionSentAt: Date?
    /// A meeting to talk the resolution through was offered (Lambeth 3.6.2 stage 6).
    @Field(key: "meeting_offered") var meetingOffered: Bool
    @OptionalField(key: "response") var response: ApplicantResponse?
    @OptionalField(key: "response_note") var responseNote: String?
    @OptionalField(key: "responded_at") var respondedAt: Date?
    @OptionalParent(key: "appeal_officer_id") var appealOfficer: User?
    @OptionalField(key: "appeal_outcome") var appealOutcome: AppealOutcome?
    @OptionalField(key: "appeal_reason") var appealReason: String?
    @Field(key: "appeal_met_applicant") var appealMetApplicant: Bool
    @OptionalField(key: "appeal_decided_at") var appealDecidedAt: Date?
    @OptionalField(key: "escalated_at") var escalatedAt: Date?
    @OptionalField(key: "escalation_reference") var escalationReference: String?
    @OptionalField(key: "escalation_outcome") var escalationOutcome: String?
    @OptionalField(key: "escalation_outcome_at") var escalationOutcomeAt: Date?
    @OptionalField(key: "withdrawn_at") var withdrawnAt: Date?
    @OptionalField(key: "withdrawn_reason") var withdrawnReason: String?

    static let auditExemptions: [String: String] = [
        "token_hash": "the hash of the applicant's private link: a secret, never written to the trail",
        "submitter_key": "a keyed hash of the public submitter's address, for throttling only",
    ]

    init() {}

    var progress: CaseReviewProgress {
        var progress = CaseReviewProgress(receivedAt: receivedAt)
        progress.contactedAt = contactedAt
        progress.decision = decision
        progress.decidedAt = decidedAt
        progress.decisionLetterAt = decisionLetterAt
        progress.reviewedAt = reviewedAt
        progress.outcomeSentAt = outcomeSentAt
        progress.actionsDoneAt = actionsDoneAt
        progress.resolutionDraftedAt = resolutionDraftedAt
        progress.resolutionSignedAt = resolutionSignedAt
        progress.resolutionSentAt = resolutionSentAt
        progress.response = response
        progress.respondedAt = respondedAt
        progress.appealDecidedAt = appealDecidedAt
        progress.escalatedAt = escalatedAt
        progress.escalationOutcomeAt = escalationOutcomeAt
        progress.withdrawnAt = withdrawnAt
        return progress
    }

    var routeList: [CaseReviewRoute] {
        routes.split(separator: ",").compactMap { CaseReviewRoute(rawValue: String($0)) }
    }
}

/// A complaint as the applicant stated it on the application.
final class CaseReviewComplaint: Model, Audited, @unchecked Sendable {
    static let schema = "case_review_complaints"
    static let recordType = RecordType.caseReviewComplaint

    @ID(key: .id) var id: UUID?
    @Parent(key: "review_id") var review: CaseReview
    @Field(key: "reported_on") var reportedOn: CivilDate
    @Field(key: "made_to") var madeTo: String
    @OptionalField(key: "reference") var reference: String?
    @Field(key: "position") var position: Int

    init() {}
}

/// The information the review asks of a relevant body (Schedule 4 paragraph 7), and the body's reply.
final class CaseReviewRequest: Model, Audited, @unchecked Sendable {
    static let schema = "case_review_requests"
    static let recordType = RecordType.caseReviewRequest

    @ID(key: .id) var id: UUID?
    @Parent(key: "review_id") var review: CaseReview
    @Parent(key: "organisation_id") var organisation: Organisation
    @Field(key: "requested_at") var requestedAt: Date
    @OptionalField(key: "reply") var reply: String?
    @OptionalField(key: "replied_at") var repliedAt: Date?
    @OptionalParent(key: "replied_by_id") var repliedBy: User?

    init() {}
}

/// An update or letter to the applicant: what, how and when (2025 guidance: the single point of contact keeps the
/// victim updated).
final class CaseReviewUpdate: Model, Audited, @unchecked Sendable {
    static let schema = "case_review_updates"
    static let recordType = RecordType.caseReviewUpdate

    enum Kind: String, Codable, Sendable {
        case acknowledgement, contact, invitation, update
        case thresholdLetter = "threshold_letter"
        case outcomeLetter = "outcome_letter"
        case resolutionLetter = "resolution_letter"
        case appealDecision = "appeal_decision"

        var label: String {
            switch self {
            case .acknowledgement: "Acknowledgement"
            case .contact: "First contact"
            case .invitation: "Invitation to the review meeting"
            case .update: "Update"
            case .thresholdLetter: "Threshold decision letter"
            case .outcomeLetter: "Outcome of the review"
            case .resolutionLetter: "Resolution letter"
            case .appealDecision: "Appeal decision"
            }
        }
    }

    /// How it went. Email goes through the outbox; the others are recorded by the person who sent them.
    enum Method: String, Codable, Sendable, CaseIterable {
        case email, post, phone
        case inPerson = "in_person"
        /// Shown on the applicant's private page only: an online application with no email address.
        case privatePage = "private_page"

        var label: String {
            switch self {
            case .email: "Email"
            case .post: "Post"
            case .phone: "Phone"
            case .inPerson: "In person"
            case .privatePage: "Shown on the private page"
            }
        }

        /// The ways staff send something.
        static let sending: [Method] = [.email, .post, .phone, .inPerson]
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "review_id") var review: CaseReview
    @Field(key: "kind") var kind: Kind
    @Field(key: "method") var method: Method
    @Field(key: "summary") var summary: String
    /// The letter's text, when it is a letter.
    @OptionalField(key: "body") var body: String?
    @OptionalParent(key: "email_id") var email: EmailMessage?
    @Field(key: "sent_at") var sentAt: Date
    @OptionalParent(key: "sent_by_id") var sentBy: User?

    init() {}
}
