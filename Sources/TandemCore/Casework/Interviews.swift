import Foundation

/// Whose interview it is. Lambeth 3.3.1 interviews the reporting person first
/// and the respondent only afterwards (and, for Low or Medium risk, only when
/// the behaviour persists).
public enum InterviewKind: String, CaseIterable, Codable, Sendable {
    case reportingPerson = "reporting_person"
    case respondent

    public var label: String { self == .reportingPerson ? "Reporting person" : "Respondent" }
}

/// How a question is answered on the form.
public enum AnswerStyle: Sendable, Equatable {
    /// Yes or no, with room for detail.
    case yesNo
    /// Free text.
    case text
}

public struct InterviewQuestion: Sendable, Equatable, Identifiable {
    public var id: String
    public var text: String
    public var style: AnswerStyle
    /// Must be answered before the interview can be saved.
    public var required: Bool

    public init(_ id: String, _ text: String, _ style: AnswerStyle, required: Bool = true) {
        self.id = id
        self.text = text
        self.style = style
        self.required = required
    }
}

/// The question sets of Lambeth's procedure 3.3.1, in its order and wording.
public enum InterviewQuestions {
    public static let reportingPerson: [InterviewQuestion] = [
        InterviewQuestion("interpretation", "Are language and interpretation services required?", .yesNo),
        InterviewQuestion("outcome_wanted", "What outcome or resolution is the reporting person looking for?", .text),
        InterviewQuestion("what_happened", "What happened?", .text),
        InterviewQuestion(
            "history",
            "Is there a history to the case, for example a previous friendship or relationship with the respondent, their family or known associates?",
            .yesNo),
        InterviewQuestion("when_started", "When and why did the problem start?", .text),
        InterviewQuestion("where", "Where did it happen?", .text),
        InterviewQuestion("type", "What type of ASB is it?", .text),
        InterviewQuestion(
            "effect", "What has been the effect, for example on health, home or work life, state of mind?", .text),
        InterviewQuestion("rehousing", "Is rehousing required?", .yesNo),
        InterviewQuestion("hate", "Does the ASB involve hate crime or hate behaviour?", .yesNo),
        InterviewQuestion(
            "abuse", "Has the reporting person been subjected to verbal or physical abuse or harassment?", .yesNo),
        InterviewQuestion("police", "Has the reporting person reported it to the police?", .yesNo),
        InterviewQuestion("vulnerable", "Is the reporting person vulnerable?", .yesNo),
        InterviewQuestion(
            "respondent_issues",
            "Does the reporting person think any issues may be affecting the respondent's behaviour?",
            .yesNo),
        InterviewQuestion("discussed", "Has the reporting person discussed the problem with the respondent?", .yesNo),
        InterviewQuestion(
            "discussion_appropriate", "If not, would a discussion be appropriate?", .yesNo, required: false),
        InterviewQuestion(
            "objects_to_approach", "Does the reporting person object to approaching the respondent?", .yesNo),
        InterviewQuestion("others_affected", "Is any other neighbour suffering from the same ASB?", .yesNo),
        InterviewQuestion("others_evidence", "If so, can they supply evidence?", .yesNo, required: false),
        InterviewQuestion("other_agencies", "Have any other services or agencies been involved?", .yesNo),
        InterviewQuestion("mediation", "Are mediation services appropriate?", .yesNo),
    ]

    public static let respondent: [InterviewQuestion] = [
        InterviewQuestion("vulnerable", "Is the respondent vulnerable?", .yesNo),
        InterviewQuestion("support_services", "Is the respondent working with any support services?", .yesNo),
        InterviewQuestion("interpretation", "Are language and interpretation services required?", .yesNo),
        InterviewQuestion(
            "referral_needed", "If required, what support should the respondent be referred to?", .text,
            required: false),
        InterviewQuestion("their_account", "The respondent's account of what happened", .text),
    ]

