// What the deployment API answers: a model's switch and endpoint, its rollouts with their events and
// guardrail readings, and served usage.
import Domain
import Foundation
import Store

struct DeploymentDTO: Encodable {
    let modelId: Int64
    let modelName: String
    let enabled: Bool
    let reason: String?
    let changedBy: String?
    let changedAt: Date?
    let productionVersion: Int?
    let endpoint: String
    /// The rollout requested or under way, if any.
    let rollout: RolloutDTO?
}

struct RolloutDTO: Encodable {
    struct Event: Encodable {
        let at: Date
        let kind: String
        let share: Double
        let username: String
        let detail: String
    }

    struct Reading: Encodable {
        let name: String
        let value: Double?
        let limit: Double
        let holds: Bool
        let summary: String
    }

    let id: Int64
    let modelId: Int64
    let candidateVersion: Int
    let state: String
    let mode: String
    let steps: [Double]
    let step: Int
    /// The candidate's share now, in percent.
    let share: Double
    let stepStartedAt: Date
    let dwellSeconds: Int
    let guardrails: Guardrails
    let stickyHeader: String
    let reason: String
    let requestedBy: String
    let createdAt: Date
    let endedAt: Date?
    let endReason: String
    let events: [Event]?
    /// waiting (too few requests yet), holds, or fails; with each guardrail's reading.
    let verdict: String?
    let requestsInStep: Int?
    let readings: [Reading]?

    init(_ r: Rollout, events: [RolloutEvent]? = nil, verdict: Guardrails.Verdict? = nil) {
        (id, modelId, candidateVersion, state, mode) = (r.id, r.modelId, r.candidateVersion, r.state.rawValue, r.plan.mode.rawValue)
        (steps, step, share, stepStartedAt, dwellSeconds) = (r.plan.steps, r.progress.step, r.share, r.progress.stepStartedAt, r.plan.dwellSeconds)
        (guardrails, stickyHeader, reason, requestedBy, createdAt) = (r.plan.guardrails, r.plan.stickyHeader, r.reason, r.requestedByName, r.createdAt)
        (endedAt, endReason) = (r.endedAt, r.endReason)
        self.events = events?.map { Event(at: $0.at, kind: $0.kind, share: $0.share, username: $0.username, detail: $0.detail) }
        switch verdict {
        case .waiting(let requests, _, _): (self.verdict, requestsInStep) = ("waiting", requests)
        case .holds: (self.verdict, requestsInStep) = ("holds", nil)
        case .fails: (self.verdict, requestsInStep) = ("fails", nil)
        case nil: (self.verdict, requestsInStep) = (nil, nil)
        }
        readings = verdict?.readings.map { Reading(name: $0.name, value: $0.value, limit: $0.limit, holds: $0.holds, summary: $0.summary) }
    }
}

struct UsageDTO: Encodable {
    let since: Date
    let versions: [UsageSummaryDTO]
    let minutes: [UsagePointDTO]
}

struct UsageSummaryDTO: Encodable {
    let version: Int
    let arm: String
    let requests: Int
    let errors: Int
    let p50Ms: Double?
    let p99Ms: Double?
    let meanConfidence: Double?
    /// Top label → answers.
    let labels: [String: Int]
    let callers: [String: Int]
    let latencyBucketsMs: [Double]
    let latencyCounts: [Int]
    let disagreement: Double?

    init(_ s: ServeUsageSummary) {
        (version, arm, requests, errors) = (s.version, s.arm, s.stats.requests, s.stats.errors)
        (p50Ms, p99Ms, meanConfidence) = (s.stats.latency.quantile(0.5), s.stats.latency.quantile(0.99), s.stats.meanConfidence)
        (labels, callers, disagreement) = (s.stats.labels, s.stats.callers, s.stats.disagreementRate)
        (latencyBucketsMs, latencyCounts) = (LatencyHistogram.bounds, s.stats.latency.counts)
    }
}

struct UsagePointDTO: Encodable {
    let minute: Date
    let version: Int
    let requests: Int
    let errors: Int

    init(_ p: ServeUsagePoint) { (minute, version, requests, errors) = (p.minute, p.version, p.requests, p.errors) }
}
