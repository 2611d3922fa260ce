// Error mapping: one JSON shape for API clients, a page for browsers, and no leaks on a 500.
import Foundation
import Synchronization
import Testing
@testable import Web

@Suite struct ResponderTests {
    struct Secret: Error {}

    func responder(log: (@Sendable (Request, any Error) -> Void)? = nil) -> Responder {
        var router = Router()
        router.add(.GET, "/api/v1/conflict", access: .open) { _ in
            throw HTTPError(409, code: "stale_revision", message: "Reload first.", field: "revision")
        }
        router.add(.GET, "/api/v1/crash", access: .open) { _ in throw Secret() }
        router.add(.GET, "/page", access: .open) { _ in throw HTTPError.forbidden("No <b>entry</b>.") }
        return Responder(router: router, logUnexpected: log ?? { _, _ in })
    }

    func json(_ response: Response) throws -> [String: [String: String?]] {
        try JSONDecoder().decode([String: [String: String?]].self, from: Data(response.body))
    }

    @Test func httpErrorsBecomeTheErrorShape() throws {
        // When a handler throws an HTTPError
        let response = responder().respond(to: Request(method: .GET, target: "/api/v1/conflict", requestID: "r1"))
        // Then the client gets its status and {"error":{code,message,field}}
        #expect(response.status == 409)
        #expect(response.header("Content-Type") == "application/json")
        let body = try json(response)
        #expect(body["error"]?["code"] == "stale_revision")
        #expect(body["error"]?["message"] == "Reload first.")
        #expect(body["error"]?["field"] == "revision")
        #expect(response.header("X-Request-Id") == "r1")
    }

    @Test func theResponseNamesItsRoutePatternNotItsPath() {
        // Given a route with a parameter, a route that fails, and a path no route knows
        var router = Router()
        router.add(.GET, "/api/v1/things/{id}", access: .open) { _ in .text("ok") }
        router.add(.GET, "/api/v1/crash", access: .open) { _ in throw Secret() }
        let responder = Responder(router: router) { _, _ in }
        // Then each response carries the pattern that answered, or one label for every unknown path
        #expect(responder.respond(to: Request(method: .GET, target: "/api/v1/things/42")).route == "/api/v1/things/{id}")
        #expect(responder.respond(to: Request(method: .HEAD, target: "/api/v1/things/42")).route == "/api/v1/things/{id}")
        #expect(responder.respond(to: Request(method: .GET, target: "/api/v1/crash")).route == "/api/v1/crash")
        #expect(responder.respond(to: Request(method: .GET, target: "/api/v1/nope/7")).route == Router.unmatched)
        #expect(responder.respond(to: Request(method: .POST, target: "/api/v1/things/42")).route == Router.unmatched)
    }

    @Test func unexpectedErrorsAreLoggedAndHidden() throws {
        // Given a handler failing with an error that knows no status
        let logged = Mutex<[String]>([])
        let responder = responder { request, error in logged.withLock { $0.append("\(request.requestID) \(error)") } }
        // When it is called
        let response = responder.respond(to: Request(method: .GET, target: "/api/v1/crash", requestID: "abc"))
        // Then the client sees a 500 quoting the request id, and nothing of the error itself
        #expect(response.status == 500)
        let body = try json(response)
        #expect(body["error"]?["code"] == "internal_error")
        let message = body["error"]?["message"] ?? nil
        #expect(message?.contains("abc") == true)
        #expect(!String(decoding: response.body, as: UTF8.self).contains("Secret"))
        #expect(logged.withLock { $0 } == ["abc Secret()"])
    }

    @Test func browsersGetAnEscapedPage() {
        let response = responder().respond(to: Request(method: .GET, target: "/page", headers: ["Accept": "text/html"]))
        #expect(response.status == 403)
        let page = String(decoding: response.body, as: UTF8.self)
        #expect(page.contains("No &lt;b&gt;entry&lt;/b&gt;."))
        #expect(!page.contains("<b>entry"))
    }

    @Test func fieldIsNullWhenAbsent() throws {
        let response = responder().respond(to: Request(method: .GET, target: "/nowhere"))
        #expect(response.status == 404)
        #expect(String(decoding: response.body, as: UTF8.self).contains("\"field\":null"))
    }
}
