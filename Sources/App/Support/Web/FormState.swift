import Foundation
import Vapor

/// Errors for a form: a summary at the top and a message beside each field
/// (GOV.UK error summary pattern). `values` re-fills fields after an error.
struct FormState: Encodable, Sendable {
    struct Problem: Encodable, Sendable {
        var field: String
        var message: String
    }

    var errorSummary: [Problem] = []
    var errors: [String: String] = [:]
    var values: [String: String] = [:]
    /// For templates: Leaf has no reliable emptiness test for arrays.
    var hasErrors = false

    var isValid: Bool { errorSummary.isEmpty }

    /// Keeps what was typed, so the form shows it again beside its errors (issue 20: an error wiped the
    /// diary, evidence and oversight forms). Values are kept as sent, up to a sane length; Leaf escapes them.
    mutating func keep(_ typed: [String: String?]) {
        for (field, value) in typed {
            guard let value, values[field] == nil else { continue }
            values[field] = String(value.prefix(20_000))
        }
    }

    mutating func add(_ field: String, _ message: String) {
        guard errors[field] == nil else { return }
        hasErrors = true
        errors[field] = message
        errorSummary.append(Problem(field: field, message: message))
    }
}

/// Checks for free-text fields. Any text is stored as given (escaped on
/// output), but control characters and oversize values are refused.
enum TextRules {
    static func clean(_ value: String?) -> String {
        (value ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A problem with a single-line text value, or nil.
    static func problem(_ value: String, label: String, required: Bool = true, max: Int = 200) -> String? {
        if value.isEmpty { return required ? "Enter \(label)" : nil }
        if value.count > max {
            return "\(label.prefix(1).uppercased() + label.dropFirst()) must be \(max) characters or fewer"
        }
        if value.unicodeScalars.contains(where: { CharacterSet.controlCharacters.contains($0) }) {
            return "\(label.prefix(1).uppercased() + label.dropFirst()) must not contain control characters"
        }
        return nil
    }

    /// A problem with multi-line text: newlines and tabs are allowed, other control characters are not.
    static func multilineProblem(_ value: String, label: String, required: Bool, max: Int) -> String? {
        let flattened = value.replacingOccurrences(of: "\r\n", with: " ").map { "\n\r\t".contains($0) ? " " : $0 }
        return problem(String(flattened), label: label, required: required, max: max)
    }

    static func emailProblem(_ value: String) -> String? {
        if value.isEmpty { return "Enter an email address" }
        if value.count > 254 { return "Email address must be 254 characters or fewer" }
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: ".!#$%&'*+/=?^_`{|}~-@"))
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."),
            !parts[1].hasSuffix("."),
            value.unicodeScalars.allSatisfy({ allowed.contains($0) && $0.isASCII })
        else {
            return "Enter an email address in the correct format, like name@example.org"
        }
        return nil
    }
}
