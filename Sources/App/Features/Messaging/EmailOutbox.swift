import Fluent
import Foundation
import NIOCore
import SQLKit
import TandemCore
import Vapor

/// The durable outbox (issue 20, item 3). A change that sends mail queues the message in its own unit of
/// work, so the message exists exactly when the change does; the worker claims due messages, sends each
/// through the transport and records the outcome (sent, or the server's answer and the next try).
enum EmailOutbox {
    /// What one run of the worker did.
    struct Run: Sendable, Equatable {
        var sent = 0
        var retrying = 0
        var failed = 0
    }

    /// Queues a message in the caller's unit of work.
    static func queue(_ message: EmailMessage, _ summary: String, in work: UnitOfWork) async throws {
        try await work.insert(message, summary)
    }

    /// Claims up to `limit` due messages for `worker`: queued ones whose time has come, and ones another
    /// worker claimed and never finished (its lease ran out). On PostgreSQL `FOR UPDATE SKIP LOCKED` lets
    /// several instances claim at once without taking the same message; SQLite has one writer at a time.
    /// The claim is a lease on the row (status "sending", who, until when), not a change to the message,
    /// so it is written past the unit of work; the outcome is audited.
    static func claim(limit: Int, worker: String, now: Date, app: Application) async throws -> [UUID] {
        let postgres = if case .postgres = app.settings.database { true } else { false }
        let lease = now.addingTimeInterval(EmailRetry.lease)
        return try await app.writeTransaction(on: app.db) { db in
            guard let sql = db as? any SQLDatabase else { return [] }
            let lock: SQLQueryString = postgres ? "FOR UPDATE SKIP LOCKED" : ""
            let rows = try await sql.raw(
                """
                SELECT id FROM emails
                WHERE (status = \(bind: EmailStatus.queued.rawValue) AND next_attempt_at <= \(bind: now))
                   OR (status = \(bind: EmailStatus.sending.rawValue) AND claimed_until < \(bind: now))
                ORDER BY next_attempt_at LIMIT \(bind: limit) \(lock)
                """
            ).all()
            let ids = try rows.map { try $0.decode(column: "id", as: UUID.self) }
            guard !ids.isEmpty else { return [] }
            try await sql.raw(
                """
                UPDATE emails SET status = \(bind: EmailStatus.sending.rawValue), claimed_by = \(bind: worker),
                  claimed_until = \(bind: lease)
                WHERE id IN (\(binds: ids))
                """
            ).run()
            return ids
        }
    }

    /// Sends every due message, a batch at a time, until none is due.
    @discardableResult
    static func deliverDue(
        app: Application, transport: any MailTransport, now: Date, worker: String, seal: EmailSeal
    ) async throws -> Run {
        var run = Run()
        while true {
            // One message to a claim: a slow mail server (each command may take up to its timeout) then
            // cannot outlast the lease on messages still waiting in a batch, which another instance would
            // take over and send again.
            // The clock is read at each claim and each outcome: a run that sends many messages one by one
            // must not lease or date them by the moment it started.
            let ids = try await claim(limit: 1, worker: worker, now: max(now, app.clock.now()), app: app)
            if ids.isEmpty { return run }
            for id in ids {
                guard let message = try await EmailMessage.find(id, on: app.db) else { continue }
                try await deliver(
                    message, app: app, transport: transport, now: max(now, app.clock.now()), worker: worker,
                    seal: seal, run: &run)
            }
        }
    }

    private static func deliver(
        _ message: EmailMessage, app: Application, transport: any MailTransport, now: Date, worker: String,
        seal: EmailSeal, run: inout Run
    ) async throws {
        let id = try message.requireID()
        var failure: MailFailure?
        if let body = body(of: message, seal: seal) {
            do {
                try await transport.send(
                    OutgoingMail(
                        to: message.toAddress, subject: message.subject, body: body,
                        messageID: "\(id.uuidString.lowercased())@tandem"))
            } catch let error as MailFailure {
                failure = error
            } catch {
                failure = MailFailure(description: String(describing: error), isPermanent: false)
            }
        } else {
            failure = MailFailure(
                description:
                    "The private link could not be unsealed (the server restarted without TANDEM_SECRET_KEY): issue a new link",
                isPermanent: true)
        }
        message.attempts += 1
        message.claimedBy = nil
        message.claimedUntil = nil
        if let failure {
            message.lastError = String(failure.description.prefix(500))
            if let next = EmailRetry.nextAttempt(
                afterFailedAttempts: message.attempts, permanent: failure.isPermanent, now: now)
            {
                message.status = .queued
                message.nextAttemptAt = next
                run.retrying += 1
            } else {
                message.status = .failed
                message.sealed = nil
                run.failed += 1
            }
        } else {
            message.status = .sent
            message.sentAt = now
            message.sealed = nil
            message.lastError = nil
            run.sent += 1
        }
        let outcome = message.status
        try await app.write(as: .system, at: now) { work in
            // Only while the claim is still this worker's: a message whose lease ran out belongs to whoever
            // took it over, and its outcome is theirs to record.
            guard let current = try await EmailMessage.find(id, on: work.db), current.status == .sending,
                current.claimedBy == worker
            else { return }
            try await work.update(message, "Email \(outcome.label.lowercased()): \(message.subject)")
        }
    }

    /// The text to send: a private link's placeholders filled from the sealed values, or nil when they
    /// cannot be opened.
    static func body(of message: EmailMessage, seal: EmailSeal) -> String? {
        guard let sealed = message.sealed else { return message.body }
        guard let values = seal.open(sealed) else { return nil }
        var body = message.body
        for (placeholder, value) in values { body = body.replacingOccurrences(of: placeholder, with: value) }
        return body
    }

    /// An administrator asks for a failed message to be tried again.
    static func retry(_ message: EmailMessage, in work: UnitOfWork) async throws {
        message.status = .queued
        message.nextAttemptAt = work.now
        try await work.update(message, "Retry email: \(message.subject)")
    }
}

/// Runs the outbox in the background of `tandem serve` when a mail server is configured.
enum EmailWorker {
    static func schedule(on app: Application) {
        guard let smtp = app.settings.smtp else {
            app.logger.notice("No mail server configured (TANDEM_SMTP_HOST): emails wait in the outbox")
            return
        }
        let transport = SMTPClient(settings: smtp, group: app.eventLoopGroup)
        let worker = "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)"
        let loop = app.eventLoopGroup.next()
        let seal = app.emailSeal
        let task = loop.scheduleRepeatedAsyncTask(initialDelay: .seconds(1), delay: .seconds(Int64(smtp.pollSeconds))) {
            _ in
            loop.makeFutureWithTask {
                do {
                    let run = try await EmailOutbox.deliverDue(
                        app: app, transport: transport, now: app.clock.now(), worker: worker, seal: seal)
                    if run != EmailOutbox.Run() {
                        app.logger.notice(
                            "Email: \(run.sent) sent, \(run.retrying) to retry, \(run.failed) failed")
                    }
                } catch {
                    app.logger.error("Email worker failed: \(String(describing: error))")
                }
            }
        }
        app.lifecycle.use(ClosureService.CancelOnShutdown(cancel: { task.cancel() }))
    }
}

extension Application {
    private struct EmailSealKey: StorageKey {
        typealias Value = EmailSeal
    }

    /// One key per process (or TANDEM_SECRET_KEY's, the same for every instance).
    var emailSeal: EmailSeal {
        if let seal = storage[EmailSealKey.self] { return seal }
        let seal = EmailSeal(secret: settings.secretKey)
        storage[EmailSealKey.self] = seal
        return seal
    }
}
