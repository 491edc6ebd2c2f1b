import Foundation
import NIOCore
import Vapor
import VaporTesting

/// A tiny browser over the in-memory tester: keeps cookies, finds the CSRF
/// token on the last page, and posts forms the way a real page would.
final class TestBrowser: @unchecked Sendable {
    let app: Application
    var cookies: [String: String] = [:]
    var lastCSRF: String?
    /// Sent as X-Forwarded-For (tests trust the proxy header) to act as one address.
    var address: String

    init(_ app: Application, address: String = "203.0.113.10") {
        self.app = app
        self.address = address
    }

    @discardableResult
    func get(_ path: String) async throws -> TestingHTTPResponse {
        try await send(.GET, path)
    }

    /// Posts a urlencoded form. The CSRF token from the last page is added
    /// unless `csrf` is false (or given explicitly in `form`).
    @discardableResult
    func post(_ path: String, _ form: [(String, String)] = [], csrf: Bool = true) async throws -> TestingHTTPResponse {
        var fields = form
        if csrf, !fields.contains(where: { $0.0 == "csrf_token" }) {
            if lastCSRF == nil { try await get(path.hasPrefix("/sign-in") ? "/sign-in" : "/") }
            fields.append(("csrf_token", lastCSRF ?? ""))
        }
        let body = fields.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        var headers = HTTPHeaders()
        headers.contentType = .urlEncodedForm
        return try await send(.POST, path, headers: headers, body: ByteBuffer(string: body))
    }

    /// Posts a multipart form with one file, the way a browser sends an upload.
    @discardableResult
    func postFile(
        _ path: String, _ form: [(String, String)], file: (name: String, bytes: [UInt8])?, field: String = "file"
    ) async throws -> TestingHTTPResponse {
        let boundary = "TandemTestBoundary\(UUID().uuidString.prefix(8))"
        var body = ByteBuffer()
        for (name, value) in form + [("csrf_token", lastCSRF ?? "")] {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        let file = file ?? (name: "", bytes: [])
        body.writeString(
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(field)\"; filename=\"\(file.name)\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n")
        body.writeBytes(file.bytes)
        body.writeString("\r\n--\(boundary)--\r\n")
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        return try await send(.POST, path, headers: headers, body: body)
    }

    func send(
        _ method: HTTPMethod, _ path: String, headers extra: HTTPHeaders = [:], body: ByteBuffer? = nil
    ) async throws -> TestingHTTPResponse {
        var headers = extra
        headers.replaceOrAdd(name: "X-Forwarded-For", value: address)
        if !cookies.isEmpty {
            headers.replaceOrAdd(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        }
        let request = TestingHTTPRequest(
            method: method, url: URI(path: path), headers: headers,
            body: body ?? ByteBufferAllocator().buffer(capacity: 0))
        let response = try await app.testing().performTest(request: request)
        for cookie in response.headers[.setCookie] {
            let pair = cookie.split(separator: ";").first ?? ""
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard let name = parts.first else { continue }
            let value = parts.count > 1 ? parts[1] : ""
            if value.isEmpty || cookie.contains("Max-Age=0") {
                cookies.removeValue(forKey: name)
            } else {
                cookies[name] = value
            }
        }
        if let token = Self.csrfToken(in: response.body.string) { lastCSRF = token }
        return response
    }

    @discardableResult
    func signIn(_ email: String, _ password: String = "correct horse staple") async throws -> TestingHTTPResponse {
        try await get("/sign-in")
        return try await post("/sign-in", [("email", email), ("password", password)])
    }

    static func csrfToken(in html: String) -> String? {
        guard let range = html.range(of: "name=\"csrf_token\" value=\"") else { return nil }
        let rest = html[range.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<end])
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
