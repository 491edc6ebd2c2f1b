import Fluent
import Vapor

/// Turns every error into a friendly page (or JSON under /api) that shows no
/// internals. Unexpected errors are logged with the request id only.
struct ErrorPagesMiddleware: AsyncMiddleware {
    struct APIError: Content {
        struct Body: Content {
            var status: Int
            var message: String
        }
        var error: Body
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch is AuthenticationRequired {
            if request.isAPI {
                return try json(.unauthorized, "Sign in to use this service.", for: request)
            }
            if request.sessionExpired, let expired = request.expiredSession,
                let provided = request.headers.first(name: CSRFMiddleware.header)
                    ?? (try? request.content.get(String.self, at: CSRFMiddleware.formField)),
                Tokens.constantTimeEqual(expired.csrfToken, provided),
                var resume = ResumableSubmission.from(request),
                let seal = try? resume.sealed(for: expired.userID, at: request.now, with: request.application.emailSeal)
            {
                resume.seal = seal
                return try await SignInPage.resumeResponse(resume, for: request)
            }
            var target = SiteURL.signIn.path
            if request.method == .GET, request.url.path != SiteURL.home.path {
                target +=
                    "?next=" + (request.url.path.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
            }
            if request.sessionExpired {
                target += target.contains("?") ? "&expired=1" : "?expired=1"
            }
            let response = request.redirect(to: target, redirectType: .normal)
            if request.sessionExpired {
                response.cookies[SessionMiddleware.cookieName] = request.sessionCookie("", expired: true)
            }
            return response
        } catch {
            if error is AccessRefused { await recordRefusal(request) }
            let status = (error as? any AbortError)?.status ?? .internalServerError
            let message: String
            if status == .internalServerError {
                request.logger.error("Unhandled error: \(String(describing: error))")
                message = "Something went wrong on our side. Nothing you entered has been saved. Try again later."
            } else if let abort = error as? any AbortError, abort.reason != status.reasonPhrase {
                message = abort.reason
            } else {
                message = Self.defaultMessage(for: status)
            }
            if request.isAPI {
                return try json(status, message, for: request)
            }
            return try await ErrorPage.render(status: status, message: message, for: request)
        }
    }

    /// Records a signed-in user's refused request, naming the case when the path has one. The refusal
    /// stands even if recording it fails; the failure is logged.
    private func recordRefusal(_ request: Request) async {
        guard request.currentUser != nil else { return }
        let caseID = request.parameters.get("caseID", as: UUID.self)
        let path = String(request.url.path.prefix(200))
        let entry = AuditEntry(
            action: .accessDenied, recordType: caseID == nil ? .route : .case, recordID: caseID?.uuidString,
            summary: "Refused \(request.method.rawValue) \(path)")
        do {
            try await request.write { work in try await work.record(entry) }
        } catch {
            request.logger.error("Could not record a refused request: \(String(describing: error))")
        }
    }

    private func json(_ status: HTTPStatus, _ message: String, for request: Request) throws -> Response {
        let response = Response(status: status)
        try response.content.encode(APIError(error: .init(status: Int(status.code), message: message)))
        return response
    }

    static func defaultMessage(for status: HTTPStatus) -> String {
        switch status {
        case .notFound:
            "If you typed the web address, check it is correct. If you followed a link, the record may have been removed or you may not have access to it."
        case .forbidden:
            "Your account does not have permission to do this. If you think it should, ask your team manager or administrator."
        case .payloadTooLarge: "The information sent was too large."
        case .tooManyRequests: "Too many attempts. Wait a few minutes and try again."
        default: "The request could not be completed."
        }
    }
}

extension Request {
    var isAPI: Bool { url.path == "/api" || url.path.hasPrefix("/api/") }
}
