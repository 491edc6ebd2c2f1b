import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting

@testable import App

/// Issue 20, item 3: email is really sent. Each message is queued with the change that causes it; the worker
/// sends it through SMTP to a real server on a local port (`SMTPSink`), retries with backoff, fails on a
/// refusal, loses nothing when the server dies mid-send, and one claim takes each message once across
/// instances. Runs on SQLite and PostgreSQL.
@Suite("Outbound email")
struct EmailOutboxTests {
    /// One worker run against the sink at the test clock's time.
    func deliver(_ app: Application, _ sink: SMTPSink, worker: String = "test") async throws -> EmailOutbox.Run {
        try await EmailOutbox.deliverDue(
            app: app, transport: SMTPClient(settings: sink.settings, group: app.eventLoopGroup),
            now: app.clock.now(), worker: worker, seal: app.emailSeal)
    }

    func withSink(_ body: (SMTPSink) async throws -> Void) async throws {
        let sink = try await SMTPSink()
        do {
            try await body(sink)
            await sink.stop()
        } catch {
            await sink.stop()
            throw error
        }
    }

    @Test("the closure notice with the Case Review right and the private link are really emailed; the case shows it")
    func closureNoticeAndLinkAreSent() async throws {
        try await withSink { sink in
            let mail: (inout Settings) -> Void = {
                $0.smtp = sink.settings
                $0.publicURL = "http://tandem.test"
            }
            try await ClosureTests().withMarsh(adjust: mail) { setup in
                // Setup: a closure proposed and signed off; the reporting person has an email address.
                let closure = try await ClosureTests().propose(setup)
                let decision = "\(setup.path)/closure/\(try closure.requireID())/decision"
                // Act
                #expect(try await setup.manager.post(decision, [("decision", "sign_off")]).status == .seeOther)
                let queued = try await EmailMessage.query(on: setup.app.db).filter(\.$purpose == .letter).all()
                #expect(queued.count == 1)
                #expect(queued.first?.status == .queued)
                let run = try await deliver(setup.app, sink)
                // Check: one message arrived, addressed to her, with the Case Review right in it.
                #expect(run.sent == 1)
                let message = try #require(sink.received.first)
                #expect(message.to == "maria.lopez@example.org")
                #expect(message.from == "asb@riverside.example")
                #expect(message.header("Subject")?.contains("ASB-2026-00002") == true)
                #expect(message.text.contains("ASB Case Review"))
                let sent = try #require(try await EmailMessage.find(queued.first?.id, on: setup.app.db))
                #expect(sent.status == .sent)
                #expect(sent.sentAt == setup.clock.now())
                let letters = try await setup.officer.get("\(setup.path)/letters").body.string
                #expect(letters.contains("Emails from this case"))
                #expect(letters.contains("Sent"))
                // The timeline says it was queued to be emailed, not that someone posted it.
                #expect(try await setup.officer.get(setup.path).body.string.contains("queued to be emailed"))
            }
        }
    }

    @Test("a private link by email carries the link and code, which are sealed while queued and dropped once sent")
    func privateLinkIsSealedUntilSent() async throws {
        try await withSink { sink in
            try await CaseworkTests().withMarsh { setup in
                let (token, code) = try await CaseworkTests().issueLink(setup)
                let queued = try await EmailMessage.query(on: setup.app.db).filter(\.$purpose == .residentLink)
                    .all()
                #expect(queued.count == 2)
                #expect(queued.allSatisfy { $0.sealed != nil && !$0.body.contains(token) && !$0.body.contains(code) })
                #expect(try await deliver(setup.app, sink).sent == 2)
                let texts = sink.received.map(\.text)
                #expect(texts.contains { $0.contains("/r/\(token)") })
                #expect(texts.contains { $0.contains("Your code is \(code)") })
                // Neither stays in the database once sent, nor is it written to the audit trail.
                let after = try await EmailMessage.query(on: setup.app.db).filter(\.$purpose == .residentLink).all()
                #expect(after.allSatisfy { $0.sealed == nil && $0.status == .sent })
                let trail = try await AuditEvent.query(on: setup.app.db).all().map(\.changes).joined()
                #expect(!trail.contains(token))
                #expect(!trail.contains(code))
            }
        }
    }

    @Test("a busy server means a retry after a minute; a refusal fails at once; an administrator retries it")
    func retryAndFailure() async throws {
        try await withSink { sink in
            try await withTandem { app, clock in
                try await createUser(app, email: "admin@test.example", roles: [.administrator])
                let admin = TestBrowser(app)
                #expect(try await admin.signIn("admin@test.example").status == .seeOther)
                try await admin.get("/admin/emails")
                #expect(try await admin.post("/admin/emails/test").status == .seeOther)
                let id = try #require(try await EmailMessage.query(on: app.db).first()?.id)

                // Busy (451): kept, tried again after the first wait, with the server's answer shown.
                sink.mode = .busy
                #expect(try await deliver(app, sink) == .init(sent: 0, retrying: 1, failed: 0))
                var message = try #require(try await EmailMessage.find(id, on: app.db))
                #expect(message.status == .queued)
                #expect(message.attempts == 1)
                #expect(message.lastError?.contains("451") == true)
                #expect(message.nextAttemptAt == clock.now().addingTimeInterval(60))
                // Not due yet: nothing is sent a second early.
                clock.advance(by: 59)
                sink.mode = .accept
                #expect(try await deliver(app, sink) == .init())
                clock.advance(by: 1)
                #expect(try await deliver(app, sink).sent == 1)
                #expect(sink.received.count == 1)
                #expect(sink.received.first?.to == "admin@test.example")

                // Refused (550): failed at once, no retries; the administrator sees why and retries.
                try await admin.get("/admin/emails")
                #expect(try await admin.post("/admin/emails/test").status == .seeOther)
                sink.mode = .refuse
                #expect(try await deliver(app, sink).failed == 1)
                let failed = try #require(try await EmailMessage.query(on: app.db).filter(\.$status == .failed).first())
                #expect(failed.lastError?.contains("550") == true)
                let page = try await admin.get("/admin/emails?status=failed").body.string
                #expect(page.contains("The server said: RCPT TO: 550"))
                #expect(try await admin.post("/admin/emails/\(try failed.requireID())/retry").status == .seeOther)
                message = try #require(try await EmailMessage.find(failed.id, on: app.db))
                #expect(message.status == .queued)
                sink.mode = .accept
                #expect(try await deliver(app, sink).sent == 1)
                #expect(sink.received.count == 2)
            }
        }
    }

