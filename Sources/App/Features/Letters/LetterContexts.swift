import Foundation
import TandemCore

/// What a letter to the reporting person may say.
struct ReportingPersonLetter {
    var recipientName: String
    var recipientAddress: String
    var caseReference: String
    var today: String
    var officerName: String
    var officerEmail: String
    var organisation: String
    var categories: String
    var contactFrequency: String
    var nextContact: String
    var nextReview: String
    var planActions: String
    var agreedContact: String
    var behaviour: String
    var terms: String

    var values: [LetterField: String] {
        [
            .recipientName: recipientName, .recipientAddress: recipientAddress, .caseReference: caseReference,
            .today: today, .officerName: officerName, .officerEmail: officerEmail, .organisation: organisation,
            .categories: categories, .contactFrequency: contactFrequency, .nextContact: nextContact,
            .nextReview: nextReview, .planActions: planActions, .agreedContact: agreedContact, .behaviour: behaviour,
            .terms: terms,
        ]
    }
}

/// What a letter to a respondent may say. It has no field for anything about
/// the reporting person, so no template can print one (Lambeth 3.3.1: the
/// reporting person is never identified to the respondent).
struct RespondentLetter {
    var recipientName: String
    var recipientAddress: String
    var caseReference: String
    var today: String
    var officerName: String
    var officerEmail: String
    var organisation: String
    var categories: String
    var behaviour: String
    var terms: String

    var values: [LetterField: String] {
        [
            .recipientName: recipientName, .recipientAddress: recipientAddress, .caseReference: caseReference,
            .today: today, .officerName: officerName, .officerEmail: officerEmail, .organisation: organisation,
            .categories: categories, .behaviour: behaviour, .terms: terms,
        ]
    }
}
