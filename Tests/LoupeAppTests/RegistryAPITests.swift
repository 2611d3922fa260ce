// The registry's JSON API through the router: who may do what, and the answers' shapes.
import Domain
import Foundation
import Store
import Testing
import Web
@testable import LoupeApp

@Suite struct RegistryAPITests {
    let registry: RegistryFixture
    var app: TestApp { registry.app }

    init() throws { registry = try RegistryFixture() }

    @Test func adminsMoveStagesAndTheHistoryShowsIt() throws {
        let path = "/api/v1/models/versions/\(registry.versionIDs[0])/stage"
        #expect(try app.send(.POST, path, as: "dat", #"{"stage":"Staging","reason":"x"}"#).status == 403)
        #expect(try app.send(.POST, path, as: "admin", #"{"stage":"stagin","reason":"x"}"#).json["error"] != nil)
        let moved = try app.send(.POST, path, as: "admin", #"{"stage":"production","reason":"ship","archive_existing":true}"#)
        #expect(moved.status == 200 && moved.json["stage"] as? String == "Production")
        let again = try app.send(.POST, path, as: "admin", #"{"stage":"Production","reason":"again"}"#)
        #expect(again.status == 422 && again.errorCode == "invalid_field")
        let history = try app.send(.GET, "/api/v1/models/versions/\(registry.versionIDs[0])/history", as: "dat")
        let transitions = try #require(history.json["transitions"] as? [[String: Any]])
        #expect(transitions.map { $0["to_stage"] as? String } == ["Production"])
        let list = try app.send(.GET, "/api/v1/models", as: "dat").json["models"] as? [[String: Any]]
        #expect(list?.first?["production_versions"] as? [Int] == [1])
        #expect(try app.send(.GET, "/api/v1/models", as: "ann").status == 403)
    }

    @Test func aliasesRequestsAndDecisions() throws {
        let aliasPath = "/api/v1/models/\(registry.modelID)/aliases/champion"
        #expect(try app.send(.PUT, aliasPath, as: "dat", #"{"version":1}"#).status == 403)
        #expect(try app.send(.PUT, aliasPath, as: "admin", #"{"version":2}"#).json["aliases"] as? [String: Int] == ["champion": 2])
        #expect(try app.send(.PUT, aliasPath, as: "admin", #"{"version":9}"#).status == 404)
        let model = try app.send(.GET, "/api/v1/models/\(registry.modelID)", as: "dat")
        #expect((model.json["versions"] as? [[String: Any]])?.map { $0["version"] as? Int } == [2, 1])
        #expect(try app.send(.DELETE, aliasPath, as: "admin").json["aliases"] as? [String: Int] == [:])
        // The data team asks; an admin approves
        let asked = try app.send(.POST, "/api/v1/models/versions/\(registry.versionIDs[1])/requests", as: "dat",
                                 #"{"stage":"Staging","reason":"good"}"#)
        #expect(asked.status == 201)
        let requestID = try #require(asked.json["id"] as? Int)
        #expect(try app.send(.POST, "/api/v1/models/requests/\(requestID)", as: "dat", #"{"decision":"approve"}"#).status == 403)
        let approved = try app.send(.POST, "/api/v1/models/requests/\(requestID)", as: "admin", #"{"decision":"approve"}"#)
        #expect(approved.json["state"] as? String == "approved")
        #expect(try registry.stage(1) == "Staging")
    }

    @Test func artifactsDownloadThroughNginxWithTheirChecksum() throws {
        let response = try app.send(.GET, "/api/v1/models/versions/\(registry.versionIDs[0])/artifact", as: "dat")
        #expect(response.header("X-Accel-Redirect") == "/_artifacts/\(registry.artifactPath)")
        #expect(response.header("Content-Disposition") == "attachment; filename=\"Birds__script_-v1.loupe\"")
        #expect(response.header("X-Artifact-SHA256")?.count == 64)
        #expect(try app.send(.GET, "/api/v1/models/versions/\(registry.versionIDs[0])/artifact", as: "ann").status == 403)
    }
}
