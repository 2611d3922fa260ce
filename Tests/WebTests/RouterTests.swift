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

    /// `{id}` takes digits only: a literal path beside it is never read as an id (GET /users/export
    /// answered 404 "no such id" instead of 405 before).
    @Test func idParametersAreNumbersSoLiteralPathsGet405() {
        var router = router()
        router.add(.POST, "/api/v1/users/export", access: .open) { _ in .text("exported") }
        do {
            _ = try router.route(for: Request(method: .GET, target: "/api/v1/users/export"))
            Issue.record("expected 405")
        } catch let error as HTTPError {
            #expect(error.status == 405 && error.headers["Allow"] == "POST")
        } catch { Issue.record("unexpected \(error)") }
        #expect(throws: HTTPError.self) { try router.route(for: Request(method: .GET, target: "/api/v1/users/4x")) }
    }

    @Test func headUsesGetWithoutBody() {
        let responder = Responder(router: router()) { _, _ in }
        let response = responder.respond(to: Request(method: .HEAD, target: "/api/v1/users"))
        #expect(response.status == 200)
        #expect(response.body.isEmpty)
    }
}
