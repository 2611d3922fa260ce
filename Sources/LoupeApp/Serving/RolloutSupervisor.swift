// Judges a running rollout by its step's numbers: steps it on, finishes it, or rolls it back at once.
import Domain
import FileStore
import Foundation
import Store

struct RolloutSupervisor: Sendable {
    let store: any ServingStore
    let artifacts: ArtifactReader

    /// Looks at one rollout; false once it no longer takes traffic (nothing more to watch).
    @discardableResult
    func supervise(rolloutID: Int64, now: Date = Date()) throws -> Bool {
        guard let rollout = try store.rollout(id: rolloutID), rollout.state.servesCandidate else { return false }
        let verdict = try verdict(for: rollout)
        // Hash the candidate's file only when this check would promote it.
        let (_, outcome) = try RolloutMachine.apply(.check(verdict, now: now), to: rollout.progress, plan: rollout.plan)
        guard outcome != .unchanged else { return true }
        let artifact: ArtifactReading? = if case .finished = outcome {
            try artifacts.reading(versionID: rollout.candidateVersionId, movingTo: .production)
        } else { nil }
        let after = try store.commandRollout(id: rolloutID, .check(verdict, now: now), by: AppDatabase.rolloutSupervisor, artifact: artifact)
        return after.state.servesCandidate
    }

    /// The candidate's numbers in its current step against the plan's guardrails.
    func verdict(for rollout: Rollout) throws -> Guardrails.Verdict {
        let candidateArm = rollout.plan.mode == .shadow ? ServingArm.shadow : .candidate
        let candidate = try store.rolloutArmStats(rolloutID: rollout.id, step: rollout.progress.step, arm: candidateArm.rawValue)
        var driftPSI: Double?
        if rollout.plan.guardrails.maxDriftPSI != nil,
           let report = try DriftMonitor(store: store).report(versionID: rollout.candidateVersionId, since: rollout.progress.stepStartedAt),
           report.verdict != .insufficient {
            driftPSI = report.maxPSI
        }
        return rollout.plan.guardrails.evaluate(candidate: candidate, driftPSI: driftPSI)
    }
}

/// Which part of a deployment produced (or shadowed) an answer.
enum ServingArm: String {
    /// The deployment's Production version.
    case stable
    /// A rollout's candidate, answering its share.
    case candidate
    /// A rollout's candidate run on a copy of the request; stable answered.
    case shadow
    /// The version an alias names (`/serve/Model@alias`).
    case alias
}
