import Fluent
import Foundation
import SQLKit
import TandemCore
import Vapor

/// Tells people in Tandem what needs them (issue 20, item 2): a notification each, in the same unit of work
/// as the change, and an email as well to those who chose that kind by email. The email says what happened
/// and links to Tandem; the notification's summary never names the reporting person or carries special
/// category detail, because it is the email's text too.
enum Notifier {
    struct Note: Sendable {
        var kind: NotificationKind
        var caseID: UUID?
        var summary: String
        var href: String
        /// Set when it must come once only (a reminder the sweep could make twice).
        var onceKey: String?
    }

    /// The address links in emails start with: TANDEM_PUBLIC_URL, or the address the request came to.
    static func base(_ request: Request) -> String {
        if let url = request.application.settings.publicURL { return url }
        let scheme = request.application.settings.secureCookies ? "https" : "http"
        return "\(scheme)://\(request.headers.first(name: .host) ?? "localhost:8080")"
    }

    /// Asks the case's team for a sign-off: its senior officers and managers, but not whoever asked (a closure
    /// proposal, a proportionality review).
    static func askForSignOff(
        on record: CaseRecord, summary: String, href: String, except actorID: UUID?, base: String,
        in work: UnitOfWork
    ) async throws {
        let caseID = try record.requireID()
        try await notify(
            try await users(in: record.$organisation.id, roles: AccessPolicy.managerRoles, on: work.db),
            .init(kind: .signOffRequested, caseID: caseID, summary: summary, href: href),
            except: actorID, base: base, in: work)
    }

    /// Notifies each user once, leaving out the person who made the change (they know) and anyone inactive.
    static func notify(
        _ userIDs: [UUID], _ note: Note, except actorID: UUID? = nil, base: String, in work: UnitOfWork
    ) async throws {
        let ids = Array(Set(userIDs.filter { $0 != actorID }))
        guard !ids.isEmpty else { return }
        let users = try await User.query(on: work.db).filter(\.$id ~~ ids).filter(\.$active == true).all()
        for user in users.sorted(by: { $0.email < $1.email }) {
            let userID = try user.requireID()
            if let key = note.onceKey,
                try await UserNotification.query(on: work.db).filter(\.$user.$id == userID)
                    .filter(\.$onceKey == key).first() != nil
            {
                continue
            }
            let notification = UserNotification(
                userID: userID, caseID: note.caseID, kind: note.kind, summary: note.summary, href: note.href,
                at: work.now)
            notification.onceKey = note.onceKey
            try await work.insert(notification, "Notified \(user.displayName): \(note.kind.label)")
            guard NotificationKind.parse(user.emailNotifications).contains(note.kind),
                MailFormat.isSafeAddress(user.email)
            else { continue }
            let email = EmailMessage(
                purpose: .notification, to: user.email, subject: "Tandem: \(note.kind.label)",
                body: NotificationKind.emailBody(summary: note.summary, link: base + note.href), caseID: note.caseID,
                at: work.now)
            email.$user.id = userID
            try await EmailOutbox.queue(email, "Queued a notification email to \(user.displayName)", in: work)
        }
    }

    /// Who at a partner organisation hears of a share or a referral to it: those who work cases.
    static let partnerRoles: Set<Role> = [.partnerPractitioner, .caseOfficer, .seniorOfficer, .teamManager]

    /// The active users of an organisation who hold any of `roles`.
    static func users(in organisationID: UUID, roles: Set<Role>, on db: any Database) async throws -> [UUID] {
        try await UserRole.query(on: db).join(User.self, on: \UserRole.$user.$id == \User.$id)
            .filter(User.self, \.$organisation.$id == organisationID).filter(User.self, \.$active == true)
            .filter(\.$role ~~ Array(roles)).all().map(\.$user.id)
    }
}

