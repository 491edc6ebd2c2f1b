import Fluent
import Foundation
import TandemCore
import Vapor

/// `tandem retention [--dry-run] [--at 2032-12-01T10:00:00Z]`: lists, for every organisation and every line of
/// its retention schedule, what is due for disposal and what a legal hold keeps; without `--dry-run` it prepares a
/// batch of what is due for the information governance lead to approve. Nothing is destroyed from the command line:
/// a batch is only carried out when approved in Tandem (issue 23, item 1). The server runs the same preparation
/// every night (`RetentionJob`).
struct RetentionCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Flag(name: "dry-run", help: "List what is due without preparing anything.")
        var dryRun: Bool

        @Option(name: "at", help: "Treat this ISO 8601 moment as now (default: the clock).")
        var at: String?

        init() {}
    }

    var help: String { "Lists what the retention schedule makes due and prepares disposal batches for approval." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        var now = app.clock.now()
        if let text = signature.at {
            guard let moment = ISO8601DateFormatter().date(from: text) else {
                throw CommandInputError.invalid("--at must be an ISO 8601 moment like 2032-12-01T10:00:00Z")
            }
            now = moment
        }
        try await app.migrateTandem()
        let lines = try await RetentionJob.run(
            now: now, app: app, prepare: !signature.dryRun, preparedBy: "tandem retention")
        for line in lines { context.console.print(line) }
        if lines.isEmpty { context.console.print("No organisation has anything due for disposal.") }
    }
}

/// Prepares the disposal batches every night while Tandem serves, and backs the command.
enum RetentionJob {
    /// One line per organisation and rule with anything due or held; with `prepare`, a batch is prepared for each
    /// rule with something due and none already waiting.
    static func run(now: Date, app: Application, prepare: Bool, preparedBy: String) async throws -> [String] {
        let organisations = try await Organisation.query(on: app.db).filter(\.$active == true).sort(\.$name).all()
        let today = WorkingCalendar().local(now).day
        var lines: [String] = []
        for organisation in organisations {
            let org = try organisation.requireID()
            let holds = try await RetentionSchedule.holds(for: org, today: today, on: app.db)
            for rule in try await RetentionSchedule.rules(for: org, on: app.db) {
                let listing = try await RetentionDue.list(rule, organisationID: org, now: now, holds: holds, on: app.db)
                guard listing.count > 0 || !listing.held.isEmpty else { continue }
                var line =
                    "\(organisation.name): \(DisposalBatch.text(of: rule)): \(listing.capped ? "at least " : "")\(listing.count) due"
                if !listing.held.isEmpty { line += ", \(listing.held.count) under a legal hold" }
                if prepare, listing.count > 0 {
                    let batch = try await app.write(as: .system, at: now) { work in
                        try await RetentionBatches.prepare(
                            rule.record, organisationID: org, preparedBy: preparedBy, work: work)
                    }
                    line += batch == nil ? "; a batch is already waiting for approval" : "; batch prepared for approval"
                } else if listing.count > 0 {
                    line += "; dry run, nothing prepared"
                }
                lines.append(line)
            }
        }
        return lines
    }

    /// Checks every hour and prepares at 2 a.m. on the council's calendar; preparing twice is harmless (a rule with a
    /// batch waiting is left alone), so several instances may all run it.
    static func schedule(on app: Application) {
        let loop = app.eventLoopGroup.next()
        let task = loop.scheduleRepeatedAsyncTask(initialDelay: .seconds(60), delay: .hours(1)) { _ in
            loop.makeFutureWithTask {
                let now = app.clock.now()
                guard WorkingCalendar().local(now).minute / 60 == 2 else { return }
                do {
                    let lines = try await run(
                        now: now, app: app, prepare: true, preparedBy: "the nightly retention job")
                    for line in lines { app.logger.notice("Retention: \(line)") }
                } catch {
                    app.logger.error("Retention job failed: \(String(describing: error))")
                }
            }
        }
        app.lifecycle.use(ClosureService.CancelOnShutdown(cancel: { task.cancel() }))
    }
}
