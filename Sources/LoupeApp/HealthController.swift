// GET /api/v1/health: is the worker up and can it read the database?
import Store
import Web

extension AppContext {
    struct Health: Encodable {
        let status: String
        let database: String
        let schema: String?
        let version: String
    }

    func showHealth(_ request: Request) throws -> Response {
        do {
            return try .json(Health(status: "ok", database: "ok", schema: try database.currentSchema(),
                                    version: Self.version))
        } catch {
            return try .json(Health(status: "unavailable", database: "\(error)", schema: nil, version: Self.version),
                             status: HTTPStatus.serviceUnavailable)
        }
    }
}
