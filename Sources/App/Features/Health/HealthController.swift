import Fluent
import SQLKit
import Vapor

/// `GET /health` for load balancers and monitoring; `GET /api/me` for scripts.
struct HealthController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.health, use: health)
        routes.get(.apiMe, use: me)
    }

    struct Health: Content {
        var status: String
        var database: String
        var version: String
    }

    @Sendable
    func health(request: Request) async throws -> Response {
        var status = "ok"
        do {
            _ = try await (request.db as? any SQLDatabase)?.raw("SELECT 1 AS one").all()
        } catch {
            status = "unavailable"
        }
        let body = Health(
            status: status, database: request.application.settings.database.kindName, version: TandemVersion.current)
        let response = try await body.encodeResponse(for: request)
        response.status = status == "ok" ? .ok : .serviceUnavailable
        return response
    }

    struct Me: Content {
        var email: String
        var name: String
        var organisation: String
        var roles: [String]
    }

    @Sendable
    func me(request: Request) async throws -> Me {
        let user = try request.authorize(.viewHome)
        return Me(
            email: user.email, name: user.displayName, organisation: user.organisationName,
            roles: user.roles.sorted().map(\.rawValue))
    }
}
