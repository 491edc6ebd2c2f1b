/// The satisfaction survey put to the reporting person at closure: the five
/// questions of the Westminster report (section 5: handling, outcome, and the
/// empathy, support and contact they had from the case officer) and the
/// Regulator of Social Housing's TP12 question, each on a five-point scale.
public enum SurveyQuestion: String, CaseIterable, Codable, Sendable {
    case handling
    case outcome
    case empathy
    case support
    case contact
    case tp12

    public func text(landlord: String) -> String {
        switch self {
        case .handling: "How satisfied or dissatisfied are you with the way your case was handled?"
        case .outcome: "How satisfied or dissatisfied are you with the outcome of your case?"
        case .empathy: "How satisfied or dissatisfied are you with the understanding your case officer showed you?"
        case .support: "How satisfied or dissatisfied are you with the support your case officer gave you?"
        case .contact: "How satisfied or dissatisfied are you with how your case officer kept in touch with you?"
        case .tp12:
            "How satisfied or dissatisfied are you with \(landlord)'s approach to handling anti-social behaviour?"
        }
    }

    public var shortLabel: String {
        switch self {
        case .handling: "Case handling"
        case .outcome: "Outcome"
        case .empathy: "Empathy"
        case .support: "Support"
        case .contact: "Contact from the officer"
        case .tp12: "TP12: approach to handling ASB"
        }
    }
}

/// The five-point scale. Satisfied means very or fairly satisfied, as the
/// Regulator counts TP12; "neither" counts against, and a question left
/// unanswered is left out of that question's figure.
public enum SatisfactionScore: Int, CaseIterable, Codable, Sendable {
    case veryDissatisfied = 1
    case fairlyDissatisfied = 2
    case neither = 3
    case fairlySatisfied = 4
    case verySatisfied = 5

    public var label: String {
        switch self {
        case .verySatisfied: "Very satisfied"
        case .fairlySatisfied: "Fairly satisfied"
        case .neither: "Neither satisfied nor dissatisfied"
        case .fairlyDissatisfied: "Fairly dissatisfied"
        case .veryDissatisfied: "Very dissatisfied"
        }
    }

    public var isSatisfied: Bool { rawValue >= 4 }

    /// The lowest score counted as satisfied, for SQL (`score >= satisfiedFrom`).
    public static let satisfiedFrom = 4
}

/// How the survey was answered.
public enum SurveyMethod: String, CaseIterable, Codable, Sendable {
    case phone
    case paper
    case online

    public var label: String {
        switch self {
        case .phone: "By phone with the officer"
        case .paper: "On paper"
        case .online: "Online through the resident's link"
        }
    }
}

/// Who answered: the reporting person, or (optionally, CIH "At the end") the
/// respondent about what worked.
public enum SurveyAudience: String, CaseIterable, Codable, Sendable {
    case reportingPerson = "reporting_person"
    case respondent
}

public enum SurveyRules {
    /// Scores as entered, with a message for any that is not on the scale.
    /// A survey needs at least one answer; any may be left out.
    public static func read(_ raw: [SurveyQuestion: String?]) -> (
        scores: [SurveyQuestion: SatisfactionScore], problems: [CaseworkProblem]
    ) {
        var scores: [SurveyQuestion: SatisfactionScore] = [:]
        var problems: [CaseworkProblem] = []
        for question in SurveyQuestion.allCases {
            guard let text = raw[question] ?? nil, !text.isEmpty else { continue }
            if let value = Int(text), let score = SatisfactionScore(rawValue: value) {
                scores[question] = score
            } else {
                problems.append(CaseworkProblem("q_\(question.rawValue)", "Choose one of the five answers"))
            }
        }
        if scores.isEmpty && problems.isEmpty {
            problems.append(CaseworkProblem("q_handling", "Answer at least one question"))
        }
        return (scores, problems)
    }
}
