import Foundation

/// What the case page tells the officer to do next, in the order the work
/// comes: allocate, acknowledge the reporting person within the response
/// target, explain the ASB Case Review once its threshold is reached, then
/// offer the vulnerability assessment when it is due (moved from the case
/// page, issue 18).
public enum CaseNextStep: Equatable, Sendable {
    case allocate
    case acknowledge(by: Date)
    case explainCaseReview
    case offerVulnerabilityAssessment(by: Date)

    public struct Facts: Sendable {
        public var status: CaseStatus?
        public var hasOfficer: Bool
        public var acknowledgedAt: Date?
        public var responseDueAt: Date?
        public var caseReviewPrompt: Bool
        public var caseReviewExplainedAt: Date?
        public var vulnerabilityDueAt: Date?

        public init(
            status: CaseStatus?, hasOfficer: Bool, acknowledgedAt: Date?, responseDueAt: Date?,
            caseReviewPrompt: Bool, caseReviewExplainedAt: Date?, vulnerabilityDueAt: Date?
        ) {
            self.status = status
            self.hasOfficer = hasOfficer
            self.acknowledgedAt = acknowledgedAt
            self.responseDueAt = responseDueAt
            self.caseReviewPrompt = caseReviewPrompt
            self.caseReviewExplainedAt = caseReviewExplainedAt
            self.vulnerabilityDueAt = vulnerabilityDueAt
        }
    }

    public static func suggest(_ facts: Facts) -> CaseNextStep? {
        let active = facts.status?.isActive == true
        if !facts.hasOfficer && facts.status == .triaged { return .allocate }
        if facts.acknowledgedAt == nil, let due = facts.responseDueAt, active { return .acknowledge(by: due) }
        if facts.caseReviewPrompt && facts.caseReviewExplainedAt == nil { return .explainCaseReview }
        if let due = facts.vulnerabilityDueAt, active { return .offerVulnerabilityAssessment(by: due) }
        return nil
    }
}
