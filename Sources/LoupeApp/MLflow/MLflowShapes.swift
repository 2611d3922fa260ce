// MLflow's model-registry JSON: registered models and model versions as the mlflow client reads them
// (versions as strings, times in milliseconds, tags as key/value lists).
import Domain
import Foundation
import Store

struct MLflowTag: Codable {
    let key: String
    let value: String

    /// Tags as MLflow lists them: key/value objects in key order.
    static func list(_ tags: [String: String]) -> [MLflowTag] {
        tags.sorted { $0.key < $1.key }.map { MLflowTag(key: $0.key, value: $0.value) }
    }
}

extension Date {
    /// MLflow's timestamps: whole milliseconds since 1970.
    var mlflowMilliseconds: Int64 { Int64(timeIntervalSince1970 * 1000) }
}

struct MLflowAlias: Encodable {
    let alias: String
    let version: String
}

struct MLflowModelVersion: Encodable {
    let name: String
    let version: String
    let creationTimestamp: Int64
    let lastUpdatedTimestamp: Int64
    let userId: String
    let currentStage: ModelStage
    let description: String
    let source: String
    let runId: String
    let status: String
    let statusMessage: String
    let tags: [MLflowTag]
    let runLink: String
    let aliases: [String]

    init(_ v: ModelVersion, tags: [String: String], aliases: [String]) {
        name = v.modelName
        version = String(v.version)
        creationTimestamp = v.createdAt.mlflowMilliseconds
        lastUpdatedTimestamp = creationTimestamp
        userId = v.createdBy.map(String.init) ?? ""
        currentStage = v.stage
        description = v.description
        source = v.sourceReference.isEmpty ? (v.artifactPath.map { "loupe:\($0)" } ?? "") : v.sourceReference
        runId = ""
        status = "READY"
        statusMessage = ""
        self.tags = MLflowTag.list(tags)
        runLink = ""
        self.aliases = aliases
    }
}

struct MLflowRegisteredModel: Encodable {
    let name: String
    let creationTimestamp: Int64
    let lastUpdatedTimestamp: Int64
    let description: String
    let latestVersions: [MLflowModelVersion]
    let tags: [MLflowTag]
    let aliases: [MLflowAlias]
}

/// MLflow's error body: `{"error_code": "RESOURCE_DOES_NOT_EXIST", "message": "…"}`.
struct MLflowError: Encodable {
    let errorCode: String
    let message: String
}
