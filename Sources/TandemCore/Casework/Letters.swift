import Foundation

/// Who a letter is written to. A respondent letter can only use fields that
/// say nothing about the reporting person.
public enum LetterAudience: String, CaseIterable, Codable, Sendable {
    case reportingPerson = "reporting_person"
    case respondent

    public var label: String { self == .reportingPerson ? "Reporting person" : "Respondent" }

    public var fields: [LetterField] {
        LetterField.allCases.filter { $0.audiences.contains(self) }
    }
}

/// The values a template may use, written `{{name}}` in its text.
public enum LetterField: String, CaseIterable, Sendable {
    case recipientName = "recipient_name"
    case recipientAddress = "recipient_address"
    case caseReference = "case_reference"
    case today
    case officerName = "officer_name"
    case officerEmail = "officer_email"
    case organisation
    case categories
    case contactFrequency = "contact_frequency"
    case nextContact = "next_contact"
    case nextReview = "next_review"
    case planActions = "plan_actions"
    case agreedContact = "agreed_contact"
    case behaviour
    case terms

    public var audiences: Set<LetterAudience> {
        switch self {
        case .contactFrequency, .nextContact, .nextReview, .planActions, .agreedContact: [.reportingPerson]
        default: [.reportingPerson, .respondent]
        }
    }

    public var description: String {
        switch self {
        case .recipientName: "The recipient's name"
        case .recipientAddress: "The recipient's address"
        case .caseReference: "The case reference"
        case .today: "Today's date"
        case .officerName: "The case officer's name"
        case .officerEmail: "The case officer's email address"
        case .organisation: "The organisation leading the case"
        case .categories: "The kinds of ASB on the case"
        case .contactFrequency: "How often the officer will be in touch"
        case .nextContact: "When the next contact is due"
        case .nextReview: "The date of the next review meeting"
        case .planActions: "The action plan's actions, one per line"
        case .agreedContact: "How the plan was agreed"
        case .behaviour: "The behaviour described by the officer for this letter"
        case .terms: "Terms or requirements written for this letter"
        }
    }
}

public enum LetterTemplates {
    /// Placeholders used in `body`, in order of first appearance.
    public static func placeholders(in body: String) -> [String] {
        var names: [String] = []
        var rest = body[...]
        while let open = rest.range(of: "{{") {
            guard let close = rest[open.upperBound...].range(of: "}}") else { break }
            let name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            if !names.contains(name) { names.append(name) }
            rest = rest[close.upperBound...]
        }
        return names
    }

    /// Problems with a template's text for its audience: an unknown
    /// placeholder, or one the audience may not see.
    public static func problems(body: String, audience: LetterAudience) -> [CaseworkProblem] {
        var problems: [CaseworkProblem] = []
        if body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            problems.append(.init("body", "Enter the text of the letter"))
        }
        for name in placeholders(in: body) {
            guard let field = LetterField(rawValue: name) else {
                problems.append(.init("body", "{{\(name)}} is not a field letters can use"))
                continue
            }
            if !field.audiences.contains(audience) {
                problems.append(
                    .init("body", "{{\(name)}} cannot be used in a letter to the \(audience.label.lowercased())"))
            }
        }
        return problems
    }

    /// The letter's text with each placeholder replaced. Only fields allowed
    /// for the audience are filled; any other placeholder is left out, so a
    /// respondent letter can never print a reporting-person value.
    public static func render(_ body: String, audience: LetterAudience, values: [LetterField: String]) -> String {
        var output = ""
        var rest = body[...]
        while let open = rest.range(of: "{{") {
            output += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                rest = rest[open.lowerBound...]
                break
            }
            let name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            if let field = LetterField(rawValue: name), field.audiences.contains(audience) {
                output += values[field] ?? ""
            }
            rest = rest[close.upperBound...]
        }
        output += rest
        return output
    }
}

/// How a letter went out.
public enum LetterMethod: String, CaseIterable, Codable, Sendable {
    case post
    case email
    case hand
    case residentLink = "resident_link"

    public var label: String {
        switch self {
        case .post: "Post"
        case .email: "Email"
        case .hand: "By hand"
        case .residentLink: "Shown on the resident's private link"
        }
    }
}

/// Whether a letter can go the way chosen (issue 20: with no address on record, a warning letter read
/// "connected with your address, your address." and was recorded as sent by post). A letter is recorded as sent
/// only when it could have reached the person.
public enum LetterDelivery {
    /// A problem with sending the letter this way, for the "How it is sent" field, or nil.
    /// - `usesAddress`: the letter's text names the recipient's address.
    public static func problem(
        method: LetterMethod, recipient: String, hasAddress: Bool, hasEmail: Bool, usesAddress: Bool
    ) -> String? {
        let record = "Record it on \(recipient)'s person page first"
        if (method == .post || method == .hand) && !hasAddress {
            let how = method == .post ? "posted" : "delivered by hand"
            return "There is no address for \(recipient) in Tandem, so the letter cannot be \(how). \(record), or "
                + "choose another way"
        }
        if method == .email && !hasEmail {
            return "There is no email address for \(recipient) in Tandem. \(record), or choose another way"
        }
        if usesAddress && !hasAddress {
            return "This letter names the recipient's address, and none is recorded for \(recipient). \(record)"
        }
        return nil
    }
}
