// A rollout's states and every move between them, as one pure function: the store applies its result
// inside the transaction that records it.
import Foundation

public enum RolloutState: String, Codable, CaseIterable, Sendable {
    /// Asked for by the data team; an admin starts or rejects it.
    case requested
    case running
    /// Held at its step by an admin; guardrails still roll it back.
    case paused
    case rolledBack = "rolled_back"
    case finished
    case rejected

    /// A rollout in one of these holds its model: no second one may start.
    public var isActive: Bool { self == .requested || self == .running || self == .paused }
    /// The candidate takes traffic only in these.
    public var servesCandidate: Bool { self == .running || self == .paused }
}

/// Where a rollout stands.
public struct RolloutProgress: Equatable, Sendable {
    public var state: RolloutState
    public var step: Int
    public var stepStartedAt: Date

    public init(state: RolloutState, step: Int, stepStartedAt: Date) {
        (self.state, self.step, self.stepStartedAt) = (state, step, stepStartedAt)
    }
}

public enum RolloutCommand: Equatable, Sendable {
    case approve, reject, pause, resume, finish
    /// An admin takes the candidate out; `reason` goes to the history.
    case rollBack(reason: String)
    /// The supervisor's look at the candidate's numbers at `now`.
    case check(Guardrails.Verdict, now: Date)
}

/// What a move did, for the history and the registry.
public enum RolloutOutcome: Equatable, Sendable {
    case unchanged
    case started, rejected, paused, resumed
    case stepped(toShare: Double)
    /// The candidate leaves the deployment; `automatic` when a guardrail did it.
    case rolledBack(reason: String, automatic: Bool)
    /// The candidate becomes Production (archiving what was there).
    case finished(automatic: Bool)
}

/// A command that makes no sense in the rollout's state (409 naming why).
public struct RolloutRefusal: Error, Equatable, Sendable {
    public let message: String
}

public enum RolloutMachine {
    public static func apply(_ command: RolloutCommand, to progress: RolloutProgress, plan: RolloutPlan,
                             now: Date = Date()) throws(RolloutRefusal) -> (RolloutProgress, RolloutOutcome) {
        var next = progress
        let state = progress.state
        switch command {
        case .approve:
            guard state == .requested else { throw refusal("start", state) }
            next = RolloutProgress(state: .running, step: 0, stepStartedAt: now)
            return (next, .started)
        case .reject:
            guard state == .requested else { throw refusal("reject", state) }
            next.state = .rejected
            return (next, .rejected)
        case .pause:
            guard state == .running else { throw refusal("pause", state) }
            next.state = .paused
            return (next, .paused)
        case .resume:
            guard state == .paused else { throw refusal("resume", state) }
            next = RolloutProgress(state: .running, step: progress.step, stepStartedAt: now)  // the dwell starts again
            return (next, .resumed)
        case .rollBack(let reason):
            guard state.servesCandidate else { throw refusal("roll back", state) }
            next.state = .rolledBack
            return (next, .rolledBack(reason: reason, automatic: false))
        case .finish:
            guard state.servesCandidate else { throw refusal("finish", state) }
            next.state = .finished
            return (next, .finished(automatic: false))
        case .check(let verdict, let at):
            guard state.servesCandidate else { return (progress, .unchanged) }
            if case .fails(let reason, _) = verdict {
                next.state = .rolledBack
                return (next, .rolledBack(reason: reason, automatic: true))
            }
            guard state == .running, case .holds = verdict,
                  at.timeIntervalSince(progress.stepStartedAt) >= Double(plan.dwellSeconds) else { return (progress, .unchanged) }
            if progress.step < plan.lastStep {
                next = RolloutProgress(state: .running, step: progress.step + 1, stepStartedAt: at)
                return (next, .stepped(toShare: plan.share(atStep: progress.step + 1)))
            }
            guard plan.promotesAtEnd else { return (progress, .unchanged) }  // holds at its share for an admin
            next.state = .finished
            return (next, .finished(automatic: true))
        }
    }

    private static func refusal(_ action: String, _ state: RolloutState) -> RolloutRefusal {
        RolloutRefusal(message: "Cannot \(action) a rollout that is \(state.rawValue.replacingOccurrences(of: "_", with: " ")).")
    }
}
