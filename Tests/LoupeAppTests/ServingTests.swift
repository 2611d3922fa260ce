// The serving endpoint through the router: what answers, aliases, scoped tokens, the off switch,
// inputs of every kind and the errors each wrong one gets.
import Domain
import FileStore
import Foundation
import Store
import Tensor
import Testing
import Web
@testable import LoupeApp

@Suite struct ServingTests {
    let fixture: ServingFixture
    let token: String
    var app: TestApp { fixture.app }

    init() throws {
        fixture = try ServingFixture()
        token = try fixture.app.token(for: "dat")
    }

    @Test func theProductionVersionAnswersAndSaysSo() throws {
        // When the data team's script posts an image to the model's endpoint
        let response = fixture.serve(token: token)
        // Then version 1 (Production) answers "dark", and the answer names it
        #expect(response.status == 200, "\(response.text)")
        #expect(response.json["version"] as? Int == 1 && response.json["arm"] as? String == "stable" && response.json["model_name"] as? String == "Shapes")
        let first = (response.json["predictions"] as? [[String: Any]])?.first
        #expect(first?["label"] as? String == "dark" && abs((first?["probability"] as? Double ?? 0) - 0.8808) < 0.001)
        #expect(response.header("X-Loupe-Model-Version") == "1")
    }

    @Test func anAliasIsServedAndMovingItMovesTheAnswer() throws {
        let admin = try app.token(for: "admin")
        #expect(fixture.json(.PUT, "/api/v1/models/\(fixture.modelID)/aliases/champion", token: admin, #"{"version": 2}"#).status == 200)
        #expect(fixture.serve("Shapes@champion", token: token).json["version"] as? Int == 2)
        // The process's cache holds version 2 now; moving the alias to 3 is answered by 3 on the next request
        #expect(fixture.json(.PUT, "/api/v1/models/\(fixture.modelID)/aliases/champion", token: admin, #"{"version": 3}"#).status == 200)
        let moved = fixture.serve("Shapes@champion", token: token)
        #expect(moved.json["version"] as? Int == 3 && moved.json["arm"] as? String == "alias")
    }

    @Test func unknownModelsAndAliasesAre404sNamingThem() throws {
        let model = fixture.serve("Nope", token: token)
        #expect(model.status == 404 && (model.json["error"] as? [String: Any])?["message"] as? String == "No model named 'Nope'.")
        let alias = fixture.serve("Shapes@gone", token: token)
        #expect(alias.status == 404 && ((alias.json["error"] as? [String: Any])?["message"] as? String)?.contains("'gone'") == true)
        // A model with nothing in Production says how to call it instead
        try ServingFixture.register(app, bytes: try ServingFixture.constantClassifier(answer: "dark"), name: "Fresh")
        let fresh = fixture.serve("Fresh", token: token)
        #expect(fresh.status == 404 && fresh.errorCode == "not_deployed")
    }

    @Test func aVersionLoupeCannotRunIsA409NamingWhy() throws {
        let onnx = try ServingFixture.register(app, bytes: Array("onnx bytes".utf8), name: "Shapes", framework: "onnx")
        try app.context.database.setAlias("onnx", versionID: onnx.id, by: .commandLine)
        let response = fixture.serve("Shapes@onnx", token: token)
        #expect(response.status == 409 && response.errorCode == "cannot_serve")
        #expect(((response.json["error"] as? [String: Any])?["message"] as? String)?.contains("onnx") == true)
    }

