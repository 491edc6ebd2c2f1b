import Foundation
import TandemCore
import Vapor

/// Everything Tandem reads from its environment, read once at start-up.
/// docs/configuration.md lists each variable.
public struct Settings: Sendable {
    public var database: DatabaseLocation
    public var sessionLifetime: SessionLifetime
    public var secureCookies: Bool
    /// Largest request body accepted, in bytes; larger bodies answer 413.
    public var maxBodyBytes: Int
    public var bcryptCost: Int
    public var throttle: SignInThrottle
    public var adminEmail: String?
    public var adminPassword: String?
    /// Set by `serve --demo`: the sign-in page then shows the demo accounts.
    public var demoMode: Bool
    /// How many proxies in front of Tandem append to X-Forwarded-For (0: none,
    /// the socket's peer is the client). See `Request.clientAddress`.
    public var trustedProxyHops: Int
    /// Where evidence files are kept, outside the database.
    public var filesDirectory: String
    /// Largest evidence file accepted, in bytes.
    public var maxUploadBytes: Int
    /// The mail server (nil: nothing is sent, messages wait in the outbox).
    public var smtp: SMTPSettings?
    /// The address people use to reach Tandem, for links in emails (nil: the request's own host).
    public var publicURL: String?
    /// TANDEM_SECRET_KEY: seals private links while they wait in the outbox (`EmailSeal`).
    public var secretKey: String?

    public init(
        database: DatabaseLocation,
        sessionLifetime: SessionLifetime = .init(),
        secureCookies: Bool = false,
        maxBodyBytes: Int = 256 * 1024,
        bcryptCost: Int = 12,
        throttle: SignInThrottle = .init(),
        adminEmail: String? = nil,
        adminPassword: String? = nil,
        demoMode: Bool = false,
        trustedProxyHops: Int = 0,
        filesDirectory: String = "var/files",
        maxUploadBytes: Int = EvidenceFileRules.defaultMaxBytes,
        smtp: SMTPSettings? = nil,
        publicURL: String? = nil,
        secretKey: String? = nil
    ) {
        self.database = database
        self.sessionLifetime = sessionLifetime
        self.secureCookies = secureCookies
        self.maxBodyBytes = maxBodyBytes
        self.bcryptCost = bcryptCost
        self.throttle = throttle
        self.adminEmail = adminEmail
        self.adminPassword = adminPassword
        self.demoMode = demoMode
        self.trustedProxyHops = trustedProxyHops
        self.filesDirectory = filesDirectory
        self.maxUploadBytes = maxUploadBytes
        self.smtp = smtp
        self.publicURL = publicURL
        self.secretKey = secretKey
    }

    public static func fromEnvironment(workingDirectory: String) throws -> Settings {
        func value(_ key: String) -> String? {
            guard let raw = Environment.get(key)?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else {
                return nil
            }
            return raw
        }
        func integer(_ key: String, default fallback: Int, range: ClosedRange<Int>) throws -> Int {
            guard let raw = value(key) else { return fallback }
            guard let number = Int(raw), range.contains(number) else {
                throw DatabaseLocation.Invalid(
                    description: "\(key) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
            }
            return number
        }
        let idleMinutes = try integer("TANDEM_SESSION_IDLE_MINUTES", default: 30, range: 1...1440)
        let smtp = try SMTPSettings.fromEnvironment(value)
        let publicURL = try parsePublicURL(value("TANDEM_PUBLIC_URL"))
        if let problem = emailLinkProblem(smtp: smtp, publicURL: publicURL) {
            throw DatabaseLocation.Invalid(description: problem)
        }
        return Settings(
            database: try DatabaseLocation.parse(value("DATABASE_URL"), workingDirectory: workingDirectory),
            sessionLifetime: SessionLifetime(idleTimeout: TimeInterval(idleMinutes * 60)),
            secureCookies: value("TANDEM_SECURE_COOKIES") == "1",
            maxBodyBytes: try integer("TANDEM_MAX_BODY_KB", default: 256, range: 1...102_400) * 1024,
            bcryptCost: try integer("TANDEM_BCRYPT_COST", default: 12, range: 4...16),
            adminEmail: value("TANDEM_ADMIN_EMAIL"),
            adminPassword: value("TANDEM_ADMIN_PASSWORD"),
            trustedProxyHops: try integer("TANDEM_TRUST_PROXY", default: 0, range: 0...10),
            filesDirectory: value("TANDEM_FILES_DIR").map { $0.hasPrefix("/") ? $0 : workingDirectory + "/" + $0 }
                ?? workingDirectory + "/var/files",
            maxUploadBytes: try integer("TANDEM_MAX_UPLOAD_MB", default: 10, range: 1...100) * 1024 * 1024,
            smtp: smtp,
            publicURL: publicURL,
            secretKey: try secret(value("TANDEM_SECRET_KEY"))
        )
    }

    /// Why the email settings cannot start, if they cannot. A link in an email is built from
    /// TANDEM_PUBLIC_URL; without it, from the address a request said it came to (its Host header), which the
    /// sender of a resident's diary entry could set to another site, so that the officer's notification
    /// linked there. Tandem sends no email without TANDEM_PUBLIC_URL.
    static func emailLinkProblem(smtp: SMTPSettings?, publicURL: String?) -> String? {
        guard smtp != nil, publicURL == nil else { return nil }
        return "TANDEM_PUBLIC_URL must be set when TANDEM_SMTP_HOST is: links in emails are made from it, "
            + "never from the address a request claims to come to"
    }
}

/// TANDEM_PUBLIC_URL: an http or https address with no path, as people type it to reach Tandem.
private func parsePublicURL(_ text: String?) throws -> String? {
    guard let text else { return nil }
    guard let url = URL(string: text), ["http", "https"].contains(url.scheme ?? ""), url.host != nil,
        url.path.isEmpty || url.path == "/", url.query == nil
    else {
        throw DatabaseLocation.Invalid(description: "TANDEM_PUBLIC_URL must be like https://tandem.council.example")
    }
    return text.hasSuffix("/") ? String(text.dropLast()) : text
}

private func secret(_ text: String?) throws -> String? {
    guard let text else { return nil }
    guard text.count >= 32 else {
        throw DatabaseLocation.Invalid(description: "TANDEM_SECRET_KEY must be at least 32 characters")
    }
    return text
}

extension Application {
    private struct SettingsKey: StorageKey {
        typealias Value = Settings
    }

    public var settings: Settings {
        get {
            guard let settings = storage[SettingsKey.self] else {
                fatalError("configure(_:settings:clock:) sets the settings before use")
            }
            return settings
        }
        set { storage[SettingsKey.self] = newValue }
    }

    private struct ClockKey: StorageKey {
        typealias Value = any TandemClock
    }

    /// The injected clock: `SystemClock` in production, a `ManualClock` in tests.
    public var clock: any TandemClock {
        get { storage[ClockKey.self] ?? SystemClock() }
        set { storage[ClockKey.self] = newValue }
    }
}

extension Request {
    public var now: Date { application.clock.now() }
}
