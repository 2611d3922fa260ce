// Serving: what answers an endpoint, switching it, rollouts and their moves, and served usage.
import Domain
import Foundation

/// The serving endpoints', the rollout supervisor's and the deployment pages' view of the store.
public protocol ServingStore: Sendable {
    func servingTarget(modelName: String, alias: String?) throws -> ServingTarget?
    func deployment(modelID: Int64) throws -> Deployment?
    func setDeploymentEnabled(modelID: Int64, enabled: Bool, reason rawReason: String, by who: Attribution) throws -> Deployment
    func createRollout(modelID: Int64, proposal: RolloutProposal, start: Bool, by who: Attribution) throws -> Rollout
    @discardableResult
    func commandRollout(id: Int64, _ command: RolloutCommand, by who: Attribution, artifact: ArtifactReading?) throws -> Rollout
    func rollout(id: Int64) throws -> Rollout?
    func rollouts(modelID: Int64) throws -> [Rollout]
    func rolloutEvents(rolloutID: Int64) throws -> [RolloutEvent]
    func recordServeUsage(_ entries: [ServeUsageKey: ArmStats]) throws
    func rolloutArmStats(rolloutID: Int64, step: Int, arm: String) throws -> ArmStats
    func serveUsage(modelID: Int64, since: Date) throws -> [ServeUsageSummary]
    func serveUsageSeries(modelID: Int64, since: Date) throws -> [ServeUsagePoint]
    func servedRequests(since: Date) throws -> [Int64: Int]
    func pruneServingHistory(usageBefore: Date, profilesBefore: Date) throws
    func registeredModel(id: Int64) throws -> RegisteredModel?
    func modelVersion(id: Int64) throws -> ModelVersion?
    func images(ids: [Int64], projectID: Int64) throws -> [ImageRecord]
    func referenceProfile(versionID: Int64) throws -> DriftProfile?
    func recordServeProfiles(_ profiles: [Int64: [Int64: DriftProfile]]) throws
    func servedProfile(versionID: Int64, since: Date) throws -> DriftProfile
    func servedVersionsWithReference(since: Date) throws -> [Int64]
    @discardableResult
    func recordDriftReport(versionID: Int64, report: DriftReport, now: Date, freshness: TimeInterval) throws -> Bool
    func latestDriftReports(modelID: Int64?) throws -> [DriftRecord]
    func visibleProjects(for user: User, includeArchived: Bool) throws -> [Project]
    /// Queues a batch job from the model page.
    func enqueueJob(projectID: Int64, spec: JobSpec, priority: Int, by who: Attribution) throws -> Job
}

extension AppDatabase: ServingStore {}
