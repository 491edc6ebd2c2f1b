import Testing

@testable import TandemCore

@Suite("Password policy")
struct PasswordPolicyTests {
    @Test(
        "refuses weak passwords with the reason",
        arguments: [
            ("short-pass1", PasswordPolicy.Problem.tooShort),
            ("sam.okafor@riverside.example!", .matchesEmail),
            ("my-sam.okafor-secret", .matchesEmail),
            ("password1234", .tooCommon),
            ("Password1234", .tooCommon),
            ("aaaaaaaaaaaaaaaa", .tooCommon),
            ("abababababababab", .tooCommon),
            ("123456789012345", .tooCommon),
            (String(repeating: "é", count: 40), .tooLong),
        ])
    func refuses(password: String, problem: PasswordPolicy.Problem) {
        // Act
        let found = PasswordPolicy.problem(with: password, email: "sam.okafor@riverside.example")
        // Check
        #expect(found == problem)
    }

    @Test("accepts a long passphrase, and exactly 12 characters")
    func accepts() {
        #expect(PasswordPolicy.problem(with: "kettle orbit marmalade", email: "jo@riverside.example") == nil)
        #expect(PasswordPolicy.problem(with: "tw3lve-chars", email: "jo@riverside.example") == nil)
        #expect(PasswordPolicy.problem(with: "eleven-char", email: "jo@riverside.example") == .tooShort)
    }
}