/// The "due tomorrow" reminders: once a day for each case whose next deadline falls tomorrow, its officer
/// is told. Runs every quarter of an hour in `tandem serve`; the once-key means a reminder comes once.
enum DeadlineReminders {
    static func sweep(app: Application, now: Date) async throws {
        let calendar = try await IntakePolicy.load(on: app.db).calendar
        let tomorrow = calendar.local(now).day.adding(days: 1)
        let start = calendar.instant(tomorrow, minute: 0)
        let end = calendar.instant(tomorrow.adding(days: 1), minute: 0)
        let base = app.settings.publicURL ?? "http://localhost:8080"
        // Every case due tomorrow, a page at a time in the order of the deadline index, each page its own
        // short transaction: a busy day's reminders neither stop at a fixed number nor hold the writer.
        var after: (at: Date, id: UUID)?
        while true {
            let query = CaseRecord.query(on: app.db).filter(\.$nextDeadlineAt >= start)
                .filter(\.$nextDeadlineAt < end).filter(\.$officer.$id != nil).filter(\.$status != .closed)
            if let after {
                query.group(.or) { either in
                    either.filter(\.$nextDeadlineAt > after.at).group(.and) { same in
                        same.filter(\.$nextDeadlineAt == after.at).filter(\.$id > after.id)
                    }
                }
            }
            let page = try await query.sort(\.$nextDeadlineAt).sort(\.$id).limit(reminderPage).all()
            guard !page.isEmpty else { return }
            // The reminders this page already had, in one read: the sweep runs every quarter of an hour and
            // most of tomorrow's cases were reminded at its first run (ten thousand at a million cases).
            let key = { (id: UUID) in "deadline:\(id.uuidString):\(tomorrow)" }
            let reminded = Set(
                try await UserNotification.query(on: app.db).filter(\.$onceKey ~~ page.compactMap(\.id).map(key))
                    .all().compactMap(\.onceKey))
            let unreminded = page.filter { $0.id.map { !reminded.contains(key($0)) } ?? false }
            if !unreminded.isEmpty {
                try await remind(unreminded, tomorrow: tomorrow, base: base, app: app, now: now)
            }
            guard page.count == reminderPage, let last = page.last, let at = last.nextDeadlineAt, let id = last.id
            else { return }
            after = (at, id)
        }
    }

    private static func remind(
        _ page: [CaseRecord], tomorrow: CivilDate, base: String, app: Application, now: Date
    ) async throws {
        try await app.write(as: .system, at: now) { work in
            for record in page {
                guard let officerID = record.$officer.id, let caseID = record.id else { continue }
                let what = CaseDeadline.next(of: record)?.label.lowercased() ?? "a deadline"
                try await Notifier.notify(
                    [officerID],
                    .init(
                        kind: .deadlineTomorrow, caseID: caseID,
                        summary: "Case \(record.reference): \(what) is due tomorrow",
                        href: SiteURL.case(.value(caseID)).path,
                        onceKey: "deadline:\(caseID.uuidString):\(tomorrow)"),
                    base: base, in: work)
            }
        }
    }

    /// Cases reminded in one transaction.
    static let reminderPage = 200

    static func schedule(on app: Application) {
        let loop = app.eventLoopGroup.next()
        let task = loop.scheduleRepeatedAsyncTask(initialDelay: .seconds(20), delay: .minutes(15)) { _ in
            loop.makeFutureWithTask {
                do {
                    try await sweep(app: app, now: app.clock.now())
                } catch {
                    app.logger.error("Deadline reminders failed: \(String(describing: error))")
                }
            }
        }
        app.lifecycle.use(ClosureService.CancelOnShutdown(cancel: { task.cancel() }))
    }
}

/// Which of a case's deadlines is its next one, so lists can say what is due, not only when (issue 20:
/// "My cases names each deadline").
enum CaseDeadline: Sendable {
    case firstResponse, vulnerabilityAssessment, promisedContact

    var label: String {
        switch self {
        case .firstResponse: "First response"
        case .vulnerabilityAssessment: "Vulnerability assessment"
        case .promisedContact: "Promised contact"
        }
    }

    /// Mirrors `CaseRecord.refreshNextDeadline`: the response until acknowledged, the assessment, the contact.
    static func next(
        acknowledged: Bool, responseDueAt: Date?, vulnerabilityDueAt: Date?, nextContactDueAt: Date?,
        nextDeadlineAt: Date?
    ) -> CaseDeadline? {
        guard let next = nextDeadlineAt else { return nil }
        if !acknowledged, responseDueAt == next { return .firstResponse }
        if vulnerabilityDueAt == next { return .vulnerabilityAssessment }
        if nextContactDueAt == next { return .promisedContact }
        return nil
    }

    static func next(of record: CaseRecord) -> CaseDeadline? {
        next(
            acknowledged: record.acknowledgedAt != nil, responseDueAt: record.responseDueAt,
            vulnerabilityDueAt: record.vulnerabilityDueAt, nextContactDueAt: record.nextContactDueAt,
            nextDeadlineAt: record.nextDeadlineAt)
    }
}
