import Foundation
import TandemCore

/// A letter chosen "by email" is really sent (issue 20): the message is queued with the letter, in the same
/// unit of work, and the case's outbox shows whether it went.
enum LetterEmail {
    static func queue(_ letter: Letter, to address: String, reference: String, in work: UnitOfWork) async throws {
        let message = EmailMessage(
            purpose: .letter, to: address, subject: "\(letter.title) (case \(reference))", body: letter.body,
            caseID: letter.$caseRecord.id, at: work.now)
        message.$letter.id = try letter.requireID()
        try await EmailOutbox.queue(
            message, "Queued the letter \(letter.title) by email on case \(reference)", in: work)
    }
}
