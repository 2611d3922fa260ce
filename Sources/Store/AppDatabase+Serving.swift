// What answers a model's endpoint (read on every served request), and switching that endpoint off and on.
import Domain
import Foundation

extension AppDatabase {
    /// The model named, whether it is switched on, the version that answers (the alias's, or the newest
    /// in Production) and, for the unaliased endpoint, a rollout taking traffic with its candidate.
    /// nil when no model has the name. One snapshot, so a move is never seen half done.
    public func servingTarget(modelName: String, alias: String?) throws -> ServingTarget? {
        try read { db in
            guard let model = try SQLRow.fetchOne(db, literal: "SELECT id, name FROM registered_models WHERE name = \(modelName)")
            else { return nil }
            let modelID: Int64 = model["id"]
            let deployment = try Deployment.fetchOne(db, literal: "SELECT * FROM deployments WHERE model_id = \(modelID)")
            if let alias {
                let version = try ServableVersion.fetchOne(db, literal: """
                    \(ServableVersion.selection) JOIN model_aliases a ON a.version_id = v.id
                    WHERE a.model_id = \(modelID) AND a.alias = \(alias)
                    """)
                return ServingTarget(modelId: modelID, modelName: model["name"], deployment: deployment, alias: alias,
                                     stable: version, rollout: nil, candidate: nil)
            }
            let stable = try Self.productionVersion(db, modelID: modelID)
            let rollout = try Rollout.fetchOne(db, literal: """
                \(Rollout.selection) WHERE r.model_id = \(modelID) AND r.state IN ('running','paused')
                """)
            let candidate = try rollout.flatMap { try Self.servableVersion(db, id: $0.candidateVersionId) }
            return ServingTarget(modelId: modelID, modelName: model["name"], deployment: deployment, alias: nil,
                                 stable: stable, rollout: rollout, candidate: candidate)
        }
    }

    public func deployment(modelID: Int64) throws -> Deployment? {
        try lookup { db in try Deployment.fetchOne(db, literal: "SELECT * FROM deployments WHERE model_id = \(modelID)") }
    }

    /// Switches a model's endpoints off (they answer 503 with `reason`) or back on; audited.
    public func setDeploymentEnabled(modelID: Int64, enabled: Bool, reason rawReason: String, by who: Attribution) throws -> Deployment {
        let reason = rawReason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else {
            throw StoreError.invalid(field: "reason", message: enabled ? "Say why the model is switched back on." : "Say why the model is switched off; callers are shown it.")
        }
        guard reason.count <= 500 else { throw StoreError.invalid(field: "reason", message: "The reason is at most 500 characters.") }
        return try write { db in
            guard let name = try String.fetchOne(db, literal: "SELECT name FROM registered_models WHERE id = \(modelID)") else {
                throw StoreError.notFound(entity: "model")
            }
            let wasEnabled = try Bool.fetchOne(db, literal: "SELECT enabled FROM deployments WHERE model_id = \(modelID)") ?? true
            guard wasEnabled != enabled else {
                throw StoreError.conflict(code: "no_change", message: "\(name) is already switched \(enabled ? "on" : "off").")
            }
            let deployment = try Deployment.fetchOne(db, literal: """
                INSERT INTO deployments (model_id, enabled, reason, changed_by_name, changed_at)
                VALUES (\(modelID), \(enabled), \(reason), \(who.username), \(Date()))
                ON CONFLICT (model_id) DO UPDATE SET enabled = excluded.enabled, reason = excluded.reason,
                    changed_by_name = excluded.changed_by_name, changed_at = excluded.changed_at
                RETURNING *
                """)!
            try Self.appendAudit(db, by: who, action: enabled ? "model.serving.on" : "model.serving.off", target: "model:\(modelID)",
                                 detail: "\(name): \(reason)")
            return deployment
        }
    }

    // MARK: - Inside a read or write

    static func productionVersion(_ db: StoreConnection, modelID: Int64) throws -> ServableVersion? {
        try ServableVersion.fetchOne(db, literal: """
            \(ServableVersion.selection) WHERE v.model_id = \(modelID) AND v.stage = 'Production' ORDER BY v.version DESC LIMIT 1
            """)
    }

    static func servableVersion(_ db: StoreConnection, id: Int64) throws -> ServableVersion? {
        try ServableVersion.fetchOne(db, literal: "\(ServableVersion.selection) WHERE v.id = \(id)")
    }
}
