// Jobs as the API sees them: queued, listed, shown with their epochs and trials, cancelled.
import Domain
import Foundation

/// The job controller's view of the store (the trainer has JobQueue).
public protocol JobStore: Sendable {
    /// Queues a job. A config naming a snapshot must name one of the project's snapshots.
    func enqueueJob(projectID: Int64, spec: JobSpec, priority: Int, by who: Attribution) throws -> Job
    /// The project's jobs, newest first.
    func jobs(projectID: Int64, limit: Int) throws -> [Job]
    func jobMetrics(jobID: Int64) throws -> [JobMetric]
    func jobTrials(jobID: Int64) throws -> [JobTrial]
    /// A queued job is cancelled at once; a running one is flagged and stops at its next step.
    func requestJobCancel(jobID: Int64, by who: Attribution) throws -> Job
    func modelVersion(id: Int64) throws -> ModelVersion?
    /// A batch job's result files.
    func jobResults(jobID: Int64) throws -> [JobResult]
}

extension AppDatabase: JobStore {}
