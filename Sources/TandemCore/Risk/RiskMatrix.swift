import Foundation

/// One answer a question offers, with the score it adds to the total.
public struct MatrixOption: Sendable, Equatable {
    /// Stable code stored with the assessment; labels may be reworded later.
    public let value: String
    public let score: Int
    public let label: String
}

/// The three parts of the scorecard.
public enum MatrixSection: String, CaseIterable, Sendable {
    case history, vulnerability, support

    public var label: String { rawValue.capitalized }
}

/// One question of the Risk Assessment Matrix.
public struct MatrixQuestion: Sendable, Equatable, Identifiable {
    /// "q1" to "q14", the scorecard's own numbering.
    public let id: String
    public let number: Int
    public let section: MatrixSection
    public let text: String
    /// Options from most to least at risk.
    public let options: [MatrixOption]
    /// How we read the scorecard's garbled scores for this question, so the
    /// reconstruction can be checked against the original.
    public let reading: String

    public var maximum: Int { options.map(\.score).max() ?? 0 }
    public func option(_ value: String) -> MatrixOption? { options.first { $0.value == value } }
}

/// The CIH Risk Assessment Matrix (2010), the scorecard in "How to manage ASB
/// cases effectively" (seed 002): fourteen questions on history,
/// vulnerability and support. The copy we build from lost some of its scores
/// in text extraction; each question is reconstructed so that a higher score
/// always means more at risk, and `reading` says what was changed and why.
public enum RiskMatrix {
    private static func option(_ value: String, _ score: Int, _ label: String) -> MatrixOption {
        MatrixOption(value: value, score: score, label: label)
    }

    private static let yesNo2 = [option("yes", 2, "Yes"), option("no", 0, "No")]
    private static let yesNo3 = [option("yes", 3, "Yes"), option("no", 0, "No")]

    public static let questions: [MatrixQuestion] = [
        MatrixQuestion(
            id: "q1", number: 1, section: .history,
            text: "Other than this occasion, how often do you have problems?",
            options: [
                option("daily", 4, "Daily"), option("several_weekly", 3, "Several times a week"),
                option("weekly", 2, "Every week"), option("monthly", 1, "Every month"),
                option("occasionally", 0, "Occasionally"),
            ],
            reading:
                "The card scores Daily 0 and Occasionally 4, and lists Daily and Every day as two answers. Inverted so more frequent problems score higher; the duplicate becomes Several times a week."
        ),
        MatrixQuestion(
            id: "q2", number: 2, section: .history,
            text: "Do you think the current incident is likely to progress further?", options: yesNo2,
            reading: "As printed: Yes 2, No 0."),
        MatrixQuestion(
            id: "q3", number: 3, section: .history,
            text: "Do you think that incidents are happening more often and/or are getting worse?", options: yesNo2,
            reading: "As printed: Yes 2, No 0."),
        MatrixQuestion(
            id: "q4", number: 4, section: .history, text: "Do you feel threatened?",
            options: [
                option("a_lot", 2, "Yes, a lot"), option("a_little", 1, "Yes, a little"), option("no", 0, "No"),
            ],
            reading:
                "The printed answers (who is scared of whom) do not answer the question. Kept the 0 to 2 range and graded how threatened the person feels."
        ),
        MatrixQuestion(
            id: "q5", number: 5, section: .history,
            text: "Have the police been involved in this incident or any other incident?",
            options: [
                option("not_involved", 4, "Police have not been involved, nor is there any plan to involve them"),
                option("no_action", 3, "Police have been involved but have not taken any action"),
                option("not_effective", 2, "Police have taken action but it has not been effective"),
                option("partly_effective", 1, "Police have taken action and it is having some effect"),
                option("effective", 0, "Police have taken action and it has been effective"),
            ],
            reading:
                "As printed from 4 to 2: the less protection the person has had, the higher the score. The card prints the same answer at 1 and 0; 1 is read as action having some effect and 0 as action that worked."
        ),
        MatrixQuestion(
            id: "q6", number: 6, section: .history,
            text: "Have you been threatened or harassed by other people about this incident?",
            options: [option("yes", 1, "Yes"), option("no", 0, "No")],
            reading: "The card scores Yes 0 and No 1. Inverted: being threatened about the incident adds risk."),
        MatrixQuestion(
            id: "q7", number: 7, section: .vulnerability,
            text: "Which of the following do you think that this incident is likely to be?",
            options: [
                option("violent_crime", 4, "A crime of violence or a threat of violence"),
                option("property_crime", 3, "A crime against your home or property"),
                option("harassment", 2, "Harassment or intimidation"),
                option("nuisance", 1, "Nuisance or annoyance"),
                option("none", 0, "None of these"),
            ],
            reading:
                "The card prints \"Yes, a crime\" at every score from 4 to 1. Graded by seriousness: violence 4, property 3, harassment 2, nuisance 1."
        ),
        MatrixQuestion(
            id: "q8", number: 8, section: .vulnerability,
            text:
                "Do you feel that this incident is associated with your faith, nationality, ethnicity, sexual identity, gender or disability?",
            options: yesNo3, reading: "As printed: Yes 3, No 0."),
        MatrixQuestion(
            id: "q9", number: 9, section: .vulnerability,
            text:
                "In addition to what has happened, do you feel that there is anything that is increasing your or your family's personal risk (for example because of personal circumstances)?",
            options: yesNo3, reading: "As printed: Yes 3, No 0."),
        MatrixQuestion(
            id: "q10", number: 10, section: .vulnerability, text: "How affected do you feel by what has happened?",
            options: [
                option("extremely", 4, "Extremely affected"), option("a_lot", 3, "Affected a lot"),
                option("a_bit", 2, "Affected a bit"), option("a_little", 1, "Affected a little"),
                option("not_at_all", 0, "Not at all"),
            ],
            reading: "As printed: Not at all 0 to Extremely affected 4."),
        MatrixQuestion(
            id: "q11", number: 11, section: .support, text: "Do you have any physical or mental health problems?",
            options: [
                option("both", 3, "Yes, physical and mental health"), option("mental", 3, "Yes, mental health"),
                option("physical", 3, "Yes, physical health"), option("no", 0, "No"),
            ],
            reading:
                "The card scores physical and mental health 3 each and prints no \"none\" answer. Any health problem scores 3; none scores 0."
        ),
        MatrixQuestion(
            id: "q12", number: 12, section: .support,
            text: "Do you have a social life (for example friends, family, or any other type of social contact)?",
            options: [option("no", 1, "No"), option("yes", 0, "Yes")],
            reading: "The card scores No 0 and Yes 1. Inverted: being isolated adds risk."),
        MatrixQuestion(
            id: "q13", number: 13, section: .support,
            text: "Are the people causing the problem acting as a group?",
            options: [
                option("ten_plus", 3, "A group of 10 or more"), option("five_to_nine", 2, "A group of 5 to 9"),
                option("three_to_four", 1, "A group of 3 or 4"), option("no_group", 0, "No group"),
            ],
            reading:
                "Printed as \"Do you have any friends who live in a group?\", which the answers (group sizes, larger scoring higher) do not fit. Read as the size of the group causing the problem, scores as printed."
        ),
        MatrixQuestion(
            id: "q14", number: 14, section: .support,
            text: "How often do you feel that you are being harassed or threatened by someone?",
            options: [
                option("daily", 4, "Yes, every day"), option("weekly", 3, "Yes, every week"),
                option("monthly", 2, "Yes, every month"), option("occasionally", 1, "Yes, occasionally"),
                option("no", 0, "No"),
            ],
            reading:
                "The card prints \"Yes, a lot\" at every score from 4 to 1. Graded by how often, as the question asks."
        ),
    ]

