import Fluent
import Foundation
import TandemCore
import Vapor

/// The Case Review's writes that more than one handler makes (issue 22).
enum CaseReviewWrites {
    /// The placeholder the acknowledgement carries where the private link goes: the link itself travels sealed and
    /// is dropped once sent, so the database keeps only the token's hash.
    static let linkPlaceholder = "[the applicant's private link]"

    static func reference(year: Int, on db: any Database) async throws -> String {
        let number = try await ReferenceNumbers.next("CR-\(year)", on: db)
        return "CR-\(year)-" + String(repeating: "0", count: max(0, 4 - String(number).count)) + String(number)
    }

    /// Saves a new application with its stated complaints, its acknowledgement (emailed through the outbox when the
    /// applicant gave an email) and the single point of contact's notification. Returns the review and its token.
    static func create(
        _ valid: ValidApplication, arrangements: LoadedArrangements, recordedBy: UUID?, submitterKey: String?,
        base: String, seal: EmailSeal, in work: UnitOfWork
    ) async throws -> (CaseReview, String) {
        let token = Tokens.random()
        let review = CaseReview()
        let today = DisplayDate.civilDay(work.now)
        review.reference = try await reference(year: today.year, on: work.db)
        review.$organisation.id = arrangements.organisationID
        review.channel = valid.channel
        review.applicantKind = valid.kind
        review.applicantName = valid.name
        review.applicantPhone = valid.phone
        review.applicantEmail = valid.email
        review.applicantAddress = valid.address
        review.victimName = valid.victimName
        review.consent = valid.consent
        review.description = valid.description
        review.involvement = valid.involvement
        review.needs = valid.needs
        review.receivedAt = work.now
        review.$recordedBy.id = recordedBy
        review.tokenHash = Tokens.sha256Hex(token)
        review.submitterKey = submitterKey
        review.$caseRecord.id = try await CaseReviewReads.matchCase(
            reference: valid.caseReference, email: valid.email, phone: valid.phone,
            bodies: arrangements.relevantBodyIDs, on: work.db)
        review.attendanceOffered = false
        review.assessmentOffered = false
        review.routes = ""
        review.victimAttended = false
        review.meetingOffered = false
        review.appealMetApplicant = false
        try await work.insert(
            review, "ASB Case Review application \(review.reference) received (\(valid.channel.label))")
        let reviewID = try review.requireID()
        for (index, complaint) in valid.complaints.enumerated() {
            let row = CaseReviewComplaint()
            row.$review.id = reviewID
            row.reportedOn = complaint.reportedOn
            row.madeTo = complaint.madeTo
            row.reference = complaint.reference
            row.position = index + 1
            try await work.insert(row, "Complaint stated on application \(review.reference)")
        }
        let url = base + SiteURL.caseReviewStatus(.value(token)).path
        let due = CaseReviewStages.dueAt(
            .contact, review.progress, timescales: arrangements.rules.timescales,
            calendar: try await IntakePolicy.load(on: work.db).calendar)
        let body = LetterTexts.acknowledgement(review, contactBy: due, link: linkPlaceholder)
        try await send(
            review, kind: .acknowledgement, method: valid.acknowledgement,
            subject: "Your ASB Case Review application \(review.reference)", body: body, by: recordedBy,
            sealed: [linkPlaceholder: url], seal: seal, in: work)
        var contacts = try await Notifier.users(
            in: arrangements.organisationID, roles: [.caseReviewContact], on: work.db)
        if let named = arrangements.record.$contact.id { contacts.append(named) }
        try await Notifier.notify(
            contacts,
            .init(
                kind: .caseReview, caseID: nil,
                summary: "A new ASB Case Review application \(review.reference): contact the applicant",
                href: SiteURL.caseReview(.value(reviewID)).path),
            except: recordedBy, base: base, in: work)
        return (review, token)
    }

    /// Records an update or letter to the applicant. Email goes through the outbox (and only then is it recorded as
    /// emailed); post, phone and in person are recorded as the person sending them says. With no method (no email
    /// for an acknowledgement) the text is kept for the applicant's page and nothing is said to have been sent.
    @discardableResult
    static func send(
        _ review: CaseReview, kind: CaseReviewUpdate.Kind, method: CaseReviewUpdate.Method?, subject: String,
        body: String, by userID: UUID?, sealed: [String: String] = [:], seal: EmailSeal? = nil, in work: UnitOfWork
    ) async throws -> CaseReviewUpdate? {
        guard let method else { return nil }
        let update = CaseReviewUpdate()
        update.$review.id = try review.requireID()
        update.kind = kind
        update.method = method
        update.summary = subject
        update.body = body
        update.sentAt = work.now
        update.$sentBy.id = userID
        if method == .email, let address = review.applicantEmail, MailFormat.isSafeAddress(address) {
            let email = EmailMessage(
                purpose: sealed.isEmpty ? .letter : .residentLink, to: address, subject: subject, body: body,
                caseID: nil, at: work.now)
            if !sealed.isEmpty, let seal { email.sealed = try seal.seal(sealed) }
            try await EmailOutbox.queue(email, "Queued \(kind.label.lowercased()) for \(review.reference)", in: work)
            update.$email.id = email.id
        }
        try await work.insert(update, "\(kind.label) for \(review.reference) by \(method.label.lowercased())")
        return update
    }
}
