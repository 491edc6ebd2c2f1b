import Foundation

/// Where Tandem keeps its data, chosen by `DATABASE_URL`.
public enum DatabaseLocation: Equatable, Sendable {
    case sqlite(path: String)
    case postgres(url: String)

    public static let defaultSQLitePath = "var/tandem.sqlite"

    public struct Invalid: Error, CustomStringConvertible {
        public let description: String
    }

    /// Unset or empty means SQLite at `./var/tandem.sqlite`; `sqlite:///abs/path`
    /// a given SQLite file; `postgres://` or `postgresql://` PostgreSQL.
    public static func parse(_ value: String?, workingDirectory: String) throws -> DatabaseLocation {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else {
            let base = workingDirectory.hasSuffix("/") ? workingDirectory : workingDirectory + "/"
            return .sqlite(path: base + defaultSQLitePath)
        }
        if value.hasPrefix("sqlite://") {
            let path = String(value.dropFirst("sqlite://".count))
            guard path.hasPrefix("/"), path.count > 1 else {
                throw Invalid(description: "DATABASE_URL for SQLite must be sqlite:///absolute/path.sqlite")
            }
            return .sqlite(path: path)
        }
        if value.hasPrefix("postgres://") || value.hasPrefix("postgresql://") {
            guard let url = URL(string: value), url.host != nil else {
                throw Invalid(description: "DATABASE_URL for PostgreSQL must be postgres://user:pass@host:port/db")
            }
            return .postgres(url: value)
        }
        throw Invalid(description: "DATABASE_URL must start with sqlite:// or postgres://")
    }

    public var kindName: String {
        switch self {
        case .sqlite: "sqlite"
        case .postgres: "postgres"
        }
    }
}
