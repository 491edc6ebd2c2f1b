import Foundation

/// What has happened to an application so far: the moment each step was recorded.
public struct CaseReviewProgress: Sendable, Equatable {
    public var receivedAt: Date
    public var contactedAt: Date?
    public var decision: ThresholdDecision?
    public var decidedAt: Date?
    public var decisionLetterAt: Date?
    /// The CT-MARAC meeting it is listed for, when one is chosen.
    public var meetingOn: CivilDate?
    public var reviewedAt: Date?
    public var outcomeSentAt: Date?
    public var actionsDoneAt: Date?
    public var resolutionDraftedAt: Date?
    public var resolutionSignedAt: Date?
    public var resolutionSentAt: Date?
    public var response: ApplicantResponse?
    public var respondedAt: Date?
    public var appealDecidedAt: Date?
    public var escalatedAt: Date?
    public var escalationOutcomeAt: Date?
    /// Withdrawn by the applicant.
    public var withdrawnAt: Date?

    public init(receivedAt: Date) { self.receivedAt = receivedAt }

    func completed(_ step: CaseReviewStep) -> Date? {
        switch step {
        case .contact: contactedAt
        case .thresholdDecision: decidedAt
        case .thresholdLetter: decisionLetterAt
        case .review: reviewedAt
        case .outcomeLetter: outcomeSentAt
        case .actions: actionsDoneAt
        case .resolutionLetter: resolutionSentAt
        case .applicantResponse: respondedAt
        case .appeal: appealDecidedAt
        case .escalation: escalationOutcomeAt
        }
    }
}

/// Where an application stands overall.
public enum CaseReviewState: String, Sendable, Equatable {
    case open
    /// The threshold was not met and the applicant has been told.
    case thresholdNotMet = "threshold_not_met"
    /// The applicant is satisfied, or the appeal (and any external review) is over.
    case concluded
    case withdrawn

    public var label: String {
        switch self {
        case .open: "Open"
        case .thresholdNotMet: "Closed: threshold not met"
        case .concluded: "Concluded"
        case .withdrawn: "Withdrawn"
        }
    }
}

/// The next step and its deadline.
public struct CaseReviewDue: Sendable, Equatable {
    public var step: CaseReviewStep
    /// Nil when the step waits on someone else with no working-day limit (the monthly meeting, the applicant's
    /// answer, the external reviewer).
    public var dueAt: Date?

    public func isOverdue(at now: Date) -> Bool { dueAt.map { now > $0 } ?? false }
}

/// The stages in order, with their working-day deadlines (Lambeth 3.6.2), and the refusal of a step recorded before
/// the one it follows.
public enum CaseReviewStages {
    public static func state(_ progress: CaseReviewProgress) -> CaseReviewState {
        if progress.withdrawnAt != nil { return .withdrawn }
        if progress.decision == .notMet && progress.decisionLetterAt != nil { return .thresholdNotMet }
        if progress.response == .satisfied { return .concluded }
        if progress.appealDecidedAt != nil && (progress.escalatedAt == nil || progress.escalationOutcomeAt != nil) {
            // The escalation is optional: an appeal decided and not escalated is concluded unless escalated later.
            return .concluded
        }
        return .open
    }

    /// The step to do next, or nil when nothing is waiting.
    public static func next(_ progress: CaseReviewProgress) -> CaseReviewStep? {
        if progress.withdrawnAt != nil { return nil }
        if progress.contactedAt == nil { return .contact }
        if progress.decidedAt == nil { return .thresholdDecision }
        if progress.decisionLetterAt == nil { return .thresholdLetter }
        if progress.decision == .notMet { return nil }
        if progress.reviewedAt == nil { return .review }
        if progress.outcomeSentAt == nil { return .outcomeLetter }
        if progress.actionsDoneAt == nil { return .actions }
        if progress.resolutionSentAt == nil { return .resolutionLetter }
        if progress.respondedAt == nil { return .applicantResponse }
        if progress.response == .satisfied { return nil }
        if progress.appealDecidedAt == nil { return .appeal }
        if progress.escalatedAt != nil && progress.escalationOutcomeAt == nil { return .escalation }
        return nil
    }

    /// When a step is due: working days after the step it follows (`calendar` knows the bank holidays and office
    /// closures; something received out of hours starts the count at the next opening).
    public static func dueAt(
        _ step: CaseReviewStep, _ progress: CaseReviewProgress, timescales: CaseReviewTimescales,
        calendar: WorkingCalendar
    ) -> Date? {
        func after(_ start: Date?, _ days: Int) -> Date? {
            start.map { calendar.adding(workingDays: days, to: $0) }
        }
        switch step {
        case .contact: return after(progress.receivedAt, timescales.contactDays)
        case .thresholdDecision, .thresholdLetter: return after(progress.contactedAt, timescales.decisionDays)
        case .review:
            // Held at the monthly CT-MARAC: due on the day of the meeting it is listed for, at the close of the day.
            return progress.meetingOn.map {
                calendar.instant($0, minute: calendar.officeHours.closesAtMinute)
            }
        case .outcomeLetter: return after(progress.reviewedAt, timescales.outcomeDays)
        case .actions: return after(progress.reviewedAt, timescales.actionDays)
        case .resolutionLetter: return after(progress.actionsDoneAt, timescales.resolutionDays)
        case .applicantResponse, .escalation: return nil
        case .appeal: return after(progress.response == .appeal ? progress.respondedAt : nil, timescales.appealDays)
        }
    }

