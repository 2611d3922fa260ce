// GET /api/v1/openapi.json: the API's OpenAPI document, built from the routes this worker serves
// (this one included, so it is made once the router is complete).
import Synchronization
import Web

struct APIDocumentController: Sendable {
    /// Filled by `makeRouter()` once every route is added; read-only afterwards.
    final class Document: Sendable {
        private let bytes = Mutex<[UInt8]>([])
        func set(_ value: [UInt8]) { bytes.withLock { $0 = value } }
        var value: [UInt8] { bytes.withLock { $0 } }
    }

    let document: Document

    func addRoutes(to routes: inout RouteTable) {
        routes.add(.GET, "/api/v1/openapi.json", access: .anyone, showDocument)
    }

    func showDocument(_ request: Request, _ context: PublicContext) throws -> Response {
        Response(status: HTTPStatus.ok, headers: [("Content-Type", "application/json"), ("Cache-Control", "no-cache")], body: document.value)
    }
}
