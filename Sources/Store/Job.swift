// A job (train, search or score): what it runs, its state, lease and outcome.
import Domain
import Foundation

public struct Job: Sendable, Equatable {
    public let id: Int64
    public let projectId: Int64
    public let spec: JobSpec
    public let state: JobState
    public let priority: Int
    public let createdBy: Int64?
    public let createdAt: Date
    public let startedAt: Date?
    public let finishedAt: Date?
    public let leaseOwner: String?
    public let leaseExpiresAt: Date?
    public let heartbeatAt: Date?
    public let attempts: Int
    public let cancelRequested: Bool
    /// 0…1
    public let progress: Double
    /// What the job is doing, or why it failed.
    public let message: String
    public let modelVersionId: Int64?

    public var kind: JobKind { spec.kind }
}

extension Job: RowDecodable {
    init(row: SQLRow) throws {
        id = row["id"]
        projectId = row["project_id"]
        guard let kind = JobKind(rawValue: row["kind"]), let state = JobState(rawValue: row["state"]) else {
            throw StoreError.corrupt("job \(row["id"] as Int64) has kind \(row["kind"] as String) / state \(row["state"] as String)")
        }
        self.state = state
        let configText: String = row["config"]
        do {
            spec = try JobSpec.stored(kind: kind, config: Data(configText.utf8))
        } catch {
            throw StoreError.corrupt("job \(id) config: \(error)")
        }
        priority = row["priority"]
        createdBy = row["created_by"]
        createdAt = row["created_at"]
        startedAt = row["started_at"]
        finishedAt = row["finished_at"]
        leaseOwner = row["lease_owner"]
        leaseExpiresAt = row["lease_expires_at"]
        heartbeatAt = row["heartbeat_at"]
        attempts = row["attempts"]
        cancelRequested = row["cancel_requested"]
        progress = row["progress"]
        message = row["message"]
        modelVersionId = row["model_version_id"]
    }
}

/// One epoch's figures (trial 0 for a training job; 0, 1, 2… for a search's trials).
public struct JobMetric: Sendable, Equatable, Codable {
    public var trial: Int
    public var epoch: Int
    public var trainLoss: Double
    public var trainAccuracy: Double
    public var validationLoss: Double
    public var validationAccuracy: Double
    public var learningRate: Double
    public var samplesPerSecond: Double

    public init(trial: Int, epoch: Int, trainLoss: Double, trainAccuracy: Double, validationLoss: Double,
                validationAccuracy: Double, learningRate: Double, samplesPerSecond: Double) {
        self.trial = trial
        self.epoch = epoch
        self.trainLoss = trainLoss
        self.trainAccuracy = trainAccuracy
        self.validationLoss = validationLoss
        self.validationAccuracy = validationAccuracy
        self.learningRate = learningRate
        self.samplesPerSecond = samplesPerSecond
    }
}

extension JobMetric: RowDecodable {
    init(row: SQLRow) throws {
        trial = row["trial"]
        epoch = row["epoch"]
        trainLoss = row["train_loss"]
        trainAccuracy = row["train_accuracy"]
        validationLoss = row["validation_loss"]
        validationAccuracy = row["validation_accuracy"]
        learningRate = row["learning_rate"]
        samplesPerSecond = row["samples_per_second"]
    }
}

/// One trial of a hyperparameter search, with the parameters it tried and how it did.
public struct JobTrial: Sendable, Equatable {
    public enum Outcome: String, Sendable, Codable {
        /// Trained to its end (or early-stopped on its own patience); its model file is kept.
        case done
        /// Stopped by the median rule: worse than the finished trials at the same epoch.
        case pruned
        /// Could not train (its message says why, e.g. a backbone too deep for its input size).
        case failed
    }

    public let trial: Int
    /// JSON object of the parameters that differ between trials.
    public let parameters: String
    public let validationLoss: Double
    /// Accuracy for classifiers, AP50 for detectors.
    public let validationAccuracy: Double
    public let epochs: Int
    public let outcome: Outcome
    /// The trained model file (done trials), relative to the data directory.
    public let artifactPath: String?
    public let message: String

    public init(trial: Int, parameters: String, validationLoss: Double, validationAccuracy: Double, epochs: Int,
                outcome: Outcome = .done, artifactPath: String? = nil, message: String = "") {
        self.trial = trial
        self.parameters = parameters
        self.validationLoss = validationLoss
        self.validationAccuracy = validationAccuracy
        self.epochs = epochs
        self.outcome = outcome
        self.artifactPath = artifactPath
        self.message = message
    }
}

extension JobTrial: RowDecodable {
    init(row: SQLRow) throws {
        trial = row["trial"]
        parameters = row["parameters"]
        validationLoss = row["validation_loss"]
        validationAccuracy = row["validation_accuracy"]
        epochs = row["epochs"]
        outcome = Outcome(rawValue: row["state"]) ?? .done
        artifactPath = row["artifact_path"]
        message = row["message"]
    }
}
