import Foundation

/// The acknowledgement as an email: the same words as the printed letter (cases/acknowledgement.leaf).
enum AcknowledgementText {
    static func body(
        recipient: String, reference: String, organisation: String, officer: String?, received: String?,
        responseDue: String?
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

            If you have reported anti-social behaviour three times in six months and feel that no action has been taken, you can ask for an ASB Case Review (formerly the Community Trigger). Your case officer can explain how.

            Yours sincerely,
            \(officer.map { "\($0)\n" } ?? "")\(organisation)
            """
    }
}
