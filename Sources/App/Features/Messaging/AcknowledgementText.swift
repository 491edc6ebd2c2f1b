import Foundation

/// The acknowledgement as an email: the same words as the printed letter (cases/acknowledgement.leaf).
enum AcknowledgementText {
    /// The 2025 statutory guidance: a victim who reports a second time within six months is told about the ASB
    /// Case Review and how to apply (issue 22, item 6).
    static func caseReview(applyURL: String) -> String {
        "You have reported anti-social behaviour to us more than once in six months. If you feel the response has not been enough, you have the right to ask the council, the police, health services and housing providers to review it together: an ASB Case Review (formerly the Community Trigger). You can apply online at \(applyURL), by phone, in person, or through someone you trust; your case officer can help."
    }

    /// Whether the reporting person has reported again within the window, so the Case Review is explained.
    static func secondReport(_ record: CaseRecord) -> Bool {
        record.caseReviewPrompt == true || record.caseReviewExplainedAt != nil || record.thresholdFlaggedAt != nil
    }

    static func body(
        recipient: String, reference: String, organisation: String, officer: String?, received: String?,
        responseDue: String?, caseReviewText: String? = nil
    ) -> String {
        let contact =
            (officer.map { "Your case officer is \($0). They are your single point of contact and will" }
                ?? "A case officer will")
            + " contact you\(responseDue.map { " by \($0)" } ?? "") to talk about what has happened, how it is affecting you and what you would like to happen. Together you will agree an action plan and how often they will keep in touch: at least weekly unless you agree otherwise."
        return """
            Dear \(recipient),

            Thank you for your report\(received.map { " received on \($0)" } ?? ""). We have opened case \(reference).

            \(contact)

            Please keep a record of any further incidents: the date, time, what happened, who was involved and how it affected you. If anyone is in danger, call 999.

            \(caseReviewText ?? "If you have reported anti-social behaviour three times in six months and feel that no action has been taken, you can ask for an ASB Case Review (formerly the Community Trigger). Your case officer can explain how.")

            Yours sincerely,
            \(officer.map { "\($0)\n" } ?? "")\(organisation)
            """
    }
}
