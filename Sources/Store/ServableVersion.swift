// The little a serving request needs to know of a version (no metrics or evaluation JSON to decode).
import Domain
import Foundation

public struct ServableVersion: Sendable, Equatable {
    public let id: Int64
    public let modelId: Int64
    public let modelName: String
    public let version: Int
    public let stage: ModelStage
    public let artifactPath: String?
    public let artifactSHA256: String?
    public let framework: String
    public let modelType: String

    /// Why this version cannot answer requests, or nil when it can.
    public var refusal: String? {
        guard framework == "loupe-tensor" else {
            return "\(modelName) v\(version) is a \(framework) model; Loupe serves only its own (loupe-tensor) models."
        }
        guard artifactPath != nil else { return "\(modelName) v\(version) is an external reference with no file to run." }
        return nil
    }
}

extension ServableVersion: RowDecodable {
    static let selection: SQLQuery = """
        SELECT v.id, v.model_id, m.name AS model_name, v.version, v.stage, v.artifact_path, v.artifact_sha256, v.framework, v.model_type
        FROM model_versions v JOIN registered_models m ON m.id = v.model_id
        """

    init(row: SQLRow) throws {
        id = row["id"]
        modelId = row["model_id"]
        modelName = row["model_name"]
        version = row["version"]
        stage = try ModelStage.decoded(row["stage"])
        artifactPath = row["artifact_path"]
        artifactSHA256 = row["artifact_sha256"]
        framework = row["framework"]
        modelType = row["model_type"]
    }
}

extension ServableVersion {
    /// The serving view of a full version record (the version page's "try it").
    public init(_ version: ModelVersion) {
        (id, modelId, modelName, self.version, stage) = (version.id, version.modelId, version.modelName, version.version, version.stage)
        (artifactPath, artifactSHA256, framework, modelType) = (version.artifactPath, version.artifactSHA256, version.framework, version.modelType)
    }
}
