// Hostile input through the router: nesting bombs, huge polygons, NaN and infinite coordinates,
// SQL metacharacters, Unicode, XSS payloads and path tricks. Each gets a clear 4xx or is stored
// verbatim and escaped on the way out; nothing crashes and nothing half-written is left.
import Domain
import Foundation
import Store
import Testing
import Web
@testable import LoupeApp

@Suite struct HostileInputTests {
    let app: TestApp
    let projectID: Int
    let labelID: Int
    let imageID: Int

    init() throws {
        app = try TestApp()
        try app.addUser("dat", role: .data)
        projectID = try #require(try app.send(.POST, "/api/v1/projects", as: "dat", #"{"name":"Hostile"}"#).json["id"] as? Int)
        labelID = try #require(try app.send(.POST, "/api/v1/projects/\(projectID)/labels", as: "dat", #"{"name":"bird"}"#).json["id"] as? Int)
        imageID = try app.uploadImage(to: projectID, as: "dat", width: 100, height: 80, shade: 70)
    }

    static func nested(_ depth: Int) -> String { String(repeating: "[", count: depth) + String(repeating: "]", count: depth) }

    @Test(arguments: [
        (HTTPMethod.PUT, "/api/v1/images/{image}/annotations"), (.POST, "/api/v1/projects/{project}/labels"),
        (.POST, "/api/v1/projects"), (.PUT, "/api/v1/projects/{project}/queue"), (.POST, "/api/v1/projects/{project}/jobs"),
        (.POST, "/api/v1/projects/{project}/import/coco"), (.POST, "/api/2.0/mlflow/registered-models/create"),
    ])
    func aNestingBombIsRefusedWithoutCrashing(method: HTTPMethod, pattern: String) throws {
        // Given a body nested 100,000 deep, as a value and as the whole body
        let path = pattern.replacing("{image}", with: String(imageID)).replacing("{project}", with: String(projectID))
        for body in [#"{"name":\#(Self.nested(100_000))}"#, Self.nested(100_000)] {
            let response = try app.send(method, path, as: "dat", body)
            // Then it is a client error with the error shape, and the worker is still standing
            #expect((400..<500).contains(response.status), "\(pattern): \(response.status)")
            // (MLflow's routes answer in MLflow's error shape, {"error_code","message"})
            #expect(response.errorCode != nil || response.json["error_code"] as? String == "INVALID_PARAMETER_VALUE")
        }
        #expect(app.send(.GET, "/api/v1/health").status == 200)
    }

    @Test func aMillionVertexPolygonIsRefusedAndNothingIsSaved() throws {
        let points = Array(repeating: "[1.5,2.5],[3.5,2.5],[2.5,4.5]", count: 333_334).joined(separator: ",")
        let body = #"{"revision":0,"shapes":[{"type":"polygon","label_id":\#(labelID),"points":[\#(points)]}]}"#
        let response = try app.send(.PUT, "/api/v1/images/\(imageID)/annotations", as: "dat", body)
        #expect(response.status == 422)
        #expect(response.errorCode != nil)
        #expect((response.json["error"] as? [String: Any])?["field"] as? String == "shapes[0].points")
        #expect(try app.send(.GET, "/api/v1/images/\(imageID)/annotations", as: "dat").json["revision"] as? Int == 0)
    }

    @Test(arguments: ["1e999", "-1e999", "NaN", "Infinity", "\"1\"", "null"])
    func nonFiniteOrNonNumericCoordinatesAreRefused(value: String) throws {
        let body = #"{"revision":0,"shapes":[{"type":"bbox","label_id":\#(labelID),"x":\#(value),"y":1,"w":10,"h":10}]}"#
        let response = try app.send(.PUT, "/api/v1/images/\(imageID)/annotations", as: "dat", body)
        #expect([400, 422].contains(response.status), "x = \(value): \(response.status) \(response.text)")
        #expect(try app.send(.GET, "/api/v1/images/\(imageID)/annotations", as: "dat").json["revision"] as? Int == 0)
    }

    @Test(arguments: [
        "Robert'); DROP TABLE users;--", #"" OR 1=1 --"#, "%_\\%", "Ωmega 🐦 ñandú 漢字", "\u{202E}evil\u{202C}",
        "<script>alert(1)</script>", #""><img src=x onerror=alert(1)>"#,
    ])
    func namesAreStoredVerbatimAndEscapedOnEveryPage(name: String) throws {
        // Given a project, a label and a registered model named with the payload
        let escapedJSON = String(decoding: try JSONEncoder().encode(["name": name]), as: UTF8.self)
        let created = try app.send(.POST, "/api/v1/projects", as: "dat", escapedJSON)
        #expect(created.status == 201, "\(created.text)")
        let project = try #require(created.json["id"] as? Int)
        #expect(created.json["name"] as? String == name)
        let label = try app.send(.POST, "/api/v1/projects/\(projectID)/labels", as: "dat", escapedJSON)
        #expect(label.status == 201)
        #expect(label.json["name"] as? String == name)
        // Then the API gives the same text back, and the users table is still there
        #expect(try app.send(.GET, "/api/v1/projects/\(project)", as: "dat").json["name"] as? String == name)
        #expect(try app.context.database.user(named: "dat") != nil)
        // And no server-rendered page carries the payload unescaped
        var admin = try app.browser("admin")
        for page in ["/admin/audit", "/admin/users", "/admin/models", "/auth/account"] {
            let html = admin.send(.GET, page).text
            #expect(!html.contains("<script>alert(1)"), "\(page)")
            #expect(!html.contains("<img src=x"), "\(page)")
        }
    }

    @Test(arguments: ["../../etc/passwd", "..\\..\\boot.ini", "/absolute/x.jpg", "a/../../b.jpg", "%2e%2e%2fx.jpg", "nul\u{0}byte.jpg"])
    func uploadFileNamesCannotNameAPath(fileName: String) throws {
        let encoded = FormFields.encodeComponent(fileName)
        let upload = app.responder.respond(to: Request(
            method: .POST, target: "/api/v1/projects/\(projectID)/images?file_name=\(encoded)",
            headers: ["Authorization": "Bearer \(try app.token(for: "dat"))"],
            body: try ImageUploadTests.jpeg(width: 30, height: 20, shade: UInt8(fileName.count)), requestID: "u"))
        #expect([200, 201].contains(upload.status), "\(upload.text)")
        let stored = try #require((upload.json["image"] as? [String: Any])?["file_name"] as? String)
        #expect(!stored.contains("/") && !stored.contains("\\") && !stored.contains("..") && !stored.contains("\u{0}"), "\(stored)")
    }

    @Test(arguments: ["/api/v1/images/1%2f..%2f..%2fetc/file", "/api/v1/images/..%2f..%2fx/thumbnail", "/api/v1/images/-1/file",
                      "/api/v1/images/99999999999999999999999/file", "/api/v1/images/1e3/file"])
    func filePathsTakeNumericIdsOnly(target: String) throws {
        let response = try app.send(.GET, target, as: "dat")
        #expect([400, 404].contains(response.status), "\(target): \(response.status)")
        #expect(response.header("X-Accel-Redirect") == nil)
    }
}
