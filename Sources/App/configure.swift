import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import Leaf
import LeafKit
import NIOCore
import SQLKit
import TandemCore
import Vapor

/// Assembles Tandem from its settings: the one place production and tests
/// both go through.
public func configure(_ app: Application, settings: Settings, clock: any TandemClock) async throws {
    app.settings = settings
    app.clock = clock

    try configureResources(app)
    try await configureDatabase(app, settings.database)
    app.migrations.add(TandemMigrations.all)

    app.routes.defaultMaxBodySize = ByteCount(value: settings.maxBodyBytes + settings.maxUploadBytes)
    // Answers what the HTTP parser refuses instead of dropping the connection (see TandemHTTPServer). One
    // instance: Vapor's serve command reads `app.server` once to start it and again to shut it down.
    let server = TandemHTTPServer(application: app)
    app.servers.use { _ in server }
    app.middleware = Middlewares()
    app.middleware.use(SecurityHeadersMiddleware())
    app.middleware.use(ErrorPagesMiddleware())
    app.middleware.use(PathLimitMiddleware())
    app.middleware.use(FileMiddleware(publicDirectory: app.directory.publicDirectory))
    app.middleware.use(BodyLimitMiddleware(formBytes: settings.maxBodyBytes, uploadBytes: settings.maxUploadBytes))
    app.middleware.use(SessionMiddleware())
    app.middleware.use(CSRFMiddleware())
    app.middleware.use(FlashMiddleware())

    try routes(app)

    app.asyncCommands.use(ServeTandemCommand(), as: "serve", isDefault: true)
    app.asyncCommands.use(MigrateTandemCommand(), as: "migrate")
    app.asyncCommands.use(UsersCommand(), as: "users")
    app.asyncCommands.use(AuditCommand(), as: "audit")
    app.asyncCommands.use(CasesCommand(), as: "cases")
    app.asyncCommands.use(RetentionCommand(), as: "retention")
    app.asyncCommands.use(GenerateCommand(), as: "generate")

    // Made once, before any request can race to make it.
    _ = app.emailSeal
    let cost = settings.bcryptCost
    let secret = Tokens.random()
    app.decoyPasswordHash = try await app.threadPool.runIfActive { try Bcrypt.hash(secret, cost: cost) }
}

/// Templates and static files ship inside the package's resource bundle, so
/// a built binary finds them wherever it is started from.
private func configureResources(_ app: Application) throws {
    guard case let bundlePath = Bundle.module.bundleURL.resolvingSymlinksInPath().path, !bundlePath.isEmpty else {
        throw Abort(.internalServerError, reason: "Tandem's resource bundle is missing")
    }
    let root = bundlePath.hasSuffix("/") ? bundlePath : bundlePath + "/"
    app.directory.resourcesDirectory = root + "Resources/"
    app.directory.viewsDirectory = root + "Resources/Views/"
    app.directory.publicDirectory = root + "Public/"
    app.leaf.configuration.rootDirectory = app.directory.viewsDirectory
    app.views.use({ app in TemplateViews(application: app) })
    // The default limits refuse any path with a hidden folder in it, and a
    // development build's bundle lives under `.build/`; the sandbox still
    // keeps templates inside the views folder.
    app.leaf.sources = .singleSource(
        NIOLeafFiles(
            fileio: app.fileio, limits: [.toSandbox, .requireExtensions, .onlyLeafExtensions],
            sandboxDirectory: app.directory.viewsDirectory, viewDirectory: app.directory.viewsDirectory))
    // Parsed templates are kept in memory in an optimised build or in
    // production; only a debug build in development reads them from disk on
    // every request, so edits show at once. Measured: without the cache every
    // signed-in page re-read and re-lexed its templates, 15% of the CPU
    // profile of a small page (docs/PERFORMANCE.md).
    app.leaf.cache.isEnabled = app.environment.isRelease || !isDebugBuild
}

/// How long a request waits for a free database connection before giving up.
/// The driver's 10 seconds was too short when a busy machine queues many
/// audited writes behind the audit chain's lock; a request that waits is
/// better than one refused.
private let poolTimeout: TimeAmount = .seconds(30)

private func configureDatabase(_ app: Application, _ location: DatabaseLocation) async throws {
    switch location {
    case .sqlite(let path):
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        app.databases.use(
            .sqlite(
                .init(storage: .file(path: path), enableForeignKeys: true),
                connectionPoolTimeout: poolTimeout, sqlLogLevel: .trace),
            as: .sqlite)
        // WAL lets readers carry on while one writer commits; the setting is kept in the file.
        if let sql = app.db as? any SQLDatabase {
            try await sql.raw("PRAGMA journal_mode=WAL").run()
        }
    case .postgres(let url):
        app.databases.use(
            try .postgres(
                url: url, maxConnectionsPerEventLoop: 4, connectionPoolTimeout: poolTimeout, sqlLogLevel: .trace),
            as: .psql)
    }
    // Every tracked model refuses a write that does not come through the unit of work (issue 18).
    TrackedModels.guardWrites(on: app.databases, migrations: app.migrationWindow)
}

extension Application {
    /// Brings the schema up to date. Migrations seed reference rows (the legal powers, the default categories
    /// and targets) before anyone can sign in; those rows are the schema's starting state, set down in the
    /// migration files themselves, so they are written past the unit of work's guard.
    func migrateTandem() async throws {
        try await migrationWindow.during { try await autoMigrate() }
    }

    /// Undoes every migration, for the configuration tests.
    func revertTandem() async throws {
        try await migrationWindow.during { try await autoRevert() }
    }

    private struct MigrationWindowKey: StorageKey {
        typealias Value = MigrationWindow
    }

    var migrationWindow: MigrationWindow {
        if let window = storage[MigrationWindowKey.self] { return window }
        let window = MigrationWindow()
        storage[MigrationWindowKey.self] = window
        return window
    }
}

/// Whether this binary was compiled without optimisation (`swift build`'s default).
private var isDebugBuild: Bool {
    #if DEBUG
        true
    #else
        false
    #endif
}
