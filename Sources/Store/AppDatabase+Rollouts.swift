// Rollouts: proposing one, and every move of its state machine, each one transaction with its event row,
// its alias or stage move and its audit line.
import Domain
import Foundation

extension AppDatabase {
    /// The alias that follows a running rollout's candidate (so `/serve/Model@canary` reaches it).
    public static let canaryAlias = "canary"
    /// Who the history names for moves no person made.
    public static let rolloutSupervisor = Attribution(userID: nil, username: "rollout supervisor", remoteAddress: "local")

    /// A rollout of the model's version `proposal.candidateVersion` against its Production version:
    /// started at once when `start` (admins), else waiting as requested for an admin.
    public func createRollout(modelID: Int64, proposal: RolloutProposal, start: Bool, by who: Attribution) throws -> Rollout {
        let reason = proposal.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard start || !reason.isEmpty else { throw StoreError.invalid(field: "reason", message: "Say why the candidate should roll out.") }
        guard reason.count <= 500 else { throw StoreError.invalid(field: "reason", message: "The reason is at most 500 characters.") }
        let planJSON = String(decoding: try JSONEncoder().encode(proposal.plan), as: UTF8.self)
        return try write { db in
            guard let modelName = try String.fetchOne(db, literal: "SELECT name FROM registered_models WHERE id = \(modelID)") else {
                throw StoreError.notFound(entity: "model")
            }
            guard let candidate = try ServableVersion.fetchOne(db, literal: """
                \(ServableVersion.selection) WHERE v.model_id = \(modelID) AND v.version = \(proposal.candidateVersion)
                """) else {
                throw StoreError.invalid(field: "candidate_version", message: "\(modelName) has no version \(proposal.candidateVersion).")
            }
            if let refusal = candidate.refusal { throw StoreError.conflict(code: "cannot_serve", message: refusal) }
            guard let stable = try Self.productionVersion(db, modelID: modelID) else {
                throw StoreError.conflict(code: "no_stable_version",
                                          message: "\(modelName) has no version in Production for the candidate to be measured against; move one there first.")
            }
            guard stable.id != candidate.id else {
                throw StoreError.conflict(code: "already_production", message: "\(modelName) v\(candidate.version) is already the Production version.")
            }
            if let active = try Rollout.fetchOne(db, literal: "\(Rollout.selection) WHERE r.model_id = \(modelID) AND r.state IN ('requested','running','paused')") {
                throw StoreError.conflict(code: "rollout_active",
                                          message: "Rollout \(active.id) of v\(active.candidateVersion) is \(active.state.rawValue) on \(modelName); finish, roll back or reject it first.")
            }
            let now = Date()
            let id = try Int64.fetchOne(db, literal: """
                INSERT INTO rollouts (model_id, candidate_version_id, plan, state, step, step_started_at, reason, requested_by_name, created_at)
                VALUES (\(modelID), \(candidate.id), \(planJSON), \(start ? "running" : "requested"), 0, \(now), \(reason), \(who.username), \(now))
                RETURNING id
                """)!
            let planText = proposal.plan.steps.map { "\(Self.percent($0))" }.joined(separator: " → ")
            let detail = "v\(candidate.version) against v\(stable.version), \(proposal.plan.mode.rawValue) \(planText) %"
                + (reason.isEmpty ? "" : ": \(reason)")
            try Self.appendRolloutEvent(db, rolloutID: id, kind: "requested", share: 0, by: who, detail: detail)
            try Self.emit(db, Self.rolloutEvent(start ? "started" : "requested", model: modelName, rolloutID: id, candidate: candidate.version,
                                                share: start ? proposal.plan.share(atStep: 0) : 0, detail: detail))
            if start {
                try Self.appendRolloutEvent(db, rolloutID: id, kind: "started", share: proposal.plan.share(atStep: 0), by: who, detail: "")
                try pointCanary(db, modelID: modelID, at: candidate, by: who, reason: "rollout \(id) started")
            }
            try Self.appendAudit(db, by: who, action: start ? "model.rollout.started" : "model.rollout.requested",
                                 target: "model:\(modelID)", detail: "rollout \(id): \(detail)")
            return try Rollout.fetchOne(db, literal: "\(Rollout.selection) WHERE r.id = \(id)")!
        }
    }

