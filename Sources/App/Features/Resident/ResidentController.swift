import Fluent
import Foundation
import SQLKit
import TandemCore
import Vapor

/// The reporting person's own view of their case, reached with a private link
/// and a short code instead of an account. It shows only what is theirs:
/// never the respondent's details or the officer's internal notes. Every
/// access is audited.
struct ResidentController: RouteCollection {
    static let cookie = "tandem_resident"

    func boot(routes: any RoutesBuilder) throws {
        routes.get(.resident(.key), use: start)
        routes.post(.resident(.key), use: enterCode)
        routes.get(.resident(.key, .caseView), use: show)
        routes.post(.resident(.key, .diary), use: addDiary)
        routes.get(.resident(.key, .letter(.key)), use: letter)
        routes.post(.resident(.key, .signOut), use: signOut)
    }

    // MARK: - Finding the link

    static func link(_ request: Request) async throws -> (ResidentLink, String) {
        guard let token = request.parameters.get("token"), token.count >= 32, token.count <= 64,
            let link = try await ResidentLink.query(on: request.db).filter(\.$tokenHash == Tokens.sha256Hex(token))
                .first()
        else {
            throw Abort(.notFound, reason: "This link is not recognised. Check it against the message we sent you.")
        }
        return (link, token)
    }

    static func actor(_ request: Request, _ link: ResidentLink) -> AuditActor {
        AuditActor(
            userID: nil, email: "resident-link:\(link.id?.uuidString.prefix(8) ?? "")", organisationID: nil,
            address: request.auditActor.address)
    }

    /// A link that no longer works answers 410 with the reason and who to contact.
    static func refuseIfInactive(_ request: Request, _ link: ResidentLink) throws {
        let state = link.state(at: request.now)
        switch state {
        case .active: return
        case .expired:
            throw Abort(.gone, reason: "This link has expired. Contact your case officer for a new one.")
        case .revoked:
            throw Abort(.gone, reason: "This link has been withdrawn. Contact your case officer for a new one.")
        case .locked:
            throw Abort(
                .gone,
                reason: "This link has been locked after too many wrong codes. Contact your case officer for a new one."
            )
        }
    }

    /// A unit of work acting as the resident's link: the resident has no account, so the trail names the link.
    static func write<T: Sendable>(
        _ request: Request, as link: ResidentLink, _ body: @escaping @Sendable (UnitOfWork) async throws -> T
    ) async throws -> T {
        let actor = Self.actor(request, link)
        return try await request.write { work in try await body(work.by(actor)) }
    }

    static func audit(_ request: Request, _ link: ResidentLink, _ summary: String, action: AuditAction = .view)
        async throws
    {
        try await Self.write(request, as: link) { work in
            try await work.record(
                AuditEntry(
                    action: action, recordType: .residentLink, recordID: link.id?.uuidString, summary: summary))
        }
    }

    /// The link of a resident who has entered the code and not been idle too long.
    static func session(_ request: Request) async throws -> (ResidentLink, String)? {
        let (link, token) = try await Self.link(request)
        try Self.refuseIfInactive(request, link)
        guard let presented = request.cookies[Self.cookie]?.string, let stored = link.sessionHash,
            let expires = link.sessionExpiresAt, expires > request.now,
            Tokens.constantTimeEqual(Tokens.sha256Hex(presented), stored)
        else { return nil }
        return (link, token)
    }

    // MARK: - Entering the code

    struct CodePage: Encodable {
        var layout: LayoutContext
        var form: FormState
        var token: String
        var links: ResidentPageLinks
    }

    private func codePage(_ request: Request, token: String, form: FormState, status: HTTPStatus = .ok) async throws
        -> Response
    {
        try await request.view.render(
            "resident/code",
            CodePage(
                layout: request.layout(title: (form.isValid ? "" : "Error: ") + "Enter your code"), form: form,
                token: token, links: ResidentPageLinks(token))
        ).encodeResponse(status: status, for: request)
    }

    @Sendable
    func start(request: Request) async throws -> Response {
        if let (_, token) = try await Self.session(request) {
            return request.redirect(to: SiteURL.resident(.value(token), .caseView))
        }
        let (link, token) = try await Self.link(request)
        try Self.refuseIfInactive(request, link)
        return try await codePage(request, token: token, form: FormState())
    }

    /// What one code attempt came to.
    private enum CodeOutcome {
        case opened(session: String)
        case wrong(left: Int)
        case locked
    }

    /// Sign-in attempts on private links are kept with the staff ones under this name, so one address is limited
    /// across every link it tries.
    static let attemptsName = "resident-link"

