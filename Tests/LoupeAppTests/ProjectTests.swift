// Projects over the API: who may create them, who sees them, members.
import Domain
import Foundation
import Store
import Testing
import Web
@testable import LoupeApp

@Suite struct ProjectTests {
    let app: TestApp
    init() throws {
        app = try TestApp()
        try app.addUser("ann", role: .annotator)
        try app.addUser("dat", role: .data)
    }

    func auth(_ username: String) throws -> [String: String] {
        ["Authorization": "Bearer \(try app.token(for: username))", "Content-Type": "application/json"]
    }

    @Test func dataTeamCreatesAnnotatorsCannot() throws {
        let refused = app.send(.POST, "/api/v1/projects", headers: try auth("ann"), body: #"{"name":"Birds"}"#)
        #expect(refused.status == 403)
        let created = app.send(.POST, "/api/v1/projects", headers: try auth("dat"), body: #"{"name":"Birds","description":"garden birds"}"#)
        #expect(created.status == 201)
        #expect(created.json["name"] as? String == "Birds")
        let duplicate = app.send(.POST, "/api/v1/projects", headers: try auth("dat"), body: #"{"name":"BIRDS"}"#)
        #expect(duplicate.status == 409 && duplicate.errorCode == "duplicate")
        let blank = app.send(.POST, "/api/v1/projects", headers: try auth("dat"), body: #"{"name":"  "}"#)
        #expect(blank.status == 422 && (blank.json["error"] as? [String: Any])?["field"] as? String == "name")
    }

    @Test func nonMembersGet404AndMembersGetIn() throws {
        // Given a project the annotator is not in
        let created = app.send(.POST, "/api/v1/projects", headers: try auth("dat"), body: #"{"name":"Cells"}"#)
        let id = try #require(created.json["id"] as? Int)
        let ann = try auth("ann")
        // Then it is invisible to them
        #expect(app.send(.GET, "/api/v1/projects/\(id)", headers: ann).status == 404)
        #expect((app.send(.GET, "/api/v1/projects", headers: ann).json["projects"] as? [Any])?.isEmpty == true)
        // When the data team adds them by username
        let added = app.send(.POST, "/api/v1/projects/\(id)/members", headers: try auth("dat"), body: #"{"username":"ann","role":"annotator"}"#)
        #expect(added.status == 201 && added.json["username"] as? String == "ann")
        // Then they see it and its members, but still cannot manage it
        #expect(app.send(.GET, "/api/v1/projects/\(id)", headers: ann).status == 200)
        #expect((app.send(.GET, "/api/v1/projects/\(id)/members", headers: ann).json["members"] as? [Any])?.count == 1)
        #expect(app.send(.PATCH, "/api/v1/projects/\(id)", headers: ann, body: #"{"archived":true}"#).status == 403)
        // And removing them hides it again
        let annID = try app.context.database.user(named: "ann")!.id
        #expect(app.send(.DELETE, "/api/v1/projects/\(id)/members/\(annID)", headers: try auth("dat")).status == 204)
        #expect(app.send(.GET, "/api/v1/projects/\(id)", headers: ann).status == 404)
    }

    @Test func renameAndArchive() throws {
        let id = try #require(app.send(.POST, "/api/v1/projects", headers: try auth("dat"), body: #"{"name":"A"}"#).json["id"] as? Int)
        let renamed = app.send(.PATCH, "/api/v1/projects/\(id)", headers: try auth("admin"), body: #"{"name":"B","archived":true}"#)
        #expect(renamed.status == 200 && renamed.json["name"] as? String == "B" && renamed.json["archived"] as? Bool == true)
        let list = app.send(.GET, "/api/v1/projects", headers: try auth("admin"))
        #expect((list.json["projects"] as? [Any])?.isEmpty == true)
        let archived = app.send(.GET, "/api/v1/projects?archived=1", headers: try auth("admin"))
        #expect((archived.json["projects"] as? [Any])?.count == 1)
        let unknownUser = app.send(.POST, "/api/v1/projects/\(id)/members", headers: try auth("admin"), body: #"{"username":"ghost","role":"annotator"}"#)
        #expect(unknownUser.status == 422 && unknownUser.errorCode == "invalid_field")
    }
}
