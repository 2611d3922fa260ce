// The OpenAPI document against the router it describes: every API route in it and nothing else, each
// operation's security as its access rule says, and anyone may read it.
import Foundation
import Testing
import Web
@testable import LoupeApp

@Suite struct OpenAPIDocumentTests {
    let app: TestApp
    let document: [String: Any]

    init() throws {
        app = try TestApp()
        let response = app.send(.GET, "/api/v1/openapi.json")
        #expect(response.status == 200 && response.header("Content-Type") == "application/json")
        document = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] ?? [:]
    }

    private var operations: [(key: String, operation: [String: Any])] {
        (document["paths"] as? [String: [String: Any]] ?? [:]).flatMap { path, methods in
            methods.map { method, operation in ("\(method.uppercased()) \(path)", operation as? [String: Any] ?? [:]) }
        }
    }

    @Test func everyAPIRouteIsDocumentedAndNothingElse() {
        let served = Set(app.responder.router.routes.filter { $0.pattern.hasPrefix("/api/v1/") || $0.pattern.hasPrefix("/api/2.0/") }
            .map { "\($0.method.rawValue) \($0.pattern)" })
        let documented = Set(operations.map(\.key))
        #expect(document["openapi"] as? String == "3.1.0")
        #expect(served.subtracting(documented).isEmpty, "undocumented: \(served.subtracting(documented).sorted())")
        #expect(documented.subtracting(served).isEmpty, "documented but not served: \(documented.subtracting(served).sorted())")
        #expect(served.contains("POST /api/v1/serve/{model}/predict") && served.contains("GET /api/2.0/mlflow/registered-models/get"))
    }

    @Test func eachOperationsSecurityIsItsAccessRule() {
        for (key, operation) in operations {
            let security = operation["security"] as? [[String: Any]] ?? []
            // The access matrix's own table (written by hand, checked against real calls) decides
            let open = accessRules[key].map { if case .anyone = $0 { true } else { false } }
            #expect(open != nil, "\(key) has no rule in the access matrix")
            #expect(security.isEmpty == (open ?? false), "\(key): security \(security) but rule \(String(describing: accessRules[key]))")
            if !security.isEmpty, key.hasPrefix("POST") || key.hasPrefix("PUT") || key.hasPrefix("PATCH") || key.hasPrefix("DELETE") {
                #expect(security.contains { $0["csrf"] != nil }, "\(key): a cookie session needs the CSRF header")
            }
        }
    }

    @Test func operationsNameTheirPathParametersTagsAndErrors() throws {
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        let members = try #require(paths["/api/v1/projects/{id}/members/{userId}"]?["delete"] as? [String: Any])
        let names = (members["parameters"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        #expect(names == ["id", "userId"] && members["tags"] as? [String] == ["Projects"])
        let meanings = (members["parameters"] as? [[String: Any]] ?? []).compactMap { $0["description"] as? String }
        #expect(meanings == ["The project's id.", "The member's user id."])
        let predict = try #require(paths["/api/v1/serve/{model}/predict"]?["post"] as? [String: Any])
        let content = ((predict["requestBody"] as? [String: Any])?["content"] as? [String: Any]) ?? [:]
        #expect(Set(content.keys) == ["application/json", "multipart/form-data", "image/jpeg", "image/png"])
        #expect(predict["tags"] as? [String] == ["Serving"])
        let responses = try #require(predict["responses"] as? [String: Any])
        #expect((responses["422"] as? [String: String])?["$ref"] == "#/components/responses/422")
        let mlflow = try #require(paths["/api/2.0/mlflow/registered-models/get"]?["get"] as? [String: Any])
        #expect(mlflow["tags"] as? [String] == ["MLflow"])
        let ids = operations.compactMap { $0.operation["operationId"] as? String }
        #expect(Set(ids).count == ids.count, "operation ids are unique")
        #expect(((mlflow["responses"] as? [String: Any])?["404"] as? [String: Any]).map { "\($0)".contains("MLflowError") } == true)
    }

    /// Each API route (Loupe's and MLflow's) has its contract written (summary, success shape), and every
    /// schema it names exists: a new route cannot land with `{}` as its answer.
    @Test func everyOperationHasItsContractAndItsSchemasExist() throws {
        let loupe = app.responder.router.routes.filter(OpenAPIDocument.isAPI)
        let missing = loupe.filter { APIContracts.all[APIContracts.key($0)] == nil }.map(APIContracts.key)
        #expect(missing.isEmpty, "no contract: \(missing.sorted())")
        let stale = Set(APIContracts.all.keys).subtracting(loupe.map(APIContracts.key))
        #expect(stale.isEmpty, "contracts for routes that are gone: \(stale.sorted())")
        let text = String(decoding: app.send(.GET, "/api/v1/openapi.json").body, as: UTF8.self)
        let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: Any])
        for name in Set(text.matches(of: /#\/components\/schemas\/(\w+)/).map { String($0.1) }) {
            #expect(schemas[name] != nil, "\(name) is referred to but not defined")
        }
        for (key, operation) in operations {
            let responses = operation["responses"] as? [String: Any] ?? [:]
            #expect(responses.keys.contains { $0.hasPrefix("2") }, "\(key) documents no success")
            #expect(!(operation["summary"] as? String ?? "").isEmpty, "\(key) has no summary")
        }
        // A JSON body's example is valid against its own required members
        let create = try #require((document["paths"] as? [String: [String: Any]])?["/api/v1/projects"]?["post"] as? [String: Any])
        let json = try #require(((create["requestBody"] as? [String: Any])?["content"] as? [String: Any])?["application/json"] as? [String: Any])
        #expect((json["example"] as? [String: Any])?["name"] as? String == "Birds")
        #expect((json["schema"] as? [String: Any])?["required"] as? [String] == ["name"])
        // An optional member may be null, and a null is a member of its enum too (`"kind": null` is the default kind)
        let jobs = try #require((document["paths"] as? [String: [String: Any]])?["/api/v1/projects/{id}/jobs"]?["post"] as? [String: Any])
        let jobBody = ((jobs["requestBody"] as? [String: Any])?["content"] as? [String: Any])?["application/json"] as? [String: Any]
        let kind = ((jobBody?["schema"] as? [String: Any])?["properties"] as? [String: Any])?["kind"] as? [String: Any]
        #expect((kind?["enum"] as? [Any])?.contains { $0 is NSNull } == true && (kind?["type"] as? [String]) == ["string", "null"])
    }
}
