import Foundation

/// How an application for an ASB Case Review reached the single point of contact. The 2025 statutory guidance asks
/// for several ways to apply, not in writing only (Lambeth 3.6.1: online form, Public Protection by phone, Lambeth
/// Housing by phone); ASB Help found 62 areas offering only two.
public enum CaseReviewChannel: String, CaseIterable, Codable, Sendable {
    case online
    case phone
    case inPerson = "in_person"
    case letter
    case email
    case advocate

    public var label: String {
        switch self {
        case .online: "Online form"
        case .phone: "Phone"
        case .inPerson: "In person"
        case .letter: "Letter"
        case .email: "Email"
        case .advocate: "Through an advocate or representative"
        }
    }

    /// The channels staff record for an applicant; the online form records itself.
    public static let staffRecorded: [CaseReviewChannel] = [.phone, .inPerson, .letter, .email, .advocate]
}

/// Who applies: a victim may be a person, a business or a community group, and someone may apply on a victim's
/// behalf with their consent (Anti-social Behaviour, Crime and Policing Act 2014 s.104(13)).
public enum CaseReviewApplicantKind: String, CaseIterable, Codable, Sendable {
    case person
    case business
    case communityGroup = "community_group"
    case onBehalf = "on_behalf"

    public var label: String {
        switch self {
        case .person: "A person affected by the behaviour"
        case .business: "A business"
        case .communityGroup: "A community group"
        case .onBehalf: "Someone applying on a victim's behalf, with their consent"
        }
    }
}

/// How the victim chooses to take part (2025 statutory guidance: victims choose their involvement and are invited to
/// meetings). ASB Help found 44% of areas give victims no chance to attend.
public enum CaseReviewInvolvement: String, CaseIterable, Codable, Sendable {
    case attend
    case writtenAccount = "written_account"
    case advocate
    case updatesOnly = "updates_only"

    public var label: String {
        switch self {
        case .attend: "Attend the review meeting"
        case .writtenAccount: "Send a written account for the meeting"
        case .advocate: "Be represented by an advocate or someone they trust"
        case .updatesOnly: "Be kept updated only"
        }
    }
}

/// The single point of contact's decision on the threshold.
public enum ThresholdDecision: String, CaseIterable, Codable, Sendable {
    case met
    case notMet = "not_met"

    public var label: String {
        switch self {
        case .met: "Threshold met: a case review will be held"
        case .notMet: "Threshold not met"
        }
    }
}

/// What the applicant said of the resolution letter.
public enum ApplicantResponse: String, CaseIterable, Codable, Sendable {
    case satisfied
    case appeal

    public var label: String {
        switch self {
        case .satisfied: "Satisfied with the resolution letter"
        case .appeal: "Not satisfied: asks for an appeal"
        }
    }
}

/// The appeal review officer's decision (Lambeth 3.6.2 stage 7).
public enum AppealOutcome: String, CaseIterable, Codable, Sendable {
    case upheld
    case partlyUpheld = "partly_upheld"
    case notUpheld = "not_upheld"

    public var label: String {
        switch self {
        case .upheld: "Appeal upheld: the review's response is changed"
        case .partlyUpheld: "Appeal partly upheld"
        case .notUpheld: "Appeal not upheld: the response stands"
        }
    }
}

/// The steps of a Case Review in order (Lambeth 3.6.2 stages 1 to 7). Each is recorded once, after the one before.
public enum CaseReviewStep: String, CaseIterable, Codable, Sendable, Comparable {
    /// Stage 1, gateway: the applicant contacted to explain the process; designated officers told.
    case contact
    /// Stage 2: whether the application meets the threshold, with reasons.
    case thresholdDecision = "threshold_decision"
    /// Stage 2: the applicant told the decision in a letter.
    case thresholdLetter = "threshold_letter"
    /// Stage 3: the review at a CT-MARAC meeting.
    case review
    /// Stage 3: the applicant told the outcome.
    case outcomeLetter = "outcome_letter"
    /// Stage 4: the lead officer carries out the board's decisions.
    case actions
    /// Stages 5 and 6: the resolution letter signed off by the chair, sent, and a meeting offered.
    case resolutionLetter = "resolution_letter"
    /// The applicant's answer: satisfied, or an appeal.
    case applicantResponse = "applicant_response"
    /// Stage 7: heard by a senior officer not involved in the case.
    case appeal
    /// After the appeal: the applicant may go to the police and crime commissioner (in London, MOPAC).
    case escalation

    public var label: String {
        switch self {
        case .contact: "Contact the applicant and tell the relevant bodies"
        case .thresholdDecision: "Decide whether the threshold is met"
        case .thresholdLetter: "Tell the applicant the threshold decision"
        case .review: "Review the case at the CT-MARAC"
        case .outcomeLetter: "Tell the applicant the outcome of the review"
        case .actions: "Lead officer acts on the review's decisions"
        case .resolutionLetter: "Send the resolution letter, signed off by the chair"
        case .applicantResponse: "Record whether the applicant is satisfied"
        case .appeal: "Decide the appeal"
        case .escalation: "Record the external review"
        }
    }

    public static func < (lhs: CaseReviewStep, rhs: CaseReviewStep) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// Where an application goes as well as the review, from what the case shows (Lambeth 3.6.2 stage 2).
public enum CaseReviewRoute: String, CaseIterable, Codable, Sendable {
    case vulnerableVictimsPanel = "vulnerable_victims_panel"
    case hateCrimeCoordinator = "hate_crime_coordinator"
    case youthOffending = "youth_offending"
    case landlord

    public var label: String {
        switch self {
        case .vulnerableVictimsPanel: "High vulnerability: refer to the vulnerable victims panel"
        case .hateCrimeCoordinator: "A hate incident: engage the hate crime coordinator"
        case .youthOffending: "A respondent under 18: engage the youth offending service"
        case .landlord: "Another landlord's home: engage that landlord"
        }
    }
}
