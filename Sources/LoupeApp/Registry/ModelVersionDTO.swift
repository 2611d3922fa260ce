// The JSON shape of a model version, the one mapping every Loupe API answer uses for it.
import Domain
import Foundation
import Store
import Web

struct ModelVersionDTO: Encodable {
    let id: Int64
    let modelName: String
    let version: Int
    let stage: ModelStage
    let source: String
    let modelType: String
    let framework: String
    let artifactSha256: String?
    let artifactSize: Int?
    let metrics: JSONValue
    let parameters: JSONValue
    let evaluation: JSONValue
    let labels: JSONValue
    let projectId: Int64?
    let jobId: Int64?
    let snapshotId: Int64?
    let description: String
    let createdAt: Date
    /// Set when the validation figures rest on too few samples to mean anything.
    let validationWarning: String?

    init(_ v: ModelVersion) {
        id = v.id
        modelName = v.modelName
        version = v.version
        stage = v.stage
        source = v.source
        modelType = v.modelType
        framework = v.framework
        artifactSha256 = v.artifactSHA256
        artifactSize = v.artifactSize
        metrics = JSONValue(text: v.metrics)
        parameters = JSONValue(text: v.parameters)
        evaluation = JSONValue(text: v.evaluation)
        labels = JSONValue(text: v.labels)
        projectId = v.projectId
        jobId = v.jobId
        snapshotId = v.snapshotId
        description = v.description
        createdAt = v.createdAt
        validationWarning = v.validationWarning
    }
}

extension ModelVersion {
    /// The small-validation-set warning, for versions whose metrics say how many validation samples they had.
    var validationWarning: String? {
        guard case .object(let metrics) = JSONValue(text: metrics), case .number(let samples) = metrics["validation_samples"] else {
            return nil
        }
        return ValidationEvidence.warning(validationSamples: Int(samples))
    }
}
