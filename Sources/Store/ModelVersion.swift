// Registered models and their numbered versions (the registry's core; stages and history build on it).
import Domain
import Foundation

public struct RegisteredModel: Sendable, Equatable {
    public let id: Int64
    public let name: String
    public let description: String
    public let createdAt: Date
    public let updatedAt: Date
}

extension RegisteredModel: RowDecodable {
    init(row: SQLRow) throws {
        id = row["id"]
        name = row["name"]
        description = row["description"]
        createdAt = row["created_at"]
        updatedAt = row["updated_at"]
    }
}

public struct ModelVersion: Sendable, Equatable {
    public let id: Int64
    public let modelId: Int64
    public let modelName: String
    public let version: Int
    public let stage: ModelStage
    public let artifactPath: String?
    public let artifactSHA256: String?
    public let artifactSize: Int?
    public let modelType: String
    public let framework: String
    public let source: String
    /// Where an uploaded or external model came from (a hub name, an endpoint); recorded, never called.
    public let sourceReference: String
    /// JSON texts, as stored.
    public let metrics: String
    public let parameters: String
    public let evaluation: String
    public let labels: String
    public let projectId: Int64?
    public let jobId: Int64?
    public let snapshotId: Int64?
    public let description: String
    public let createdBy: Int64?
    /// The creator's username, if the account still exists.
    public let creatorName: String?
    public let createdAt: Date
}

extension ModelVersion: RowDecodable {
    /// Every read of versions starts here: the row, its model's name and its creator's name.
    static let selection: SQLQuery = """
        SELECT v.*, m.name AS model_name, u.username AS creator_name
        FROM model_versions v JOIN registered_models m ON m.id = v.model_id LEFT JOIN users u ON u.id = v.created_by
        """

    init(row: SQLRow) throws {
        id = row["id"]
        modelId = row["model_id"]
        modelName = row["model_name"]
        version = row["version"]
        stage = try ModelStage.decoded(row["stage"])
        artifactPath = row["artifact_path"]
        artifactSHA256 = row["artifact_sha256"]
        artifactSize = row["artifact_size"]
        modelType = row["model_type"]
        framework = row["framework"]
        source = row["source"]
        sourceReference = row["source_reference"]
        metrics = row["metrics"]
        parameters = row["parameters"]
        evaluation = row["evaluation"]
        labels = row["labels"]
        projectId = row["project_id"]
        jobId = row["job_id"]
        snapshotId = row["snapshot_id"]
        description = row["description"]
        createdBy = row["created_by"]
        creatorName = row["creator_name"]
        createdAt = row["created_at"]
    }
}

/// What a finished training job hands the registry.
public struct TrainedVersion: Sendable {
    public var modelName: String
    public var artifactPath: String
    public var artifactSHA256: String
    public var artifactSize: Int
    public var metrics: String
    public var parameters: String
    public var evaluation: String
    public var labels: String
    public var snapshotId: Int64?
    public var description: String
    /// "image-classifier" or "object-detector".
    public var modelType: String
    /// The drift reference (a DriftProfile as JSON), from the validation data.
    public var profile: String?

    public init(modelName: String, artifactPath: String, artifactSHA256: String, artifactSize: Int, metrics: String,
                parameters: String, evaluation: String, labels: String, snapshotId: Int64?, description: String,
                modelType: String = "image-classifier", profile: String? = nil) {
        self.modelType = modelType
        self.profile = profile
        self.modelName = modelName
        self.artifactPath = artifactPath
        self.artifactSHA256 = artifactSHA256
        self.artifactSize = artifactSize
        self.metrics = metrics
        self.parameters = parameters
        self.evaluation = evaluation
        self.labels = labels
        self.snapshotId = snapshotId
        self.description = description
    }
}
