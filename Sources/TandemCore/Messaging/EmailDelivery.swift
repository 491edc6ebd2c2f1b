import Foundation

/// Where an outgoing email stands in the outbox (issue 20, item 3).
public enum EmailStatus: String, CaseIterable, Codable, Sendable {
    /// Waiting for the worker, first time or after a failed try.
    case queued
    /// Claimed by one worker, which is talking to the mail server now.
    case sending
    case sent
    /// Given up: the server refused it for good, or every retry failed.
    case failed

    public var label: String {
        switch self {
        case .queued: "Queued"
        case .sending: "Sending"
        case .sent: "Sent"
        case .failed: "Failed"
        }
    }
}

/// When the worker tries a message again. A mail server that is down for a
/// few minutes, or answers "try later" (a 4xx reply), costs a delay, not the
/// message: the waits grow from a minute to four hours, and after six tries
/// (about five and a half hours in all) the message is marked failed for an
/// administrator to retry. A 5xx reply is the server saying no for good, so
/// the message fails at once.
public enum EmailRetry {
    public static let maxAttempts = 6
    /// The wait after the first, second, ... failed try.
    public static let waits: [TimeInterval] = [60, 5 * 60, 15 * 60, 60 * 60, 4 * 3600]
    /// How long a worker holds a claimed message. A worker that dies mid-send
    /// (the process killed, the machine gone) loses its claim when this runs
    /// out and another worker sends the message: nothing queued is lost, at
    /// the cost of a rare second copy.
    public static let lease: TimeInterval = 5 * 60

    /// When to try again after `attempts` failed tries, or nil to give up.
    public static func nextAttempt(afterFailedAttempts attempts: Int, permanent: Bool, now: Date) -> Date? {
        guard !permanent, attempts < maxAttempts else { return nil }
        let wait = waits[min(max(attempts, 1), waits.count) - 1]
        return now.addingTimeInterval(wait)
    }
}

/// One reply from an SMTP server: its three-digit code and its text lines.
public struct SMTPReply: Sendable, Equatable, CustomStringConvertible {
    public var code: Int
    public var lines: [String]

    public init(code: Int, lines: [String]) {
        self.code = code
        self.lines = lines
    }

    /// 2xx and 3xx: carry on.
    public var isPositive: Bool { (200..<400).contains(code) }
    /// 5xx: the server will never take this message; retrying is pointless.
    public var isPermanent: Bool { code >= 500 }
    public var description: String { "\(code) \(lines.joined(separator: " "))" }

    /// Reads complete replies from the text received so far (RFC 5321 4.2:
    /// "250-" continues a reply, "250 " ends it). Returns the replies and what
    /// is left over, an incomplete reply still arriving.
    public static func parse(_ text: String) -> (replies: [SMTPReply], rest: String) {
        var replies: [SMTPReply] = []
        var lines: [String] = []
        var rest = Substring(text)
        // Where the last complete reply ended: the lines of one still arriving stay in `rest`.
        var consumed = rest.startIndex
        while let end = rest.range(of: "\n") {
            let line = String(rest[rest.startIndex..<end.lowerBound]).trimmingCharacters(in: ["\r"])
            rest = rest[end.upperBound...]
            let digits = line.prefix(3)
            guard digits.count == 3, let code = Int(digits) else { continue }
            lines.append(String(line.dropFirst(4)))
            if line.dropFirst(3).first != "-" {
                replies.append(SMTPReply(code: code, lines: lines))
                lines = []
                consumed = rest.startIndex
            }
        }
        return (replies, String(text[consumed...]))
    }
}

/// An email as it goes on the wire: headers, a base64 body, CRLF line ends
/// and dot-stuffing (RFC 5321 4.5.2), from text a person wrote.
public enum MailFormat {
    /// A header or envelope address may carry no line break (header injection) and no angle brackets.
    public static func isSafeAddress(_ address: String) -> Bool {
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && address.count <= 254
            && !address.contains(where: { $0.isWhitespace || "<>\r\n,;\"()".contains($0) })
    }

    /// A header's text: plain ASCII as it is, anything else in RFC 2047's UTF-8 base64 form. Line breaks
    /// become spaces, so a subject can never start a new header.
    public static func headerText(_ text: String) -> String {
        let flat = text.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        if flat.allSatisfy({ $0.isASCII && !$0.isNewline }) { return flat }
        return "=?UTF-8?B?\(Data(flat.utf8).base64EncodedString())?="
    }

    /// The whole message, ready for DATA, ending without the final "." line.
    public static func message(
        from sender: String, fromName: String, to recipient: String, subject: String, body: String,
        date: Date, messageID: String
    ) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        let normalised = body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n")
        let encoded = Data(normalised.utf8).base64EncodedString(options: [
            .lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed,
        ])
        let headers = [
            "From: \(headerText(fromName)) <\(sender)>",
            "To: <\(recipient)>",
            "Subject: \(headerText(subject))",
            "Date: \(formatter.string(from: date))",
            "Message-ID: <\(messageID)>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: base64",
            "Auto-Submitted: auto-generated",
        ]
        return dotStuffed(headers.joined(separator: "\r\n") + "\r\n\r\n" + encoded + "\r\n")
    }

    /// A line that starts with "." gets another, so it cannot end the DATA early (base64 never starts one,
    /// but a header could).
    public static func dotStuffed(_ text: String) -> String {
        text.components(separatedBy: "\r\n").map { $0.hasPrefix(".") ? "." + $0 : $0 }.joined(separator: "\r\n")
    }
}
