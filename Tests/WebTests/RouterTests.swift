// Routing: path parameters, 404, 405 with Allow, HEAD falling back to GET.
import Testing
@testable import Web

@Suite struct RouterTests {
    func router() -> Router {
        var router = Router()
        router.add(.GET, "/api/v1/users/{id}", access: .open) { .text("user \($0.pathParameters["id"]!)") }
        router.add(.PATCH, "/api/v1/users/{id}", access: .open) { _ in .text("patched") }
        router.add(.GET, "/api/v1/users", access: .open) { _ in .text("list") }
        return router
    }

    @Test func matchesParameters() throws {
        let (_, parameters) = try router().route(for: Request(method: .GET, target: "/api/v1/users/42?x=1"))
        #expect(parameters == ["id": "42"])
    }

    @Test func unknownPathIs404() {
        #expect(throws: HTTPError.self) { try router().route(for: Request(method: .GET, target: "/api/v1/nope")) }
        do {
            _ = try router().route(for: Request(method: .GET, target: "/api/v1/users/1/extra"))
        } catch let error as HTTPError {
            #expect(error.status == 404)
        } catch { Issue.record("unexpected \(error)") }
    }

    @Test func wrongMethodIs405WithAllow() {
        do {
            _ = try router().route(for: Request(method: .DELETE, target: "/api/v1/users/1"))
            Issue.record("expected 405")
        } catch let error as HTTPError {
            #expect(error.status == 405)
            #expect(error.headers["Allow"] == "GET, PATCH")
        } catch { Issue.record("unexpected \(error)") }
    }

    @Test func headUsesGetWithoutBody() {
        let responder = Responder(router: router()) { _, _ in }
        let response = responder.respond(to: Request(method: .HEAD, target: "/api/v1/users"))
        #expect(response.status == 200)
        #expect(response.body.isEmpty)
    }
}
