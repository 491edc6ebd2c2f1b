import Crypto
import Foundation
import NIOSSL
import TandemCore
import Vapor

/// The mail server Tandem sends through, from the environment (docs/configuration.md). Without
/// TANDEM_SMTP_HOST nothing is sent: messages wait in the outbox, and the outbox says so.
public struct SMTPSettings: Sendable {
    public enum Security: String, Sendable {
        /// Plain connection upgraded with STARTTLS (port 587): the default.
        case startTLS = "starttls"
        /// TLS from the first byte (port 465).
        case tls
        /// No encryption: only for a mail relay on the same machine or a test server.
        case none
    }

    public var host: String
    public var port: Int
    public var security: Security
    public var username: String?
    public var password: String?
    /// The From address.
    public var sender: String
    public var senderName: String
    /// Extra certificate authority to trust (a council's own relay), as a PEM file.
    public var caFile: String?
    public var timeoutSeconds: Int
    /// How often the worker looks for due messages.
    public var pollSeconds: Int
    public var helloName: String

    public init(
        host: String, port: Int, security: Security = .startTLS, username: String? = nil, password: String? = nil,
        sender: String, senderName: String = "Tandem", caFile: String? = nil, timeoutSeconds: Int = 20,
        pollSeconds: Int = 10, helloName: String = "tandem.localhost"
    ) {
        self.host = host
        self.port = port
        self.security = security
        self.username = username
        self.password = password
        self.sender = sender
        self.senderName = senderName
        self.caFile = caFile
        self.timeoutSeconds = timeoutSeconds
        self.pollSeconds = pollSeconds
        self.helloName = helloName
    }

    func tlsConfiguration() throws -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if let caFile {
            configuration.trustRoots = .file(caFile)
        }
        return configuration
    }

    static func fromEnvironment(_ value: (String) -> String?) throws -> SMTPSettings? {
        guard let host = value("TANDEM_SMTP_HOST") else { return nil }
        let securityText = value("TANDEM_SMTP_SECURITY") ?? "starttls"
        guard let security = Security(rawValue: securityText.lowercased()) else {
            throw DatabaseLocation.Invalid(description: "TANDEM_SMTP_SECURITY must be starttls, tls or none")
        }
        let portText = value("TANDEM_SMTP_PORT") ?? (security == .tls ? "465" : "587")
        guard let port = Int(portText), (1...65535).contains(port) else {
            throw DatabaseLocation.Invalid(description: "TANDEM_SMTP_PORT must be a port number from 1 to 65535")
        }
        guard let sender = value("TANDEM_MAIL_FROM"), MailSettingsCheck.isAddress(sender) else {
            throw DatabaseLocation.Invalid(
                description: "TANDEM_MAIL_FROM must be the address Tandem sends from, like asb@council.example")
        }
        let username = value("TANDEM_SMTP_USERNAME")
        let password = value("TANDEM_SMTP_PASSWORD")
        if (username == nil) != (password == nil) {
            throw DatabaseLocation.Invalid(
                description: "Set both TANDEM_SMTP_USERNAME and TANDEM_SMTP_PASSWORD, or neither")
        }
        let poll = Int(value("TANDEM_SMTP_POLL_SECONDS") ?? "10") ?? 0
        guard (1...3600).contains(poll) else {
            throw DatabaseLocation.Invalid(
                description: "TANDEM_SMTP_POLL_SECONDS must be a whole number from 1 to 3600")
        }
        return SMTPSettings(
            host: host, port: port, security: security, username: username, password: password, sender: sender,
            senderName: value("TANDEM_MAIL_FROM_NAME") ?? "Tandem", caFile: value("TANDEM_SMTP_CA_FILE"),
            pollSeconds: poll)
    }
}

enum MailSettingsCheck {
    static func isAddress(_ text: String) -> Bool { MailFormat.isSafeAddress(text) }
}

/// Seals a private link and its code for the few minutes they wait in the outbox (M017 keeps neither in
/// plain text): AES-GCM with a key from TANDEM_SECRET_KEY, or one made when the process starts. With the
/// made-up key a link queued before a restart cannot be opened after it; the message then fails, saying the
/// officer must issue a new link. Several instances need the same TANDEM_SECRET_KEY.
struct EmailSeal: Sendable {
    /// The key's bytes (SymmetricKey itself is not Sendable).
    private let keyData: Data
    private var key: SymmetricKey { SymmetricKey(data: keyData) }

    init(secret: String?) {
        if let secret {
            keyData = Data(SHA256.hash(data: Data("tandem-outbox:\(secret)".utf8)))
        } else {
            keyData = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        }
    }

    func seal(_ values: [String: String]) throws -> String {
        let data = try JSONEncoder().encode(values)
        guard let combined = try AES.GCM.seal(data, using: key).combined else {
            throw Abort(.internalServerError, reason: "Could not seal the message")
        }
        return combined.base64EncodedString()
    }

    func open(_ text: String) -> [String: String]? {
        guard let data = Data(base64Encoded: text), let box = try? AES.GCM.SealedBox(combined: data),
            let plain = try? AES.GCM.open(box, using: key)
        else { return nil }
        return try? JSONDecoder().decode([String: String].self, from: plain)
    }
}
