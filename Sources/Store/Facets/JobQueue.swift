// What the trainer may do with the store: claim and run jobs, read training data, record results and scores.
import Domain
import Foundation

/// The trainer's view of the store (Training holds only this).
public protocol JobQueue: Sendable {
    /// Takes the oldest queued job of the highest priority in one UPDATE, so two trainers never
    /// take the same job; the lease says who holds it and until when.
    func claimNextJob(owner: String, leaseSeconds: TimeInterval) throws -> Job?
    /// Running jobs whose lease has expired (their trainer died): requeued once, failed the second
    /// time, with the reason in the message. Returns the jobs it changed.
    func recoverExpiredJobs(now: Date?, maxAttempts: Int) throws -> [Job]
    /// Running jobs leased by trainers known to have exited: recovered at once rather than when
    /// their lease expires, requeued once and failed the second time. Returns the jobs it changed.
    func recoverJobs(ofExitedOwners owners: Set<String>, now: Date?, maxAttempts: Int) throws -> [Job]
    /// Waits up to `timeout` seconds for a job to be queued (true when told of one, at once on PostgreSQL).
    func waitForQueuedJob(timeout: TimeInterval) -> Bool
    /// Owners of the leases on running jobs, so a trainer can tell which of them have exited.
    func runningJobOwners() throws -> Set<String>
    /// Extends the lease and records progress; answers whether to carry on.
    func heartbeat(lease: JobLease, leaseSeconds: TimeInterval, progress: Double, message: String,
                   resources: JobResources?) throws -> HeartbeatAnswer
    /// Drops what an earlier, interrupted attempt recorded, so a retried job's table starts clean.
    func clearJobResults(jobID: Int64) throws
    /// Creates the registered model if needed, adds the next version (stage None) with its artifact,
    /// metrics, parameters and lineage, and marks the job succeeded — all or nothing. Returns nil when
    /// this trainer no longer holds the job's lease (nothing is written then).
    func completeTrainingJob(lease: JobLease, version trained: TrainedVersion, message: String) throws -> ModelVersion?
    /// Queues a job. A config naming a snapshot must name one of the project's snapshots.
    func enqueueJob(projectID: Int64, spec: JobSpec, priority: Int, by who: Attribution) throws -> Job
    func finishJob(lease: JobLease, state: JobState, message: String) throws -> Bool
    func project(id: Int64) throws -> Project?
    /// Records an epoch, unless the lease was lost (a recovered job's old run must not write).
    func recordEpoch(lease: JobLease, _ metric: JobMetric) throws
    func recordTrial(jobID: Int64, _ trial: JobTrial) throws
    func jobTrials(jobID: Int64) throws -> [JobTrial]
    /// The search's trial jobs, in trial order.
    func trialJobs(searchJobID: Int64) throws -> [Job]
    /// Takes this queued job (a search running one of its own trials), as `claimNextJob` takes any.
    func claimJob(id: Int64, owner: String, leaseSeconds: TimeInterval) throws -> Job?
    /// Records a trial's epoch in its search's curves, while the caller holds the trial's lease.
    func recordTrialEpoch(trialLease: JobLease, searchJobID: Int64, _ metric: JobMetric) throws
    /// Each finished trial's validation loss after each epoch (for the median rule).
    func finishedTrialLosses(searchJobID: Int64) throws -> [[Double]]
    /// A search that stops takes its waiting trials with it and asks the running ones to stop.
    func cancelTrialJobs(searchJobID: Int64, message: String) throws
    /// An orderly trainer shutdown hands its running job back to the queue; that attempt does not count.
    func releaseJob(lease: JobLease) throws
    func trainingSet(projectID: Int64, snapshotReference: String?, source: TrainingConfig.Source) throws -> TrainingSet
    /// The images a predict job proposes boxes on, and where the proposals go.
    func predictionCandidates(projectID: Int64, status: ImageStatus?) throws -> [DetectionImage]
    func replaceBoxSuggestions(versionID: Int64, boxes: [Int64: [ProposedBox]]) throws
    func modelVersion(id: Int64) throws -> ModelVersion?
    func labels(projectID: Int64) throws -> [Label]
    /// Boxes and polygons' bounds per image, and accepted empty images as negatives: a detector's data.
    func detectionSet(projectID: Int64, snapshotReference: String?) throws -> DetectionSet
    func activeLearningSettings(projectID: Int64) throws -> ActiveLearningSettings
    /// Replaces the project's queue with a new scoring run, ranked in the order given.
    func replaceScores(projectID: Int64, modelVersionID: Int64, strategy: AcquisitionStrategy, ranked: [ImageScore]) throws
    /// Images a scoring run looks at: everything not yet submitted or accepted.
    func scoringCandidates(projectID: Int64) throws -> [TrainingSample]
    /// The version that scores a project: the one chosen, else the project's Production version, else its newest.
    func scoringVersion(projectID: Int64, chosen: Int64?) throws -> ModelVersion?
    /// What answers a model's endpoint (a batch job naming a model by name runs that version).
    func servingTarget(modelName: String, alias: String?) throws -> ServingTarget?
    func batchImages(projectID: Int64, status: ImageStatus?) throws -> [BatchImage]
    func snapshotBatchImages(projectID: Int64, snapshotID: Int64) throws -> [BatchImage]
    /// Records the result files and ends the job as succeeded; false when the lease was lost.
    func finishBatchJob(lease: JobLease, results: [JobResult], message: String) throws -> Bool
    /// Each image's displayed size (a version's drift reference records them).
    func imageSizes(ids: [Int64]) throws -> [Int64: (width: Int, height: Int)]
}

extension AppDatabase: JobQueue {}