    /// The highest total the reconstructed card can give (40). The card's own
    /// scale bar runs from 0 to 32; anything above 32 is off the top of it.
    public static var maximum: Int { questions.map(\.maximum).reduce(0, +) }

    public static func question(_ id: String) -> MatrixQuestion? { questions.first { $0.id == id } }

    /// Totals the answers, keyed by question id with the option's value.
    /// Every question must be answered with one of its own options.
    public static func score(_ answers: [String: String]) -> Result<Int, MatrixProblems> {
        var problems: [MatrixProblem] = []
        var total = 0
        for question in questions {
            guard let raw = answers[question.id], !raw.isEmpty else {
                problems.append(MatrixProblem(questionID: question.id, message: "Answer question \(question.number)"))
                continue
            }
            guard let option = question.option(raw) else {
                problems.append(
                    MatrixProblem(
                        questionID: question.id,
                        message: "Choose one of the answers given for question \(question.number)"))
                continue
            }
            total += option.score
        }
        let unknown = Set(answers.keys).subtracting(questions.map(\.id))
        if !unknown.isEmpty {
            problems.append(MatrixProblem(questionID: "", message: "The scorecard has no such question"))
        }
        return problems.isEmpty ? .success(total) : .failure(MatrixProblems(problems))
    }
}

public struct MatrixProblem: Sendable, Equatable, Error {
    public let questionID: String
    public let message: String
}

public struct MatrixProblems: Sendable, Equatable, Error {
    public let all: [MatrixProblem]
    public init(_ all: [MatrixProblem]) { self.all = all }
}

/// Where the total splits into Low, Medium and High: local policy data.
///
/// The scorecard prints a bar from Low at 0 to High at 32 with marks every 4
/// and no cut-offs. The default splits that bar into thirds: 0 to 10 Low,
/// 11 to 21 Medium, 22 and above High. An administrator may move the cut-offs.
public struct MatrixBands: Sendable, Equatable, Codable {
    /// The highest total that is still Low.
    public var lowMaximum: Int
    /// The highest total that is still Medium; anything above is High.
    public var mediumMaximum: Int

    public init(lowMaximum: Int, mediumMaximum: Int) {
        self.lowMaximum = lowMaximum
        self.mediumMaximum = mediumMaximum
    }

    public static let standard = MatrixBands(lowMaximum: 10, mediumMaximum: 21)

    public func band(for total: Int) -> RiskLevel {
        if total <= lowMaximum { return .low }
        if total <= mediumMaximum { return .medium }
        return .high
    }

    /// Cut-offs must leave every band reachable on the card.
    public var problems: [String] {
        var problems: [String] = []
        if lowMaximum < 0 { problems.append("The top of the Low band cannot be below 0") }
        if mediumMaximum <= lowMaximum { problems.append("The top of the Medium band must be above the top of Low") }
        if mediumMaximum >= RiskMatrix.maximum {
            problems.append("The top of the Medium band must be below \(RiskMatrix.maximum), the highest total")
        }
        return problems
    }
}
