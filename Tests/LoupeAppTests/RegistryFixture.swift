// A registry to test against: an app with data and annotator users and trained versions of one
// model whose name needs escaping, sharing one real artifact file.
import Domain
import FileStore
import Foundation
import Store
import Testing
@testable import LoupeApp

struct RegistryFixture {
    let app: TestApp
    let versionIDs: [Int64]
    let artifactPath: String
    let modelID: Int64

    init(versions: Int = 2) throws {
        let app = try TestApp()
        try app.addUser("dat", role: .data)
        try app.addUser("ann", role: .annotator)
        let database = app.context.database
        let project = try database.createProject(name: "Birds", description: "", by: .commandLine)
        let stored = try app.context.files.store(Array("model bytes".utf8), in: "models", extension: "loupe")
        versionIDs = try (0..<versions).map { _ in
            let job = try database.enqueueJob(projectID: project.id, spec: .train(TrainingConfig()), by: .commandLine)
            _ = try database.claimNextJob(owner: "t", leaseSeconds: 30)
            return try #require(try database.completeTrainingJob(
                lease: JobLease(jobID: job.id, owner: "t", attempt: 1),
                version: TrainedVersion(modelName: "Birds <script>", artifactPath: stored.relativePath, artifactSHA256: stored.sha256,
                                        artifactSize: stored.size, metrics: #"{"validation_accuracy":0.91}"#, parameters: "{}",
                                        evaluation: "{}", labels: "[]", snapshotId: nil, description: "d"),
                message: "ok")).id
        }
        artifactPath = stored.relativePath
        modelID = try #require(try database.modelVersion(id: versionIDs[0])).modelId
        self.app = app
    }

    func stage(_ index: Int) throws -> String? { try app.context.database.modelVersion(id: versionIDs[index])?.stage.rawValue }
}
