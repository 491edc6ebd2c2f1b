import Foundation

/// Where Tandem finds what the case already shows for a question, so the
/// review starts from the record rather than from memory.
public enum ReviewPrefill: String, Sendable {
    case mentalHealthAndVulnerability = "vulnerability"
    case supportOffered = "support"
    case referrals
    case interventions
    case careAssessments = "assessments"
    case risk
    case none
}

/// The Equality Act and care and support questions asked before action is
/// taken against a respondent (Lambeth 3.3.2, "Respondent"), plus the
/// capacity question boroughs ask before enforcement (000 section 7, Camden).
public enum ReviewQuestion: String, CaseIterable, Sendable {
    case disability
    case relatedToDisability = "related"
    case helpGiven = "help_given"
    case servicesContacted = "services"
    case alternatives
    case adultCareNeeds = "adult_care"
    case childCareNeeds = "child_care"
    case capacity
    case allEffortsFailed = "efforts_failed"
    case riskToNeighbours = "risk_to_others"
    case justified
    case representations
    case rationalConnection = "rational_connection"
    case noMoreThanNecessary = "necessary"
    case equalityDuty = "equality_duty"

    public var text: String {
        switch self {
        case .disability:
            "Does the respondent or a family member have a disability that may be a protected characteristic under the Equality Act 2010?"
        case .relatedToDisability: "Is the anti-social behaviour related to that disability?"
        case .helpGiven: "What efforts have been made to help the person, and did they engage?"
        case .servicesContacted: "Which other services have been contacted to intervene and assist?"
        case .alternatives: "What alternatives to this action were considered, and why are they not suitable?"
        case .adultCareNeeds:
            "Does the adult have needs for care and support? Have they been assessed, and what services are provided?"
        case .childCareNeeds:
            "If the respondent is a child: do they have care and support needs, have they been assessed, and what is provided?"
        case .capacity: "Does the person have the capacity to understand an order of the court?"
        case .allEffortsFailed: "Have all efforts failed to resolve the problem? Could anything more be done?"
        case .riskToNeighbours: "Is the behaviour putting the health and safety of neighbours or others at risk?"
        case .justified: "Can we justify this action? If possession is sought, is eviction proportionate?"
        case .representations:
            "On a mandatory ground for possession: has the tenant had the opportunity to make representations, and were they considered?"
        case .rationalConnection:
            "Is the measure rationally connected to preventing further ASB: does the case meet the criteria for this measure?"
        case .noMoreThanNecessary:
            "Is the measure no more than necessary, given the ASB and the measures already used?"
        case .equalityDuty:
            "Has regard been given to equalities and human rights law, including the Public Sector Equality Duty (s.149 Equality Act 2010)?"
        }
    }

    public var prefill: ReviewPrefill {
        switch self {
        case .disability, .relatedToDisability: .mentalHealthAndVulnerability
        case .helpGiven: .supportOffered
        case .servicesContacted: .referrals
        case .alternatives: .interventions
        case .adultCareNeeds, .childCareNeeds, .capacity: .careAssessments
        case .riskToNeighbours: .risk
        case .allEffortsFailed, .justified, .representations, .rationalConnection, .noMoreThanNecessary,
            .equalityDuty:
            .none
        }
    }

    /// Questions that may be answered "not applicable" with a reason, rather than left empty.
    public var mayNotApply: Bool { self == .childCareNeeds || self == .representations }
}

/// The internal pre-court case review (002, "During the case"), confirmed
/// item by item before the review goes for sign-off.
public enum ChecklistItem: String, CaseIterable, Sendable {
    case actionsRecorded = "actions_recorded"
    case needsAssessed = "needs_assessed"
    case onlyOption = "only_option"
    case evidenceReady = "evidence_ready"
    case victimSupported = "victim_supported"

