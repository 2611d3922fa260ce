// Model versions: a finished training job registers its version and succeeds in one transaction.
import Domain
import Foundation

extension AppDatabase {
    /// Creates the registered model if needed, adds the next version (stage None) with its artifact,
    /// metrics, parameters and lineage, and marks the job succeeded — all or nothing. Returns nil when
    /// this trainer no longer holds the job's lease (nothing is written then).
    public func completeTrainingJob(lease: JobLease, version trained: TrainedVersion, message: String) throws -> ModelVersion? {
        let (jobID, owner) = (lease.jobID, lease.owner)
        let now = Date()
        return try write { db in
            guard let job = try Job.fetchOne(db, literal: """
                SELECT * FROM jobs WHERE \(lease.holdsRow)
                """) else { return nil }
            let kind = trained.modelType == "object-detector" ? "Object detector" : "Image classifier"
            let (modelID, number) = try nextVersion(db, modelName: trained.modelName, description: "\(kind) trained by Loupe",
                                                    creator: job.createdBy, at: now)
            let versionID = try Int64.fetchOne(db, literal: """
                INSERT INTO model_versions (model_id, version, artifact_path, artifact_sha256, artifact_size, model_type,
                    framework, source, metrics, parameters, evaluation, labels, project_id, job_id, snapshot_id,
                    description, created_by, created_at)
                VALUES (\(modelID), \(number), \(trained.artifactPath), \(trained.artifactSHA256), \(trained.artifactSize),
                    \(trained.modelType), 'loupe-tensor', 'trained', \(trained.metrics), \(trained.parameters), \(trained.evaluation),
                    \(trained.labels), \(job.projectId), \(jobID), \(trained.snapshotId), \(trained.description), \(job.createdBy), \(now))
                RETURNING id
                """)!
            try db.execute(literal: """
                UPDATE jobs SET state = 'succeeded', progress = 1, finished_at = \(now), lease_owner = NULL,
                       lease_expires_at = NULL, model_version_id = \(versionID), message = \(message)
                WHERE id = \(jobID)
                """)
            try Self.appendAudit(db, by: Attribution(userID: nil, username: "trainer", remoteAddress: owner),
                                 action: "model.version.registered", target: "model:\(modelID)",
                                 detail: "\(trained.modelName) v\(number) from job \(jobID)")
            if let profile = trained.profile {
                try db.execute(literal: "INSERT INTO model_profiles (version_id, profile, created_at) VALUES (\(versionID), \(profile), \(now))")
            }
            let version = try fetchModelVersion(db, id: versionID)!
            try Self.emit(db, Self.versionCreated(version))
            return version
        }
    }

    public func modelVersion(id: Int64) throws -> ModelVersion? {
        try read { db in try fetchModelVersion(db, id: id) }
    }

    public func registeredModel(named name: String) throws -> RegisteredModel? {
        try lookup { db in try RegisteredModel.fetchOne(db, literal: "SELECT * FROM registered_models WHERE name = \(name)") }
    }

    /// A model's versions, newest first.
    public func modelVersions(modelID: Int64) throws -> [ModelVersion] {
        try read { db in
            try ModelVersion.fetchAll(db, literal: """
                \(ModelVersion.selection)
                WHERE v.model_id = \(modelID) ORDER BY v.version DESC
                """)
        }
    }

    /// The model called `modelName` (created if new, touched if not) and its next version number.
    func nextVersion(_ db: StoreConnection, modelName: String, description: String, creator: Int64?, at now: Date) throws -> (Int64, Int) {
        let modelID: Int64
        if let existing = try Int64.fetchOne(db, literal: "SELECT id FROM registered_models WHERE name = \(modelName)") {
            modelID = existing
            try db.execute(literal: "UPDATE registered_models SET updated_at = \(now) WHERE id = \(modelID)")
        } else {
            modelID = try Int64.fetchOne(db, literal: """
                INSERT INTO registered_models (name, description, created_by, created_at, updated_at)
                VALUES (\(modelName), \(description), \(creator), \(now), \(now)) RETURNING id
                """)!
            try Self.emit(db, RegistryEvent("registered_model", "created", ["name": .text(modelName), "description": .text(description), "tags": .object([:])]))
        }
        let number = try Int.fetchOne(db, literal: "SELECT COALESCE(MAX(version), 0) + 1 FROM model_versions WHERE model_id = \(modelID)")!
        return (modelID, number)
    }

    /// MLflow's model_version.created, with Loupe's artifact path (or reference) as its source.
    static func versionCreated(_ version: ModelVersion) -> RegistryEvent {
        RegistryEvent("model_version", "created", [
            "name": .text(version.modelName), "version": .text(String(version.version)),
            "source": .text(version.artifactPath ?? version.sourceReference), "run_id": .optional(version.jobId.map { "job-\($0)" }),
            "tags": .object([:]), "description": .text(version.description),
        ])
    }

