// The JSON shapes of jobs and their search trials.
import Domain
import Foundation
import Store
import Web

struct JobDTO: Encodable {
    let id: Int64
    let projectId: Int64
    let kind: String
    let state: String
    let config: JobSpec
    let progress: Double
    let message: String
    let attempts: Int
    let cancelRequested: Bool
    let createdAt: Date
    let startedAt: Date?
    let finishedAt: Date?
    let heartbeatAt: Date?
    let modelVersionId: Int64?
    let metrics: [JobMetric]?
    let trials: [TrialDTO]?
    let modelVersion: ModelVersionDTO?
    /// A batch job's result files, once it has succeeded.
    let results: [ResultDTO]?

    struct ResultDTO: Encodable {
        let format: String
        let url: String
        let size: Int
        let sha256: String
    }

    init(_ job: Job, metrics: [JobMetric]? = nil, trials: [JobTrial]? = nil, version: ModelVersion? = nil, results: [JobResult]? = nil) {
        self.results = results.map { $0.map { ResultDTO(format: $0.format, url: "/api/v1/jobs/\(job.id)/results/\($0.format)", size: $0.size, sha256: $0.sha256) } }
        id = job.id
        projectId = job.projectId
        kind = job.kind.rawValue
        state = job.state.rawValue
        config = job.spec
        progress = job.progress
        message = job.message
        attempts = job.attempts
        cancelRequested = job.cancelRequested
        createdAt = job.createdAt
        startedAt = job.startedAt
        finishedAt = job.finishedAt
        heartbeatAt = job.heartbeatAt
        modelVersionId = job.modelVersionId
        self.metrics = metrics
        self.trials = trials.map { $0.map(TrialDTO.init) }
        modelVersion = version.map(ModelVersionDTO.init)
    }
}

struct TrialDTO: Encodable {
    let trial: Int
    let parameters: JSONValue
    let validationLoss: Double
    let validationAccuracy: Double
    let epochs: Int
    /// done, pruned (stopped early by the median rule) or failed.
    let outcome: String
    /// Why a trial was stopped or failed.
    let message: String

    init(_ trial: JobTrial) {
        self.trial = trial.trial
        parameters = JSONValue(text: trial.parameters)
        validationLoss = trial.validationLoss
        validationAccuracy = trial.validationAccuracy
        epochs = trial.epochs
        outcome = trial.outcome.rawValue
        message = trial.message
    }
}