    public static func questions(for kind: InterviewKind) -> [InterviewQuestion] {
        kind == .reportingPerson ? reportingPerson : respondent
    }
}

/// The respondent's answer to the allegations (3.3.1: "We will request a
/// response to confirm whether they admit or deny these allegations").
public enum AllegationResponse: String, CaseIterable, Codable, Sendable {
    case admits
    case partlyAdmits = "partly_admits"
    case denies
    case noResponse = "no_response"

    public var label: String {
        switch self {
        case .admits: "Admits the allegations"
        case .partlyAdmits: "Admits some of the allegations"
        case .denies: "Denies the allegations"
        case .noResponse: "Gave no response"
        }
    }
}

/// What an interview needs before it can be saved.
public struct InterviewRecord: Sendable {
    public var kind: InterviewKind
    /// Question id to answer: "yes"/"no" for yes-no questions, text otherwise.
    public var answers: [String: String]
    /// An interpreter was present (or not needed).
    public var interpreterPresent: Bool
    public var allegationResponse: AllegationResponse?
    /// The day the respondent was given the notes of the interview, if they have been.
    public var notesGivenOn: CivilDate?
    public var interviewedOn: CivilDate?

    public init(
        kind: InterviewKind, answers: [String: String], interpreterPresent: Bool = false,
        allegationResponse: AllegationResponse? = nil, notesGivenOn: CivilDate? = nil, interviewedOn: CivilDate?
    ) {
        self.kind = kind
        self.answers = answers
        self.interpreterPresent = interpreterPresent
        self.allegationResponse = allegationResponse
        self.notesGivenOn = notesGivenOn
        self.interviewedOn = interviewedOn
    }

    public func isYes(_ id: String) -> Bool { answers[id] == "yes" }
}

public enum InterviewRules {
    public static func problems(_ record: InterviewRecord, today: CivilDate) -> [CaseworkProblem] {
        var problems: [CaseworkProblem] = []
        if let day = record.interviewedOn {
            if day > today { problems.append(.init("interviewed_on", "The interview date cannot be in the future")) }
        } else {
            problems.append(.init("interviewed_on", "Enter the date of the interview, like 2026-11-23"))
        }
        for question in InterviewQuestions.questions(for: record.kind) {
            let answer = record.answers[question.id] ?? ""
            switch question.style {
            case .yesNo:
                if answer.isEmpty {
                    if question.required { problems.append(.init(question.id, "Answer yes or no: \(question.text)")) }
                } else if answer != "yes" && answer != "no" {
                    problems.append(.init(question.id, "Answer yes or no: \(question.text)"))
                }
            case .text:
                if answer.isEmpty && question.required {
                    problems.append(.init(question.id, "Enter an answer: \(question.text)"))
                }
            }
        }
        // 3.3.1: "If these services are required, we will not complete the
        // interview until these facilities are available."
        if record.isYes("interpretation") && !record.interpreterPresent {
            problems.append(
                .init(
                    "interpreter_present",
                    "Interpretation is needed: the interview can only be completed with an interpreter present"))
        }
        if record.kind == .respondent {
            if record.allegationResponse == nil {
                problems.append(
                    .init("allegation_response", "Select whether the respondent admits or denies the allegations"))
            }
            if let given = record.notesGivenOn, let day = record.interviewedOn, given < day {
                problems.append(.init("notes_given_on", "The notes cannot be given before the interview"))
            } else if let given = record.notesGivenOn, given > today {
                problems.append(.init("notes_given_on", "The date the notes were given cannot be in the future"))
            }
        }
        return problems
    }

    /// Where no abuse, harassment or hate was involved, Lambeth suggests the
    /// reporting person speaks to the respondent, then mediation; it never
    /// suggests either after abuse or a hate incident (3.3.1).
    public static func approachSuggested(abuse: Bool, hate: Bool) -> Bool { !abuse && !hate }
}
