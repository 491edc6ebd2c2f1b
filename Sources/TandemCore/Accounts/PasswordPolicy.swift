import Foundation

/// Rules for a password a person chooses. Length beats complexity rules
/// (NCSC password guidance), so the policy asks for at least 12 characters
/// and refuses the obvious: the account's own email and well-known passwords.
public enum PasswordPolicy {
    public static let minimumLength = 12
    /// bcrypt reads only the first 72 bytes; a longer password would be silently
    /// truncated, so it is refused instead.
    public static let maximumBytes = 72

    public enum Problem: Equatable, Sendable {
        case tooShort
        case tooLong
        case matchesEmail
        case tooCommon

        public var message: String {
            switch self {
            case .tooShort: "Password must be at least \(PasswordPolicy.minimumLength) characters"
            case .tooLong: "Password must be \(PasswordPolicy.maximumBytes) bytes or fewer"
            case .matchesEmail: "Password must not be or contain your email address"
            case .tooCommon: "Password is too common; choose a longer phrase that only you would use"
            }
        }
    }

    /// The first problem with `password`, or nil when it is acceptable.
    public static func problem(with password: String, email: String) -> Problem? {
        if password.count < minimumLength { return .tooShort }
        if password.utf8.count > maximumBytes { return .tooLong }
        let lowered = password.lowercased()
        let email = email.lowercased()
        let localPart = email.split(separator: "@").first.map(String.init) ?? email
        if !email.isEmpty && lowered.contains(email) { return .matchesEmail }
        if localPart.count >= 4 && lowered.contains(localPart) { return .matchesEmail }
        if isCommon(lowered) { return .tooCommon }
        return nil
    }

    static func isCommon(_ lowered: String) -> Bool {
        if commonPasswords.contains(lowered) { return true }
        // One character repeated, or a run like "123456789012", is as weak as a listed password.
        if Set(lowered).count <= 2 { return true }
        let digitsAndLetters = "01234567890123456789abcdefghijklmnopqrstuvwxyzqwertyuiopasdfghjklzxcvbnm"
        if digitsAndLetters.contains(lowered) { return true }
        return false
    }

    /// Frequently breached passwords of 12 characters or more.
    static let commonPasswords: Set<String> = [
        "123456789012", "1234567890123", "12345678910", "123456789101", "qwertyuiop12",
        "qwertyuiop123", "1q2w3e4r5t6y", "1qaz2wsx3edc", "1qaz2wsx3edc4rfv", "qwerty123456",
        "password1234", "password12345", "password123456", "passwordpassword", "password1!23",
        "iloveyou1234", "letmein12345", "welcome12345", "welcome123456", "changeme1234",
        "administrator", "administrator1", "admin1234567", "adminadmin123", "trustno11234",
        "football1234", "baseball1234", "sunshine1234", "princess1234", "dragon123456",
        "monkey123456", "starwars1234", "whatever1234", "superman1234", "michael12345",
        "abc123456789", "abcdefghijkl", "abcd12345678", "aaaaaaaaaaaa", "zaq12wsxcde3",
        "passw0rd1234", "p@ssw0rd1234", "p@ssword1234", "password2024", "password2025",
        "password2026", "summer2024!!", "winter2025!!", "spring2026!!", "autumn2026!!",
        "london123456", "tandem123456", "correcthorsebatterystaple", "qwertyuiopasdfghjkl",
        "asdfghjkl123", "zxcvbnm12345", "computer1234", "internet1234", "samsung12345",
        "liverpool123", "arsenal12345", "chelsea12345", "manchester12", "thomas123456",
    ]
}