    @Sendable
    func enterCode(request: Request) async throws -> Response {
        let (link, token) = try await Self.link(request)
        try Self.refuseIfInactive(request, link)
        let address = request.clientAddress
        let throttle = request.application.settings.throttle
        let recent = try await SignInAttempt.query(on: request.db).filter(\.$email == Self.attemptsName)
            .filter(\.$address == address).filter(\.$succeeded == false)
            .filter(\.$attemptedAt > request.now.addingTimeInterval(-throttle.window)).count()
        if recent >= throttle.maxFailuresPerAddress {
            throw Abort(
                .tooManyRequests,
                reason: "Too many wrong codes have been entered from this connection. Wait 15 minutes and try again.")
        }
        let code = ResidentAccessRules.normalise((try? request.content.get(String.self, at: "code")) ?? "")
        let linkID = try link.requireID()
        let session = Tokens.random()
        let outcome: CodeOutcome = try await Self.write(request, as: link) { work in
            let now = work.now
            guard let sql = work.db as? any SQLDatabase else { throw Abort(.internalServerError) }
            struct Reserved: Decodable {
                var failedAttempts: Int
                enum CodingKeys: String, CodingKey { case failedAttempts = "failed_attempts" }
            }
            // Every attempt first takes one of the link's five tries in a single conditional update, which
            // both databases apply one at a time to the row: concurrent guesses cannot compare more codes than
            // the limit, and once the tries are gone the link is locked until an officer issues a new one.
            let reserved = try await sql.raw(
                """
                UPDATE resident_links SET failed_attempts = failed_attempts + 1
                WHERE id = \(bind: linkID) AND failed_attempts < \(bind: ResidentAccessRules.maxFailedAttempts)
                  AND revoked_at IS NULL
                RETURNING failed_attempts
                """
            ).first(decoding: Reserved.self)
            guard let reserved else { return .locked }
            // The count is written only by the statements here, never from the model, and the unit reads the
            // row back after the try was taken: the events name the count before and after this attempt.
            let triesBefore = String(reserved.failedAttempts - 1)
            // Compared only once a try is held.
            let matches =
                code.count == ResidentAccessRules.codeLength && code.allSatisfy(\.isNumber)
                && Tokens.constantTimeEqual(ResidentCodes.hash(code, token: token), link.codeHash)
            if matches {
                link.sessionHash = Tokens.sha256Hex(session)
                link.sessionExpiresAt = now.addingTimeInterval(ResidentAccessRules.sessionIdle)
                link.lastUsedAt = now
                // The try is given back just below, so the count ends where it started.
                try await work.update(
                    link, "Resident opened their case with the private link",
                    before: ["failed_attempts": triesBefore], after: ["failed_attempts": triesBefore])
                // The right code gives its try back; wrong codes stay counted for the life of the link, so the
                // resident opening it between guesses does not buy a guesser five more.
                try await sql.raw(
                    "UPDATE resident_links SET failed_attempts = failed_attempts - 1 WHERE id = \(bind: linkID)"
                ).run()
                return .opened(session: session)
            }
            try await SignInAttempt(email: Self.attemptsName, address: address, at: now, succeeded: false)
                .create(on: work.db)
            // Nothing else on the link changes: the event records the try the wrong code used.
            try await work.update(
                link, "Wrong code entered on a private link", before: ["failed_attempts": triesBefore],
                after: ["failed_attempts": String(reserved.failedAttempts)])
            // Set after the event, so the model never writes the count; the refusal below reads it.
            link.failedAttempts = reserved.failedAttempts
            return .wrong(left: ResidentAccessRules.maxFailedAttempts - reserved.failedAttempts)
        }
        switch outcome {
        case .locked:
            link.failedAttempts = ResidentAccessRules.maxFailedAttempts
            try Self.refuseIfInactive(request, link)
            throw Abort(.gone, reason: "This link no longer works. Contact your case officer for a new one.")
        case .wrong(let left):
            try Self.refuseIfInactive(request, link)
            var form = FormState()
            form.add(
                "code",
                "That code is not right. Enter the \(ResidentAccessRules.codeLength)-digit code from our message (\(left) \(left == 1 ? "try" : "tries") left)"
            )
            return try await codePage(request, token: token, form: form, status: .badRequest)
        case .opened(let session):
            let response = request.redirect(to: SiteURL.resident(.value(token), .caseView))
            response.cookies[Self.cookie] = request.sessionCookie(session)
            return response
        }
    }

    @Sendable
    func signOut(request: Request) async throws -> Response {
        let (link, token) = try await Self.link(request)
        if let (active, _) = try await Self.session(request) {
            active.sessionHash = nil
            active.sessionExpiresAt = nil
            try await Self.write(request, as: link) { work in
                try await work.update(active, "Ended the resident's session on a private link")
                try await work.record(
                    AuditEntry(
                        action: .signOut, recordType: .residentLink, recordID: active.id?.uuidString,
                        summary: "Resident left their case page"))
            }
        }
        let response = request.redirect(to: SiteURL.resident(.value(token)).path, flash: .residentSignedOut)
        response.cookies[Self.cookie] = request.sessionCookie("", expired: true)
        return response
    }
}

/// The resident's pages and forms behind one private link, ready for a template: `#(links.diary)`.
struct ResidentPageLinks: Encodable {
    var start: String
    var caseView: String
    var diary: String
    var signOut: String
    var survey: String

    init(_ token: String) {
        start = SiteURL.resident(.value(token)).path
        caseView = SiteURL.resident(.value(token), .caseView).path
        diary = SiteURL.resident(.value(token), .diary).path
        signOut = SiteURL.resident(.value(token), .signOut).path
        survey = SiteURL.resident(.value(token), .survey).path
    }
}
