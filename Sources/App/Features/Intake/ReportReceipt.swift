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
        guard let expected = Data(hex: receipt.check(secret: secret)), let given = Data(hex: mac),
            expected.count == given.count, zip(expected, given).reduce(0, { $0 | ($1.0 ^ $1.1) }) == 0
        else { return nil }
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
        return Data(mac).map { String(format: "%02x", $0) }.joined()
    }
}

extension Data {
    /// Lower- or upper-case hexadecimal text as bytes; nil for anything else.
    fileprivate init?(hex: String) {
        guard hex.count.isMultiple(of: 2), hex.count <= 128 else { return nil }
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        self.init(bytes)
    }
}