    public static func due(
        _ progress: CaseReviewProgress, timescales: CaseReviewTimescales, calendar: WorkingCalendar
    ) -> CaseReviewDue? {
        next(progress).map {
            CaseReviewDue(step: $0, dueAt: dueAt($0, progress, timescales: timescales, calendar: calendar))
        }
    }

    /// Why a step cannot be recorded now, or nil when it can. A step comes after the one before it, once; after a
    /// "not met" decision only the letter saying so; nothing after the application is withdrawn or concluded.
    public static func problem(recording step: CaseReviewStep, _ progress: CaseReviewProgress) -> String? {
        if progress.withdrawnAt != nil { return "The application has been withdrawn" }
        if progress.completed(step) != nil && step != .escalation {
            return "This step has already been recorded"
        }
        switch step {
        case .contact:
            return nil
        case .thresholdDecision:
            return progress.contactedAt == nil ? "Record contacting the applicant before the threshold decision" : nil
        case .thresholdLetter:
            return progress.decidedAt == nil ? "Decide the threshold before the letter saying it" : nil
        case .review:
            if progress.decision != .met { return "Only an application that meets the threshold is reviewed" }
            return progress.decisionLetterAt == nil ? "Tell the applicant the threshold decision first" : nil
        case .outcomeLetter, .actions:
            return progress.reviewedAt == nil ? "Record the review at the CT-MARAC first" : nil
        case .resolutionLetter:
            if progress.actionsDoneAt == nil { return "Record the lead officer acting on the decisions first" }
            if progress.outcomeSentAt == nil { return "Tell the applicant the outcome of the review first" }
            return progress.resolutionSignedAt == nil
                ? "The chair signs off the resolution letter before it is sent" : nil
        case .applicantResponse:
            return progress.resolutionSentAt == nil ? "Send the resolution letter first" : nil
        case .appeal:
            return progress.response == .appeal ? nil : "The applicant has not asked for an appeal"
        case .escalation:
            if progress.appealDecidedAt == nil { return "The appeal is decided before any external review" }
            return progress.escalationOutcomeAt != nil ? "The external review's outcome has already been recorded" : nil
        }
    }

    /// Why the resolution letter cannot be signed off: it must be drafted first, and signed once.
    public static func signOffProblem(_ progress: CaseReviewProgress) -> String? {
        if progress.resolutionDraftedAt == nil { return "Draft the resolution letter before it is signed off" }
        if progress.resolutionSignedAt != nil { return "The resolution letter has already been signed off" }
        return nil
    }
}

/// Who may hear an appeal (Lambeth 3.6.2 stage 7): "A senior officer of one of the relevant bodies, who is not
/// involved in any work on the case or decisions of the CT-MARAC".
public enum AppealOfficerRule {
    public static func problem(
        candidate: Actor, relevantBodyIDs: Set<UUID>, workedOnCase: Set<UUID>, satOnReview: Set<UUID>
    ) -> String? {
        if !relevantBodyIDs.contains(candidate.organisationID) {
            return "The appeal officer must work for one of the relevant bodies"
        }
        if candidate.roles.isDisjoint(with: AccessPolicy.managerRoles) {
            return "The appeal is heard by a senior officer or manager"
        }
        if workedOnCase.contains(candidate.userID) {
            return "This officer has worked on the case: choose someone who has not"
        }
        if satOnReview.contains(candidate.userID) {
            return "This officer sat on or ran the review: choose someone who did not"
        }
        return nil
    }
}

/// The facts about an application that decide who may see and work it.
public struct CaseReviewFacts: Sendable, Equatable {
    /// The single point of contact's organisation, which keeps the register (the council in Lambeth).
    public var spocOrganisationID: UUID
    /// The relevant bodies the application is passed to (Lambeth: the council, the police, health and the
    /// co-opted housing associations).
    public var relevantBodyIDs: Set<UUID>
    /// The chair of the CT-MARAC that reviews it, who signs off the resolution letter.
    public var chairID: UUID?
    /// The appeal review officer, once nominated.
    public var appealOfficerID: UUID?

    public init(
        spocOrganisationID: UUID, relevantBodyIDs: Set<UUID>, chairID: UUID? = nil, appealOfficerID: UUID? = nil
    ) {
        self.spocOrganisationID = spocOrganisationID
        self.relevantBodyIDs = relevantBodyIDs
        self.chairID = chairID
        self.appealOfficerID = appealOfficerID
    }

    /// Staff of the single point of contact's organisation or of a relevant body (casework or partner roles), and
    /// the chair and appeal officer named on it. Administrators and auditors do not read casework.
    public func isInvolved(_ actor: Actor) -> Bool {
        if actor.userID == chairID || actor.userID == appealOfficerID { return true }
        guard actor.hasCaseworkRole || actor.has(.partnerPractitioner) else { return false }
        return actor.organisationID == spocOrganisationID || relevantBodyIDs.contains(actor.organisationID)
    }
}
