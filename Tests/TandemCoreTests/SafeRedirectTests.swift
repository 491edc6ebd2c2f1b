import Foundation
import Testing

@testable import TandemCore

@Suite("Where sign-in may send someone")
struct SafeRedirectTests {
    @Test("a path on this site is followed", arguments: ["/", "/cases/mine", "/cases?q=Marsh", "/people/1"])
    func followed(path: String) {
        #expect(SafeRedirect.path(path) == path)
    }

    // Whitespace is refused even encoded, as issue 17 asks: a space after decoding is a space.
    @Test(
        "anything else is not",
        arguments: [
            "//evil.example/", "/\\evil.example/", "/%09/evil.example/", "/%2F/evil.example/", "/\t/evil.example/",
            "/\r\nSet-Cookie: injected=1", "/%0D%0ASet-Cookie:%20injected=1", "https://evil.example/", "evil",
            "/a b", "/cases?q=Marsh%20House", "/sign-in", "/sign-%69n", "", String(repeating: "/a", count: 101),
        ])
    func refused(path: String) {
        #expect(SafeRedirect.path(path) == nil, "\(path)")
    }

    @Test("no value is no redirect")
    func missing() {
        #expect(SafeRedirect.path(nil) == nil)
    }
}
