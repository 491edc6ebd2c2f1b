import Crypto
import Foundation

/// What the confirmation page of a public report says, carried in its address with a keyed hash so it cannot
/// be made up for a reference someone else was given (issue 20: the form answered its POST directly, so a
/// refresh filed a second report).
struct ReportReceipt: Equatable {
    var reference: String
    var anonymous: Bool
    var happeningNow: Bool

    init(reference: String, anonymous: Bool, happeningNow: Bool) {
        self.reference = reference
        self.anonymous = anonymous
        self.happeningNow = happeningNow
    }

    /// Reads and checks a receipt; nil when anything is missing, too long or does not match its hash.
    init?(query value: (String) -> String?, secret: String) {
        guard let reference = value("reference"), reference.count <= 40, let mac = value("check"),
            let anonymous = value("anonymous"), let now = value("now"), ["0", "1"].contains(anonymous),
            ["0", "1"].contains(now)
        else { return nil }
        let receipt = ReportReceipt(reference: reference, anonymous: anonymous == "1", happeningNow: now == "1")
        // Compared in constant time, as any keyed hash.
        guard mac.count <= 128, Tokens.constantTimeEqual(receipt.check(secret: secret), mac.lowercased()) else {
            return nil
        }
        self = receipt
    }

    func query(secret: String) -> [(String, String)] {
        [
            ("reference", reference), ("anonymous", anonymous ? "1" : "0"), ("now", happeningNow ? "1" : "0"),
            ("check", check(secret: secret)),
        ]
    }

    private func check(secret: String) -> String {
        let text = "report-receipt|\(reference)|\(anonymous ? 1 : 0)|\(happeningNow ? 1 : 0)"
        let mac = HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return Tokens.hex(mac)
    }
}
