import Fluent
import Foundation
import TandemCore
import Vapor

/// The reporting person's private links: issued with a code that travels
/// separately, revoked at once. The link and code are shown once to the
/// officer and stored only as hashes.
struct ResidentLinksController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.post(.case(.key, .residentLinks), use: issueLink)
        routes.post(.case(.key, .revokeResidentLink(.key)), use: revokeLink)
    }

    // MARK: - Resident links

    struct LinkInput: Content {
        var partyId: String?
        var channel: String?
        var recipient: String?

        enum CodingKeys: String, CodingKey {
            case partyId = "party_id"
            case channel, recipient
        }
    }

    @Sendable
    func issueLink(request: Request) async throws -> Response {
        let (record, facts, user) = try await Casework.prepare(request, in: .casework)
        let caseID = try record.requireID()
        let input = (try? request.content.decode(LinkInput.self)) ?? LinkInput()
        var form = FormState()
        let party = try await CaseParty.query(on: request.db).filter(\.$caseRecord.$id == caseID)
            .filter(\.$role == PartyRole.reportingPerson).with(\.$person).all()
            .first { $0.id?.uuidString == input.partyId && $0.person != nil }
        if party == nil { form.add("link_party", "Select the reporting person") }
        let channel = input.channel.flatMap(OutboxChannel.init(rawValue:))
        if channel == nil { form.add("link_channel", "Select how the link and code will be sent") }
        let recipient = TextRules.clean(input.recipient)
        if let problem = TextRules.problem(recipient, label: "where to send it (email, phone or address)", max: 254) {
            form.add("link_recipient", problem)
        } else if channel == .email, let problem = TextRules.emailProblem(recipient) {
            form.add("link_recipient", problem)
        }
        guard form.isValid, let party, let channel else {
            return try await LettersController.render(
                request, record: record, facts: facts, form: form, status: .badRequest)
        }
        let token = Tokens.random()
        let code = ResidentCodes.make()
        let link = ResidentLink()
        link.$caseRecord.id = caseID
        link.$party.id = try party.requireID()
        link.tokenHash = Tokens.sha256Hex(token)
        link.codeHash = ResidentCodes.hash(code, token: token)
        link.createdAt = request.now
        link.$createdBy.id = user.id
        link.expiresAt = request.now.addingTimeInterval(ResidentAccessRules.linkLifetime)
        link.failedAttempts = 0
        // TANDEM_PUBLIC_URL when set, as every link in an email (and it must be set for email to be sent).
        let url = Notifier.base(request) + SiteURL.resident(.value(token)).path
        // The link and the code travel as two separate messages. Neither is stored: the officer is shown them
        // once, below, and the outbox keeps each message with a reference to the link in their place, so the
        // database and its backups hold only hashes (issue 17).
        let seal = request.application.emailSeal
        let messages = [
            (
                "Your private link to follow your ASB case \(record.reference)",
                "Use this private link to see your case and add to your incident diary: \(OutboxMessage.linkPlaceholder)\nIt works until \(DisplayDate.day(link.expiresAt)). You will also need the code we send separately."
            ),
            (
                "Your code for case \(record.reference)",
                "Your code is \(OutboxMessage.codePlaceholder). Do not share it with anyone."
            ),
        ]
        try await Casework.write(
            request, record, user: user, kind: .residentLink,
            timeline: "Private link issued to \(Casework.partyLabel(party)) by \(channel.rawValue)"
        ) { work in
            try await work.insert(link, "Issued a private link on case \(record.reference)")
            for (subject, body) in messages {
                let message = OutboxMessage()
                message.$caseRecord.id = caseID
                message.$party.id = party.id
                message.channel = channel
                message.recipient = recipient
                message.subject = subject
                message.body = body
                message.createdAt = work.now
                message.$createdBy.id = user.id
                message.$residentLink.id = link.id
                try await work.insert(message, "Queued a private link message on case \(record.reference)")
                if channel == .email {
                    // Really sent (issue 20): the link and code travel sealed, and are dropped once sent.
                    let email = EmailMessage(
                        purpose: .residentLink, to: recipient, subject: subject, body: body, caseID: caseID,
                        at: work.now)
                    email.$outboxMessage.id = message.id
                    email.sealed = try seal.seal([
                        OutboxMessage.linkPlaceholder: url, OutboxMessage.codePlaceholder: code,
                    ])
                    try await EmailOutbox.queue(
                        email, "Queued a private link email on case \(record.reference)", in: work)
                }
            }
        }
        return try await LettersController.render(
            request, record: record, facts: facts, form: FormState(),
            issued: LettersController.IssuedLink(url: url, code: code, expires: DisplayDate.dayAndTime(link.expiresAt)))
    }

    @Sendable
    func revokeLink(request: Request) async throws -> Response {
        let (record, _, user) = try await Casework.prepare(request, in: .casework)
        let caseID = try record.requireID()
        guard let id = request.parameters.get("linkID", as: UUID.self),
            let link = try await ResidentLink.query(on: request.db).filter(\.$id == id)
                .filter(\.$caseRecord.$id == caseID).first()
        else { throw Abort(.notFound) }
        if link.revokedAt == nil {
            link.revokedAt = request.now
            link.$revokedBy.id = user.id
            link.sessionHash = nil
            try await Casework.write(
                request, record, user: user, kind: .residentLink, timeline: "Private link revoked"
            ) { work in
                try await work.update(link, "Revoked a private link on case \(record.reference)")
            }
        }
        return request.redirect(to: SiteURL.case(.value(caseID), .letters).path, flash: .linkRevoked)
    }
}

/// The short code that goes with a private link.
enum ResidentCodes {
    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return String(
            (0..<ResidentAccessRules.codeLength).map { _ in Character(String(Int.random(in: 0...9, using: &generator)))
            })
    }

    /// Bound to the token, so a code hash is useless without the link itself.
    static func hash(_ code: String, token: String) -> String {
        Tokens.sha256Hex("\(token):\(ResidentAccessRules.normalise(code))")
    }
}