    public var text: String {
        switch self {
        case .actionsRecorded: "Every action taken on the case has been recorded"
        case .needsAssessed: "The respondent's needs have been thoroughly assessed and acted upon"
        case .onlyOption: "Of all the available tools and powers, this is the only option"
        case .evidenceReady: "There is evidence to prove the allegations, best from direct witnesses"
        case .victimSupported: "The reporting person will be supported and kept updated through the process"
        }
    }
}

/// Where a review stands.
public enum ReviewStatus: String, CaseIterable, Codable, Sendable {
    case awaitingSignOff = "awaiting_sign_off"
    case signedOff = "signed_off"
    case returned

    public var label: String {
        switch self {
        case .awaitingSignOff: "Waiting for sign-off"
        case .signedOff: "Signed off"
        case .returned: "Sent back"
        }
    }
}

/// The review as the gate on legal action sees it.
public enum ReviewGateState: String, Sendable, Equatable {
    case none
    case awaitingSignOff = "awaiting_sign_off"
    case returned
    case current
    /// Signed off, but the vulnerability record changed afterwards.
    case stale

    public var label: String {
        switch self {
        case .none: "No review"
        case .awaitingSignOff: "Waiting for sign-off"
        case .returned: "Sent back"
        case .current: "Signed off and current"
        case .stale: "Needs another look: the vulnerability record changed after sign-off"
        }
    }
}

public enum ReviewRules {
    /// The problems with a review submitted for sign-off: every question
    /// answered (up to 4,000 characters) and every checklist item confirmed.
    public static func submissionProblems(answers: [ReviewQuestion: String], confirmed: Set<ChecklistItem>)
        -> [CaseworkProblem]
    {
        var problems: [CaseworkProblem] = []
        for question in ReviewQuestion.allCases {
            let answer = answers[question] ?? ""
            if answer.isEmpty {
                let hint = question.mayNotApply ? " (or say why it does not apply)" : ""
                problems.append(CaseworkProblem("q_\(question.rawValue)", "Answer this question\(hint)"))
            } else if answer.count > 4000 {
                problems.append(CaseworkProblem("q_\(question.rawValue)", "Keep the answer to 4,000 characters"))
            }
        }
        for item in ChecklistItem.allCases where !confirmed.contains(item) {
            problems.append(CaseworkProblem("c_\(item.rawValue)", "Confirm this before the review goes for sign-off"))
        }
        return problems
    }

    /// Why this person may not decide the review, or nil when they may. The
    /// decision is a senior officer's (Lambeth 3.3.2 and 3.3.6) and is a second
    /// pair of eyes: never the case officer's, nor the author's.
    public static func signOffProblem(
        deciderID: UUID, deciderIsSenior: Bool, caseOfficerID: UUID?, preparedByID: UUID, status: ReviewStatus
    ) -> String? {
        guard status == .awaitingSignOff else { return "This review has already been decided" }
        if deciderID == caseOfficerID { return "The case officer cannot sign off their own case's review" }
        if deciderID == preparedByID { return "The officer who completed the review cannot sign it off" }
        guard deciderIsSenior else { return "Only a senior officer or team manager can sign off the review" }
        return nil
    }

    /// A review sent back needs the reasons, so the officer knows what to do.
    public static func returnProblem(reason: String) -> CaseworkProblem? {
        if reason.isEmpty { return CaseworkProblem("reason", "Give the reasons for sending the review back") }
        if reason.count > 4000 { return CaseworkProblem("reason", "Keep the reasons to 4,000 characters") }
        return nil
    }

    /// The gate: a signed-off review is current until the case's vulnerability
    /// record (assessments, mental health, safeguarding) changes after the sign-off.
    public static func gate(status: ReviewStatus?, signedOffAt: Date?, lastVulnerabilityChange: Date?)
        -> ReviewGateState
    {
        switch status {
        case nil: return .none
        case .awaitingSignOff: return .awaitingSignOff
        case .returned: return .returned
        case .signedOff:
            guard let signedOffAt else { return .stale }
            if let changed = lastVulnerabilityChange, changed > signedOffAt { return .stale }
            return .current
        }
    }
}
