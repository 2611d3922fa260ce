// A candidate version moving into a model's deployment by a plan, and the events of its way.
import Domain
import Foundation

public struct Rollout: Sendable, Equatable {
    public let id: Int64
    public let modelId: Int64
    public let candidateVersionId: Int64
    public let candidateVersion: Int
    public let plan: RolloutPlan
    public let progress: RolloutProgress
    public let reason: String
    public let requestedByName: String
    public let createdAt: Date
    public let endedAt: Date?
    public let endReason: String

    public var state: RolloutState { progress.state }
    /// The candidate's share of traffic now, in percent (0 once it no longer serves).
    public var share: Double { progress.state.servesCandidate ? plan.share(atStep: progress.step) : 0 }
}

extension Rollout: RowDecodable {
    static let selection: SQLQuery = """
        SELECT r.*, v.version AS candidate_version FROM rollouts r JOIN model_versions v ON v.id = r.candidate_version_id
        """

    init(row: SQLRow) throws {
        id = row["id"]
        modelId = row["model_id"]
        candidateVersionId = row["candidate_version_id"]
        candidateVersion = row["candidate_version"]
        let planText: String = row["plan"]
        do {
            plan = try JSONDecoder().decode(RolloutPlan.self, from: Data(planText.utf8))
        } catch {
            throw StoreError.corrupt("rollout \(row["id"] as Int64) plan: \(error)")
        }
        guard let state = RolloutState(rawValue: row["state"]) else { throw StoreError.corrupt("rollout state \(row["state"] as String)") }
        progress = RolloutProgress(state: state, step: row["step"], stepStartedAt: row["step_started_at"])
        reason = row["reason"]
        requestedByName = row["requested_by_name"]
        createdAt = row["created_at"]
        endedAt = row["ended_at"]
        endReason = row["end_reason"]
    }
}

public struct RolloutEvent: Sendable, Equatable {
    public let id: Int64
    public let rolloutId: Int64
    public let at: Date
    /// requested, started, rejected, stepped, paused, resumed, rolled_back, finished
    public let kind: String
    public let share: Double
    public let username: String
    public let detail: String
}

extension RolloutEvent: RowDecodable {
    init(row: SQLRow) throws {
        id = row["id"]
        rolloutId = row["rollout_id"]
        at = row["at"]
        kind = row["kind"]
        share = row["share"]
        username = row["username"]
        detail = row["detail"]
    }
}
