import Fluent
import Vapor

/// `tandem serve [--hostname H] [--port P] [--demo]`: migrates, makes sure an
/// administrator exists, optionally loads the demo borough, then serves.
struct ServeTandemCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "hostname", short: "H", help: "Address to listen on (default 127.0.0.1).")
        var hostname: String?

        @Option(name: "port", short: "p", help: "Port to listen on (default 8080).")
        var port: Int?

        @Flag(name: "demo", help: "Fill an empty database with the Riverside demo borough and show demo sign-ins.")
        var demo: Bool

        init() {}
    }

    var help: String { "Migrates the database and serves Tandem over HTTP." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        app.settings.demoMode = signature.demo
        try await app.migrateTandem()
        // Indexes a bulk load set aside and never rebuilt (it was cut short).
        if try await DeferredIndexes.restore(on: app, app.db) > 0 {
            context.console.print("Rebuilt the indexes an interrupted data load had set aside.")
        }
        if signature.demo, try await DemoSeeder.seedIfEmpty(app) {
            try await DemoHistory.seed(app)
        }
        try await AccountService.ensureAdministrator(app) { context.console.print($0) }
        ClosureService.schedule(on: app)
        RetentionJob.schedule(on: app)
        PlannerStatistics.schedule(on: app)
        EmailWorker.schedule(on: app)
        DeadlineReminders.schedule(on: app)
        // Hand over to Vapor's own serve command, which handles signals and shutdown.
        var serveContext = context
        serveContext.input = CommandInput(arguments: [
            "tandem", "--hostname", signature.hostname ?? "127.0.0.1", "--port", String(signature.port ?? 8080),
        ])
        try await app.servers.asyncCommand.run(using: &serveContext)
    }
}

/// `tandem migrate`: brings the schema up to date without prompting.
struct MigrateTandemCommand: AsyncCommand {
    struct Signature: CommandSignature {}

    var help: String { "Runs every pending database migration." }

    func run(using context: CommandContext, signature: Signature) async throws {
        try await context.application.migrateTandem()
        context.console.print("Database is up to date (\(context.application.settings.database.kindName)).")
    }
}