    @Test func aScopedTokenServesItsModelAndNothingElse() throws {
        // Given a token the data user limits to serving Shapes
        let created = fixture.json(.POST, "/api/v1/tokens", token: token, #"{"name": "shop app", "serve_model": "Shapes"}"#)
        #expect(created.status == 201, "\(created.text)")
        let scoped = try #require(created.json["secret"] as? String)
        #expect((created.json["token"] as? [String: Any])?["serve_model"] as? String == "Shapes")
        // Then it serves Shapes, and every other route refuses it
        #expect(fixture.serve(token: scoped).status == 200)
        let me = fixture.json(.GET, "/api/v1/me", token: scoped)
        #expect(me.status == 403 && me.errorCode == "token_scope")
        #expect(fixture.json(.GET, "/api/v1/models", token: scoped).status == 403)
        try ServingFixture.register(app, bytes: try ServingFixture.constantClassifier(answer: "dark"), name: "Other")
        #expect(fixture.serve("Other", token: scoped).errorCode == "token_scope")
        // An unknown model name is refused before the scope is looked at
        #expect(fixture.json(.POST, "/api/v1/tokens", token: token, #"{"name": "x", "serve_model": "Nope"}"#).status == 422)
    }

    @Test func annotatorsAndStrangersCannotServe() throws {
        #expect(fixture.serve(token: try app.token(for: "ann")).status == 403)
        #expect(app.send(.POST, "/api/v1/serve/Shapes/predict", headers: ["Content-Type": "image/jpeg"]).status == 401)
        // and a stranger learns nothing of which models exist
        #expect(app.send(.POST, "/api/v1/serve/Nope/predict", headers: ["Content-Type": "image/jpeg"]).status == 401)
    }

    @Test func aModelSwitchedOffAnswers409WithTheReasonAndTheSwitchIsAudited() throws {
        let admin = try app.token(for: "admin")
        // The data team may not switch it
        #expect(fixture.json(.PUT, "/api/v1/models/\(fixture.modelID)/deployment", token: token, #"{"enabled": false, "reason": "x"}"#).status == 403)
        let off = fixture.json(.PUT, "/api/v1/models/\(fixture.modelID)/deployment", token: admin, #"{"enabled": false, "reason": "labels under review"}"#)
        #expect(off.status == 200 && off.json["enabled"] as? Bool == false, "\(off.text)")
        let refused = fixture.serve(token: token)
        #expect(refused.status == 409 && refused.errorCode == "model_disabled")
        #expect(((refused.json["error"] as? [String: Any])?["message"] as? String)?.contains("labels under review") == true)
        #expect(fixture.serve("Shapes@canary", token: token).status == 409)  // every endpoint of the model
        // A reason is required, and switching to the same state says so
        #expect(fixture.json(.PUT, "/api/v1/models/\(fixture.modelID)/deployment", token: admin, #"{"enabled": true, "reason": " "}"#).status == 422)
        #expect(fixture.json(.PUT, "/api/v1/models/\(fixture.modelID)/deployment", token: admin, #"{"enabled": false, "reason": "again"}"#).status == 409)
        #expect(fixture.json(.PUT, "/api/v1/models/\(fixture.modelID)/deployment", token: admin, #"{"enabled": true, "reason": "reviewed"}"#).status == 200)
        #expect(fixture.serve(token: token).status == 200)
        let actions = try app.context.database.auditLog(limit: 20).map(\.action)
        #expect(actions.contains("model.serving.off") && actions.contains("model.serving.on"))
    }

    @Test func badImagesGetTheUploadErrors() throws {
        var headers = ["Authorization": "Bearer \(token)", "Content-Type": "image/jpeg"]
        let garbage = app.responder.respond(to: Request(method: .POST, target: "/api/v1/serve/Shapes/predict", headers: headers,
                                                        body: Array("not an image".utf8), requestID: "g"))
        #expect(garbage.status == 422 || garbage.status == 415, "\(garbage.text)")
        headers["Content-Type"] = "image/jpeg"
        let empty = app.responder.respond(to: Request(method: .POST, target: "/api/v1/serve/Shapes/predict", headers: headers, body: [], requestID: "e"))
        #expect(empty.status == 400 && empty.errorCode == "no_image")
    }

    @Test func aFormOfImagesAnswersEachWithItsOwnResult() throws {
        let boundary = "b0undary"
        var body: [UInt8] = []
        for (name, bytes) in [("a.jpg", fixture.image), ("broken.jpg", Array("garbage".utf8)), ("c.jpg", fixture.image)] {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"files\"; filename=\"\(name)\"\r\nContent-Type: image/jpeg\r\n\r\n".utf8)
            body += bytes + Array("\r\n".utf8)
        }
        body += Array("--\(boundary)--\r\n".utf8)
        let response = app.responder.respond(to: Request(method: .POST, target: "/api/v1/serve/Shapes/predict",
            headers: ["Authorization": "Bearer \(token)", "Content-Type": "multipart/form-data; boundary=\(boundary)"], body: body, requestID: "m"))
        #expect(response.status == 200, "\(response.text)")
        let results = try #require(response.json["results"] as? [[String: Any]])
        #expect(results.map { $0["file"] as? String } == ["a.jpg", "broken.jpg", "c.jpg"])
        #expect(results[0]["version"] as? Int == 1 && results[2]["version"] as? Int == 1)
        #expect((results[1]["error"] as? [String: Any])?["status"] as? Int == 422 && results[1]["version"] == nil)
    }

    @Test func imageIdsOfAProjectAreServedFromTheirFiles() throws {
        let project = try app.context.database.createProject(name: "Photos", description: "", by: .commandLine)
        let id = try app.uploadImage(to: Int(project.id), as: "dat")
        let response = fixture.json(.POST, "/api/v1/serve/Shapes/predict", token: token,
                                    #"{"project_id": \#(project.id), "image_ids": [\#(id), 999999]}"#)
        #expect(response.status == 200, "\(response.text)")
        let results = try #require(response.json["results"] as? [[String: Any]])
        #expect(results[0]["image_id"] as? Int == id && results[0]["version"] as? Int == 1)
        #expect((results[1]["error"] as? [String: Any])?["status"] as? Int == 404)
        // A project the caller cannot see is a 404, and too many ids a 422 naming the field
        #expect(fixture.json(.POST, "/api/v1/serve/Shapes/predict", token: token, #"{"project_id": 999999, "image_ids": [1]}"#).status == 404)
        let many = (1...33).map(String.init).joined(separator: ",")
        let tooMany = fixture.json(.POST, "/api/v1/serve/Shapes/predict", token: token, #"{"project_id": \#(project.id), "image_ids": [\#(many)]}"#)
        #expect(tooMany.status == 422 && (tooMany.json["error"] as? [String: Any])?["field"] as? String == "image_ids")
    }

    @Test func servedRequestsAreCountedPerVersionAndArm() throws {
        for _ in 0..<5 { _ = fixture.serve(token: token) }
        _ = fixture.serve("Shapes@canary", token: token)  // no such alias: not counted
        app.context.serving.flushAndSupervise()
        let usage = fixture.json(.GET, "/api/v1/models/\(fixture.modelID)/usage?hours=1", token: token)
        let versions = try #require(usage.json["versions"] as? [[String: Any]])
        #expect(versions.count == 1 && versions[0]["version"] as? Int == 1 && versions[0]["requests"] as? Int == 5, "\(usage.text)")
        #expect((versions[0]["labels"] as? [String: Int]) == ["dark": 5])
        #expect(abs((versions[0]["mean_confidence"] as? Double ?? 0) - 0.8808) < 0.001)
        #expect(fixture.json(.GET, "/api/v1/models/\(fixture.modelID)/usage?hours=0", token: token).status == 422)
    }
}

@Suite struct ServingTokenPageTests {
    @Test func theAccountPageMakesATokenThatOnlyServesOneModel() throws {
        let fixture = try ServingFixture()
        var browser = try fixture.app.browser("dat")
        let page = browser.send(.GET, "/auth/account")
        #expect(page.text.contains("serving Shapes only"))
        let created = browser.send(.POST, "/auth/account/tokens", form: ["name": "shop", "serve_model": "Shapes", "csrf_token": try browser.csrfToken()])
        let secret = try #require(created.text.firstMatch(of: /lpt_[A-Za-z0-9_-]+/)).output
        #expect(fixture.serve(token: String(secret)).status == 200)
        #expect(fixture.json(.GET, "/api/v1/projects", token: String(secret)).errorCode == "token_scope")
        #expect(browser.send(.GET, "/auth/account").text.contains("serving Shapes only"))
        // An annotator is offered no such choice, and cannot forge one
        var annotator = try fixture.app.browser("ann")
        #expect(!annotator.send(.GET, "/auth/account").text.contains("serving Shapes only"))
        #expect(annotator.send(.POST, "/auth/account/tokens", form: ["name": "x", "serve_model": "Shapes", "csrf_token": try annotator.csrfToken()]).status == 403)
    }
}

@Suite struct DetectorServingTests {
    @Test func aDetectorVersionServesBoxesInTheImagesPixels() throws {
        // Given a detector (untrained: whatever it finds, it answers in detections) in Production
        let app = try TestApp()
        try app.addUser("dat", role: .data)
        let architecture = Architecture(kind: .detector, inputHeight: 32, inputWidth: 32, inputChannels: 3, classes: 2,
                                        hiddenWidths: [16], convChannels: [8, 16], outputStride: 4)
        let file = ModelFile(network: Network(architecture: architecture, seed: 3), labels: ["cat", "dog"], normalization: .unit(channels: 3))
        let stored = try app.context.files.store(file.encoded(), in: "models", extension: "loupe")
        let version = try app.context.database.registerExternalVersion(ExternalVersion(
            modelName: "Boxes", artifact: (stored.relativePath, stored.sha256, stored.size), framework: "loupe-tensor",
            modelType: "object-detector", source: "uploaded", sourceReference: "", description: ""), by: .commandLine)
        let reading = try ArtifactReader(store: app.context.database, files: app.context.files).reading(versionID: version.id, movingTo: .production)
        _ = try app.context.database.transitionStage(versionID: version.id, to: .production, archiveExisting: false, reason: "r",
                                                     by: .commandLine, artifact: reading)
        // When an image is posted to its endpoint
        let response = app.responder.respond(to: Request(
            method: .POST, target: "/api/v1/serve/Boxes/predict",
            headers: ["Authorization": "Bearer \(try app.token(for: "dat"))", "Content-Type": "image/jpeg"],
            body: try ImageUploadTests.jpeg(width: 120, height: 80, shade: 120), requestID: "d"))
        // Then it answers with detections (boxes within the image), the image's size, and the version
        #expect(response.status == 200, "\(response.text)")
        #expect(response.json["version"] as? Int == 1 && response.json["predictions"] == nil)
        #expect(response.json["image_width"] as? Int == 120 && response.json["image_height"] as? Int == 80)
        let boxes = try #require(response.json["detections"] as? [[String: Any]])
        for box in boxes {
            let b = try #require(box["bbox"] as? [Double])
            #expect(["cat", "dog"].contains(box["label"] as? String ?? "") && b[0] >= -1 && b[0] + b[2] <= 121)
        }
    }
}
