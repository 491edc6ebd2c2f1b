import Fluent
import Foundation

/// Issue 20, item 3: the survey invitation, a letter like the others, so it can be sent by email (through the
/// outbox) or by post. Added for databases M008 already filled; an administrator's edited templates are
/// left as they are.
struct M025SurveyInvitationLetter: AsyncMigration {
    var name: String { "M025SurveyInvitationLetter" }

    static let key = "survey_invitation"

    func prepare(on database: any Database) async throws {
        guard try await LetterTemplate.query(on: database).filter(\.$key == Self.key).first() == nil else { return }
        try await LetterTemplate(
            key: Self.key, audience: .reportingPerson, title: "How did we do?",
            body: """
                Dear {{recipient_name}},

                Case reference: {{case_reference}}

                We would like to know how we handled your report of anti-social behaviour: how satisfied you are with how your case was handled and with its outcome, and with the understanding, support and contact you had from us. There are six short questions, and you can leave out any of them.

                You can answer on your private page, with the link and code we sent you, or tell {{officer_name}} your answers by phone at any time. What you say helps us improve; it does not change your case.

                Yours sincerely,
                {{officer_name}}
                {{organisation}}
                """, at: Date()
        ).create(on: database)
    }

    func revert(on database: any Database) async throws {
        try await LetterTemplate.query(on: database).filter(\.$key == Self.key).delete()
    }
}