    /// Applies one command to a rollout. `artifact` is a reading of the candidate's file, needed when
    /// the command may finish it (the candidate then enters Production). A finish whose artifact no
    /// longer checks out rolls back instead, saying why.
    @discardableResult
    public func commandRollout(id: Int64, _ command: RolloutCommand, by who: Attribution, artifact: ArtifactReading? = nil) throws -> Rollout {
        try write { db in
            guard let rollout = try Rollout.fetchOne(db, literal: "\(Rollout.selection) WHERE r.id = \(id)") else {
                throw StoreError.notFound(entity: "rollout")
            }
            var (progress, outcome): (RolloutProgress, RolloutOutcome)
            do {
                (progress, outcome) = try RolloutMachine.apply(command, to: rollout.progress, plan: rollout.plan)
            } catch let refusal as RolloutRefusal {
                throw StoreError.conflict(code: "rollout_state", message: refusal.message)
            }
            if case .finished(let automatic) = outcome {
                do {
                    _ = try moveStage(db, versionID: rollout.candidateVersionId, to: .production, archiveExisting: true,
                                      reason: "rollout \(id) finished: \(rollout.plan.steps.map(Self.percent).joined(separator: " → ")) % held"
                                        + (automatic ? "" : ", finished by \(who.username)"),
                                      requestID: nil, by: who, artifact: artifact)
                } catch let error as StoreError where automatic {
                    // The candidate cannot enter Production (its file changed or went): it leaves instead.
                    progress.state = .rolledBack
                    outcome = .rolledBack(reason: "cannot promote: \(error.description)", automatic: true)
                }
            }
            guard outcome != .unchanged else { return rollout }
            let ended = progress.state.isActive ? nil : Date()
            try db.execute(literal: """
                UPDATE rollouts SET state = \(progress.state.rawValue), step = \(progress.step), step_started_at = \(progress.stepStartedAt),
                    ended_at = \(ended), end_reason = \(Self.endReason(outcome))
                WHERE id = \(id)
                """)
            try record(db, rollout: rollout, outcome: outcome, share: rollout.plan.share(atStep: progress.step), by: who)
            return try Rollout.fetchOne(db, literal: "\(Rollout.selection) WHERE r.id = \(id)")!
        }
    }

    public func rollout(id: Int64) throws -> Rollout? {
        try lookup { db in try Rollout.fetchOne(db, literal: "\(Rollout.selection) WHERE r.id = \(id)") }
    }

    /// A model's rollouts, newest first.
    public func rollouts(modelID: Int64) throws -> [Rollout] {
        try lookup { db in try Rollout.fetchAll(db, literal: "\(Rollout.selection) WHERE r.model_id = \(modelID) ORDER BY r.id DESC") }
    }

    public func rolloutEvents(rolloutID: Int64) throws -> [RolloutEvent] {
        try lookup { db in try RolloutEvent.fetchAll(db, literal: "SELECT * FROM rollout_events WHERE rollout_id = \(rolloutID) ORDER BY id") }
    }

    // MARK: - Inside a write

