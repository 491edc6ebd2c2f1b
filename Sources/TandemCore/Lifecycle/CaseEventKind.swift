/// What a line on a case's timeline records. The raw values are the kinds the app has always
/// written to `case_events.kind`, one for each kind of write to a case: intake and triage, the case
/// actions, casework, risk, enforcement, letters, closure and the resident's own pages.
public enum CaseEventKind: String, CaseIterable, Codable, Sendable {
    // Intake, triage and the case page.
    case triage
    case reportJoined = "report_joined"
    case caseReviewThreshold = "case_review_threshold"
    case allocated
    case acknowledged
    case caseReviewExplained = "case_review_explained"
    case riskChanged = "risk_changed"
    case partyAdded = "party_added"
    case place
    // Casework.
    case plan
    case review
    case contact
    case diary
    case evidence
    case interview
    case referral
    case intervention
    case respondent
    case household
    case letter
    case residentLink = "resident_link"
    // Risk.
    case vulnerability
    case vulnerabilityOffer = "vulnerability_offer"
    case task
    case oversight
    case marker
    case homeVisit = "home_visit"
    case safeguarding
    case mentalHealth = "mental_health"
    case respondentAssessment = "respondent_assessment"
    // Enforcement.
    case legalReview = "legal_review"
    case legalMeasure = "legal_measure"
    case courtHearing = "court_hearing"
    case courtOrder = "court_order"
    case orderBreach = "order_breach"
    case legalCost = "legal_cost"
    // Closure.
    case closureProposed = "closure_proposed"
    case closureReturned = "closure_returned"
    case closureSignedOff = "closure_signed_off"
    case closureWithdrawn = "closure_withdrawn"
    case closed
    case reopened
    case survey
    // Partnership (issue 19).
    case shared
    case shareRevoked = "share_revoked"
    case note
    case incident
    case referralAnswered = "referral_answered"
    /// A case note marked as holding health or other special category information (M019).
    case specialCategoryNote = "note_special_category"
    /// Any other line that speaks of special category information: a share, revocation or referral answer that
    /// involves that section (that a health agency holds the case's mental health information is itself special
    /// category), or a referral to a health or care service (`SupportService.isSpecialCategory`).
    case specialCategoryLine = "special_category"

    /// The section of a case a line belongs to: a partner sees a line only when its share opens that section,
    /// so the timeline never shows what the tab behind it would hide.
    public var section: ShareSection {
        switch self {
        case .allocated, .acknowledged, .riskChanged, .partyAdded, .place, .note, .closed, .reopened:
            .summary
        case .triage, .reportJoined, .diary, .evidence, .incident:
            .reports
        case .vulnerability, .vulnerabilityOffer, .task, .oversight, .marker, .homeVisit, .safeguarding,
            .respondentAssessment, .household:
            .risk
        case .mentalHealth, .specialCategoryNote, .specialCategoryLine:
            .specialCategory
        case .caseReviewThreshold, .caseReviewExplained, .plan, .review, .contact, .interview, .referral,
            .intervention, .respondent, .letter, .residentLink, .closureProposed, .closureReturned,
            .closureSignedOff, .closureWithdrawn, .survey, .shared, .shareRevoked, .referralAnswered:
            .casework
        case .legalReview, .legalMeasure, .courtHearing, .courtOrder, .orderBreach, .legalCost:
            .enforcement
        }
    }
}
