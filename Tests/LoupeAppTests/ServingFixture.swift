// A model to serve: versions of "Shapes" whose answers are fixed by their bias (every image is "dark"
// or "light" with a known probability), real Loupe model files, version 1 in Production.
import Domain
import FileStore
import Foundation
import Store
import Tensor
import Testing
import Web
@testable import LoupeApp

struct ServingFixture {
    let app: TestApp
    let modelID: Int64
    /// Version number → id.
    let versions: [Int: Int64]
    let image: [UInt8]

    /// `answers[i]` is version i+1's first class: "dark" or "light".
    init(answers: [String] = ["dark", "light", "dark"]) throws {
        let app = try TestApp()
        try app.addUser("dat", role: .data)
        try app.addUser("ann", role: .annotator)
        var versions: [Int: Int64] = [:]
        for (index, answer) in answers.enumerated() {
            let version = try Self.register(app, bytes: try Self.constantClassifier(answer: answer), name: "Shapes")
            versions[index + 1] = version.id
        }
        let v1 = try #require(versions[1])
        let reading = try ArtifactReader(store: app.context.database, files: app.context.files).reading(versionID: v1, movingTo: .production)
        _ = try app.context.database.transitionStage(versionID: v1, to: .production, archiveExisting: false, reason: "first",
                                                     by: .commandLine, artifact: reading)
        modelID = try #require(try app.context.database.registeredModel(named: "Shapes")).id
        image = try ImageUploadTests.jpeg(width: 64, height: 48, shade: 90)
        (self.app, self.versions) = (app, versions)
    }

    /// A linear classifier over 8×8 RGB whose weights are zero: its bias alone decides, so every image
    /// gets `answer` with probability e²/(e²+1) ≈ 0.88.
    static func constantClassifier(answer: String) throws -> [UInt8] {
        let architecture = Architecture(kind: .linear, inputHeight: 8, inputWidth: 8, inputChannels: 3, classes: 2)
        let network = Network(architecture: architecture, seed: 1)
        var weights = [Float](repeating: 0, count: network.parameterCount)
        weights[weights.count - (answer == "dark" ? 2 : 1)] = 2  // the bias comes last: [dark, light]
        return ModelFile(header: .init(architecture: architecture, labels: ["dark", "light"], normalization: .unit(channels: 3)),
                         weights: weights).encoded()
    }

    @discardableResult
    static func register(_ app: TestApp, bytes: [UInt8], name: String, framework: String = "loupe-tensor") throws -> ModelVersion {
        let stored = try app.context.files.store(bytes, in: "models", extension: "loupe")
        return try app.context.database.registerExternalVersion(
            ExternalVersion(modelName: name, artifact: (stored.relativePath, stored.sha256, stored.size), framework: framework,
                            modelType: "image-classifier", source: "uploaded", sourceReference: "", description: ""), by: .commandLine)
    }

    /// One image posted to the endpoint with `token`; then what the worker runs once an answer is out.
    func serve(_ path: String = "Shapes", token: String, headers: [String: String] = [:]) -> Response {
        var all = headers
        all["Authorization"] = "Bearer \(token)"
        all["Content-Type"] = "image/jpeg"
        let response = app.responder.respond(to: Request(method: .POST, target: "/api/v1/serve/\(path)/predict", headers: all, body: image, requestID: "s"))
        app.context.serving.responseSent()
        return response
    }

    func json(_ method: HTTPMethod, _ target: String, token: String, _ body: String = "") -> Response {
        app.send(method, target, headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json"], body: body)
    }
}