    private func record(_ db: StoreConnection, rollout: Rollout, outcome: RolloutOutcome, share: Double, by who: Attribution) throws {
        let target = "model:\(rollout.modelId)"
        let (kind, detail): (String, String)
        switch outcome {
        case .unchanged: return
        case .started:
            (kind, detail) = ("started", "")
            try pointCanary(db, modelID: rollout.modelId, at: try Self.servableVersion(db, id: rollout.candidateVersionId)!, by: who,
                            reason: "rollout \(rollout.id) started")
        case .rejected: (kind, detail) = ("rejected", "")
        case .paused: (kind, detail) = ("paused", "")
        case .resumed: (kind, detail) = ("resumed", "")
        case .stepped(let to): (kind, detail) = ("stepped", "candidate share \(Self.percent(to)) %")
        case .rolledBack(let reason, _):
            (kind, detail) = ("rolled_back", reason)
            try releaseCanary(db, rollout: rollout, by: who, reason: "rollout \(rollout.id) rolled back: \(reason)")
        case .finished:
            (kind, detail) = ("finished", "v\(rollout.candidateVersion) moved to Production")
            try releaseCanary(db, rollout: rollout, by: who, reason: "rollout \(rollout.id) finished")
        }
        let shown = kind == "rolled_back" || kind == "rejected" ? 0 : (kind == "finished" ? 100 : share)
        try Self.appendRolloutEvent(db, rolloutID: rollout.id, kind: kind, share: shown, by: who, detail: detail)
        let modelName = try String.fetchOne(db, literal: "SELECT name FROM registered_models WHERE id = \(rollout.modelId)") ?? ""
        try Self.emit(db, Self.rolloutEvent(kind, model: modelName, rolloutID: rollout.id, candidate: rollout.candidateVersion, share: shown, detail: detail))
        try Self.appendAudit(db, by: who, action: "model.rollout.\(kind)", target: target,
                             detail: "rollout \(rollout.id) of v\(rollout.candidateVersion)" + (detail.isEmpty ? "" : ": \(detail)"))
    }

    private static func endReason(_ outcome: RolloutOutcome) -> String {
        switch outcome {
        case .rolledBack(let reason, _): reason
        case .finished(let automatic): automatic ? "finished: every step held" : "finished by an admin"
        case .rejected: "rejected by an admin"
        default: ""
        }
    }

    /// The canary alias follows the candidate while it serves.
    private func pointCanary(_ db: StoreConnection, modelID: Int64, at candidate: ServableVersion, by who: Attribution, reason: String) throws {
        let previous = try Int.fetchOne(db, literal: """
            SELECT v.version FROM model_aliases a JOIN model_versions v ON v.id = a.version_id
            WHERE a.model_id = \(modelID) AND a.alias = \(Self.canaryAlias)
            """)
        try db.execute(literal: """
            INSERT INTO model_aliases (model_id, alias, version_id, updated_at) VALUES (\(modelID), \(Self.canaryAlias), \(candidate.id), \(Date()))
            ON CONFLICT (model_id, alias) DO UPDATE SET version_id = excluded.version_id, updated_at = excluded.updated_at
            """)
        try recordAlias(db, modelID: modelID, alias: Self.canaryAlias, version: candidate.version, previous: previous, by: who, reason: reason)
    }

    private func releaseCanary(_ db: StoreConnection, rollout: Rollout, by who: Attribution, reason: String) throws {
        guard try Int64.fetchOne(db, literal: """
            SELECT version_id FROM model_aliases WHERE model_id = \(rollout.modelId) AND alias = \(Self.canaryAlias)
            """) == rollout.candidateVersionId else { return }
        try db.execute(literal: "DELETE FROM model_aliases WHERE model_id = \(rollout.modelId) AND alias = \(Self.canaryAlias)")
        try recordAlias(db, modelID: rollout.modelId, alias: Self.canaryAlias, version: nil, previous: rollout.candidateVersion, by: who, reason: reason)
    }

    static func rolloutEvent(_ kind: String, model: String, rolloutID: Int64, candidate: Int, share: Double, detail: String) -> RegistryEvent {
        RegistryEvent("rollout", kind, [
            "name": .text(model), "rollout_id": .integer(Int(rolloutID)), "candidate_version": .text(String(candidate)),
            "share": .number(share), "detail": .text(detail),
        ])
    }

    static func appendRolloutEvent(_ db: StoreConnection, rolloutID: Int64, kind: String, share: Double, by who: Attribution, detail: String) throws {
        try db.execute(literal: """
            INSERT INTO rollout_events (rollout_id, at, kind, share, username, detail)
            VALUES (\(rolloutID), \(Date()), \(kind), \(share), \(who.username), \(detail))
            """)
    }

    static func percent(_ share: Double) -> String { RolloutPlan.shareText(share) }
}
