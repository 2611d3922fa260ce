// GET /api/v1/health: is the worker up and can it read the database?
import Logging
import Store
import Web

struct HealthController: Sendable {
    let store: any MonitoringStore

    func addRoutes(to routes: inout RouteTable) {
        routes.add(.GET, "/api/v1/health", access: .anyone, showHealth)
    }

    struct Health: Encodable {
        let status: String
        let database: String
        let schema: String?
        let version: String
    }

    /// Anyone may ask, so a failure says only "unavailable"; what went wrong goes to the log.
    func showHealth(_ request: Request, _ context: PublicContext) throws -> Response {
        do {
            return try .json(Health(status: "ok", database: "ok", schema: try store.currentSchema(),
                                    version: AppContext.version))
        } catch {
            Logger(label: "loupe.health").error("health check id=\(request.requestID): the database cannot be read: \(error)")
            return try .json(Health(status: "unavailable", database: "unavailable", schema: nil, version: AppContext.version),
                             status: HTTPStatus.serviceUnavailable)
        }
    }
}
