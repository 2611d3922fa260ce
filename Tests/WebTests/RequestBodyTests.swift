// Request bodies: JSON DTO decoding with field paths, content-type checks, target parsing.
import Testing
@testable import Web

@Suite struct RequestBodyTests {
    struct Shape: Decodable { let labelId: Int; let points: [[Double]] }
    struct Body: Decodable { let revision: Int; let shapes: [Shape] }

    func request(_ json: String, type: String = "application/json") -> Request {
        Request(method: .PUT, target: "/x", headers: ["Content-Type": type + "; charset=utf-8"], body: Array(json.utf8))
    }

    @Test func decodesSnakeCaseKeys() throws {
        let body = try request(#"{"revision":3,"shapes":[{"label_id":1,"points":[[1,2]]}]}"#).decodeJSON(Body.self)
        #expect(body.shapes[0].labelId == 1)
    }

    @Test func namesTheFieldAtFault() {
        #expect(throws: HTTPError.badRequest("shapes[1].label_id is required.", field: "shapes[1].label_id", code: "missing_field")) {
            try request(#"{"revision":3,"shapes":[{"label_id":1,"points":[]},{"points":[]}]}"#).decodeJSON(Body.self)
        }
        #expect(throws: HTTPError.badRequest("revision has the wrong type.", field: "revision", code: "invalid_field")) {
            try request(#"{"revision":"x","shapes":[]}"#).decodeJSON(Body.self)
        }
        #expect(throws: HTTPError.badRequest("The body is not valid JSON.", code: "invalid_json")) {
            try request(#"{"revision":"#).decodeJSON(Body.self)
        }
    }

    @Test func refusesOtherMediaTypes() {
        #expect(throws: HTTPError.self) { try request("{}", type: "text/plain").decodeJSON(Body.self) }
        #expect(throws: HTTPError.self) { try request("a=b", type: "application/json").formFields() }
    }

    @Test func parsesTargetAndHeaders() {
        let request = Request(method: .GET, target: "/a%20b/c?x=1&y=%2F", headers: ["Cookie": "s=1", "X-Thing": "v"])
        #expect(request.path == "/a b/c")
        #expect(request.query["y"] == "/")
        #expect(request.cookies["s"] == "1")
        #expect(request.header("x-thing") == "v")
    }
}