    func fetchModelVersion(_ db: StoreConnection, id: Int64) throws -> ModelVersion? {
        try ModelVersion.fetchOne(db, literal: """
            \(ModelVersion.selection) WHERE v.id = \(id)
            """)
    }
}

/// A registered model with where its versions stand, for the model list.
public struct ModelSummary: Sendable, Equatable {
    public let model: RegisteredModel
    public let versionCount: Int
    public let latestVersion: Int?
    public let productionVersions: [Int]
    public let stagingVersions: [Int]
}

extension AppDatabase {
    /// Every registered model by name, with its Production and Staging version numbers.
    public func modelSummaries() throws -> [ModelSummary] {
        try read { db in
            let models = try RegisteredModel.fetchAll(db, literal: "SELECT * FROM registered_models ORDER BY name")
            return try models.map { model in
                let rows = try SQLRow.fetchAll(db, literal: """
                    SELECT version, stage FROM model_versions WHERE model_id = \(model.id) ORDER BY version DESC
                    """)
                let versions = try rows.map { (number: $0["version"] as Int, stage: try ModelStage.decoded($0["stage"])) }
                return ModelSummary(model: model, versionCount: versions.count, latestVersion: versions.first?.number,
                                    productionVersions: versions.filter { $0.stage == .production }.map(\.number),
                                    stagingVersions: versions.filter { $0.stage == .staging }.map(\.number))
            }
        }
    }

    public func registeredModel(id: Int64) throws -> RegisteredModel? {
        try lookup { db in try RegisteredModel.fetchOne(db, literal: "SELECT * FROM registered_models WHERE id = \(id)") }
    }

    public func transitionRequest(id: Int64) throws -> TransitionRequest? {
        try lookup { db in try TransitionRequest.fetchOne(db, literal: "SELECT * FROM transition_requests WHERE id = \(id)") }
    }
}

/// A model registered from outside: a file someone uploaded, or only a reference to one elsewhere.
public struct ExternalVersion: Sendable {
    public var modelName: String
    /// nil for an external reference without a file.
    public var artifact: (path: String, sha256: String, size: Int)?
    public var framework: String
    public var modelType: String
    /// "uploaded" or "external"
    public var source: String
    public var sourceReference: String
    public var description: String
    /// JSON class names, when the file says them (Loupe's own format).
    public var labels: String

    public init(modelName: String, artifact: (path: String, sha256: String, size: Int)?, framework: String, modelType: String,
                source: String, sourceReference: String, description: String, labels: String = "[]") {
        self.modelName = modelName
        self.artifact = artifact
        self.framework = framework
        self.modelType = modelType
        self.source = source
        self.sourceReference = sourceReference
        self.description = description
        self.labels = labels
    }
}

extension AppDatabase {
    /// Adds the next version of `modelName` (creating the model) for an uploaded file or an external reference.
    public func registerExternalVersion(_ external: ExternalVersion, by who: Attribution) throws -> ModelVersion {
        let name = external.modelName.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...100).contains(name.count) else {
            throw StoreError.invalid(field: "name", message: "A model needs a name of 1 to 100 characters.")
        }
        guard ["uploaded", "external"].contains(external.source) else {
            throw StoreError.invalid(field: "source", message: "source is uploaded or external.")
        }
        if external.source == "external" && external.sourceReference.trimmingCharacters(in: .whitespaces).isEmpty {
            throw StoreError.invalid(field: "source_reference", message: "Say where the external model lives (a hub name or an endpoint).")
        }
        let now = Date()
        return try write { db in
            let (modelID, number) = try nextVersion(db, modelName: name, description: "", creator: who.userID, at: now)
            let versionID = try Int64.fetchOne(db, literal: """
                INSERT INTO model_versions (model_id, version, artifact_path, artifact_sha256, artifact_size, model_type, framework,
                    source, source_reference, labels, description, created_by, created_at)
                VALUES (\(modelID), \(number), \(external.artifact?.path), \(external.artifact?.sha256), \(external.artifact?.size),
                    \(external.modelType), \(external.framework), \(external.source), \(external.sourceReference), \(external.labels),
                    \(external.description), \(who.userID), \(now))
                RETURNING id
                """)!
            try Self.appendAudit(db, by: who, action: "model.version.registered", target: "model:\(modelID)",
                                 detail: "\(name) v\(number) (\(external.source), \(external.framework))")
            let version = try fetchModelVersion(db, id: versionID)!
            try Self.emit(db, Self.versionCreated(version))
            return version
        }
    }
}
