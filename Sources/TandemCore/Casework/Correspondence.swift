import Foundation

/// The next step with a respondent (Lambeth 3.3 step 5 and "Correspondence
/// with the respondent").
public enum RespondentStep: String, CaseIterable, Codable, Sendable {
    case notifyInWriting = "notify_in_writing"
    case writtenWarning = "written_warning"
    case interview
    case supportReferral = "support_referral"
    case legalAction = "legal_action"
    case gatherEvidence = "gather_evidence"
    case noFurtherAction = "no_further_action"

    public var label: String {
        switch self {
        case .notifyInWriting: "Tell the respondent in writing that a complaint was received"
        case .writtenWarning: "Send a written warning, without an interview"
        case .interview: "Interview the respondent"
        case .supportReferral: "Refer the respondent to support"
        case .legalAction: "Consider legal action"
        case .gatherEvidence: "Gather evidence before considering legal action"
        case .noFurtherAction: "No further action with the respondent: monitor"
        }
    }
}

/// What the case shows about the respondent side, gathered by the app.
public struct RespondentFacts: Sendable, Equatable {
    /// The case's risk rating.
    public var risk: RiskLevel?
    /// The respondent has already been told in writing that a complaint was received.
    public var notifiedInWriting: Bool
    /// A written warning has been sent.
    public var warned: Bool
    /// The behaviour carried on after the warning (a later report or diary entry).
    public var persisting: Bool
    /// There is evidence beyond the complaint itself (statements, recordings, disclosures).
    public var sufficientEvidence: Bool
    /// A vulnerability was identified (respondent assessment, interview or mental health record).
    public var vulnerable: Bool
    /// The respondent has been interviewed.
    public var interviewed: Bool

    public init(
        risk: RiskLevel?, notifiedInWriting: Bool = false, warned: Bool = false, persisting: Bool = false,
        sufficientEvidence: Bool = false, vulnerable: Bool = false, interviewed: Bool = false
    ) {
        self.risk = risk
        self.notifiedInWriting = notifiedInWriting
        self.warned = warned
        self.persisting = persisting
        self.sufficientEvidence = sufficientEvidence
        self.vulnerable = vulnerable
        self.interviewed = interviewed
    }
}

public struct RespondentSuggestion: Sendable, Equatable {
    public var steps: [RespondentStep]
    /// Why, in the procedure's terms, shown beside the suggestion.
    public var reason: String
}

/// Suggests the next step; the officer decides and records why.
public enum CorrespondenceRules {
    public static func suggest(_ facts: RespondentFacts) -> RespondentSuggestion {
        var steps: [RespondentStep] = []
        // "We will always make the respondent aware in writing that we have received a complaint."
        if !facts.notifiedInWriting { steps.append(.notifyInWriting) }
        let firstOccurrence = !facts.warned && !facts.persisting
        let reason: String
        if facts.risk == .high && firstOccurrence && facts.sufficientEvidence && !facts.vulnerable {
            steps.append(.legalAction)
            reason =
                "High risk at the first occurrence, with sufficient evidence and no identified vulnerability: the procedure goes straight to legal action without interviewing the respondent."
        } else if facts.vulnerable {
            if !facts.interviewed { steps.append(.interview) }
            steps.append(.supportReferral)
            reason =
                "A vulnerability has been identified: interview to understand it and refer the respondent to support before any enforcement is considered."
        } else if facts.warned && !facts.persisting {
            // Lambeth 3.3 step 5: "If a written warning is provided the case will be closed."
            steps.append(.noFurtherAction)
            reason = "The respondent has been warned and no further ASB has been reported since: monitor."
        } else if facts.risk == .high || !firstOccurrence {
            if !facts.interviewed {
                steps.append(.interview)
                reason =
                    facts.risk == .high
                    ? "High risk without sufficient evidence to go straight to legal action: interview the respondent."
                    : "Low or Medium risk ASB that has persisted: interview the respondent."
            } else if facts.sufficientEvidence {
                steps.append(.legalAction)
                reason =
                    "The behaviour has persisted after the interview and there is evidence: consider proportionate legal action, with the support offered as evidence."
            } else {
                steps.append(.gatherEvidence)
                reason =
                    "The behaviour has persisted after the interview but there is no evidence beyond the complaint yet: legal action needs evidence."
            }
        } else {
            steps.append(.writtenWarning)
            reason =
                "First occurrence of Low or Medium risk ASB: a written warning that any ASB must stop, and no interview."
        }
        return RespondentSuggestion(steps: steps, reason: reason)
    }

    /// The officer's decision needs a reason, and a stronger one when it
    /// departs from the suggestion.
    public static func decisionProblems(decided: RespondentStep?, reason: String, suggested: [RespondentStep])
        -> [CaseworkProblem]
    {
        var problems: [CaseworkProblem] = []
        guard let decided else { return [.init("decided_step", "Select the next step you have decided on")] }
        if reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            problems.append(
                .init(
                    "decision_reason",
                    suggested.contains(decided)
                        ? "Enter the reason for the decision"
                        : "Enter why you have decided differently from the suggestion"))
        }
        return problems
    }
}