    @Test("a server killed mid-send, or a worker that dies holding a claim, loses nothing queued")
    func nothingQueuedIsLost() async throws {
        try await withSink { sink in
            try await withTandem { app, clock in
                try await app.write(as: .system, at: clock.now()) { work in
                    for number in 1...3 {
                        try await EmailOutbox.queue(
                            EmailMessage(
                                purpose: .test, to: "person\(number)@example.org", subject: "Message \(number)",
                                body: String(repeating: "A long line of the message body. ", count: 20), caseID: nil,
                                at: work.now),
                            "Queued", in: work)
                    }
                }
                // The server drops the connection in the middle of each message's data.
                sink.mode = .hangUpMidData
                #expect(try await deliver(app, sink) == .init(sent: 0, retrying: 3, failed: 0))
                #expect(sink.received.isEmpty)
                #expect(try await EmailMessage.query(on: app.db).filter(\.$status == .queued).count() == 3)
                // It comes back: every message arrives, once.
                sink.mode = .accept
                clock.advance(by: 60)
                #expect(try await deliver(app, sink).sent == 3)
                #expect(Set(sink.received.map(\.to)).count == 3)

                // A worker claims a message and dies before sending it: after its lease another worker sends it.
                try await app.write(as: .system, at: clock.now()) { work in
                    try await EmailOutbox.queue(
                        EmailMessage(
                            purpose: .test, to: "late@example.org", subject: "Claimed", body: "Body", caseID: nil,
                            at: work.now), "Queued", in: work)
                }
                let claimed = try await EmailOutbox.claim(limit: 10, worker: "dies", now: clock.now(), app: app)
                #expect(claimed.count == 1)
                #expect(try await deliver(app, sink, worker: "other") == .init())
                clock.advance(by: EmailRetry.lease + 1)
                #expect(try await deliver(app, sink, worker: "other").sent == 1)
                #expect(sink.received.last?.to == "late@example.org")
            }
        }
    }

    @Test("two instances on one database claim every message exactly once")
    func oneClaimAcrossInstances() async throws {
        try await withTandem { app, clock in
            try await app.write(as: .system, at: clock.now()) { work in
                for number in 1...40 {
                    try await EmailOutbox.queue(
                        EmailMessage(
                            purpose: .test, to: "p\(number)@example.org", subject: "M\(number)", body: "Body",
                            caseID: nil, at: work.now), "Queued", in: work)
                }
            }
            let other = try await makeApp(app.settings.database, clock: clock)
            do {
                // Both claim batches of 7 at once until nothing is left.
                async let first = claimAll(app, worker: "one", now: clock.now())
                async let second = claimAll(other, worker: "two", now: clock.now())
                let (one, two) = try await (first, second)
                #expect(one.count + two.count == 40)
                #expect(Set(one).isDisjoint(with: Set(two)))
                #expect(Set(one + two).count == 40)
                try await other.asyncShutdown()
            } catch {
                try? await other.asyncShutdown()
                throw error
            }
        }
    }

    func claimAll(_ app: Application, worker: String, now: Date) async throws -> [UUID] {
        var all: [UUID] = []
        while true {
            let batch = try await EmailOutbox.claim(limit: 7, worker: worker, now: now, app: app)
            if batch.isEmpty { return all }
            all += batch
        }
    }

    @Test("the wire format: headers cannot be injected, non-ASCII subjects are encoded, dots are stuffed")
    func wireFormat() {
        #expect(!MailFormat.isSafeAddress("a@b.example\r\nBcc: x@y.example"))
        #expect(!MailFormat.isSafeAddress("no-at-sign"))
        #expect(MailFormat.isSafeAddress("maria.lopez@example.org"))
        #expect(MailFormat.headerText("Case\r\nBcc: x") == "Case  Bcc: x")
        #expect(MailFormat.headerText("Siân").hasPrefix("=?UTF-8?B?"))
        #expect(MailFormat.dotStuffed(".start\r\nmiddle\r\n.") == "..start\r\nmiddle\r\n..")
        let parsed = SMTPReply.parse("250-first\r\n250 last\r\n354 go\r\n451-par")
        #expect(parsed.replies == [.init(code: 250, lines: ["first", "last"]), .init(code: 354, lines: ["go"])])
        #expect(parsed.rest == "451-par")
        let now = testStart
        #expect(
            EmailRetry.nextAttempt(afterFailedAttempts: 1, permanent: false, now: now) == now.addingTimeInterval(60))
        #expect(
            EmailRetry.nextAttempt(afterFailedAttempts: 5, permanent: false, now: now)
                == now.addingTimeInterval(4 * 3600))
        #expect(EmailRetry.nextAttempt(afterFailedAttempts: 6, permanent: false, now: now) == nil)
        #expect(EmailRetry.nextAttempt(afterFailedAttempts: 1, permanent: true, now: now) == nil)
    }
}
