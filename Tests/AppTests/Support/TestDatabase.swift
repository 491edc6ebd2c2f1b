import FluentPostgresDriver
import Foundation
import SQLKit
import Vapor

@testable import App

/// A throwaway database per test: a temporary SQLite file, or, when
/// TANDEM_TEST_POSTGRES_URL is set (scripts/test sets it), a fresh PostgreSQL
/// database created on that server and dropped afterwards. Tests never touch
/// `./var` or a developer's own database.
enum TestDatabase {
    static var postgresURL: String? {
        ProcessInfo.processInfo.environment["TANDEM_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    static func create() async throws -> DatabaseLocation {
        let name = "tandem_t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        guard let admin = postgresURL else {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent(String(name))
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            return .sqlite(path: folder.appendingPathComponent("test.sqlite").path)
        }
        try await onServer(admin) { sql in
            try await sql.raw("CREATE DATABASE \(ident: String(name))").run()
        }
        return .postgres(url: replacingDatabase(in: admin, with: String(name)))
    }

    static func drop(_ location: DatabaseLocation) async {
        switch location {
        case .sqlite(let path):
            try? FileManager.default.removeItem(at: URL(fileURLWithPath: path).deletingLastPathComponent())
        case .postgres(let url):
            guard let admin = postgresURL, let name = URL(string: url)?.lastPathComponent else { return }
            try? await onServer(admin) { sql in
                try await sql.raw("DROP DATABASE IF EXISTS \(ident: name) WITH (FORCE)").run()
            }
        }
    }

    private static func onServer(_ url: String, _ body: (any SQLDatabase) async throws -> Void) async throws {
        let app = try await Application.make(.testing)
        do {
            app.databases.use(try .postgres(url: url), as: .psql)
            guard let sql = app.db as? any SQLDatabase else { throw Abort(.internalServerError) }
            try await body(sql)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    private static func replacingDatabase(in url: String, with name: String) -> String {
        guard var components = URLComponents(string: url) else { return url }
        components.path = "/" + name
        return components.string ?? url
    }
}
